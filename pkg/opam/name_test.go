package opam

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidName(t *testing.T) {
	got := map[string]bool{}
	for _, s := range []string{"dns-client", "dns-client.mirage", "ocaml_solo5", "base64", "0install", "g++", "42", "", "a b", "mirage.4.5", "é"} {
		got[s] = ValidName(s)
	}
	want := map[string]bool{
		"dns-client": true, "dns-client.mirage": false, "ocaml_solo5": true, "base64": true,
		"0install": true, "g++": true, "42": false, "": false, "a b": false, "mirage.4.5": false, "é": false,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("ValidName (-want +got):\n%s", d)
	}
}
