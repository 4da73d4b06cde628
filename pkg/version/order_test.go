package version

import (
	"os"
	"strings"
	"testing"
)

// TestOpamOrder checks Compare against the order opam 2.1.2 gives to every
// distinct version found in the shared snapshots (3,763 spellings). The file
// was made by putting each version as packages/p/p.V/opam in a throw-away
// repository and running `opam admin list -A -s --columns=version p` in it;
// opam lists versions in its own ascending order and keeps one spelling of
// versions it considers equal (so the file has 3,609 lines).
func TestOpamOrder(t *testing.T) {
	data, err := os.ReadFile("testdata/opam-2.1.2-order.txt")
	if err != nil {
		t.Fatalf("reading the fixture: %v", err)
	}
	vs := strings.Fields(string(data))
	if len(vs) < 3000 {
		t.Fatalf("testdata/opam-2.1.2-order.txt has %d versions, want the full list", len(vs))
	}
	for i := 1; i < len(vs); i++ {
		if c := Compare(vs[i-1], vs[i]); c != -1 {
			t.Errorf("line %d: Compare(%q, %q) = %d, opam orders them ascending", i+1, vs[i-1], vs[i], c)
		}
	}
}
