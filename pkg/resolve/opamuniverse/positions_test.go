package opamuniverse

import (
	"path/filepath"
	"testing"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
)

// TestAtomsPointAtTheirNames reduces every opam file of the 2024 and 2026
// snapshots and wants each dependency and conflict left to carry the
// position of its package name's string in the depends or conflicts
// field, which explanations print.
func TestAtomsPointAtTheirNames(t *testing.T) {
	shared := sharedDir(t)
	for _, snap := range []string{"2024-06-01", "2026-08-22"} {
		t.Run(snap, func(t *testing.T) {
			checkPositions(t, openSnapshot(t, filepath.Join(shared, "opam-repository", snap+".tar.gz")))
		})
	}
}

func checkPositions(t *testing.T, src *snapshot) {
	u := New(src, Options{Env: platform()})
	atoms, bad := 0, 0
	for _, n := range src.repo.Names() {
		cs, _ := u.Versions(n)
		for _, c := range cs {
			f, err := src.File(n, c.Version)
			if err != nil || !c.Available {
				continue
			}
			names := map[resolve.Pos]string{}
			for _, field := range []string{"depends", "conflicts"} {
				if v, ok := opam.Field(f.Items, field); ok {
					stringsAt(v, names)
				}
			}
			for _, a := range append(formulaAtoms(c.Depends), c.Conflicts...) {
				atoms++
				if got, ok := names[a.Pos]; !ok || got != a.Name {
					bad++
					if bad <= 10 {
						t.Errorf("%s: atom %s at %v: the string there is %q", c, a.Name, a.Pos, got)
					}
				}
			}
		}
	}
	if atoms == 0 {
		t.Fatal("no atoms reduced")
	}
	t.Logf("%d atoms, %d misplaced", atoms, bad)
}

// stringsAt maps the position of every string in v to its text.
func stringsAt(v opam.Value, acc map[resolve.Pos]string) {
	if v.Kind == opam.KindString {
		acc[pos(v.Pos)] = v.Str()
	}
	for _, a := range v.Args() {
		stringsAt(a, acc)
	}
}

func formulaAtoms(f resolve.Formula) []resolve.Atom {
	if f.Op == resolve.OpAtom {
		return []resolve.Atom{f.Atom}
	}
	var out []resolve.Atom
	for _, a := range f.Args {
		out = append(out, formulaAtoms(a)...)
	}
	return out
}
