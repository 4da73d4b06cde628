package unikernel

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/version"
)

// VendorPrefix starts the name of a package's vendored copy in the joint
// universe: "vendor:fmt" is fmt as vendored into duniverse/. The colon
// cannot occur in an opam package name, so copies never clash with real
// names. Solver explanations show these names.
const VendorPrefix = "vendor:"

// Source is what the joint solve reads: the resolver's view of every name
// (filters already evaluated under the target's variables) and the opam
// metadata the monorepo rules need. Versions and Meta may be called from
// several goroutines at once.
type Source interface {
	resolve.Universe
	// Meta returns the metadata of a candidate that Versions returned.
	Meta(c *resolve.Candidate) (*Meta, error)
}

// versionConstraint is one relational constraint on versions.
type versionConstraint struct {
	op version.Op
	v  string
}

// Allows implements resolve.VersionConstraint.
func (c versionConstraint) Allows(v string) bool { return c.op.Holds(v, c.v) }

// String writes the constraint as opam does, without quotes.
func (c versionConstraint) String() string { return c.op.String() + " " + c.v }

// baseName holds one name's candidates and metadata as the source gave
// them, read once.
type baseName struct {
	once   sync.Once
	cands  []*resolve.Candidate
	metas  []*Meta
	tagged bool
	err    error
}

// joint is the resolver universe of one joint solve: host copies as the
// source gives them, vendored copies restricted by the monorepo rules.
type joint struct {
	src          Source
	provided     map[string]bool
	requireCross bool
	// devRepoConflicts maps a vendored name to the vendored candidates of
	// other names of its dev-repo; filled between solves.
	devRepoConflicts map[string][]*vendorCand

	mu    sync.Mutex
	names map[string]*baseName
	// byCopy maps each vendored copy to its source candidate and meta, and
	// each host copy to its source candidate.
	byCopy   *sync.Map // *resolve.Candidate -> *vendorCand; new each round
	hostOrig *sync.Map // *resolve.Candidate -> *resolve.Candidate; new each round
}

// vendorCand is a vendored copy with what it was made from.
type vendorCand struct {
	copy   *resolve.Candidate
	orig   *resolve.Candidate
	meta   *Meta
	reject Rejection
}

// base reads name from the source once.
func (j *joint) base(name string) *baseName {
	j.mu.Lock()
	b := j.names[name]
	if b == nil {
		b = &baseName{}
		j.names[name] = b
	}
	j.mu.Unlock()
	b.once.Do(func() {
		b.cands, b.err = j.src.Versions(name)
		if b.err != nil {
			return
		}
		b.metas = make([]*Meta, len(b.cands))
		for i, c := range b.cands {
			if b.metas[i], b.err = j.src.Meta(c); b.err != nil {
				b.err = fmt.Errorf("%s: %w", c, b.err)
				return
			}
		}
		b.tagged = AnyCrossCompile(b.metas)
	})
	return b
}

// Versions implements resolve.Universe.
func (j *joint) Versions(name string) ([]*resolve.Candidate, error) {
	base, vendored := strings.CutPrefix(name, VendorPrefix)
	b := j.base(base)
	if b.err != nil {
		return nil, b.err
	}
	out := make([]*resolve.Candidate, len(b.cands))
	if !vendored {
		for i, c := range b.cands {
			out[i] = j.hostCopy(c)
		}
		return out, nil
	}
	for i, c := range b.cands {
		vc := j.vendorCopy(c, b.metas[i], b.tagged)
		j.byCopy.Store(vc.copy, vc)
		out[i] = vc.copy
	}
	return out, nil
}

// hostCopy makes the host copy of c: c itself, except that each conflict
// also applies to the vendored copy of its name, since both halves end up
// in one build.
func (j *joint) hostCopy(c *resolve.Candidate) *resolve.Candidate {
	if len(c.Conflicts) == 0 {
		j.hostOrig.Store(c, c)
		return c
	}
	hc := *c
	hc.Conflicts = nil
	for _, a := range c.Conflicts {
		v := a
		v.Name = VendorPrefix + a.Name
		hc.Conflicts = append(hc.Conflicts, a, v)
	}
	j.hostOrig.Store(&hc, c)
	return &hc
}

// vendorCopy makes the vendored copy of c.
func (j *joint) vendorCopy(c *resolve.Candidate, m *Meta, tagged bool) *vendorCand {
	rej := Eligible(m, j.requireCross, tagged)
	cp := &resolve.Candidate{
		Name:         VendorPrefix + c.Name,
		Version:      c.Version,
		Rank:         c.Rank,
		Available:    c.Available && rej == RejectNone,
		AvoidVersion: c.AvoidVersion,
		Depends:      j.vendorFormula(c.Depends),
		Source:       c.Source,
	}
	// One version per name across both halves.
	cp.Conflicts = append(cp.Conflicts, resolve.Atom{
		Name: c.Name, Constraint: versionConstraint{version.Neq, c.Version}, Pos: c.Source,
	})
	for _, a := range c.Conflicts {
		cp.Conflicts = append(cp.Conflicts, a, j.vendorAtom(a))
	}
	for _, cl := range c.ConflictClass {
		cp.ConflictClass = append(cp.ConflictClass, VendorPrefix+cl)
	}
	vc := &vendorCand{copy: cp, orig: c, meta: m, reject: rej}
	if !m.IsSafe() {
		for _, o := range j.devRepoConflicts[c.Name] {
			if !o.meta.IsSafe() && NormalizeDevRepo(o.meta.DevRepo) == NormalizeDevRepo(m.DevRepo) && !SameSource(o.meta, m) {
				cp.Conflicts = append(cp.Conflicts, resolve.Atom{
					Name:       VendorPrefix + o.meta.Name,
					Constraint: versionConstraint{version.Eq, o.meta.Version},
					Pos:        c.Source,
				})
			}
		}
	}
	return vc
}

// vendorAtom moves an atom to the vendored half, unless its name is
// opam-provided or every version of it is never vendored (the compiler,
// dune, base-*, conf-* ...): those stay on the host side, which provides
// them to the vendored half.
func (j *joint) vendorAtom(a resolve.Atom) resolve.Atom {
	if !j.provided[a.Name] && !j.alwaysSafe(a.Name) {
		a.Name = VendorPrefix + a.Name
	}
	return a
}

// alwaysSafe reports whether name has versions and all of them are safe.
// A name that cannot be read is not always safe; its error surfaces when
// the resolver reads it.
func (j *joint) alwaysSafe(name string) bool {
	if slices.Contains(compilerNames, name) || slices.Contains(skipNames, name) {
		return true
	}
	b := j.base(name)
	if b.err != nil || len(b.metas) == 0 {
		return false
	}
	for _, m := range b.metas {
		if !m.IsSafe() {
			return false
		}
	}
	return true
}

// vendorFormula moves every atom of f to the vendored half, except
// opam-provided names.
func (j *joint) vendorFormula(f resolve.Formula) resolve.Formula {
	switch f.Op {
	case resolve.OpAtom:
		return resolve.AtomFormula(j.vendorAtom(f.Atom))
	case resolve.OpAnd, resolve.OpOr:
		args := make([]resolve.Formula, len(f.Args))
		for i, a := range f.Args {
			args[i] = j.vendorFormula(a)
		}
		return resolve.Formula{Op: f.Op, Args: args}
	}
	return f
}
