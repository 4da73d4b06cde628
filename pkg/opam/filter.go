package opam

import (
	"strconv"
	"strings"

	"github.com/hillingar/hillingar/pkg/version"
)

// compareVersions is the order used by comparisons in filters.
var compareVersions = version.Compare

// EvalFilter evaluates the filter f under env with opam's rules (see the
// package documentation, "Filters"). A value that is not a valid filter
// (a list, a prefix comparison) evaluates to Undefined; Decode
// reports such values as errors. An integer is read as its decimal
// string, as opam-repository's files rely on (os-version >= 8).
func EvalFilter(f Value, env Env) FilterValue {
	switch f.Kind {
	case KindBool:
		return BoolValue(f.Bool)
	case KindString:
		return StringValue(Expand(f.Str(), env))
	case KindInt:
		return StringValue(strconv.FormatInt(f.Int(), 10))
	case KindIdent:
		v, err := ParseVar(f.Str())
		if err != nil {
			return Undefined
		}
		return expandValue(resolveVar(env, v, nil), env)
	case KindRelop:
		return evalRelop(f, env)
	case KindLogop:
		absorb := f.Op == OpOr
		return logop(f.Op, absorb, EvalFilter(f.Left(), env), EvalFilter(f.Right(), env))
	case KindPfxop:
		x := EvalFilter(f.Operand(), env)
		if f.Op == OpDefined {
			return BoolValue(x.Defined())
		}
		if b, ok := x.Bool(); ok {
			return BoolValue(!b)
		}
		return Undefined
	case KindGroup:
		return evalAll(f.Args(), env)
	}
	return Undefined
}

// evalAll evaluates a sequence of filters joined by '&', as opam reads a
// filter made of several values; an empty sequence is true.
func evalAll(fs []Value, env Env) FilterValue {
	if len(fs) == 0 {
		return BoolValue(true)
	}
	acc := EvalFilter(fs[0], env)
	for _, f := range fs[1:] {
		acc = logop(OpAnd, false, acc, EvalFilter(f, env))
	}
	return acc
}

// EvalFilters evaluates the values of an option's braces, joined by '&'.
func EvalFilters(fs []Value, env Env) FilterValue { return evalAll(fs, env) }

// evalRelop compares the string forms of both sides in opam's version
// order; undefined on either side makes the result undefined.
func evalRelop(f Value, env Env) FilterValue {
	l, lok := EvalFilter(f.Left(), env).String()
	r, rok := EvalFilter(f.Right(), env).String()
	if !lok || !rok {
		return Undefined
	}
	return BoolValue(holds(f.Op, compareVersions(l, r)))
}

func holds(op Op, c int) bool {
	switch op {
	case OpEq:
		return c == 0
	case OpNeq:
		return c != 0
	case OpLt:
		return c < 0
	case OpLe:
		return c <= 0
	case OpGt:
		return c > 0
	case OpGe:
		return c >= 0
	}
	return false
}

// logop applies '&' (absorb false) or '|' (absorb true): a bool equal to
// absorb on either side decides; otherwise undefined propagates; otherwise
// both sides must convert to bools.
func logop(op Op, absorb bool, l, r FilterValue) FilterValue {
	if r.kind == fvBool && r.b == absorb || l.kind == fvBool && l.b == absorb {
		return BoolValue(absorb)
	}
	lb, lok := l.Bool()
	rb, rok := r.Bool()
	if !lok || !rok {
		return Undefined
	}
	if op == OpAnd {
		return BoolValue(lb && rb)
	}
	return BoolValue(lb || rb)
}

// EvalBool evaluates f as a bool, returning def when the result is
// undefined or not a bool. opam evaluates "available" and dependency
// filters with def false.
func EvalBool(f Value, env Env, def bool) bool {
	if b, ok := EvalFilter(f, env).Bool(); ok {
		return b
	}
	return def
}

// EvalAvailable evaluates an "available" field as opam does: true when
// the field is absent (the zero Value), false when it is undefined or not
// a bool. The old list form [f1 f2] means f1 & f2.
func EvalAvailable(f Value, env Env) bool {
	switch f.Kind {
	case KindInvalid:
		return true
	case KindList:
		b, ok := evalAll(f.Args(), env).Bool()
		return ok && b
	}
	return EvalBool(f, env, false)
}

// resolveVar resolves a variable with opam's rules: "pkg:enable" is
// "installed" with the converter "enable"/"disable"; a variable of several
// packages is the conjunction of each package's value; a converter turns
// true into its first string and false or undefined into its second.
func resolveVar(env Env, v Var, conv *[2]string) FilterValue {
	if len(v.Pkgs) > 0 && v.Name == "enable" && conv == nil {
		v = Var{Pkgs: v.Pkgs, Name: "installed"}
		conv = &[2]string{"enable", "disable"}
	}
	var x FilterValue
	switch len(v.Pkgs) {
	case 0, 1:
		x, _ = lookup(env, v)
	default:
		x = resolveMulti(env, v)
	}
	if conv == nil {
		return x
	}
	if b, ok := x.Bool(); ok && b {
		return StringValue(conv[0])
	}
	return StringValue(conv[1])
}

func lookup(env Env, v Var) (FilterValue, bool) {
	if env == nil {
		return Undefined, false
	}
	x, ok := env.Lookup(v)
	if !ok {
		return Undefined, false
	}
	return x, true
}

// resolveMulti folds the packages of a multi-package variable left to
// right, exactly as opam does: a true value keeps the result so far, any
// other value replaces it with its bool reading (undefined when it has
// none), and a false result is final.
func resolveMulti(env Env, v Var) FilterValue {
	acc, accOK := true, true
	for _, p := range v.Pkgs {
		if accOK && !acc {
			break
		}
		x, _ := lookup(env, Var{Pkgs: []string{p}, Name: v.Name})
		if x.kind == fvBool && x.b {
			continue
		}
		acc, accOK = x.Bool()
	}
	if !accOK {
		return Undefined
	}
	return BoolValue(acc)
}

// expandValue expands interpolations in a string result, as opam's
// reduction does for every string it produces.
func expandValue(x FilterValue, env Env) FilterValue {
	if x.kind == fvString && HasInterpolation(x.s) {
		return StringValue(Expand(x.s, env))
	}
	return x
}

// Expand replaces the interpolations of s with their values under env,
// as opam does when it evaluates a string: "%%" becomes "%", an undefined
// variable becomes the empty string (or the else-string of a converter),
// a bool becomes "true" or "false", and malformed interpolations are left
// as they are.
func Expand(s string, env Env) string {
	if !HasInterpolation(s) {
		return s
	}
	parts, _ := ParseInterpolation(s, Pos{})
	var b strings.Builder
	for _, p := range parts {
		if !p.IsVar {
			b.WriteString(p.Text)
			continue
		}
		var conv *[2]string
		if p.HasConv {
			conv = &[2]string{p.Then, p.Else}
		}
		x, _ := resolveVar(env, p.Var, conv).String()
		b.WriteString(x)
	}
	return b.String()
}
