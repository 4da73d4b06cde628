package resolve

import (
	"sort"
	"strings"

	"github.com/go-air/gini"
	"github.com/go-air/gini/logic"
	"github.com/go-air/gini/z"
)

// A kind says what an input constraint is, for explanations.
type kind uint8

const (
	kindRequest  kind = iota // a requested atom
	kindRoot                 // a dependency of a project file
	kindDepends              // one top-level conjunct of a version's depends
	kindConflict             // one conflict atom of a version
	kindClass                // a conflict class
)

// A constraint is one input constraint guarded by a selector literal.
type constraint struct {
	kind    kind
	who     string // package or project name; class name for kindClass
	version string // version for kindDepends and kindConflict
	text    string // the constraint as written
	pos     Pos
	empty   bool   // no available version can satisfy it
	members string // for kindClass: the names of the class, sorted
}

// vars holds the variables of one reached name.
type vars struct {
	*name
	lit     []z.Lit // per candidate version
	inst    z.Lit   // implied by every lit
	lagLits []z.Lit // lagLits[k-1]: the installed version has lag >= k
}

// encoding is the SAT problem of one request.
type encoding struct {
	c     *logic.C
	g     *gini.Gini
	names map[string]*vars
	order []string
	byLit map[*Candidate]z.Lit

	cons  []constraint
	sels  []z.Lit
	memo  map[string][]z.Lit
	marks []int8

	model  []*Candidate // the last satisfying model, by name
	solves int          // calls to solve
	cores  int          // unsatisfiable cores found by oll
}

// encode builds the clauses of req over the reached names.
func encode(req *Request, reached map[string]*name, order []string) *encoding {
	size := 256
	for _, n := range order {
		size += 8 * len(reached[n].cand)
	}
	e := &encoding{
		c:     logic.NewCCap(size),
		g:     gini.NewV(size),
		names: make(map[string]*vars, len(order)),
		order: order,
		byLit: map[*Candidate]z.Lit{},
		memo:  map[string][]z.Lit{},
	}
	e.marks, _ = e.c.CnfSince(e.g, nil)
	for _, n := range order {
		e.names[n] = e.newVars(reached[n])
	}
	for _, a := range req.Atoms {
		e.guard(constraint{kind: kindRequest, text: a.String(), pos: a.Pos}, e.match(a))
	}
	for _, r := range req.Roots {
		e.encodeRoot(r)
	}
	for _, n := range order {
		v := e.names[n]
		for i, c := range v.cand {
			e.encodeCandidate(c, v.lit[i])
		}
	}
	e.encodeClasses()
	return e
}

// newVars makes the variables of one name: a literal per available
// version, at most one of them true, the installed literal and the lag
// literals.
func (e *encoding) newVars(n *name) *vars {
	v := &vars{name: n, lit: make([]z.Lit, len(n.cand)), inst: e.c.Lit()}
	for i, c := range n.cand {
		v.lit[i] = e.c.Lit()
		e.byLit[c] = v.lit[i]
		e.clause(v.lit[i].Not(), v.inst)
	}
	e.atMostOne(v.lit)
	ordered, lag := lagOrder(n.avail)
	maxLag := 0
	for i, c := range ordered {
		if _, ok := e.byLit[c]; ok && lag[i] > maxLag {
			maxLag = lag[i]
		}
	}
	if maxLag > 0 {
		v.lagLits = make([]z.Lit, maxLag)
		for k := range v.lagLits {
			v.lagLits[k] = e.c.Lit()
			if k > 0 {
				e.clause(v.lagLits[k].Not(), v.lagLits[k-1])
			}
		}
	}
	for i, c := range ordered {
		if x, ok := e.byLit[c]; ok && lag[i] > 0 {
			e.clause(x.Not(), v.lagLits[lag[i]-1])
		}
	}
	return v
}

// atMostOne adds "at most one of ms": pairwise when short, otherwise with
// the sequential counter encoding.
func (e *encoding) atMostOne(ms []z.Lit) {
	if len(ms) <= 6 {
		for i := range ms {
			for j := i + 1; j < len(ms); j++ {
				e.clause(ms[i].Not(), ms[j].Not())
			}
		}
		return
	}
	s := make([]z.Lit, len(ms)-1)
	for i := range s {
		s[i] = e.c.Lit()
	}
	for i, m := range ms {
		if i < len(s) {
			e.clause(m.Not(), s[i])
		}
		if i > 0 {
			e.clause(m.Not(), s[i-1].Not())
			if i < len(s) {
				e.clause(s[i-1].Not(), s[i])
			}
		}
	}
}

// clause adds the clause of ms.
func (e *encoding) clause(ms ...z.Lit) {
	for _, m := range ms {
		e.g.Add(m)
	}
	e.g.Add(0)
}

// selector records k and returns its new selector literal.
func (e *encoding) selector(k constraint) z.Lit {
	s := e.c.Lit()
	e.cons = append(e.cons, k)
	e.sels = append(e.sels, s)
	return s
}

