package resolve

import (
	"errors"
	"fmt"
	"sort"
)

// This file verifies plans without the encoder: it reads the universe again
// and evaluates every rule directly, so a mistake in the encoding shows up
// as a disagreement.

// A ViolationError is one rule a plan breaks.
type ViolationError struct {
	Package string // name.version, or the project or "request"
	Rule    string // what does not hold
}

// Error returns "package: rule".
func (e *ViolationError) Error() string { return e.Package + ": " + e.Rule }

// Check verifies that plan satisfies req in u: one version per name, every
// version exists and is available, every dependency formula, conflict and
// conflict class holds, and every request atom and project dependency is
// met. It returns every violation, joined, or nil.
func Check(u Universe, req *Request, plan []*Candidate) error {
	chosen := map[string]*Candidate{}
	var errs []error
	bad := func(pkg, format string, args ...any) {
		errs = append(errs, &ViolationError{Package: pkg, Rule: fmt.Sprintf(format, args...)})
	}
	for _, p := range plan {
		if q, dup := chosen[p.Name]; dup {
			bad(p.String(), "a second version of %s (also %s)", p.Name, q.Version)
			continue
		}
		chosen[p.Name] = p
	}
	has := func(a Atom) bool {
		p := chosen[a.Name]
		return p != nil && a.Allows(p.Version)
	}
	classes := map[string][]string{}
	for _, p := range sortedPlan(chosen) {
		checkVersion(u, p, bad)
		if !p.Depends.Eval(has) {
			bad(p.String(), "depends %s does not hold", p.Depends)
		}
		for _, a := range p.Conflicts {
			if a.Name != p.Name && has(a) {
				bad(p.String(), "conflicts with %s, installed %s", a, chosen[a.Name])
			}
		}
		for _, cl := range uniq(p.ConflictClass) {
			classes[cl] = append(classes[cl], p.Name)
		}
	}
	for _, cl := range sortedKeys(classes) {
		if len(classes[cl]) > 1 {
			bad("conflict-class "+cl, "several names installed: %v", classes[cl])
		}
	}
	for _, a := range req.Atoms {
		if !has(a) {
			bad("request", "%s is not installed", a)
		}
	}
	for _, r := range req.Roots {
		if !r.Depends.Eval(has) {
			bad(r.Name, "depends %s does not hold", r.Depends)
		}
		for _, a := range r.Conflicts {
			if has(a) {
				bad(r.Name, "conflicts with %s, installed %s", a, chosen[a.Name])
			}
		}
	}
	return errors.Join(errs...)
}

// checkVersion verifies that p is a version u knows and that it is
// available.
func checkVersion(u Universe, p *Candidate, bad func(string, string, ...any)) {
	cs, err := u.Versions(p.Name)
	if err != nil {
		bad(p.String(), "cannot read the versions of %s: %v", p.Name, err)
		return
	}
	for _, c := range cs {
		if c.Version == p.Version {
			if !c.Available {
				bad(p.String(), "not available")
			}
			return
		}
	}
	bad(p.String(), "no such version in the universe")
}

// Objective computes opam's criteria for plan: it reads every version of
// each installed name from u to find the versions' lags.
func Objective(u Universe, req *Request, plan []*Candidate) (Cost, error) {
	requested := map[string]bool{}
	for _, a := range req.Atoms {
		requested[a.Name] = true
	}
	var c Cost
	for _, p := range plan {
		lag, err := versionLag(u, p)
		if err != nil {
			return Cost{}, err
		}
		c.Changed++
		c.Lag += lag
		if requested[p.Name] {
			c.RequestLag += lag
		}
		if p.AvoidVersion {
			c.AvoidVersion++
		}
	}
	return c, nil
}

// versionLag counts the available versions of p's name that opam ranks
// above p: avoid-version versions rank above every normal one, otherwise
// the newer version ranks above.
func versionLag(u Universe, p *Candidate) (int, error) {
	cs, err := u.Versions(p.Name)
	if err != nil {
		return 0, err
	}
	above := 0
	for _, c := range cs {
		if !c.Available || c.Version == p.Version {
			continue
		}
		switch {
		case c.AvoidVersion != p.AvoidVersion:
			if c.AvoidVersion {
				above++
			}
		case c.Rank > p.Rank:
			above++
		}
	}
	return above, nil
}

func sortedPlan(m map[string]*Candidate) []*Candidate {
	out := make([]*Candidate, 0, len(m))
	for _, n := range sortedKeys(m) {
		out = append(out, m[n])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
