package unikernel

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
)

// Config is the request of one joint solve: one unikernel for one target.
type Config struct {
	// Name is the unikernel's opam file name without .opam.
	Name string
	// Depends is the unikernel opam file's depends, filters evaluated with
	// monorepo and vendor defined and build true.
	Depends resolve.Formula
	// Source is where the opam file is, for messages.
	Source resolve.Pos
	// OpamProvided are the names installed on the build machine (the
	// tools): x-opam-monorepo-opam-provided.
	OpamProvided []string
	// RequireCrossCompile restricts a name's vendored versions to those
	// tagged cross-compile when it has any (mirage always asks for it).
	RequireCrossCompile bool
	// Conflicts are the unikernel's conflicts (and its local packages'):
	// each holds against both copies of its name.
	Conflicts []resolve.Atom
	// Atoms are requested on the host side in addition to Depends, such
	// as "mirage = 4.10.4" for the mirage that generated the file.
	Atoms []resolve.Atom
	// NoBaseCompiler leaves out the request for ocaml-base-compiler that
	// opam-monorepo adds unless the root depends on compiler variants.
	NoBaseCompiler bool
}

// Package is one chosen package of a plan.
type Package struct {
	// Candidate is the source's own candidate for the chosen version.
	Candidate *resolve.Candidate
	Meta      *Meta
	// Host reports whether the package is built as a package on the build
	// machine: a tool or its closure, or a never-vendored package.
	Host bool
	// Vendored reports whether the package's source goes into duniverse/;
	// Dir is then its folder.
	Vendored bool
	Dir      string
	// NeverVendored says why a package reached from the vendored half is
	// kept on the build machine ("compiler flag", ...), else "".
	NeverVendored string
}

// Plan is the answer of one joint solve.
type Plan struct {
	// Packages has one entry per chosen name, sorted by name.
	Packages []*Package
	// Dirs are the duniverse folders, sorted by name.
	Dirs []*Dir
	// Solution is the resolver's answer over the joint universe, whose
	// vendored copies are named with VendorPrefix.
	Solution *resolve.Solution
	// Env holds the variables the solve was evaluated under, as a plan
	// records them; set by Lock.
	Env map[string]string
	// Problems are the repository versions the solve left out because
	// their files could not be read or parsed, sorted by text; set by
	// Lock. The caller should show them: they can change the choice.
	Problems []error
}

// Names returns the names of the plan's packages for which keep is true,
// sorted.
func (p *Plan) Names(keep func(*Package) bool) []string {
	var out []string
	for _, pk := range p.Packages {
		if keep(pk) {
			out = append(out, pk.Candidate.Name)
		}
	}
	return out
}

// compilerVariantNames make opam-monorepo leave ocaml-base-compiler out of
// the request.
var compilerVariantNames = []string{"ocaml-variants", "ocaml-option-", "ocaml-options-only-"}

// maxDevRepoRounds bounds the re-solves that add dev-repo conflicts.
const maxDevRepoRounds = 16

// Solve locks one unikernel: one solve over tools and vendored libraries,
// the monorepo rules on the vendored half, the answer split into host and
// vendored packages and the vendored ones grouped into duniverse folders.
// Errors: a *NameError per invalid dependency name (joined), a
// *RulesError when the solve fails and some needed name has no version the
// rules allow, the resolver's *resolve.NoSolutionError otherwise, and the
// errors of [Group].
func Solve(src Source, cfg *Config, opts *resolve.Options) (*Plan, error) {
	if err := checkNames(cfg.Depends); err != nil {
		return nil, err
	}
	j := &joint{
		src:              src,
		provided:         map[string]bool{},
		requireCross:     cfg.RequireCrossCompile,
		devRepoConflicts: map[string][]*vendorCand{},
		names:            map[string]*baseName{},
	}
	for _, n := range cfg.OpamProvided {
		j.provided[n] = true
	}
	req := request(cfg, j)
	for round := 0; ; round++ {
		j.byCopy, j.hostOrig = &sync.Map{}, &sync.Map{}
		sol, err := resolve.Solve(j, req, opts)
		if err != nil {
			return nil, explain(j, err)
		}
		groups := j.splitGroups(sol)
		if len(groups) == 0 || round == maxDevRepoRounds {
			return j.plan(sol)
		}
		if !j.addDevRepoConflicts(groups) {
			return j.plan(sol)
		}
	}
}

// request builds the resolver request of cfg.
func request(cfg *Config, j *joint) *resolve.Request {
	root := resolve.Root{Name: cfg.Name, Depends: j.vendorFormula(cfg.Depends), Source: cfg.Source}
	for _, a := range cfg.Conflicts {
		v := a
		v.Name = VendorPrefix + a.Name
		root.Conflicts = append(root.Conflicts, a, v)
	}
	req := &resolve.Request{Roots: []resolve.Root{root}, Atoms: slices.Clone(cfg.Atoms)}
	if !cfg.NoBaseCompiler && !mentions(cfg.Depends, compilerVariantNames) {
		req.Atoms = append(req.Atoms, resolve.Atom{Name: "ocaml-base-compiler", Pos: cfg.Source})
	}
	return req
}