// guard adds a selector for k and the clause "selector and pre false
// imply one of ms". It returns the selector.
func (e *encoding) guard(k constraint, ms []z.Lit, pre ...z.Lit) z.Lit {
	k.empty = len(ms) == 0
	s := e.selector(k)
	e.g.Add(s.Not())
	for _, m := range pre {
		e.g.Add(m)
	}
	for _, m := range ms {
		e.g.Add(m)
	}
	e.g.Add(0)
	return s
}

// match returns the literals of the candidate versions a allows, sorted by
// rank. Results are shared between atoms with the same text.
func (e *encoding) match(a Atom) []z.Lit {
	key := a.String()
	if ms, ok := e.memo[key]; ok {
		return ms
	}
	var ms []z.Lit
	if v := e.names[a.Name]; v != nil {
		idx, _ := v.allowed(a)
		for _, i := range idx {
			if x, ok := e.byLit[v.avail[i]]; ok {
				ms = append(ms, x)
			}
		}
	}
	e.memo[key] = ms
	return ms
}

// disjuncts returns literals whose disjunction implies f; nested
// conjunctions get an auxiliary literal that implies each part. ok is
// false when f is trivially true.
func (e *encoding) disjuncts(f Formula) (ms []z.Lit, ok bool) {
	switch f.Op {
	case OpTrue:
		return nil, false
	case OpAtom:
		return e.match(f.Atom), true
	case OpOr:
		for _, a := range f.Args {
			sub, ok := e.disjuncts(a)
			if !ok {
				return nil, false
			}
			ms = append(ms, sub...)
		}
		return ms, true
	}
	parts := f.Conjuncts()
	if len(parts) == 0 {
		return nil, false
	}
	aux := e.c.Lit()
	for _, p := range parts {
		sub, ok := e.disjuncts(p)
		if !ok {
			continue
		}
		e.g.Add(aux.Not())
		for _, m := range sub {
			e.g.Add(m)
		}
		e.g.Add(0)
	}
	return []z.Lit{aux}, true
}

// encodeRoot adds the dependencies and conflicts of a project file.
func (e *encoding) encodeRoot(r Root) {
	for _, part := range r.Depends.Conjuncts() {
		ms, ok := e.disjuncts(part)
		if !ok {
			continue
		}
		e.guard(constraint{kind: kindRoot, who: r.Name, text: part.String(), pos: part.firstPos()}, ms)
	}
	for _, a := range r.Conflicts {
		ms := e.match(a)
		if len(ms) == 0 {
			continue
		}
		s := e.selector(constraint{kind: kindConflict, who: r.Name, text: a.String(), pos: a.Pos})
		for _, m := range ms {
			e.clause(s.Not(), m.Not())
		}
	}
}

// encodeCandidate adds the dependencies and conflicts of one version.
func (e *encoding) encodeCandidate(c *Candidate, x z.Lit) {
	for _, part := range c.Depends.Conjuncts() {
		ms, ok := e.disjuncts(part)
		if !ok {
			continue
		}
		k := constraint{kind: kindDepends, who: c.Name, version: c.Version, text: part.String(), pos: part.firstPos()}
		e.guard(k, ms, x.Not())
	}
	for _, a := range c.Conflicts {
		ms := e.match(a)
		if len(ms) == 0 || a.Name == c.Name {
			continue
		}
		k := constraint{kind: kindConflict, who: c.Name, version: c.Version, text: a.String(), pos: a.Pos}
		s := e.selector(k)
		for _, m := range ms {
			e.clause(s.Not(), x.Not(), m.Not())
		}
	}
}

// encodeClasses adds, per conflict class, "at most one name of the class
// is installed", guarded by one selector.
func (e *encoding) encodeClasses() {
	members := map[string][]z.Lit{}
	memberNames := map[string][]string{}
	var classes []string
	for _, n := range e.order {
		v := e.names[n]
		inClass := map[string]z.Lit{}
		var mine []string
		for i, c := range v.cand {
			for _, cl := range c.ConflictClass {
				m, ok := inClass[cl]
				if !ok {
					m = e.c.Lit()
					inClass[cl] = m
					mine = append(mine, cl)
				}
				e.clause(v.lit[i].Not(), m)
			}
		}
		for _, cl := range mine {
			if _, ok := members[cl]; !ok {
				classes = append(classes, cl)
			}
			members[cl] = append(members[cl], inClass[cl])
			memberNames[cl] = append(memberNames[cl], n)
		}
	}
	sort.Strings(classes)
	for _, cl := range classes {
		ms := members[cl]
		if len(ms) < 2 {
			continue
		}
		s := e.selector(constraint{kind: kindClass, who: cl, text: cl,
			members: strings.Join(memberNames[cl], ", ")})
		for i := range ms {
			for j := i + 1; j < len(ms); j++ {
				e.clause(s.Not(), ms[i].Not(), ms[j].Not())
			}
		}
	}
}
