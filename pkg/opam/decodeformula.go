package opam

import (
	"errors"

	"github.com/hillingar/hillingar/pkg/version"
)

// DecodeFormula reads v, the value of the package formula field named
// field, as Decode does: conn is And for depends, Or for depopts and
// conflicts. It returns what could be read and, when not nil, an error
// joining a *FieldError for each problem. A caller that needs only this
// field avoids decoding the whole file.
func DecodeFormula(field string, v Value, conn Connective) (DepFormula, error) {
	d := decoder{field: field}
	f := d.formula(v, conn)
	return f, errors.Join(d.errs...)
}

// formula reads a package formula: a list of items joined by conn (And
// for depends, Or for depopts and conflicts), each a "name" with optional
// braces, a parenthesized group or items joined by '&' and '|'.
func (d *decoder) formula(v Value, conn Connective) DepFormula {
	return d.formulaItems(v.Items(), conn)
}

func (d *decoder) formulaItems(items []Value, conn Connective) DepFormula {
	if len(items) == 1 {
		return d.formulaItem(items[0], conn)
	}
	f := DepFormula{Conn: conn, Args: make([]DepFormula, 0, len(items))}
	for _, e := range items {
		f.Args = append(f.Args, d.formulaItem(e, conn))
	}
	return f
}

// formulaItem reads one item; conn joins the items of a group.
func (d *decoder) formulaItem(v Value, conn Connective) DepFormula {
	switch v.Kind {
	case KindString, KindOption:
		return DepFormula{Conn: Leaf, Dep: d.dep(v)}
	case KindGroup:
		return d.formulaItems(v.Args(), conn)
	case KindLogop:
		op := And
		if v.Op == OpOr {
			op = Or
		}
		return DepFormula{Conn: op, Args: []DepFormula{d.formulaItem(v.Left(), conn), d.formulaItem(v.Right(), conn)}}
	}
	d.unexpected(v, "a package formula")
	return DepFormula{Conn: And}
}

func (d *decoder) dep(v Value) Dep {
	name, cs := split(v)
	if name.Kind != KindString {
		d.unexpected(name, "a package name")
	}
	dep := Dep{Pos: v.Pos, Name: name.Str()}
	if len(cs) > 0 {
		c := d.conds(cs, false)
		dep.Constraint = &c
	}
	return dep
}

// conds reads the values of a package atom's braces, joined by '&'.
func (d *decoder) conds(vs []Value, neg bool) Cond {
	if len(vs) == 1 {
		return d.cond(vs[0], neg)
	}
	kind := CondAnd
	if neg {
		kind = CondOr
	}
	c := Cond{Kind: kind, Args: make([]Cond, 0, len(vs))}
	for _, v := range vs {
		c.Args = append(c.Args, d.cond(v, neg))
	}
	return c
}

// cond reads one filtered version formula; neg pushes a '!' down to the
// leaves as opam does.
func (d *decoder) cond(v Value, neg bool) Cond {
	switch {
	case v.Kind == KindPrefixRelop:
		ver := v.Operand()
		switch ver.Kind {
		case KindString:
			d.version(ver)
		case KindIdent:
		default:
			d.unexpected(ver, "a version string or variable")
		}
		op := v.Op
		if neg {
			op = negateRelop(op)
		}
		return Cond{Kind: CondConstraint, Op: op, Version: ver}
	case v.Kind == KindLogop:
		kind := CondAnd
		if (v.Op == OpOr) != neg {
			kind = CondOr
		}
		return Cond{Kind: kind, Args: []Cond{d.cond(v.Left(), neg), d.cond(v.Right(), neg)}}
	case v.Kind == KindGroup:
		if len(v.Args()) == 0 {
			d.errorf(v.Pos, "empty parentheses in a version formula")
		}
		return d.conds(v.Args(), neg)
	case v.Kind == KindPfxop && v.Op == OpNot:
		return d.cond(v.Operand(), !neg)
	}
	d.filter(v)
	if neg {
		v = NewComposite(KindPfxop, OpNot, v.Pos, []Value{v})
	}
	return Cond{Kind: CondFilter, Filter: v}
}

func negateRelop(op Op) Op {
	switch op {
	case OpEq:
		return OpNeq
	case OpNeq:
		return OpEq
	case OpLt:
		return OpGe
	case OpLe:
		return OpGt
	case OpGt:
		return OpLe
	case OpGe:
		return OpLt
	}
	return op
}

// dashEnv gives every variable the value "-", as opam does to check a
// version string that holds interpolations.
var dashEnv = EnvFunc(func(Var) (FilterValue, bool) { return StringValue("-"), true })

// version checks a version string, which may hold interpolations.
func (d *decoder) version(v Value) {
	if s := Expand(v.Str(), dashEnv); !version.Valid(s) {
		d.errorf(v.Pos, "invalid version "+quote(v.Str())+": use letters, digits and -_+.~")
	}
}
