package drv_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hillingar/hillingar/pkg/build"
	"github.com/hillingar/hillingar/pkg/drv"
)

// TestBuildReadsRecords checks the contract with pkg/build, which reads
// each package record inside its derivation: every record of the golden
// plan parses, and every step's filter and arguments evaluate.
func TestBuildReadsRecords(t *testing.T) {
	p, err := drv.Read("testdata/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for name, pkg := range p.Packages {
		data, err := json.Marshal(pkg)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := build.ParseRecord(data)
		if err != nil {
			t.Fatalf("%s: pkg/build cannot read the record: %v", name, err)
		}
		deps := map[string]string{}
		for _, d := range append(append(pkg.Depends.Build, pkg.Depends.Run...), pkg.Depopts...) {
			deps[d] = "/nix/store/00000000000000000000000000000000-" + d
		}
		s := &build.Scope{Rec: rec, Ctx: &build.Context{Deps: deps, Env: p.Env, WithTest: true},
			Visible: &build.Visible{Pkgs: map[string]*build.Meta{}, Path: map[string]string{}},
			Prefix:  "/out", BuildDir: "/build", Jobs: 2}
		for i, st := range append(append([]drv.Step(nil), rec.Build...), rec.Install...) {
			if st.Filter != nil {
				if _, err := s.EvalFilter(st.Filter); err != nil {
					t.Fatalf("%s: step %d: filter: %v", name, i, err)
				}
			}
			argv, err := s.Command(st)
			if err != nil {
				t.Fatalf("%s: step %d: %v", name, i, err)
			}
			if strings.Contains(strings.Join(argv, " "), "%{") {
				t.Fatalf("%s: step %d: placeholder left: %q", name, i, argv)
			}
			got[name] = append(got[name], strings.Join(argv, " "))
		}
	}
	// Two records evaluated by the build side, with no metadata for ocaml
	// (so ocaml:native and ocaml:preinstalled are undefined there and
	// their steps and arguments drop out).
	want := map[string][]string{
		"lwt": {"dune exec -p lwt src/unix/config/discover.exe -- --save --use-libev false", "dune build -p lwt -j 2"},
		"ocamlfind": {"./configure -bindir /out/bin -sitelib /out/lib -mandir /out/man -config /out/lib/findlib.conf -no-custom",
			"make all", "", "make install", ""},
	}
	for name, w := range want {
		if d := cmp.Diff(w, got[name]); d != "" {
			t.Errorf("%s: commands (-want +got):\n%s", name, d)
		}
	}
}
