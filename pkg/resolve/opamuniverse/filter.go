package opamuniverse

import (
	"strconv"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/version"
)

// A fval is the value of a filter: undefined, a bool or a string.
type fval struct {
	kind uint8 // undef, isBool, isString
	b    bool
	s    string
}

const (
	undef uint8 = iota
	isBool
	isString
)

func boolVal(b bool) fval { return fval{kind: isBool, b: b} }

// asBool converts v as opam does: strings "true" and "false" are bools.
func (v fval) asBool() (bool, bool) {
	switch v.kind {
	case isBool:
		return v.b, true
	case isString:
		switch v.s {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// asString converts v to a string; bools become "true" and "false".
func (v fval) asString() (string, bool) {
	switch v.kind {
	case isString:
		return v.s, true
	case isBool:
		if v.b {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// scope resolves the variables of one package's filters.
type scope struct {
	env      map[string]string
	name     string
	version  string
	withTest bool
	withDoc  bool
}

// lookup returns the value of variable id (global or package variable).
func (s *scope) lookup(id string) fval {
	switch id {
	case "build", "post":
		return boolVal(true)
	case "dev", "pinned":
		return boolVal(false)
	case "with-test":
		return boolVal(s.withTest)
	case "with-doc":
		return boolVal(s.withDoc)
	case "name", "_:name":
		return fval{kind: isString, s: s.name}
	case "version", "_:version":
		return fval{kind: isString, s: s.version}
	case "opam-version":
		return fval{kind: isString, s: "2.1.2"}
	}
	if v, ok := s.env[id]; ok {
		return fval{kind: isString, s: v}
	}
	return fval{}
}

// eval evaluates a filter expression.
func (s *scope) eval(v opam.Value) fval {
	switch v.Kind {
	case opam.KindBool:
		return boolVal(v.Bool)
	case opam.KindString:
		if strings.Contains(v.Str, "%{") {
			return fval{} // TODO(#2): interpolation in filters, which no snapshot needs
		}
		return fval{kind: isString, s: v.Str}
	case opam.KindInt:
		// opam reads an integer in a filter as the string of its digits
		// (os-version > 10).
		return fval{kind: isString, s: strconv.FormatInt(v.Int, 10)}
	case opam.KindIdent:
		return s.lookup(v.Str)
	case opam.KindGroup, opam.KindList:
		return s.evalAll(v.Args)
	case opam.KindPfxop:
		return s.evalPrefix(v)
	case opam.KindLogop:
		return s.evalLogop(v)
	case opam.KindRelop:
		a, okA := s.eval(v.Left()).asString()
		b, okB := s.eval(v.Right()).asString()
		if !okA || !okB {
			return fval{}
		}
		return boolVal(holds(v.Op, a, b))
	}
	return fval{}
}

// evalAll evaluates one value, or several as their conjunction.
func (s *scope) evalAll(vs []opam.Value) fval {
	if len(vs) == 1 {
		return s.eval(vs[0])
	}
	out := boolVal(true)
	for _, v := range vs {
		out = and(out, s.eval(v))
	}
	return out
}

func (s *scope) evalPrefix(v opam.Value) fval {
	x := s.eval(v.Left())
	if v.Op == opam.OpDefined {
		return boolVal(x.kind != undef)
	}
	if b, ok := x.asBool(); ok {
		return boolVal(!b)
	}
	return fval{}
}

// evalLogop evaluates & and |.
func (s *scope) evalLogop(v opam.Value) fval {
	return logop(v.Op == opam.OpOr, s.eval(v.Left()), s.eval(v.Right()))
}

func and(x, y fval) fval { return logop(false, x, y) }

// logop is & (or | when or is set): a side that decides the result (false
// for &, true for |) wins over an undefined other side.
func logop(or bool, x, y fval) fval {
	a, okA := x.asBool()
	b, okB := y.asBool()
	absorb := or
	switch {
	case okA && okB:
		if absorb {
			return boolVal(a || b)
		}
		return boolVal(a && b)
	case okA && a == absorb, okB && b == absorb:
		return boolVal(absorb)
	}
	return fval{}
}

// truth evaluates a filter to a bool; undefined counts as false.
func (s *scope) truth(v opam.Value) bool {
	b, ok := s.eval(v).asBool()
	return ok && b
}

// holds compares two strings by opam's version order.
func holds(op opam.Op, a, b string) bool {
	c := version.Compare(a, b)
	switch op {
	case opam.OpEq:
		return c == 0
	case opam.OpNeq:
		return c != 0
	case opam.OpLt:
		return c < 0
	case opam.OpLe:
		return c <= 0
	case opam.OpGt:
		return c > 0
	case opam.OpGe:
		return c >= 0
	}
	return false
}
