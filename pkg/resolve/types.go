package resolve

import (
	"fmt"
	"strings"
)

// A Universe gives the versions of a package name.
//
// Versions returns every version of name known to the universe, available
// or not, in any order; the resolver sorts them by Rank. An unknown name
// returns no candidates and a nil error. The resolver calls Versions at most
// once per name and never modifies what it returns. Errors are returned to
// the caller of [Solve] unchanged (wrapped).
type Universe interface {
	Versions(name string) ([]*Candidate, error)
}

// A Pos is where a constraint was written. Line and Col are 1-based; zero
// means unknown.
type Pos struct {
	File      string
	Line, Col int
}

// String formats p as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// A Candidate is one version of a package, with its constraints already
// reduced under the solve's variable environment.
type Candidate struct {
	Name    string
	Version string
	// Rank is the version's position in opam's version order among all
	// the versions of Name that the universe returns: 0 is the oldest.
	// Ranks of one name must be distinct.
	Rank int
	// Available reports whether the version may be installed.
	Available bool
	// AvoidVersion reports whether the version has flags: avoid-version.
	AvoidVersion bool
	// Depends must hold when the version is installed.
	Depends Formula
	// Conflicts lists atoms whose matching versions may not be installed
	// together with this one.
	Conflicts []Atom
	// ConflictClass lists the version's conflict classes.
	ConflictClass []string
	// Source is where the version is defined (its opam file).
	Source Pos
}

// String returns name.version.
func (c *Candidate) String() string { return c.Name + "." + c.Version }

// A VersionConstraint decides which versions an atom allows. It must
// compare by opam's version order, also against versions that do not exist.
type VersionConstraint interface {
	Allows(version string) bool
	// String returns the constraint as written, e.g. ">= 4.5 & < 5".
	String() string
}

// An Atom is a package name with an optional version constraint.
type Atom struct {
	Name string
	// Constraint is nil when every version is allowed.
	Constraint VersionConstraint
	// Pos is where the atom was written.
	Pos Pos
}

// Allows reports whether a allows version v of a.Name.
func (a Atom) Allows(v string) bool {
	return a.Constraint == nil || a.Constraint.Allows(v)
}

// String returns the atom in opam's syntax, e.g. `ocaml >= 4.14`.
func (a Atom) String() string {
	if a.Constraint == nil {
		return a.Name
	}
	return a.Name + " " + a.Constraint.String()
}

// An Op is the kind of a Formula node.
type Op uint8

// Formula operators. The zero Formula is True.
const (
	OpTrue Op = iota
	OpAtom
	OpAnd
	OpOr
)

// A Formula is a package formula: an atom, or And/Or of sub-formulas.
// The zero Formula is true (no constraint). An Or with no arguments is
// false; an And with no arguments is true.
type Formula struct {
	Op   Op
	Atom Atom      // when Op == OpAtom
	Args []Formula // when Op is OpAnd or OpOr
}

// AtomFormula returns the formula of one atom.
func AtomFormula(a Atom) Formula { return Formula{Op: OpAtom, Atom: a} }

// And returns the conjunction of fs.
func And(fs ...Formula) Formula { return Formula{Op: OpAnd, Args: fs} }

// Or returns the disjunction of fs.
func Or(fs ...Formula) Formula { return Formula{Op: OpOr, Args: fs} }

// Conjuncts returns the top-level conjuncts of f: And nodes are flattened,
// True parts are left out.
func (f Formula) Conjuncts() []Formula {
	switch f.Op {
	case OpTrue:
		return nil
	case OpAnd:
		var out []Formula
		for _, a := range f.Args {
			out = append(out, a.Conjuncts()...)
		}
		return out
	}
	return []Formula{f}
}

// Eval reports whether f holds when has says which atoms are satisfied.
func (f Formula) Eval(has func(Atom) bool) bool {
	switch f.Op {
	case OpAtom:
		return has(f.Atom)
	case OpAnd:
		for _, a := range f.Args {
			if !a.Eval(has) {
				return false
			}
		}
		return true
	case OpOr:
		for _, a := range f.Args {
			if a.Eval(has) {
				return true
			}
		}
		return false
	}
	return true
}

// String writes f in opam's syntax, with parentheses around nested
// disjunctions and conjunctions.
func (f Formula) String() string {
	var b strings.Builder
	f.write(&b, OpTrue)
	return b.String()
}

func (f Formula) write(b *strings.Builder, parent Op) {
	switch f.Op {
	case OpTrue:
		b.WriteString("true")
	case OpAtom:
		b.WriteString(f.Atom.String())
	case OpAnd, OpOr:
		sep := " & "
		if f.Op == OpOr {
			sep = " | "
		}
		if len(f.Args) == 0 && f.Op == OpOr {
			b.WriteString("false")
			return
		}
		paren := parent != OpTrue && parent != f.Op
		if paren {
			b.WriteByte('(')
		}
		for i, a := range f.Args {
			if i > 0 {
				b.WriteString(sep)
			}
			a.write(b, f.Op)
		}
		if paren {
			b.WriteByte(')')
		}
	}
}

// firstPos returns the position of f's first atom.
func (f Formula) firstPos() Pos {
	if f.Op == OpAtom {
		return f.Atom.Pos
	}
	for _, a := range f.Args {
		if p := a.firstPos(); p.File != "" {
			return p
		}
	}
	return Pos{}
}

// A Root is one of the project's own opam files: its dependencies must
// hold, but its name is not a "requested" package and it is not part of the
// plan.
type Root struct {
	Name      string
	Depends   Formula
	Conflicts []Atom
	Source    Pos
}

// A Request is what to install.
type Request struct {
	// Atoms are the requested packages (opam's command-line atoms). A name
	// given twice must satisfy both atoms.
	Atoms []Atom
	// Roots are the project's opam files (opam's -f).
	Roots []Root
}
