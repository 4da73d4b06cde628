package opam

import (
	"slices"
)

// Connective says how a formula node combines its arguments.
type Connective uint8

// The connectives of formulas.
const (
	Leaf Connective = iota // a single atom
	And                    // all of Args
	Or                     // at least one of Args
)

// Dep is one package atom of a package formula as written:
// "name" {constraint}.
type Dep struct {
	Pos  Pos
	Name string
	// Constraint is the formula inside the braces, or nil when there are
	// none (or they are empty).
	Constraint *Cond
}

// DepFormula is a package formula as written in depends, depopts,
// conflicts and similar fields: atoms combined with '&' and '|'.
// Parentheses are not kept; a node's Args are its operands in order.
type DepFormula struct {
	Conn Connective
	Dep  Dep // for Leaf
	Args []DepFormula
}

// CondKind says what a node of a filtered version formula is.
type CondKind uint8

// The kinds of Cond nodes.
const (
	CondConstraint CondKind = iota // Op Version, as in >= "1.0"
	CondFilter                     // a filter such as build or os = "linux"
	CondAnd
	CondOr
)

// Cond is a filtered version formula, the contents of a package atom's
// braces: version constraints and filters mixed with '&' and '|'. A '!'
// written in front of a sub-formula has been pushed down to its leaves as
// opam does: constraints get the opposite operator and filters are
// wrapped in '!'.
type Cond struct {
	Kind CondKind
	// Op and Version hold a constraint; Version is a string (which may
	// hold interpolations) or an identifier naming a variable.
	Op      Op
	Version Value
	// Filter holds a filter.
	Filter Value
	Args   []Cond
}

// VersionConstraint is a version formula over plain versions: for a leaf,
// Op and Version; otherwise And or Or of Args.
type VersionConstraint struct {
	Conn    Connective
	Op      Op
	Version string
	Args    []VersionConstraint
}

// Holds reports whether version v satisfies c in opam's order. A nil
// constraint holds for every version.
func (c *VersionConstraint) Holds(v string) bool {
	if c == nil {
		return true
	}
	switch c.Conn {
	case And:
		for i := range c.Args {
			if !c.Args[i].Holds(v) {
				return false
			}
		}
		return true
	case Or:
		for i := range c.Args {
			if c.Args[i].Holds(v) {
				return true
			}
		}
		return false
	}
	return holds(c.Op, compareVersions(v, c.Version))
}

// Atom is a package with an optional version constraint, the leaf of a
// reduced formula.
type Atom struct {
	// Pos is where the dependency was written (its Dep's Pos), for
	// messages that point at the file.
	Pos        Pos
	Name       string
	Constraint *VersionConstraint
	// Vars lists, sorted and without duplicates, the variables that the
	// atom's filters referred to (such as "with-test" or "build"), so a
	// caller can tell which atoms exist only because of one of them.
	Vars []string
}

// Formula is a plain package formula. The zero Formula with no Args and
// Conn And is the empty formula, true; Empty reports it.
type Formula struct {
	Conn Connective
	Atom Atom
	Args []Formula
}

// Empty reports whether f is the empty formula.
func (f Formula) Empty() bool { return f.Conn != Leaf && len(f.Args) == 0 }

// Atoms returns the atoms of f, left to right.
func (f Formula) Atoms() []Atom {
	var out []Atom
	var walk func(f Formula)
	walk = func(f Formula) {
		if f.Conn == Leaf {
			out = append(out, f.Atom)
			return
		}
		for _, a := range f.Args {
			walk(a)
		}
	}
	walk(f)
	return out
}

// Reduce evaluates the filters of a package formula under env as opam's
// solver does for dependencies: an atom whose filters are false or
// undefined disappears (it is neutral in both '&' and '|'), the filters of
// a kept atom disappear, and version constraints are evaluated to plain
// versions; a constraint whose version is an undefined variable is
// dropped. The result is flattened (nested '&' inside '&' are merged).
//
// env answers the variables of filters (build, post, with-test, with-doc,
// dev, os and the like) and of versions: constraints such as {= version}
// need the package's own version and name as the global variables version
// and name, as opam provides them.
func Reduce(f DepFormula, env Env) Formula {
	switch f.Conn {
	case Leaf:
		return reduceDep(f.Dep, env)
	}
	out := Formula{Conn: f.Conn}
	for _, a := range f.Args {
		r := Reduce(a, env)
		if r.Empty() {
			continue
		}
		if r.Conn == f.Conn {
			out.Args = append(out.Args, r.Args...)
		} else {
			out.Args = append(out.Args, r)
		}
	}
	if len(out.Args) == 1 {
		return out.Args[0]
	}
	return out
}

