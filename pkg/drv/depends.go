package drv

import (
	"github.com/hillingar/hillingar/pkg/opam"
)

// Dependency kinds, in the order a name's strongest use wins: a name
// needed at run time is not listed again as a build, test or doc
// dependency.
const (
	kindNone = iota
	kindDoc
	kindTest
	kindPost
	kindBuild
	kindRun
)

// depends classifies the names of a depends (or depopts) formula that are
// in the plan, by kind. Version constraints hold (the solver checked
// them); the filter flags build, post, with-test and with-doc decide the
// kind, and other filter terms are evaluated at lock time.
func (s *scope) depends(field string, x opam.Value) (map[string]int, error) {
	kinds := map[string]int{}
	var walk func(v opam.Value) error
	walk = func(v opam.Value) error {
		switch v.Kind {
		case opam.KindInvalid:
			return nil
		case opam.KindList, opam.KindGroup, opam.KindLogop:
			for _, a := range v.Args() {
				if err := walk(a); err != nil {
					return err
				}
			}
			return nil
		}
		atom, filters := splitOption(v)
		if atom.Kind != opam.KindString {
			return fieldErr(v, field, "want a package name, found a %s", atom.Kind)
		}
		if _, ok := s.plan[atom.Str()]; !ok || atom.Str() == s.self {
			return nil
		}
		k, err := s.kind(filters)
		if err != nil {
			return err
		}
		kinds[atom.Str()] = max(kinds[atom.Str()], k)
		return nil
	}
	return kinds, walk(x)
}

// kind evaluates an atom's constraint under the scenarios that tell the
// kinds apart.
func (s *scope) kind(filters []opam.Value) (int, error) {
	holds := func(over map[string]val) (bool, error) {
		saved := s.over
		s.over = over
		defer func() { s.over = saved }()
		v, err := s.constraint(filters)
		if err != nil {
			return false, err
		}
		b, ok := v.asBool()
		// A term only build time knows (such as ocaml:native) cannot
		// remove a dependency the solver kept: count it as true.
		return v.kind == valResidual || ok && b, nil
	}
	scenario := func(build, post, test, doc bool) map[string]val {
		return map[string]val{"build": boolVal(build), "post": boolVal(post),
			"with-test": boolVal(test), "with-doc": boolVal(doc)}
	}
	checks := []struct {
		over map[string]val
		kind int
	}{
		{scenario(false, false, false, false), kindRun},
		{scenario(true, false, false, false), kindBuild},
		{scenario(false, true, false, false), kindPost},
		{scenario(true, true, true, false), kindTest},
		{scenario(true, true, false, true), kindDoc},
	}
	for _, c := range checks {
		ok, err := holds(c.over)
		if err != nil || ok {
			return c.kind, err
		}
	}
	return kindNone, nil
}

// constraint evaluates an atom's constraint formula: version constraints
// (prefix comparisons) are true, everything else is a filter.
func (s *scope) constraint(fs []opam.Value) (val, error) {
	acc := boolVal(true)
	for _, f := range fs {
		v, err := s.constraintTerm(f)
		if err != nil {
			return undef, err
		}
		acc = and(acc, v)
	}
	return acc, nil
}

func (s *scope) constraintTerm(f opam.Value) (val, error) {
	switch f.Kind {
	case opam.KindPrefixRelop:
		return boolVal(true), nil
	case opam.KindGroup:
		if len(f.Args()) == 1 {
			return s.constraintTerm(f.Args()[0])
		}
	case opam.KindLogop:
		a, err := s.constraintTerm(f.Left())
		if err != nil {
			return undef, err
		}
		b, err := s.constraintTerm(f.Right())
		if err != nil {
			return undef, err
		}
		if f.Op == opam.OpAnd {
			return and(a, b), nil
		}
		return or(a, b), nil
	case opam.KindPfxop:
		if f.Op == opam.OpNot {
			a, err := s.constraintTerm(f.Operand())
			if err != nil || a.kind == valResidual {
				return a, err
			}
			if b, ok := a.asBool(); ok {
				return boolVal(!b), nil
			}
			return undef, nil
		}
	}
	return s.eval(f)
}

// or combines two evaluated filters as opam's |.
func or(a, b val) val {
	ab, aok := a.asBool()
	bb, bok := b.asBool()
	switch {
	case aok && ab, bok && bb:
		return boolVal(true)
	case aok && bok:
		return boolVal(false)
	case a.kind == valResidual && bok:
		return a
	case b.kind == valResidual && aok:
		return b
	case a.kind == valResidual || b.kind == valResidual:
		return residual(&Filter{Kind: FilterOr, Args: []*Filter{a.filter(), b.filter()}})
	}
	return undef
}

// toDepends sorts classified names into a Depends.
func toDepends(kinds map[string]int) Depends {
	var d Depends
	for name, k := range kinds {
		switch k {
		case kindRun:
			d.Run = append(d.Run, name)
		case kindBuild:
			d.Build = append(d.Build, name)
		case kindPost:
			d.Post = append(d.Post, name)
		case kindTest:
			d.Test = append(d.Test, name)
		case kindDoc:
			d.Doc = append(d.Doc, name)
		}
	}
	d.canonical()
	return d
}
