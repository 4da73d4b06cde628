package opamuniverse

import (
	"errors"
	"path/filepath"
	"sort"
	"testing"

	"github.com/hillingar/hillingar/pkg/resolve"
)

// TestCasesFromUnikernels solves the real unikernel opam files of
// ../shared/cases on the snapshot of their mirage version's era, as a
// switch (no monorepo) and with monorepo defined, and checks every plan.
// opam's answers for these are not stored; the benchmark compares them
// live.
func TestCasesFromUnikernels(t *testing.T) {
	shared := sharedDir(t)
	cases := []struct{ file, snap string }{
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.2.0.opam", "2022-10-10"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.5.0.opam", "2024-06-01"},
		{"01-pizie-between-blocks-unix-mirage-4.3.6/mirage_between_blocks-unix.opam", "2024-06-01"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.9.0.opam", "2026-08-22"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.11.1.opam", "2026-08-22"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-HEAD-4e11161.opam", "2026-08-22"},
		{"05-mirage-tool-test-expectations/noop-unix.mirage-HEAD-4e11161.opam", "2026-08-22"},
		{"03-hannesm-hello-hvt-mirage-4.10.4/mirage_hello-hvt.opam", "2026-08-22"},
	}
	for _, c := range cases {
		src := openSnapshot(t, filepath.Join(shared, "opam-repository", c.snap+".tar.gz"))
		for _, monorepo := range []bool{false, true} {
			oc := oracleCase{name: c.file, files: []string{filepath.Join(shared, "cases", c.file)}, env: platform()}
			label := "switch"
			if monorepo {
				oc.env["monorepo"] = "opam-monorepo"
				label = "full"
			}
			t.Run(c.snap+"/"+filepath.Base(c.file)+"/"+label, func(t *testing.T) {
				u, req := oc.request(t, src)
				sol, err := resolve.Solve(u, req, nil)
				if err != nil {
					t.Fatalf("Solve: %v", err)
				}
				if err := resolve.Check(u, req, sol.Packages); err != nil {
					t.Fatalf("Check: %v", err)
				}
				cost, _ := resolve.Objective(u, req, sol.Packages)
				if cost != sol.Cost {
					t.Fatalf("Objective %v, Solve %v", cost, sol.Cost)
				}
				t.Logf("%d packages, cost %v", len(sol.Packages), cost)
			})
		}
	}
}

// TestManyRequestsOnSnapshot asks for every 20th package name of the 2026
// snapshot alone and checks each plan; requests without a solution must be
// explained.
func TestManyRequestsOnSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("230 requests on a whole snapshot; left out with -short")
	}
	shared := sharedDir(t)
	src := openSnapshot(t, filepath.Join(shared, "opam-repository", "2026-08-22.tar.gz"))
	var names []string
	for _, n := range src.repo.Names() {
		names = append(names, n)
	}
	sort.Strings(names)
	solved, unsat := 0, 0
	u := New(src, Options{Env: platform()}) // shared: it caches reduced files
	for i := 0; i < len(names); i += 20 {
		a, err := ParseAtom(names[i])
		if err != nil {
			t.Fatal(err)
		}
		req := &resolve.Request{Atoms: []resolve.Atom{a}}
		sol, err := resolve.Solve(u, req, nil)
		var ns *resolve.NoSolutionError
		if errors.As(err, &ns) {
			if len(ns.Conflicts) == 0 {
				t.Errorf("%s: empty explanation", names[i])
			}
			unsat++
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", names[i], err)
		}
		if err := resolve.Check(u, req, sol.Packages); err != nil {
			t.Errorf("%s: Check: %v", names[i], err)
		}
		solved++
	}
	t.Logf("%d requests solved and checked, %d without solution", solved, unsat)
	if solved < 150 {
		t.Fatalf("only %d of the requests solved", solved)
	}
}
