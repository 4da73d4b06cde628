package repository

import (
	"errors"
	"slices"
	"sort"
)

// A Source is what a solver reads packages through. [*Repo] and [*Stack]
// are Sources. Implementations must be safe for concurrent use.
type Source interface {
	// Names returns every package name, sorted.
	Names() []string
	// Versions returns the versions of name, ascending in opam's order.
	Versions(name string) []string
	// Package returns the package name.ver, or an error that says why not.
	Package(name, ver string) (*Package, error)
}

var (
	_ Source = (*Repo)(nil)
	_ Source = (*Stack)(nil)
)

// A Stack is a list of repositories in priority order, the first the
// highest: the same NAME.VERSION in a higher repository shadows the one in a
// lower repository, and a name's versions are the union over all of them.
type Stack struct {
	repos []*Repo
}

// NewStack returns the stack of repos, the first the highest priority.
func NewStack(repos ...*Repo) *Stack { return &Stack{repos: slices.Clone(repos)} }

// Repos returns the stack's repositories in priority order. The caller may
// modify the slice but not the repositories.
func (s *Stack) Repos() []*Repo { return slices.Clone(s.repos) }

// Names returns the union of the repositories' names, sorted.
func (s *Stack) Names() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range s.repos {
		for _, n := range r.names {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Versions returns the union of the repositories' versions of name,
// ascending in opam's order, without duplicates.
func (s *Stack) Versions(name string) []string {
	var out []string
	for _, r := range s.repos {
		for _, v := range r.Versions(name) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	sortVersions(out)
	return out
}

// Find returns the highest-priority repository that holds name.ver, or
// nil.
func (s *Stack) Find(name, ver string) *Repo {
	for _, r := range s.repos {
		if r.Has(name, ver) {
			return r
		}
	}
	return nil
}

// Package returns name.ver from the highest-priority repository that holds
// it, even when that copy fails to load (a lower copy is not used instead,
// as opam does not). The error is a [*NotFoundError] naming every
// repository when none holds it.
func (s *Stack) Package(name, ver string) (*Package, error) {
	if r := s.Find(name, ver); r != nil {
		return r.Package(name, ver)
	}
	names := make([]string, len(s.repos))
	for i, r := range s.repos {
		names[i] = r.name
	}
	return nil, &NotFoundError{Name: name, Version: ver, Repos: names, Known: s.Versions(name)}
}

// Prefetch parses, in parallel, every version of names that the stack
// exposes and that is not parsed yet (see [Repo.Prefetch]).
func (s *Stack) Prefetch(names []string) {
	loadEntries(s.visible(names))
}

// visible returns the entries of names that the stack exposes, grouped by
// repository in priority order.
func (s *Stack) visible(names []string) []*entry {
	byRepo := make([][]*entry, len(s.repos))
	for _, name := range names {
		for _, v := range s.Versions(name) {
			for i, r := range s.repos {
				if e := r.lookup(name, v); e != nil {
					byRepo[i] = append(byRepo[i], e)
					break
				}
			}
		}
	}
	var out []*entry
	for _, es := range byRepo {
		out = append(out, es...)
	}
	return out
}

// LoadAll parses every package version the stack exposes (shadowed copies
// are not parsed) and returns their errors joined: by repository in
// priority order, then by name and ascending version.
func (s *Stack) LoadAll() error {
	return errors.Join(loadEntries(s.visible(s.Names()))...)
}
