package opamuniverse

import (
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/version"
)

// vcons is a version constraint: a comparison (conn is OpNone), or the
// And or Or (conn is OpAnd or OpOr) of two.
type vcons struct {
	conn opam.Op
	op   version.Op
	v    string
	l, r *vcons
}

// Allows implements resolve.VersionConstraint.
func (c *vcons) Allows(v string) bool {
	switch c.conn {
	case opam.OpAnd:
		return c.l.Allows(v) && c.r.Allows(v)
	case opam.OpOr:
		return c.l.Allows(v) || c.r.Allows(v)
	}
	return c.op.Holds(v, c.v)
}

// String writes the constraint as opam does, without quotes:
// ">= 4.5.0 & < 4.6.0".
func (c *vcons) String() string {
	var b strings.Builder
	c.write(&b, opam.OpNone)
	return b.String()
}

func (c *vcons) write(b *strings.Builder, parent opam.Op) {
	if c.conn == opam.OpNone {
		b.WriteString(c.op.String() + " " + c.v)
		return
	}
	paren := parent != opam.OpNone && parent != c.conn
	if paren {
		b.WriteByte('(')
	}
	c.l.write(b, c.conn)
	b.WriteString(" " + c.conn.String() + " ")
	c.r.write(b, c.conn)
	if paren {
		b.WriteByte(')')
	}
}

// formula converts a formula reduced by [opam.Reduce] to the resolver's
// form. ok is false when nothing is left of it: the empty formula, or
// only atoms without a name (a field of the wrong shape, which
// [opam.Decode] reports).
func formula(f opam.Formula) (resolve.Formula, bool) {
	if f.Conn == opam.Leaf {
		if f.Atom.Name == "" {
			return resolve.Formula{}, false
		}
		return resolve.AtomFormula(atom(f.Atom)), true
	}
	var args []resolve.Formula
	for _, a := range f.Args {
		if g, ok := formula(a); ok {
			args = append(args, g)
		}
	}
	switch {
	case len(args) == 0:
		return resolve.Formula{}, false
	case len(args) == 1:
		return args[0], true
	case f.Conn == opam.Or:
		return resolve.Or(args...), true
	}
	return resolve.And(args...), true
}

// atom converts a reduced atom, keeping where it was written.
func atom(a opam.Atom) resolve.Atom {
	out := resolve.Atom{Name: a.Name, Pos: pos(a.Pos)}
	if a.Constraint != nil {
		out.Constraint = constraint(*a.Constraint)
	}
	return out
}

// constraint converts a version constraint; And and Or of several
// arguments nest to the left.
func constraint(c opam.VersionConstraint) *vcons {
	if c.Conn == opam.Leaf || len(c.Args) == 0 {
		// An operator that is not a comparison, which Reduce never
		// gives, leaves the zero version.Op: it never holds.
		op, _ := version.ParseOp(c.Op.String())
		return &vcons{op: op, v: c.Version}
	}
	conn := opam.OpAnd
	if c.Conn == opam.Or {
		conn = opam.OpOr
	}
	out := constraint(c.Args[0])
	for _, a := range c.Args[1:] {
		out = &vcons{conn: conn, l: out, r: constraint(a)}
	}
	return out
}

// conflicts lists the named atoms of a reduced conflicts formula, each
// one conflict.
func conflicts(f opam.Formula) []resolve.Atom {
	var out []resolve.Atom
	for _, a := range f.Atoms() {
		if a.Name != "" {
			out = append(out, atom(a))
		}
	}
	return out
}

func pos(p opam.Pos) resolve.Pos {
	return resolve.Pos{File: p.File(), Line: int(p.Line), Col: int(p.Col)}
}
