package drv

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/version"
)

// valKind is the state of a value during partial evaluation.
type valKind uint8

const (
	valUndef    valKind = iota // opam's undefined value
	valBool                    // known bool
	valString                  // known string
	valResidual                // known only at build time
)

// val is a partially evaluated filter value.
type val struct {
	kind valKind
	b    bool
	s    string
	r    *Filter
}

var undef = val{}

func boolVal(b bool) val     { return val{kind: valBool, b: b} }
func strVal(s string) val    { return val{kind: valString, s: s} }
func residual(f *Filter) val { return val{kind: valResidual, r: f} }

// asBool returns the value as a bool when it is one (a bool, or the
// strings "true" and "false", as opam reads them).
func (v val) asBool() (bool, bool) {
	switch {
	case v.kind == valBool:
		return v.b, true
	case v.kind == valString && (v.s == "true" || v.s == "false"):
		return v.s == "true", true
	}
	return false, false
}

// asString returns a known value as opam prints it.
func (v val) asString() string {
	if v.kind == valBool {
		return strconv.FormatBool(v.b)
	}
	return v.s
}

// filter returns the value as a residual filter. An undefined operand
// becomes false: see the package documentation.
func (v val) filter() *Filter {
	switch v.kind {
	case valBool:
		return &Filter{Kind: FilterBool, Bool: v.b}
	case valString:
		return &Filter{Kind: FilterString, Str: v.s}
	case valResidual:
		return v.r
	}
	return &Filter{Kind: FilterBool, Bool: false}
}

// scope answers variables for one package at lock time.
type scope struct {
	env  map[string]string // the solve's global variables
	plan map[string]string // name -> version of every plan member
	self string            // the package being described ("" for none)
	ver  string
	// warnings collects problems that do not stop the plan.
	warnings []error
	// over holds variables forced for one evaluation (depends kinds,
	// depexts distributions); they win over everything else.
	over map[string]val
}

// lookup resolves variable name. It never fails: names it cannot decide
// at lock time become placeholders.
func (s *scope) lookup(name string) val {
	if v, ok := s.over[name]; ok {
		return v
	}
	v, err := opam.ParseVar(name)
	if err != nil {
		return undef
	}
	if v.Global() {
		return s.global(v.Name)
	}
	return s.pkgVar(v)
}

func (s *scope) global(name string) val {
	switch name {
	case "name":
		if s.self != "" {
			return strVal(s.self)
		}
	case "version":
		if s.self != "" {
			return strVal(s.ver)
		}
	case "dev", "pinned", "with-dev-setup":
		return boolVal(false)
	case "build", "post":
		return boolVal(true)
	case "with-test", "with-doc":
		// Chosen per package at build time, whatever the solve used.
		return placeholder(name)
	}
	if x, ok := s.env[name]; ok {
		if x == "true" || x == "false" {
			return boolVal(x == "true")
		}
		return strVal(x)
	}
	if BuildTimeVariables[name] {
		return placeholder(name)
	}
	return undef
}

// BuildTimeVariables are the global variables only a build knows; they
// stay placeholders in a plan. Every other global variable is decided at
// lock time: from the solve's environment, or undefined as opam would
// find it.
var BuildTimeVariables = map[string]bool{
	"bin": true, "build": true, "doc": true, "etc": true, "group": true, "jobs": true,
	"lib": true, "libexec": true, "make": true, "man": true, "ocaml-native": true,
	"opam-version": true, "prefix": true, "root": true, "sbin": true, "share": true,
	"stublibs": true, "switch": true, "sys-ocaml-arch": true, "sys-ocaml-cc": true,
	"sys-ocaml-libc": true, "sys-ocaml-version": true, "toplevel": true, "user": true,
	"with-doc": true, "with-test": true,
}

// pkgVar resolves pkg:var and pkg1+pkg2:var.
func (s *scope) pkgVar(v opam.Var) val {
	installed := true
	for _, p := range v.Pkgs {
		if p == "_" {
			p = s.self
		}
		if _, ok := s.plan[p]; !ok {
			installed = false
		}
	}
	switch v.Name {
	case "installed":
		return boolVal(installed)
	case "enable":
		if installed {
			return strVal("enable")
		}
		return strVal("disable")
	}
	if !installed {
		return undef
	}
	if len(v.Pkgs) == 1 {
		p := v.Pkgs[0]
		if p == "_" {
			p = s.self
		}
		switch v.Name {
		case "name":
			return strVal(p)
		case "version":
			return strVal(s.plan[p])
		case "dev", "pinned":
			return boolVal(false)
		}
	}
	return placeholder(v.String())
}

func placeholder(name string) val {
	return residual(&Filter{Kind: FilterVar, Var: Part{Var: name}})
}

// An EvalError reports a filter or string that cannot be evaluated.
type EvalError struct {
	Pos opam.Pos
	Msg string
}

// Error formats the error as one line.
func (e *EvalError) Error() string { return e.Pos.String() + ": " + e.Msg }

// eval partially evaluates an opam filter.
func (s *scope) eval(x opam.Value) (val, error) {
	switch x.Kind {
	case opam.KindBool:
		return boolVal(x.Bool), nil
	case opam.KindInt:
		return strVal(strconv.FormatInt(x.Int(), 10)), nil
	case opam.KindString:
		return s.interpolate(x.Str()), nil
	case opam.KindIdent:
		return s.lookup(x.Str()), nil
	case opam.KindGroup:
		if len(x.Args()) == 1 {
			return s.eval(x.Args()[0])
		}
	case opam.KindRelop:
		return s.relop(x)
	case opam.KindLogop:
		return s.logop(x)
	case opam.KindPfxop:
		return s.pfxop(x)
	}
	return undef, &EvalError{Pos: x.Pos, Msg: fmt.Sprintf("a %s is not a filter", x.Kind)}
}

