package resolve

import (
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
}

// reach reads every name the request can reach through the dependencies of
// available versions, one breadth-first level at a time; the names of a
// level are read concurrently. It returns the names sorted.
func reach(u Universe, req *Request) (map[string]*name, []string, error) {
	seen := map[string]*name{}
	var level []string
	add := func(n string) {
		if _, ok := seen[n]; !ok {
			seen[n] = nil
			level = append(level, n)
		}
	}
	for _, a := range req.Atoms {
		add(a.Name)
	}
	for _, r := range req.Roots {
		walkAtoms(r.Depends, func(a Atom) { add(a.Name) })
	}
	for len(level) > 0 {
		cur := level
		level = nil
		got, err := readLevel(u, cur)
		if err != nil {
			return nil, nil, err
		}
		for i, n := range cur {
			seen[n] = got[i]
			for _, c := range got[i].avail {
				walkAtoms(c.Depends, func(a Atom) { add(a.Name) })
			}
		}
	}
	order := make([]string, 0, len(seen))
	for n := range seen {
		order = append(order, n)
	}
	sort.Strings(order)
	return seen, order, nil
}

// readLevel calls u.Versions for each of names on up to GOMAXPROCS
// goroutines and checks what it returns.
func readLevel(u Universe, names []string) ([]*name, error) {
	out := make([]*name, len(names))
	errs := make([]error, len(names))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(names) {
		workers = len(names)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = readName(u, names[i])
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readName reads and sorts the versions of one name.
func readName(u Universe, n string) (*name, error) {
	cs, err := u.Versions(n)
	if err != nil {
		return nil, fmt.Errorf("reading versions of %s: %w", n, err)
	}
	all := append([]*Candidate(nil), cs...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Rank < all[j].Rank })
	nm := &name{name: n, all: all}
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
