package build

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/drv"
)

func TestEnvironApply(t *testing.T) {
	tests := []struct {
		op, old, val, want string
		set                bool
	}{
		{"=", "a", "b", "b", true},
		{"+=", "a", "b", "b:a", true},
		{"+=", "", "b", "b", false},
		{"=+", "a", "b", "a:b", true},
		{"=+", "", "b", "b", false},
		{":=", "", "b", "b:", false},
		{"=:", "", "b", ":b", false},
		{":=", "a", "b", "b:a", true},
		{"=+=", "a", "b", "b:a", true},
	}
	for _, tt := range tests {
		e := Environ{}
		if tt.set {
			e["V"] = tt.old
		}
		e.Apply("V", tt.op, tt.val)
		if got := e["V"]; got != tt.want {
			t.Errorf("V=%q, Apply(%s %q) = %q, want %q", tt.old, tt.op, tt.val, got, tt.want)
		}
	}
}

func TestBuildEnv(t *testing.T) {
	s := testScope(t)
	dir := t.TempDir()
	dune, ocaml := s.Visible.Path["dune"], s.Visible.Path["ocaml"]
	writeTree(t, dune, map[string]string{"bin/dune": "", "lib/dune/META": ""})
	writeTree(t, ocaml, map[string]string{"lib/stublibs/dllx.so": "", "lib/ocaml/META": ""})
	s.Visible.Pkgs["ocaml"].Setenv = []ResolvedUpdate{{Var: "CAML_LD_LIBRARY_PATH", Op: "=+", Value: "/extra"}}
	s.Rec.BuildEnv = []drv.EnvUpdate{{Var: "FOO", Op: "=", Value: drv.Arg{Parts: []drv.Part{{Text: "j"}, {Var: "jobs"}}}}}
	shim := filepath.Join(dir, "shim")
	e := s.BuildEnv(Environ{"PATH": "/usr/bin", "HOME": "/h"}, shim)
	want := Environ{
		"PATH":                 shim + ":" + dune + "/bin:/usr/bin",
		"HOME":                 "/h",
		"OCAMLPATH":            dune + "/lib:" + ocaml + "/lib",
		"CAML_LD_LIBRARY_PATH": ocaml + "/lib/stublibs:/extra",
		"OCAMLFIND_DESTDIR":    "/out/lib",
		"OCAMLFIND_LDCONF":     "ignore",
		"OPAM_SWITCH_PREFIX":   "/out",
		"OPAM_PACKAGE_NAME":    "foo",
		"OPAM_PACKAGE_VERSION": "1.2",
		"FOO":                  "j3",
		"DUNE_CACHE":           "disabled",
	}
	if d := cmp.Diff(want, e); d != "" {
		t.Fatalf("BuildEnv (-want +got):\n%s", d)
	}
}
