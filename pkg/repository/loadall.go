package repository

import (
	"errors"
	"runtime"
	"sync"
)

// LoadAll lists every name's versions and parses every package version not
// parsed yet, on GOMAXPROCS goroutines, with the garbage collector paused
// (see Memory in the package documentation). It returns nil, or every
// [*LoadError] joined with errors.Join, by name then ascending version; the
// packages that did load stay available through [Repo.Package].
func (r *Repo) LoadAll() error {
	var all []*entry
	r.mu.Lock()
	for _, name := range r.names {
		x := r.listedLocked(name)
		for _, v := range x.versions {
			all = append(all, x.entries[v])
		}
	}
	r.mu.Unlock()
	defer pauseGC()()
	return errors.Join(loadEntries(all)...)
}

// loadEntries loads es in parallel and returns their errors in the order
// of es.
func loadEntries(es []*entry) []error {
	errs := make([]error, len(es))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				_, errs[i] = es[i].load()
			}
		}()
	}
	for i := range es {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []error
	for _, err := range errs {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// Count returns the number of package versions in the repository. For a
// folder it lists every name's folder (parsing nothing).
func (r *Repo) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, name := range r.names {
		n += len(r.listedLocked(name).versions)
	}
	return n
}

// Prefetch parses, in parallel, every version of names not parsed yet, and
// returns when they are done; their errors are kept for [Repo.Package]. A
// solver that learns a set of names at a time (one breadth-first layer) can
// call it before asking for their packages one by one. Unknown names are
// ignored.
func (r *Repo) Prefetch(names []string) {
	var es []*entry
	r.mu.Lock()
	for _, name := range names {
		if x := r.listedLocked(name); x != nil {
			for _, v := range x.versions {
				es = append(es, x.entries[v])
			}
		}
	}
	r.mu.Unlock()
	loadEntries(es)
}
