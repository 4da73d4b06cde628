package unikernel

import (
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/version"
)

// randomCase makes a small universe: names n0..n(names-1) with up to three
// versions each, some without dune, some tagged cross-compile, a few
// sharing a dev-repo, random dependencies and conflicts on later names,
// and a root that depends on three of them, one opam-provided.
func randomCase(r *rand.Rand, names int) (*textSource, *Config) {
	src := &textSource{byName: map[string][]*resolve.Candidate{}, meta: map[*resolve.Candidate]*Meta{}}
	atom := func(i int) resolve.Atom {
		a := resolve.Atom{Name: fmt.Sprintf("n%d", i)}
		if r.Intn(3) == 0 {
			ops := []version.Op{version.Lt, version.Ge, version.Le, version.Neq}
			a.Constraint = versionConstraint{ops[r.Intn(len(ops))], fmt.Sprint(1 + r.Intn(3))}
		}
		return a
	}
	for i := 0; i < names; i++ {
		name := fmt.Sprintf("n%d", i)
		for v := 1; v <= 1+r.Intn(3); v++ {
			c := &resolve.Candidate{Name: name, Version: fmt.Sprint(v), Rank: v - 1, Available: r.Intn(8) != 0}
			var deps []resolve.Formula
			for j := i + 1; j < names; j++ {
				switch r.Intn(6) {
				case 0:
					deps = append(deps, resolve.AtomFormula(atom(j)))
				case 1:
					if j+1 < names {
						deps = append(deps, resolve.Or(resolve.AtomFormula(atom(j)), resolve.AtomFormula(atom(j+1))))
					}
				case 2:
					if r.Intn(4) == 0 {
						c.Conflicts = append(c.Conflicts, atom(j))
					}
				}
			}
			c.Depends = resolve.And(deps...)
			m := &Meta{
				Name: name, Version: c.Version, HasBuild: true, UsesDune: r.Intn(6) != 0,
				URL: fmt.Sprintf("https://src/%s-%d.tbz", name, v), DevRepo: fmt.Sprintf("git+https://x/%s", name),
			}
			if i%4 == 1 { // n1 and n5 share a dev-repo with n0 and n4
				m.DevRepo = fmt.Sprintf("git+https://x/n%d", i-1)
				if r.Intn(2) == 0 {
					m.URL = fmt.Sprintf("https://src/n%d-%d.tbz", i-1, v)
				}
			}
			if r.Intn(4) == 0 {
				m.Tags = []string{"cross-compile"}
			}
			if r.Intn(10) == 0 {
				m.Flags = []string{"compiler"}
			}
			src.byName[name] = append(src.byName[name], c)
			src.meta[c] = m
		}
	}
	cfg := &Config{
		Name: "root", RequireCrossCompile: r.Intn(2) == 0, NoBaseCompiler: true,
		OpamProvided: []string{fmt.Sprintf("n%d", r.Intn(names))},
		Depends: resolve.And(resolve.AtomFormula(atom(r.Intn(names/3))), resolve.AtomFormula(atom(names/3+r.Intn(names/3))),
			resolve.AtomFormula(atom(2*(names/3)+r.Intn(names-2*(names/3))))),
	}
	return src, cfg
}

// TestRandomUniverses solves seeded random universes: each answer must
// pass the independent check, or be a no-solution or grouping error.
func TestRandomUniverses(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	outcomes := map[string]int{}
	for i := 0; i < 400; i++ {
		src, cfg := randomCase(r, 8)
		plan, err := Solve(src, cfg, nil)
		var ns *resolve.NoSolutionError
		var sm *SourceMismatchError
		switch {
		case errors.As(err, &ns):
			outcomes["no solution"]++
		case errors.As(err, &sm):
			outcomes["sources differ after re-solves"]++
		case err != nil:
			t.Fatalf("case %d: %v", i, err)
		default:
			outcomes["solved"]++
			t.Run(fmt.Sprint(i), func(t *testing.T) { checkPlan(t, src, cfg, plan) })
			checkDirs(t, i, plan)
		}
	}
	keys := make([]string, 0, len(outcomes))
	for k := range outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%s: %d", k, outcomes[k])
	}
	if outcomes["solved"] < 100 || outcomes["no solution"] < 10 {
		t.Errorf("the generator should give both kinds of outcome often: %v", outcomes)
	}
}

// checkDirs verifies that every vendored package is in exactly one folder
// and every folder has one source.
func checkDirs(t *testing.T, i int, plan *Plan) {
	t.Helper()
	in := map[string]int{}
	for _, d := range plan.Dirs {
		for _, m := range d.Packages {
			in[m.Name]++
			if !SameSource(d.Packages[0], m) {
				t.Errorf("case %d: folder %s mixes sources", i, d.Name)
			}
		}
	}
	for _, p := range plan.Packages {
		if p.Vendored && in[p.Candidate.Name] != 1 {
			t.Errorf("case %d: %s is in %d folders", i, p.Candidate.Name, in[p.Candidate.Name])
		}
	}
}
