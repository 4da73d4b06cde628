package opamuniverse

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
)

// TestReductionMatchesPkgOpam reduces every opam file of the 2024 and 2026
// snapshots twice, with this package's filter evaluation and with pkg/opam's
// (Decode, EvalAvailable, Reduce), and wants the same availability and the
// same dependency formula. The two were written separately, so agreement
// checks both. (The resolver keeps its own, which carries the positions its
// explanations print.)
func TestReductionMatchesPkgOpam(t *testing.T) {
	shared := sharedDir(t)
	for _, snap := range []string{"2024-06-01", "2026-08-22"} {
		t.Run(snap, func(t *testing.T) {
			crossCheck(t, openSnapshot(t, filepath.Join(shared, "opam-repository", snap+".tar.gz")))
		})
	}
}

func crossCheck(t *testing.T, src *snapshot) {
	env := platform()
	u := New(src, Options{Env: env})
	var names []string
	for _, n := range src.repo.Names() {
		names = append(names, n)
	}
	sort.Strings(names)
	files, diffs := 0, 0
	for _, n := range names {
		cs, _ := u.Versions(n)
		for _, c := range cs {
			f, err := src.File(n, c.Version)
			if err != nil {
				continue
			}
			p, err := opam.Decode(f)
			if err != nil {
				continue
			}
			files++
			theirEnv := opamEnv(env, n, c.Version)
			avail := p.Available.Kind == opam.KindInvalid || opam.EvalAvailable(p.Available, theirEnv)
			if avail != c.Available {
				diffs++
				t.Errorf("%s: available: ours %v, pkg/opam %v", c, c.Available, avail)
				continue
			}
			if !avail {
				continue
			}
			ours := normal(c.Depends).String()
			theirs := normal(fromOpam(opam.Reduce(p.Depends, theirEnv))).String()
			if ours != theirs {
				diffs++
				t.Errorf("%s: depends\n  ours:     %s\n  pkg/opam: %s", c, ours, theirs)
			}
			var oursC, theirsC []string
			for _, a := range c.Conflicts {
				oursC = append(oursC, a.String())
			}
			for _, a := range opam.Reduce(p.Conflicts, theirEnv).Atoms() {
				if a.Name == "" {
					continue // the empty formula
				}
				theirsC = append(theirsC, fromOpam(opam.Formula{Conn: opam.Leaf, Atom: a}).String())
			}
			if strings.Join(oursC, ", ") != strings.Join(theirsC, ", ") {
				diffs++
				t.Errorf("%s: conflicts\n  ours:     %v\n  pkg/opam: %v", c, oursC, theirsC)
			}
		}
		if diffs > 20 {
			t.Fatalf("too many differences")
		}
	}
	t.Logf("%d files compared, %d differences", files, diffs)
}

// opamEnv is the solve environment in pkg/opam's terms.
func opamEnv(vars map[string]string, name, version string) opam.Env {
	return opam.EnvFunc(func(v opam.Var) (opam.FilterValue, bool) {
		s := &scope{env: vars, name: name, version: version}
		id := v.Name
		if len(v.Pkgs) == 1 && v.Pkgs[0] == "_" {
			id = "_:" + v.Name
		} else if !v.Global() {
			return opam.FilterValue{}, false
		}
		x := s.lookup(id)
		switch x.kind {
		case isBool:
			return opam.BoolValue(x.b), true
		case isString:
			return opam.StringValue(x.s), true
		}
		return opam.FilterValue{}, false
	})
}

// fromOpam converts a reduced pkg/opam formula.
func fromOpam(f opam.Formula) resolve.Formula {
	if f.Empty() || f.Conn == opam.Leaf && f.Atom.Name == "" {
		return resolve.Formula{}
	}
	switch f.Conn {
	case opam.Leaf:
		a := resolve.Atom{Name: f.Atom.Name}
		if f.Atom.Constraint != nil {
			a.Constraint = fromOpamVersion(*f.Atom.Constraint)
		}
		return resolve.AtomFormula(a)
	case opam.Or:
		var args []resolve.Formula
		for _, a := range f.Args {
			args = append(args, fromOpam(a))
		}
		return resolve.Or(args...)
	}
	var args []resolve.Formula
	for _, a := range f.Args {
		args = append(args, fromOpam(a))
	}
	return resolve.And(args...)
}

func fromOpamVersion(c opam.VersionConstraint) *vcons {
	if c.Conn == opam.Leaf {
		return &vcons{op: c.Op, v: c.Version}
	}
	op := opam.OpAnd
	if c.Conn == opam.Or {
		op = opam.OpOr
	}
	out := fromOpamVersion(c.Args[0])
	for _, a := range c.Args[1:] {
		out = &vcons{op: op, l: out, r: fromOpamVersion(a)}
	}
	return out
}

// normal flattens nested And in And and Or in Or, and unwraps single
// arguments, so that equal formulas print alike.
func normal(f resolve.Formula) resolve.Formula {
	if f.Op != resolve.OpAnd && f.Op != resolve.OpOr {
		return f
	}
	var args []resolve.Formula
	for _, a := range f.Args {
		a = normal(a)
		if a.Op == f.Op {
			args = append(args, a.Args...)
		} else {
			args = append(args, a)
		}
	}
	if len(args) == 1 {
		return args[0]
	}
	if len(args) == 0 && f.Op == resolve.OpAnd {
		return resolve.Formula{}
	}
	return resolve.Formula{Op: f.Op, Args: args}
}
