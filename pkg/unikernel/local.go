package unikernel

import (
	"maps"
	"slices"
	"sort"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
)

// localRoot returns the request of a unikernel with local packages: the
// unikernel's depends and those of each local package (opam files in the
// unikernel's own source tree, which dune builds in the same workspace:
// mirage's local_libs), with every atom on a local name taken as
// satisfied. Local packages are never chosen from the repositories: they
// win over any version there.
func localRoot(u *opamuniverse.Universe, root resolve.Formula, local map[string]*opam.File) resolve.Formula {
	if len(local) == 0 {
		return root
	}
	names := make([]string, 0, len(local))
	for n := range local {
		names = append(names, n)
	}
	sort.Strings(names)
	isLocal := func(n string) bool { _, ok := local[n]; return ok }
	parts := []resolve.Formula{withoutNames(root, isLocal)}
	for _, n := range names {
		parts = append(parts, withoutNames(u.Root(n, local[n]).Depends, isLocal))
	}
	return resolve.And(parts...)
}

// localConflicts returns the conflicts of the unikernel (root) and of its
// local packages, without those on local names, in name order of the
// local packages.
func localConflicts(u *opamuniverse.Universe, root []resolve.Atom, local map[string]*opam.File) []resolve.Atom {
	out := slices.Clone(root)
	for _, n := range slices.Sorted(maps.Keys(local)) {
		for _, a := range u.Root(n, local[n]).Conflicts {
			if _, isLocal := local[a.Name]; !isLocal {
				out = append(out, a)
			}
		}
	}
	return out
}

// withoutNames returns f with every atom on a name for which drop is true
// replaced by true.
func withoutNames(f resolve.Formula, drop func(string) bool) resolve.Formula {
	switch f.Op {
	case resolve.OpAtom:
		if drop(f.Atom.Name) {
			return resolve.Formula{}
		}
	case resolve.OpAnd, resolve.OpOr:
		args := make([]resolve.Formula, len(f.Args))
		for i, a := range f.Args {
			args[i] = withoutNames(a, drop)
		}
		return resolve.Formula{Op: f.Op, Args: args}
	}
	return f
}

// hiddenNames is a Source without the versions of some names: local
// packages, which the repositories must not provide.
type hiddenNames struct {
	opamuniverse.Source
	hide map[string]*opam.File
}

// Versions implements opamuniverse.Source.
func (s hiddenNames) Versions(name string) []string {
	if _, ok := s.hide[name]; ok {
		return nil
	}
	return s.Source.Versions(name)
}
