package unikernel

import (
	"testing"

	"github.com/hillingar/hillingar/pkg/resolve"
)

// checkPlan verifies a plan independently of the joint encoding, with one
// version per name across both halves: every package's dependencies and
// the root's hold, no conflict matches, and every vendored package is one
// the rules allow (dune, and the cross-compile tag when its name has one).
func checkPlan(t *testing.T, src Source, cfg *Config, p *Plan) {
	t.Helper()
	chosen := map[string]string{}
	for _, pk := range p.Packages {
		chosen[pk.Candidate.Name] = pk.Candidate.Version
	}
	has := func(a resolve.Atom) bool {
		v, ok := chosen[a.Name]
		return ok && a.Allows(v)
	}
	if !cfg.Depends.Eval(has) {
		t.Errorf("root depends %s does not hold", cfg.Depends)
	}
	for _, a := range cfg.Atoms {
		if !has(a) {
			t.Errorf("request %s does not hold", a)
		}
	}
	for _, pk := range p.Packages {
		c := pk.Candidate
		if !c.Depends.Eval(has) {
			t.Errorf("%s: depends %s does not hold", c, c.Depends)
		}
		for _, a := range c.Conflicts {
			if has(a) {
				t.Errorf("%s conflicts with %s, which is chosen", c, a)
			}
		}
		if !pk.Vendored {
			continue
		}
		cs, _ := src.Versions(c.Name)
		var metas []*Meta
		for _, o := range cs {
			m, _ := src.Meta(o)
			metas = append(metas, m)
		}
		if r := Eligible(pk.Meta, cfg.RequireCrossCompile, AnyCrossCompile(metas)); r != RejectNone || pk.Meta.IsSafe() {
			t.Errorf("%s is vendored but %s (safe %v)", c, r, pk.Meta.IsSafe())
		}
	}
}