func (s *scope) relop(x opam.Value) (val, error) {
	a, err := s.eval(x.Left())
	if err != nil {
		return undef, err
	}
	b, err := s.eval(x.Right())
	if err != nil {
		return undef, err
	}
	if a.kind == valUndef || b.kind == valUndef {
		return undef, nil
	}
	if a.kind == valResidual || b.kind == valResidual {
		return residual(&Filter{Kind: FilterOp, Op: x.Op.String(), Args: []*Filter{a.filter(), b.filter()}}), nil
	}
	op, err := version.ParseOp(x.Op.String())
	if err != nil {
		return undef, &EvalError{Pos: x.Pos, Msg: "unknown comparison " + x.Op.String()}
	}
	return boolVal(op.Holds(a.asString(), b.asString())), nil
}

func (s *scope) logop(x opam.Value) (val, error) {
	a, err := s.eval(x.Left())
	if err != nil {
		return undef, err
	}
	b, err := s.eval(x.Right())
	if err != nil {
		return undef, err
	}
	// absorb is the value that decides the operation alone: false for
	// and, true for or.
	absorb, kind := false, FilterAnd
	if x.Op == opam.OpOr {
		absorb, kind = true, FilterOr
	}
	ab, aok := a.asBool()
	bb, bok := b.asBool()
	switch {
	case aok && ab == absorb, bok && bb == absorb:
		return boolVal(absorb), nil
	case aok && bok:
		return boolVal(!absorb), nil
	case a.kind == valResidual && bok:
		return a, nil
	case b.kind == valResidual && aok:
		return b, nil
	case a.kind == valResidual || b.kind == valResidual:
		return residual(&Filter{Kind: kind, Args: []*Filter{a.filter(), b.filter()}}), nil
	}
	return undef, nil
}

func (s *scope) pfxop(x opam.Value) (val, error) {
	a, err := s.eval(x.Operand())
	if err != nil {
		return undef, err
	}
	if x.Op == opam.OpDefined {
		switch a.kind {
		case valUndef:
			return boolVal(false), nil
		case valResidual:
			return residual(&Filter{Kind: FilterDefined, Args: []*Filter{a.r}}), nil
		}
		return boolVal(true), nil
	}
	if a.kind == valResidual {
		return residual(&Filter{Kind: FilterNot, Args: []*Filter{a.r}}), nil
	}
	if b, ok := a.asBool(); ok {
		return boolVal(!b), nil
	}
	return undef, nil
}

// decide turns a filter's value into whether to keep an item and the
// residual filter to attach (nil when it always holds). An undefined
// filter is false, as in opam.
func decide(v val) (keep bool, f *Filter) {
	if v.kind == valResidual {
		return true, v.r
	}
	b, ok := v.asBool()
	return ok && b, nil
}

// interpolate expands opam's %{…}% forms in text.
func (s *scope) interpolate(text string) val {
	parts := s.parts(text)
	if lit, ok := (Arg{Parts: parts}).Literal(); ok {
		return strVal(lit)
	}
	return residual(&Filter{Kind: FilterParts, Parts: normal(parts)})
}

// parts expands text into literal parts and placeholders, as opam's
// expand_string does with an empty default: "%%" is a literal "%", an
// unterminated "%{" is kept as text, and an undefined variable expands to
// "" (to the else branch in the %{v?then:else}% form).
func (s *scope) parts(text string) []Part {
	var out []Part
	for {
		i := strings.Index(text, "%")
		for i >= 0 && !strings.HasPrefix(text[i:], "%%") && !strings.HasPrefix(text[i:], "%{") {
			j := strings.Index(text[i+1:], "%")
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			break
		}
		if strings.HasPrefix(text[i:], "%%") {
			out = append(out, Part{Text: text[:i] + "%"})
			text = text[i+2:]
			continue
		}
		j := strings.Index(text[i+2:], "}%")
		if j < 0 || strings.Contains(text[i+2:i+2+j], "}") {
			out = append(out, Part{Text: text[:i+2]})
			text = text[i+2:]
			continue
		}
		out = append(out, Part{Text: text[:i]}, s.expand(text[i+2:i+2+j]))
		text = text[i+2+j+2:]
	}
	return normal(append(out, Part{Text: text}))
}

// expand evaluates the inside of one %{…}%.
func (s *scope) expand(inner string) Part {
	name, alt, hasAlt := strings.Cut(inner, "?")
	then, els, _ := strings.Cut(alt, ":")
	v := s.lookup(name)
	if hasAlt {
		switch v.kind {
		case valResidual:
			if v.r.Kind == FilterVar {
				return Part{Var: v.r.Var.Var, Then: &then, Else: &els}
			}
		case valUndef:
			return Part{Text: els}
		}
		if b, ok := v.asBool(); ok && b {
			return Part{Text: then}
		}
		return Part{Text: els}
	}
	if name == "build" {
		// %{build}% is the build folder, not the depends flag.
		return Part{Var: name}
	}
	switch v.kind {
	case valUndef:
		return Part{}
	case valResidual:
		if v.r.Kind == FilterVar {
			return v.r.Var
		}
		return Part{Var: name}
	}
	return Part{Text: v.asString()}
}