// mentions reports whether f has an atom whose name is or starts with one
// of prefixes.
func mentions(f resolve.Formula, prefixes []string) bool {
	switch f.Op {
	case resolve.OpAtom:
		for _, p := range prefixes {
			if strings.HasPrefix(f.Atom.Name, p) {
				return true
			}
		}
	case resolve.OpAnd, resolve.OpOr:
		for _, a := range f.Args {
			if mentions(a, prefixes) {
				return true
			}
		}
	}
	return false
}

// checkNames returns a *NameError for each atom of f whose name is not a
// valid opam package name, joined.
func checkNames(f resolve.Formula) error {
	var errs []error
	var walk func(resolve.Formula)
	walk = func(f resolve.Formula) {
		switch f.Op {
		case resolve.OpAtom:
			if !opam.ValidName(f.Atom.Name) {
				errs = append(errs, &NameError{Pos: f.Atom.Pos.String(), Name: f.Atom.Name})
			}
		case resolve.OpAnd, resolve.OpOr:
			for _, a := range f.Args {
				walk(a)
			}
		}
	}
	walk(f)
	return errors.Join(errs...)
}

// splitGroups returns the dev-repo keys whose chosen vendored, non-safe
// packages do not share one source, with their members.
func (j *joint) splitGroups(sol *resolve.Solution) map[string][]*vendorCand {
	byKey := map[string][]*vendorCand{}
	for _, c := range sol.Packages {
		vc := j.copyOf(c)
		if vc == nil || vc.meta.IsSafe() || vc.meta.DevRepo == "" {
			continue
		}
		k := NormalizeDevRepo(vc.meta.DevRepo)
		byKey[k] = append(byKey[k], vc)
	}
	for k, vcs := range byKey {
		same := true
		for _, o := range vcs[1:] {
			same = same && SameSource(vcs[0].meta, o.meta)
		}
		if same {
			delete(byKey, k)
		}
	}
	return byKey
}

// addDevRepoConflicts records, for every name of each split group, every
// version of the group's other names, so the next solve's vendored copies
// conflict with those from another source. It reports whether anything
// new was recorded.
func (j *joint) addDevRepoConflicts(groups map[string][]*vendorCand) bool {
	added := false
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vcs := groups[k]
		var all []*vendorCand
		for _, vc := range vcs {
			b := j.base(vc.orig.Name)
			for i, c := range b.cands {
				all = append(all, &vendorCand{orig: c, meta: b.metas[i]})
			}
		}
		for _, vc := range vcs {
			n := vc.orig.Name
			for _, o := range all {
				if o.meta.Name != n && !slices.ContainsFunc(j.devRepoConflicts[n], func(x *vendorCand) bool {
					return x.meta.Name == o.meta.Name && x.meta.Version == o.meta.Version
				}) {
					j.devRepoConflicts[n] = append(j.devRepoConflicts[n], o)
					added = true
				}
			}
		}
	}
	return added
}

// copyOf returns the vendored copy c is, or nil for a host candidate.
func (j *joint) copyOf(c *resolve.Candidate) *vendorCand {
	if v, ok := j.byCopy.Load(c); ok {
		return v.(*vendorCand)
	}
	return nil
}

// plan splits sol into host and vendored packages and groups the
// vendored ones.
func (j *joint) plan(sol *resolve.Solution) (*Plan, error) {
	byName := map[string]*Package{}
	get := func(c *resolve.Candidate, m *Meta) *Package {
		p := byName[c.Name]
		if p == nil {
			p = &Package{Candidate: c, Meta: m}
			byName[c.Name] = p
		}
		return p
	}
	for _, c := range sol.Packages {
		if vc := j.copyOf(c); vc != nil {
			p := get(vc.orig, vc.meta)
			if safe, why := vc.meta.Safe(); safe {
				p.Host, p.NeverVendored = true, why
			} else {
				p.Vendored = true
			}
			continue
		}
		orig, ok := j.hostOrig.Load(c)
		b := j.base(c.Name)
		i := -1
		if ok {
			i = slices.Index(b.cands, orig.(*resolve.Candidate))
		}
		if i < 0 {
			return nil, fmt.Errorf("unikernel: internal error: %s is not a candidate of the source", c)
		}
		p := get(b.cands[i], b.metas[i])
		p.Host = true
		p.Candidate = b.cands[i]
	}
	plan := &Plan{Solution: sol}
	var vendored []*Meta
	for _, p := range byName {
		plan.Packages = append(plan.Packages, p)
		if p.Vendored {
			vendored = append(vendored, p.Meta)
		}
	}
	sort.Slice(plan.Packages, func(a, b int) bool {
		return plan.Packages[a].Candidate.Name < plan.Packages[b].Candidate.Name
	})
	dirs, err := Group(vendored)
	plan.Dirs = dirs
	for _, d := range dirs {
		for _, m := range d.Packages {
			byName[m.Name].Dir = d.Name
		}
	}
	return plan, err
}
