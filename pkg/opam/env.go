package opam

// FilterValue is the result of evaluating a filter or a variable: a bool,
// a string, or undefined. The zero FilterValue is undefined.
type FilterValue struct {
	kind fvKind
	b    bool
	s    string
}

type fvKind uint8

const (
	fvUndef fvKind = iota
	fvBool
	fvString
)

// Undefined is the undefined value.
var Undefined = FilterValue{}

// BoolValue returns the bool b as a value.
func BoolValue(b bool) FilterValue { return FilterValue{kind: fvBool, b: b} }

// StringValue returns the string s as a value.
func StringValue(s string) FilterValue { return FilterValue{kind: fvString, s: s} }

// Defined reports whether v is defined.
func (v FilterValue) Defined() bool { return v.kind != fvUndef }

// IsBool reports whether v is a bool (not a string spelling one).
func (v FilterValue) IsBool() bool { return v.kind == fvBool }

// Bool converts v to a bool as opam does: a bool is itself, the strings
// "true" and "false" are the bools they spell; anything else is not a
// bool and ok is false.
func (v FilterValue) Bool() (b, ok bool) {
	switch {
	case v.kind == fvBool:
		return v.b, true
	case v.kind == fvString && v.s == "true":
		return true, true
	case v.kind == fvString && v.s == "false":
		return false, true
	}
	return false, false
}

// String converts v to a string as opam does: a bool becomes "true" or
// "false"; ok is false for an undefined value.
func (v FilterValue) String() (s string, ok bool) {
	switch v.kind {
	case fvBool:
		if v.b {
			return "true", true
		}
		return "false", true
	case fvString:
		return v.s, true
	}
	return "", false
}

// GoString formats v for test failures and debugging.
func (v FilterValue) GoString() string {
	switch v.kind {
	case fvBool:
		s, _ := v.String()
		return "BoolValue(" + s + ")"
	case fvString:
		return "StringValue(" + quote(v.s) + ")"
	}
	return "Undefined"
}

// Env answers variable lookups during evaluation. Lookup is called with a
// global variable (no Pkgs) or with a variable of exactly one package,
// where the package "_" stands for the package being defined; the
// evaluator itself combines several packages and applies converters and
// the "enable" shortcut. ok false means the variable is undefined.
type Env interface {
	Lookup(v Var) (FilterValue, bool)
}

// EnvFunc adapts a function to the Env interface.
type EnvFunc func(v Var) (FilterValue, bool)

// Lookup calls f.
func (f EnvFunc) Lookup(v Var) (FilterValue, bool) { return f(v) }

// MapEnv is an Env backed by a map from the variable's spelling (such as
// "os", "ocaml:version" or "_:name") to its value.
type MapEnv map[string]FilterValue

// Lookup returns the entry for v.String().
func (m MapEnv) Lookup(v Var) (FilterValue, bool) {
	x, ok := m[v.String()]
	return x, ok && x.Defined()
}

// EmptyEnv is an Env in which every variable is undefined.
var EmptyEnv Env = MapEnv(nil)
