package resolve

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const checkUniverse = `
case check
pkg a 1 depends: b>=2 conflicts: c
pkg a 2 unavailable
pkg b 1
pkg b 2 class=k avoid
pkg c 1 class=k
pkg d 1
request a d>=2
root proj: c
`

// TestCheckFindsViolations gives Check a plan that breaks every rule and
// wants each violation reported.
func TestCheckFindsViolations(t *testing.T) {
	cases, err := parseText("check.txt", checkUniverse)
	if err != nil {
		t.Fatal(err)
	}
	tc := cases[0]
	pick := func(name, version string) *Candidate {
		for _, c := range tc.pkgs[name] {
			if c.Version == version {
				return c
			}
		}
		t.Fatalf("no %s.%s", name, version)
		return nil
	}
	plan := []*Candidate{pick("a", "1"), pick("a", "2"), pick("b", "1"), pick("c", "1"), pick("d", "1"),
		{Name: "zz", Version: "9"}}
	err = Check(tc, &tc.req, plan)
	if err == nil {
		t.Fatal("Check accepts a broken plan")
	}
	want := []string{
		"a.2: a second version of a (also 1)",
		"a.1: depends b >=2 does not hold",
		"a.1: conflicts with c, installed c.1",
		"zz.9: no such version in the universe",
		"request: d >=2 is not installed",
	}
	if d := cmp.Diff(want, strings.Split(err.Error(), "\n")); d != "" {
		t.Errorf("violations (-want +got):\n%s", d)
	}

	// The best plan passes; swapping b.1 for b.2 breaks the class.
	plan = []*Candidate{pick("a", "1"), pick("b", "2"), pick("c", "1")}
	tc.req.Atoms = tc.req.Atoms[:1]
	err = Check(tc, &tc.req, plan)
	want = []string{
		"a.1: conflicts with c, installed c.1",
		"conflict-class k: several names installed: [b c]",
	}
	if err == nil {
		t.Fatal("Check accepts a broken plan")
	}
	if d := cmp.Diff(want, strings.Split(err.Error(), "\n")); d != "" {
		t.Errorf("violations (-want +got):\n%s", d)
	}
	// An unavailable version, and a project dependency left out.
	err = Check(tc, &tc.req, []*Candidate{pick("a", "2")})
	want = []string{"a.2: not available", "proj: depends c does not hold"}
	if err == nil {
		t.Fatal("Check accepts a broken plan")
	}
	if d := cmp.Diff(want, strings.Split(err.Error(), "\n")); d != "" {
		t.Errorf("violations (-want +got):\n%s", d)
	}

	cost, err := Objective(tc, &tc.req, plan)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Cost{AvoidVersion: 1, RequestLag: 0, Lag: 0, Changed: 3}); cost != want {
		t.Errorf("Objective = %v, want %v", cost, want)
	}
}
