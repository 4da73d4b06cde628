package repository

import (
	"errors"
	"runtime"
	"sync"
)

// LoadAll lists every name's versions and parses every package version not
// parsed yet, on GOMAXPROCS goroutines. It returns nil, or every
// [*LoadError] joined with errors.Join, sorted by path; the packages that did
// load stay available through [Repo.Package].
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
	return errors.Join(loadEntries(all)...)
}

// loadEntries loads es in parallel and returns their errors sorted by path.
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
	sortErrors(out)
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
