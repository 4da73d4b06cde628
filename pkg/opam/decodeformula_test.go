package opam

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecodeFormulaAsDecode checks that DecodeFormula reads a formula
// field as Decode does, problems included.
func TestDecodeFormulaAsDecode(t *testing.T) {
	f, err := ParseString("x.opam", `depends: ["a" {>= "1" & build} ("b" | "c" {os = "linux"}) 42]
conflicts: ["d" {< "2"} "e"]`)
	if err != nil {
		t.Fatal(err)
	}
	p, derr := Decode(f)
	for _, tt := range []struct {
		field string
		conn  Connective
		want  DepFormula
	}{{"depends", And, p.Depends}, {"conflicts", Or, p.Conflicts}} {
		v, _ := Field(f.Items, tt.field)
		got, err := DecodeFormula(tt.field, v, tt.conn)
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-Decode +DecodeFormula):\n%s", tt.field, d)
		}
		var fe *FieldError
		if tt.field == "depends" && (err == nil || !errors.As(err, &fe) || fe.Field != "depends" || err.Error() != derr.Error()) {
			t.Errorf("depends: error %v, want Decode's %v", err, derr)
		}
		if tt.field == "conflicts" && err != nil {
			t.Errorf("conflicts: error %v, want none", err)
		}
	}
}
