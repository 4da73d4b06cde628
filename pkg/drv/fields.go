package drv

import (
	"fmt"

	"github.com/hillingar/hillingar/pkg/opam"
)

// fieldErr returns an *opam.FieldError for field at x.
func fieldErr(x opam.Value, field, format string, args ...any) error {
	return &opam.FieldError{Pos: x.Pos, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// splitOption returns the value inside an Option and its filters joined
// with &, or the value itself and nil.
func splitOption(x opam.Value) (opam.Value, []opam.Value) {
	if x.Kind == opam.KindOption {
		return x.Left(), x.Filters()
	}
	return x, nil
}

// evalFilters evaluates the conjunction of filters (true when empty).
func (s *scope) evalFilters(fs []opam.Value) (val, error) {
	acc := boolVal(true)
	for _, f := range fs {
		v, err := s.eval(f)
		if err != nil {
			return undef, err
		}
		acc = and(acc, v)
	}
	return acc, nil
}

// and combines two evaluated filters as opam's &.
func and(a, b val) val {
	ab, aok := a.asBool()
	bb, bok := b.asBool()
	switch {
	case aok && !ab, bok && !bb:
		return boolVal(false)
	case aok && bok:
		return boolVal(true)
	case a.kind == valResidual && bok:
		return a
	case b.kind == valResidual && aok:
		return b
	case a.kind == valResidual || b.kind == valResidual:
		return residual(&Filter{Kind: FilterAnd, Args: []*Filter{a.filter(), b.filter()}})
	}
	return undef
}

// commands evaluates a build, install or run-test field: a list of
// commands, or a single command. Commands whose filter is false at lock
// time, and those left without arguments, are dropped.
func (s *scope) commands(field string, x opam.Value) ([]Step, error) {
	items := x.Items()
	if len(items) > 0 {
		first, _ := splitOption(items[0])
		if first.Kind != opam.KindList {
			items = []opam.Value{x}
		}
	}
	var steps []Step
	for _, it := range items {
		cmd, filters := splitOption(it)
		if cmd.Kind != opam.KindList {
			return nil, fieldErr(it, field, "want a command [args...], found a %s", cmd.Kind)
		}
		fv, err := s.evalFilters(filters)
		if err != nil {
			return nil, err
		}
		keep, f := decide(fv)
		if !keep {
			continue
		}
		args, err := s.args(field, cmd.Args())
		if err != nil {
			return nil, err
		}
		if len(args) > 0 {
			steps = append(steps, Step{Args: args, Filter: f})
		}
	}
	return steps, nil
}

// args evaluates a command's arguments.
func (s *scope) args(field string, xs []opam.Value) ([]Arg, error) {
	var out []Arg
	for _, x := range xs {
		a, keep, err := s.arg(field, x)
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, a)
		}
	}
	return out, nil
}

// arg evaluates one argument: a string or a variable, with an optional
// filter. An argument whose filter is false, or a variable that is
// undefined, is dropped (keep false).
func (s *scope) arg(field string, x opam.Value) (a Arg, keep bool, err error) {
	x, filters := splitOption(x)
	fv, err := s.evalFilters(filters)
	if err != nil {
		return Arg{}, false, err
	}
	keep, f := decide(fv)
	if !keep {
		return Arg{}, false, nil
	}
	switch x.Kind {
	case opam.KindString:
		return Arg{Parts: s.parts(x.Str()), Filter: f}, true, nil
	case opam.KindIdent:
		v := s.lookup(x.Str())
		switch v.kind {
		case valUndef:
			return Arg{}, false, nil
		case valResidual:
			return Arg{Parts: []Part{v.r.Var}, Filter: f}, true, nil
		}
		return Arg{Parts: []Part{{Text: v.asString()}}, Filter: f}, true, nil
	}
	return Arg{}, false, fieldErr(x, field, "want a string or a variable as argument, found a %s", x.Kind)
}

// envUpdates evaluates setenv or build-env: a list of `VAR op "value"`.
func (s *scope) envUpdates(field string, x opam.Value) ([]EnvUpdate, error) {
	items := x.Items()
	if len(items) > 0 && items[0].Kind != opam.KindList {
		items = []opam.Value{x}
	}
	var out []EnvUpdate
	for _, it := range items {
		b := it
		if it.Kind == opam.KindList && len(it.Args()) == 1 {
			b = it.Args()[0]
		}
		if (b.Kind != opam.KindEnvBinding && !(b.Kind == opam.KindRelop && b.Op == opam.OpEq)) ||
			b.Left().Kind != opam.KindIdent || b.Right().Kind != opam.KindString {
			return nil, fieldErr(it, field, "want [VAR op \"value\"] with op one of = += =+ := =: =+=")
		}
		out = append(out, EnvUpdate{Var: b.Left().Str(), Op: b.Op.String(), Value: Arg{Parts: s.parts(b.Right().Str())}})
	}
	return out, nil
}

// patches evaluates the patches field.
func (s *scope) patches(x opam.Value) ([]Patch, error) {
	var out []Patch
	for _, it := range x.Items() {
		v, filters := splitOption(it)
		if v.Kind != opam.KindString {
			return nil, fieldErr(it, "patches", "want a file name, found a %s", v.Kind)
		}
		name, err := s.fileName("patches", v)
		if err != nil {
			return nil, err
		}
		fv, err := s.evalFilters(filters)
		if err != nil {
			return nil, err
		}
		if keep, f := decide(fv); keep {
			out = append(out, Patch{File: name, Filter: f})
		}
	}
	return out, nil
}

// fileName expands a file name and checks that it stays in the package
// folder.
func (s *scope) fileName(field string, v opam.Value) (string, error) {
	name, ok := (Arg{Parts: s.parts(v.Str())}).Literal()
	if !ok {
		return "", fieldErr(v, field, "file name %q uses a variable only known at build time", v.Str())
	}
	if !safeRelative(name) {
		return "", fieldErr(v, field, "file name %q must be a relative path inside the package folder (no \"..\", not absolute)", name)
	}
	return name, nil
}

// substs evaluates the substs field.
func (s *scope) substs(x opam.Value) ([]string, error) {
	var out []string
	for _, it := range x.Items() {
		if it.Kind != opam.KindString {
			return nil, fieldErr(it, "substs", "want a file name, found a %s", it.Kind)
		}
		name, err := s.fileName("substs", it)
		if err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, nil
}

// strings returns a field's list of plain strings (flags, tags).
func stringList(field string, x opam.Value) ([]string, error) {
	var out []string
	for _, it := range x.Items() {
		if it.Kind != opam.KindString && it.Kind != opam.KindIdent {
			return nil, fieldErr(it, field, "want a string, found a %s", it.Kind)
		}
		out = append(out, it.Str())
	}
	return out, nil
}