func emptyFormula() Formula { return Formula{Conn: And} }

func reduceDep(d Dep, env Env) Formula {
	atom := Atom{Pos: d.Pos, Name: d.Name}
	if d.Constraint != nil {
		atom.Vars = condVars(d.Constraint, nil)
		r := reduceCond(d.Constraint, env)
		switch r.state {
		case triFalse:
			return emptyFormula()
		case triFormula:
			atom.Constraint = r.f
		}
	}
	return Formula{Conn: Leaf, Atom: atom}
}

type tri uint8

const (
	triTrue tri = iota
	triFalse
	triFormula // f, which may be nil: no constraint
)

type condResult struct {
	state tri
	f     *VersionConstraint
}

// reduceCond is opam's partial evaluation of a filtered version formula:
// filters become true or false (undefined counts as false), constraints
// become plain version constraints.
func reduceCond(c *Cond, env Env) condResult {
	switch c.Kind {
	case CondFilter:
		if EvalBool(c.Filter, env, false) {
			return condResult{state: triTrue}
		}
		return condResult{state: triFalse}
	case CondConstraint:
		v, ok := EvalFilter(c.Version, env).String()
		if !ok {
			return condResult{state: triFormula}
		}
		return condResult{state: triFormula, f: &VersionConstraint{Conn: Leaf, Op: c.Op, Version: v}}
	}
	conn, absorb, neutral := And, triFalse, triTrue
	if c.Kind == CondOr {
		conn, absorb, neutral = Or, triTrue, triFalse
	}
	var args []VersionConstraint
	sawFormula := false
	for i := range c.Args {
		r := reduceCond(&c.Args[i], env)
		switch r.state {
		case absorb:
			return r
		case neutral:
			continue
		}
		sawFormula = true
		if r.f == nil {
			continue
		}
		if r.f.Conn == conn {
			args = append(args, r.f.Args...)
		} else {
			args = append(args, *r.f)
		}
	}
	switch {
	case !sawFormula:
		return condResult{state: neutral}
	case len(args) == 0:
		return condResult{state: triFormula}
	case len(args) == 1:
		return condResult{state: triFormula, f: &args[0]}
	}
	return condResult{state: triFormula, f: &VersionConstraint{Conn: conn, Args: args}}
}

// condVars appends the variables referred to by the filters of c (not by
// its version constraints), and returns them sorted and deduplicated.
func condVars(c *Cond, acc []string) []string {
	acc = appendCondVars(c, acc)
	slices.Sort(acc)
	return slices.Compact(acc)
}

func appendCondVars(c *Cond, acc []string) []string {
	switch c.Kind {
	case CondFilter:
		return FilterVars(c.Filter, acc)
	case CondAnd, CondOr:
		for i := range c.Args {
			acc = appendCondVars(&c.Args[i], acc)
		}
	}
	return acc
}

// FilterVars appends to acc the spelling of each variable that filter f
// refers to, in identifiers and in string interpolations, in order of
// appearance and with repetitions.
func FilterVars(f Value, acc []string) []string {
	switch f.Kind {
	case KindIdent:
		return append(acc, f.Str())
	case KindString:
		if HasInterpolation(f.Str()) {
			parts, _ := ParseInterpolation(f.Str(), Pos{})
			for _, p := range parts {
				if p.IsVar {
					acc = append(acc, p.Var.String())
				}
			}
		}
		return acc
	}
	for _, a := range f.Args() {
		acc = FilterVars(a, acc)
	}
	return acc
}

// Vars returns the variables that the filters of f's atoms refer to,
// sorted and without duplicates, such as ["build" "with-test"]; version
// constraints are not included.
func (f DepFormula) Vars() []string {
	var acc []string
	var walk func(f DepFormula)
	walk = func(f DepFormula) {
		if f.Conn == Leaf {
			if f.Dep.Constraint != nil {
				acc = appendCondVars(f.Dep.Constraint, acc)
			}
			return
		}
		for _, a := range f.Args {
			walk(a)
		}
	}
	walk(f)
	slices.Sort(acc)
	return slices.Compact(acc)
}
