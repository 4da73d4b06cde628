package opamuniverse

import (
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
)

// A tri is a reduced filtered constraint: always true, always false (the
// atom is dropped), or a version constraint.
type tri struct {
	kind uint8 // triTrue, triFalse, triCons
	c    *vcons
}

const (
	triTrue uint8 = iota
	triFalse
	triCons
)

// vcons is a version constraint: a comparison, or And/Or of two.
type vcons struct {
	op   opam.Op // a relop, OpAnd or OpOr
	v    string
	l, r *vcons
}

// Allows implements resolve.VersionConstraint.
func (c *vcons) Allows(v string) bool {
	switch c.op {
	case opam.OpAnd:
		return c.l.Allows(v) && c.r.Allows(v)
	case opam.OpOr:
		return c.l.Allows(v) || c.r.Allows(v)
	}
	return holds(c.op, v, c.v)
}

// String writes the constraint as opam does, without quotes:
// ">= 4.5.0 & < 4.6.0".
func (c *vcons) String() string {
	var b strings.Builder
	c.write(&b, opam.OpNone)
	return b.String()
}

func (c *vcons) write(b *strings.Builder, parent opam.Op) {
	if c.op != opam.OpAnd && c.op != opam.OpOr {
		b.WriteString(c.op.String() + " " + c.v)
		return
	}
	paren := parent != opam.OpNone && parent != c.op
	if paren {
		b.WriteByte('(')
	}
	c.l.write(b, c.op)
	b.WriteString(" " + c.op.String() + " ")
	c.r.write(b, c.op)
	if paren {
		b.WriteByte(')')
	}
}

// constraintOf reduces the content of an atom's braces.
func (s *scope) constraintOf(v opam.Value) tri {
	switch v.Kind {
	case opam.KindPrefixRelop:
		ver, ok := s.eval(v.Operand()).asString()
		if !ok {
			return tri{kind: triFalse}
		}
		return tri{kind: triCons, c: &vcons{op: v.Op, v: ver}}
	case opam.KindLogop:
		return combine(v.Op, s.constraintOf(v.Left()), s.constraintOf(v.Right()))
	case opam.KindPfxop:
		if v.Op == opam.OpNot && hasVersion(v.Operand()) {
			return negate(s.constraintOf(v.Operand()))
		}
	case opam.KindGroup:
		// Several values in parentheses are read as their conjunction, as
		// pkg/opam does: { (>= "8.18" < "8.20") | = "dev" }.
		t := tri{kind: triTrue}
		for _, a := range v.Args {
			t = combine(opam.OpAnd, t, s.constraintOf(a))
		}
		return t
	}
	if s.truth(v) {
		return tri{kind: triTrue}
	}
	return tri{kind: triFalse}
}

// hasVersion reports whether v holds a version comparison such as >= "1".
func hasVersion(v opam.Value) bool {
	if v.Kind == opam.KindPrefixRelop {
		return true
	}
	for _, a := range v.Args {
		if hasVersion(a) {
			return true
		}
	}
	return false
}

// negate is `!` over a reduced constraint, pushed down to the
// comparisons: !(>= 4 & < 5) is < 4 | >= 5.
func negate(t tri) tri {
	switch t.kind {
	case triTrue:
		return tri{kind: triFalse}
	case triFalse:
		return tri{kind: triTrue}
	}
	return tri{kind: triCons, c: t.c.negate()}
}

var negOp = map[opam.Op]opam.Op{opam.OpEq: opam.OpNeq, opam.OpNeq: opam.OpEq,
	opam.OpLt: opam.OpGe, opam.OpGe: opam.OpLt, opam.OpGt: opam.OpLe, opam.OpLe: opam.OpGt}

func (c *vcons) negate() *vcons {
	switch c.op {
	case opam.OpAnd:
		return &vcons{op: opam.OpOr, l: c.l.negate(), r: c.r.negate()}
	case opam.OpOr:
		return &vcons{op: opam.OpAnd, l: c.l.negate(), r: c.r.negate()}
	}
	return &vcons{op: negOp[c.op], v: c.v}
}

// combine is opam's partial evaluation of & and | over reduced parts.
func combine(op opam.Op, a, b tri) tri {
	and := op == opam.OpAnd
	switch {
	case and && (a.kind == triFalse || b.kind == triFalse):
		return tri{kind: triFalse}
	case !and && (a.kind == triTrue || b.kind == triTrue):
		return tri{kind: triTrue}
	case a.kind != triCons:
		return b
	case b.kind != triCons:
		return a
	}
	return tri{kind: triCons, c: &vcons{op: op, l: a.c, r: b.c}}
}

// formula reduces a filtered package formula (depends, conflicts). ok is
// false when nothing is left of it.
func (s *scope) formula(v opam.Value) (f resolve.Formula, ok bool) {
	switch v.Kind {
	case opam.KindString:
		return resolve.AtomFormula(resolve.Atom{Name: v.Str, Pos: pos(v.Pos)}), true
	case opam.KindOption:
		return s.option(v)
	case opam.KindLogop:
		l, okL := s.formula(v.Left())
		r, okR := s.formula(v.Right())
		switch {
		case okL && okR && v.Op == opam.OpOr:
			return resolve.Or(l, r), true
		case okL && okR:
			return resolve.And(l, r), true
		case okL:
			return l, true
		}
		return r, okR
	case opam.KindList, opam.KindGroup:
		var parts []resolve.Formula
		for _, it := range v.Args {
			if f, ok := s.formula(it); ok {
				parts = append(parts, f)
			}
		}
		switch len(parts) {
		case 0:
			return resolve.Formula{}, false
		case 1:
			return parts[0], true
		}
		return resolve.And(parts...), true
	}
	return resolve.Formula{}, false
}

// option reduces `"name" {filtered constraint}`; a filter on a group
// applies to each atom inside.
func (s *scope) option(v opam.Value) (resolve.Formula, bool) {
	fs := v.Filters()
	t := tri{kind: triTrue}
	for _, f := range fs {
		t = combine(opam.OpAnd, t, s.constraintOf(f))
	}
	if t.kind == triFalse {
		return resolve.Formula{}, false
	}
	inner := v.Left()
	if inner.Kind != opam.KindString {
		return s.formula(inner)
	}
	a := resolve.Atom{Name: inner.Str, Pos: pos(inner.Pos)}
	if t.kind == triCons {
		a.Constraint = t.c
	}
	return resolve.AtomFormula(a), true
}

// atoms lists the atoms of a reduced formula, for conflicts.
func atoms(f resolve.Formula) []resolve.Atom {
	switch f.Op {
	case resolve.OpAtom:
		return []resolve.Atom{f.Atom}
	case resolve.OpAnd, resolve.OpOr:
		var out []resolve.Atom
		for _, a := range f.Args {
			out = append(out, atoms(a)...)
		}
		return out
	}
	return nil
}

func pos(p opam.Pos) resolve.Pos {
	return resolve.Pos{File: p.File, Line: int(p.Line), Col: int(p.Col)}
}
