package opamuniverse

import "testing"

// TestParseAtomRefuses: what opam would not read as an atom is an error,
// including versions with characters no opam version has.
func TestParseAtomRefuses(t *testing.T) {
	for _, s := range []string{"", "lwt=%{x}%", "lwt>=", "lwt=1=2", "../x", "lwt.", "lwt.1 2", "123", "a b"} {
		if a, err := ParseAtom(s); err == nil {
			t.Errorf("ParseAtom(%q) = %+v, want an error", s, a)
		}
	}
	for _, s := range []string{"lwt", "lwt.5.7.0", "mirage>=4.5", "ocaml < 5.0", "zarith=1.12+dune+mirage", "ocaml-base-compiler.5.3.0~rc1"} {
		if _, err := ParseAtom(s); err != nil {
			t.Errorf("ParseAtom(%q): %v", s, err)
		}
	}
}
