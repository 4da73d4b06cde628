package resolve

import (
	"errors"
	"fmt"
	"math/rand"
	"testing"

	"github.com/go-air/gini/z"
)

// randomCase builds a small universe and request from a seeded source.
func randomCase(r *rand.Rand) *textCase {
	tc := &textCase{name: "random", pkgs: map[string][]*Candidate{}}
	nNames := 2 + r.Intn(4)
	names := make([]string, nNames)
	for i := range names {
		names[i] = string(rune('a' + i))
	}
	atom := func() Atom {
		a := Atom{Name: names[r.Intn(nNames)]}
		switch r.Intn(4) {
		case 0:
			a.Constraint = relConstraint{fmt.Sprintf(">=%d", 1+r.Intn(3))}
		case 1:
			a.Constraint = relConstraint{fmt.Sprintf("<%d", 2+r.Intn(3))}
		case 2:
			a.Constraint = relConstraint{fmt.Sprintf("=%d", 1+r.Intn(3))}
		}
		return a
	}
	var formula func(depth int) Formula
	formula = func(depth int) Formula {
		if depth > 1 || r.Intn(3) > 0 {
			return AtomFormula(atom())
		}
		args := []Formula{formula(depth + 1), formula(depth + 1)}
		if r.Intn(2) == 0 {
			return Or(args...)
		}
		return And(args...)
	}
	for _, n := range names {
		for v := 1; v <= 1+r.Intn(4); v++ {
			c := &Candidate{Name: n, Version: fmt.Sprint(v), Rank: v - 1,
				Available: r.Intn(6) > 0, AvoidVersion: r.Intn(6) == 0}
			var deps []Formula
			for k := r.Intn(3); k > 0; k-- {
				deps = append(deps, formula(0))
			}
			c.Depends = And(deps...)
			if r.Intn(4) == 0 {
				c.Conflicts = []Atom{atom()}
			}
			if r.Intn(6) == 0 {
				c.ConflictClass = []string{"k"}
			}
			tc.pkgs[n] = append(tc.pkgs[n], c)
		}
	}
	for k := 1 + r.Intn(2); k > 0; k-- {
		tc.req.Atoms = append(tc.req.Atoms, atom())
	}
	if r.Intn(3) == 0 {
		tc.req.Roots = []Root{{Name: "proj", Depends: formula(0)}}
	}
	return tc
}

// bruteForce returns the best cost over every plan that passes Check, and
// whether any does.
func bruteForce(tc *textCase) (Cost, bool) {
	var names []string
	for n := range tc.pkgs {
		names = append(names, n)
	}
	sortStringsForTest(names)
	var best Cost
	found := false
	plan := make([]*Candidate, 0, len(names))
	var walk func(i int)
	walk = func(i int) {
		if i == len(names) {
			if Check(tc, &tc.req, plan) != nil {
				return
			}
			c, _ := Objective(tc, &tc.req, plan)
			if !found || c.Less(best) {
				best, found = c, true
			}
			return
		}
		walk(i + 1)
		for _, c := range tc.pkgs[names[i]] {
			if c.Available {
				plan = append(plan, c)
				walk(i + 1)
				plan = plan[:len(plan)-1]
			}
		}
	}
	walk(0)
	return best, found
}

func TestRandomAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	solved, unsat := 0, 0
	for i := 0; i < 1500; i++ {
		tc := randomCase(r)
		want, ok := bruteForce(tc)
		sol, err := Solve(tc, &tc.req, nil)
		var ns *NoSolutionError
		switch {
		case !ok:
			if !errors.As(err, &ns) {
				t.Fatalf("case %d: brute force finds no plan, Solve gives %v, %v", i, sol, err)
			}
			unsat++
			continue
		case err != nil:
			t.Fatalf("case %d: Solve: %v; brute force finds cost %v", i, err, want)
		}
		if err := Check(tc, &tc.req, sol.Packages); err != nil {
			t.Fatalf("case %d: Check: %v", i, err)
		}
		got, _ := Objective(tc, &tc.req, sol.Packages)
		if got != want || sol.Cost != want {
			t.Fatalf("case %d: plan %v costs %v (Solve says %v), brute force finds %v",
				i, planStrings(sol.Packages), got, sol.Cost, want)
		}
		solved++
	}
	t.Logf("%d solved, %d without solution", solved, unsat)
	if solved < 100 || unsat < 100 {
		t.Fatalf("the generator is unbalanced: %d solved, %d without solution", solved, unsat)
	}
}

// TestExplanationIsMinimal checks that every constraint an explanation names
// is needed: the text must change if the solver found another set, and the
// set must be unsatisfiable yet satisfiable without any one member.
func TestExplanationIsMinimal(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	n := 0
	for i := 0; i < 500 && n < 100; i++ {
		tc := randomCase(r)
		req := tc.req
		reached, order, err := reach(tc, &req)
		if err != nil {
			t.Fatal(err)
		}
		e := encode(&req, reached, order)
		if ok, _ := e.solveSelectors(e.sels); ok {
			continue
		}
		n++
		var ns *NoSolutionError
		if errors.As(e.explain(), &ns) && len(ns.Conflicts) == 0 {
			t.Fatalf("case %d: empty explanation", i)
		}
		core := e.minimalCore()
		if ok, _ := e.solveSelectors(core); ok {
			t.Fatalf("case %d: the core is satisfiable", i)
		}
		for k := range core {
			rest := append(append([]z.Lit(nil), core[:k]...), core[k+1:]...)
			if ok, _ := e.solveSelectors(rest); !ok {
				t.Fatalf("case %d: the core stays unsatisfiable without member %d", i, k)
			}
		}
	}
}

func sortStringsForTest(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
