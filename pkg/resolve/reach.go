package resolve

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
)

// A name is one reached package name with its versions.
type name struct {
	name  string
	all   []*Candidate // every version, by Rank
	avail []*Candidate // available versions, by Rank
	// cand are the available versions that some reached atom allows, by
	// Rank: the only ones a best plan can install (see reach).
	cand []*Candidate
	// allows maps an atom's text to the indices in avail of the versions
	// it allows.
	allows map[string][]int
}

// allowed returns the indices in n.avail of the versions a allows, and
// whether a's text was seen before.
func (n *name) allowed(a Atom) ([]int, bool) {
	key := a.String()
	if idx, ok := n.allows[key]; ok {
		return idx, true
	}
	var idx []int
	for i, c := range n.avail {
		if a.Allows(c.Version) {
			idx = append(idx, i)
		}
	}
	n.allows[key] = idx
	return idx, false
}

// reach reads every name the request can reach and finds the versions a
// best plan may install. A version is a candidate when it is available
// and some atom allows it: a request atom, a project dependency, or a
// dependency of a candidate. Other versions can be left out: removing
// from a plan every package that no installed package or request needs
// keeps it valid (dependencies are positive, conflicts only forbid) and
// never raises its cost, so some best plan installs only candidates. All
// versions of a reached name are still read, since lag counts them.
//
// Names are read on several goroutines as soon as they are found; the
// result does not depend on the order in which reads finish. It returns
// the names sorted.
func reach(u Universe, req *Request) (map[string]*name, []string, error) {
	r := &reacher{states: map[string]*reachState{}}
	for _, a := range req.Atoms {
		r.add(a)
	}
	for _, root := range req.Roots {
		walkAtoms(root.Depends, r.add)
	}
	if err := r.run(u); err != nil {
		return nil, nil, err
	}
	names := make(map[string]*name, len(r.states))
	order := make([]string, 0, len(r.states))
	for n, st := range r.states {
		for i, c := range st.n.avail {
			if st.expanded[i] {
				st.n.cand = append(st.n.cand, c)
			}
		}
		names[n] = st.n
		order = append(order, n)
	}
	sort.Strings(order)
	return names, order, nil
}

// reachState is what reach knows of one name.
type reachState struct {
	n        *name  // nil until read
	pending  []Atom // atoms seen before the name was read
	expanded []bool // per n.avail: a candidate whose depends were walked
}

type reacher struct {
	states map[string]*reachState
	todo   []string
}

// add records atom a: a new name is queued for reading; the versions of a
// read name that a allows become candidates.
func (r *reacher) add(a Atom) {
	st := r.states[a.Name]
	if st == nil {
		st = &reachState{}
		r.states[a.Name] = st
		r.todo = append(r.todo, a.Name)
	}
	if st.n == nil {
		st.pending = append(st.pending, a)
		return
	}
	idx, seen := st.n.allowed(a)
	if seen {
		return
	}
	for _, i := range idx {
		if !st.expanded[i] {
			st.expanded[i] = true
			walkAtoms(st.n.avail[i].Depends, r.add)
		}
	}
}

// run reads the queued names until none is left.
func (r *reacher) run(u Universe) error {
	type result struct {
		n   *name
		err error
	}
	jobs := make(chan string)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 4*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				nm, err := readName(u, n)
				results <- result{nm, err}
			}
		}()
	}
	var errs []error
	for pending := 0; len(r.todo) > 0 || pending > 0; {
		var send chan string
		var next string
		if len(r.todo) > 0 {
			send, next = jobs, r.todo[len(r.todo)-1]
		}
		select {
		case send <- next:
			r.todo = r.todo[:len(r.todo)-1]
			pending++
		case res := <-results:
			pending--
			if res.err != nil {
				errs = append(errs, res.err)
				continue
			}
			st := r.states[res.n.name]
			st.n, st.expanded = res.n, make([]bool, len(res.n.avail))
			atoms := st.pending
			st.pending = nil
			for _, a := range atoms {
				r.add(a)
			}
		}
	}
	close(jobs)
	wg.Wait()
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errors.Join(errs...)
}

// readName reads and sorts the versions of one name.
func readName(u Universe, n string) (*name, error) {
	cs, err := u.Versions(n)
	if err != nil {
		return nil, fmt.Errorf("reading versions of %s: %w", n, err)
	}
	all := append([]*Candidate(nil), cs...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Rank < all[j].Rank })
	nm := &name{name: n, all: all, allows: map[string][]int{}}
	for i, c := range all {
		if c == nil || c.Name != n {
			return nil, fmt.Errorf("universe returned %v among the versions of %s: fix the Universe implementation", c, n)
		}
		if i > 0 && all[i-1].Rank == c.Rank {
			return nil, fmt.Errorf("universe gave %s and %s the same rank %d: fix the Universe implementation", all[i-1], c, c.Rank)
		}
		if c.Available {
			nm.avail = append(nm.avail, c)
		}
	}
	return nm, nil
}

// walkAtoms calls fn on each atom of f, in order.
func walkAtoms(f Formula, fn func(Atom)) {
	switch f.Op {
	case OpAtom:
		fn(f.Atom)
	case OpAnd, OpOr:
		for _, a := range f.Args {
			walkAtoms(a, fn)
		}
	}
}

// lagOrder returns the available versions of n in opam's lag order (normal
// versions by increasing rank, then avoid-version ones) and the lag of
// each: count - index - 1.
func lagOrder(avail []*Candidate) ([]*Candidate, []int) {
	order := make([]*Candidate, 0, len(avail))
	for _, c := range avail {
		if !c.AvoidVersion {
			order = append(order, c)
		}
	}
	for _, c := range avail {
		if c.AvoidVersion {
			order = append(order, c)
		}
	}
	lag := make([]int, len(order))
	for i := range order {
		lag[i] = len(order) - i - 1
	}
	return order, lag
}
