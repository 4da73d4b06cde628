package drv

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
)

// A project's own Env decides its depends, and stays out of the plan's
// env.
func TestProjectEnv(t *testing.T) {
	root, err := opam.ParseString("u.opam", "opam-version: \"2.0\"\ndepends: [ \"a\" {?monorepo} \"b\" {build} ]\n")
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := opam.ParseString("a.opam", "opam-version: \"2.0\"\n")
	if err != nil {
		t.Fatal(err)
	}
	req := &Request{Env: map[string]string{"os": "linux"},
		Packages: []Input{{Name: "a", Version: "1", Opam: pkg}, {Name: "b", Version: "1", Opam: pkg}}}
	for _, tt := range []struct {
		env       map[string]string
		run, buil []string
	}{
		{nil, []string{}, []string{"b"}},
		{map[string]string{"monorepo": "true"}, []string{"a"}, []string{"b"}},
	} {
		req.Projects = []ProjectInput{{Name: "u", File: "u.opam", Opam: root, Env: tt.env}}
		p, err := Build(req)
		if err != nil {
			t.Fatal(err)
		}
		d := p.Projects["u"].Depends
		if diff := cmp.Diff([][]string{tt.run, tt.buil}, [][]string{d.Run, d.Build}); diff != "" {
			t.Errorf("project env %v: run, build (-want +got):\n%s", tt.env, diff)
		}
		if diff := cmp.Diff(map[string]string{"os": "linux"}, p.Env); diff != "" {
			t.Errorf("plan env (-want +got):\n%s", diff)
		}
	}
}
