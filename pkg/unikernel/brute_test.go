package unikernel

import (
	"errors"
	"fmt"
	"math/rand"
	"sync"
	"testing"

	"github.com/hillingar/hillingar/pkg/resolve"
)

// pick is one name's choice in a brute-force assignment: a version for
// the host copy and for the vendored copy, "" for none; equal when both.
type pick struct{ host, vend string }

// bruteForce reports whether some assignment satisfies the joint model of
// docs/unikernel.md, trying every one: per name none, host only, vendored
// only or both at one version. It also returns the best cost, by
// resolve.Objective over the joint universe, among those that do.
func bruteForce(t *testing.T, src *textSource, cfg *Config) (bool, resolve.Cost) {
	var names []string
	for n := range src.byName {
		names = append(names, n)
	}
	sortStrings(names)
	j := &joint{src: src, provided: map[string]bool{}, names: map[string]*baseName{},
		byCopy: &sync.Map{}, hostOrig: &sync.Map{}, requireCross: cfg.RequireCrossCompile}
	for _, n := range cfg.OpamProvided {
		j.provided[n] = true
	}
	req := request(cfg, j)
	found := false
	var best resolve.Cost
	options := map[string][]pick{}
	for _, n := range names {
		opts := []pick{{}}
		for _, c := range src.byName[n] {
			opts = append(opts, pick{host: c.Version}, pick{vend: c.Version}, pick{c.Version, c.Version})
		}
		options[n] = opts
	}
	a := map[string]pick{}
	var try func(i int)
	try = func(i int) {
		if i == len(names) {
			if !valid(j, src, cfg, a) {
				return
			}
			c, err := resolve.Objective(j, req, planOf(src, a))
			if err != nil {
				t.Fatal(err)
			}
			if !found || c.Less(best) {
				found, best = true, c
			}
			return
		}
		for _, o := range options[names[i]] {
			a[names[i]] = o
			try(i + 1)
		}
	}
	try(0)
	return found, best
}

// planOf lists the candidates of an assignment as the joint universe
// names them.
func planOf(src *textSource, a map[string]pick) []*resolve.Candidate {
	var out []*resolve.Candidate
	for n, p := range a {
		for _, c := range src.byName[n] {
			if c.Version == p.host {
				out = append(out, c)
			}
			if c.Version == p.vend {
				v := *c
				v.Name = VendorPrefix + n
				out = append(out, &v)
			}
		}
	}
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for k := i; k > 0 && s[k] < s[k-1]; k-- {
			s[k], s[k-1] = s[k-1], s[k]
		}
	}
}

// valid checks one assignment against the model.
func valid(j *joint, src *textSource, cfg *Config, a map[string]pick) bool {
	hostHas := func(x resolve.Atom) bool { v := a[x.Name].host; return v != "" && x.Allows(v) }
	vendHas := func(x resolve.Atom) bool { v := a[x.Name].vend; return v != "" && x.Allows(v) }
	onHost := func(n string) bool { return j.provided[n] || j.alwaysSafe(n) }
	mapped := func(x resolve.Atom) bool {
		if onHost(x.Name) {
			return hostHas(x)
		}
		return vendHas(x)
	}
	if !cfg.Depends.Eval(mapped) {
		return false
	}
	var vendored []*Meta
	for n, p := range a {
		for _, c := range src.byName[n] {
			m := src.meta[c]
			if c.Version == p.host {
				if !c.Available || !c.Depends.Eval(hostHas) {
					return false
				}
			}
			if c.Version == p.vend {
				if onHost(n) || !c.Available || !c.Depends.Eval(mapped) {
					return false
				}
				if Eligible(m, cfg.RequireCrossCompile, AnyCrossCompile(metasOf(src, n))) != RejectNone {
					return false
				}
				if !m.IsSafe() {
					vendored = append(vendored, m)
				}
			}
			if c.Version == p.host || c.Version == p.vend {
				for _, x := range c.Conflicts {
					if hostHas(x) || vendHas(x) {
						return false
					}
				}
			}
		}
	}
	for i, m := range vendored {
		for _, o := range vendored[i+1:] {
			if NormalizeDevRepo(m.DevRepo) == NormalizeDevRepo(o.DevRepo) && !SameSource(m, o) {
				return false
			}
		}
	}
	return true
}

func metasOf(src *textSource, n string) []*Meta {
	var out []*Meta
	for _, c := range src.byName[n] {
		out = append(out, src.meta[c])
	}
	return out
}

// TestBruteForce compares Solve with an exhaustive search on random
// universes of five names: Solve finds a plan exactly when one exists, and
// its cost is the best one.
func TestBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(66))
	counts := map[bool]int{}
	for i := 0; i < 300; i++ {
		src, cfg := randomCase(r, 5)
		plan, err := Solve(src, cfg, nil)
		var ns *resolve.NoSolutionError
		if err != nil && !errors.As(err, &ns) {
			t.Fatalf("case %d: %v", i, err)
		}
		exists, best := bruteForce(t, src, cfg)
		counts[exists]++
		if exists != (err == nil) {
			t.Errorf("case %d: Solve error %v, but exhaustive search says a plan exists: %v\n%s", i, err, exists, dumpCase(src, cfg))
			continue
		}
		if exists && (plan.Solution.Cost != best || !plan.Solution.Optimal) {
			t.Errorf("case %d: Solve's cost %v (optimal %v), exhaustive search's best %v\n%s",
				i, plan.Solution.Cost, plan.Solution.Optimal, best, dumpCase(src, cfg))
		}
	}
	t.Logf("plans exist in %d cases, none in %d", counts[true], counts[false])
	if counts[true] < 20 || counts[false] < 20 {
		t.Errorf("the generator should give both outcomes often: %v", counts)
	}
}

func dumpCase(src *textSource, cfg *Config) string {
	s := fmt.Sprintf("root: %s provided %v cross %v\n", cfg.Depends, cfg.OpamProvided, cfg.RequireCrossCompile)
	var names []string
	for n := range src.byName {
		names = append(names, n)
	}
	sortStrings(names)
	for _, n := range names {
		for _, c := range src.byName[n] {
			m := src.meta[c]
			s += fmt.Sprintf("  %s avail=%v dune=%v tags=%v flags=%v devrepo=%s url=%s depends=%s conflicts=%v\n",
				c, c.Available, m.UsesDune, m.Tags, m.Flags, m.DevRepo, m.URL, c.Depends, c.Conflicts)
		}
	}
	return s
}
