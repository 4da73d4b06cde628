package build

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/version"
)

// FilterError reports a residual filter that is not well formed.
type FilterError struct {
	Filter string
	Msg    string
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("residual filter %s: %s; regenerate the lock with this opam2drv", e.Filter, e.Msg)
}

// EvalFilter evaluates a residual filter (docs/lock-format.md) as opam
// does: undefined values propagate, false absorbs undefined in "and" and
// true in "or", and a filter that is still undefined at the end is false.
// A filter that is not well formed (which [drv.Filter]'s decoder never
// produces) is a *FilterError.
func (s *Scope) EvalFilter(f *drv.Filter) (bool, error) {
	v, err := s.eval(f)
	if err != nil {
		return false, err
	}
	b, ok := v.Bool()
	return ok && b, nil
}

func (s *Scope) eval(f *drv.Filter) (opam.FilterValue, error) {
	if f == nil {
		return opam.Undefined, &FilterError{Filter: "null", Msg: "missing operand"}
	}
	switch f.Kind {
	case drv.FilterString:
		return opam.StringValue(f.Str), nil
	case drv.FilterBool:
		return opam.BoolValue(f.Bool), nil
	case drv.FilterVar:
		return s.evalVar(f.Var), nil
	case drv.FilterParts:
		return s.evalParts(f.Parts), nil
	case drv.FilterNot:
		v, err := s.evalOne(f)
		if b, ok := v.Bool(); ok && err == nil {
			return opam.BoolValue(!b), nil
		}
		return opam.Undefined, err
	case drv.FilterAnd:
		return s.evalLogic(f.Args, false)
	case drv.FilterOr:
		return s.evalLogic(f.Args, true)
	case drv.FilterDefined:
		v, err := s.evalOne(f)
		return opam.BoolValue(v.Defined()), err
	case drv.FilterOp:
		return s.evalOp(f)
	}
	return opam.Undefined, filterErr(f, fmt.Sprintf("unknown kind %d", f.Kind))
}

// filterErr reports the malformed filter f.
func filterErr(f *drv.Filter, msg string) error {
	b, err := json.Marshal(f)
	if err != nil {
		b = []byte(fmt.Sprintf("of kind %d", f.Kind))
	}
	return &FilterError{Filter: string(b), Msg: msg}
}

// evalOne evaluates the single operand of a "not" or "defined" filter.
func (s *Scope) evalOne(f *drv.Filter) (opam.FilterValue, error) {
	if len(f.Args) != 1 {
		return opam.Undefined, filterErr(f, "needs one operand")
	}
	return s.eval(f.Args[0])
}

// evalVar looks a variable up, or fills a %{v?then:else}% placeholder.
func (s *Scope) evalVar(p drv.Part) opam.FilterValue {
	if p.Then == nil && p.Else == nil {
		return s.Lookup(p.Var)
	}
	return opam.StringValue(s.Part(p))
}

// evalParts fills an interpolated string; it is undefined when a plain
// placeholder in it is.
func (s *Scope) evalParts(parts []drv.Part) opam.FilterValue {
	var out strings.Builder
	for _, p := range parts {
		if p.Var != "" && p.Then == nil && p.Else == nil && !s.Lookup(p.Var).Defined() {
			return opam.Undefined
		}
		out.WriteString(s.Part(p))
	}
	return opam.StringValue(out.String())
}

// evalLogic evaluates and (absorb false) or or (absorb true).
func (s *Scope) evalLogic(args []*drv.Filter, absorb bool) (opam.FilterValue, error) {
	result, undefined := !absorb, false
	for _, e := range args {
		v, err := s.eval(e)
		if err != nil {
			return opam.Undefined, err
		}
		b, ok := v.Bool()
		switch {
		case !ok:
			undefined = true
		case b == absorb:
			return opam.BoolValue(absorb), nil
		}
	}
	if undefined {
		return opam.Undefined, nil
	}
	return opam.BoolValue(result), nil
}

func (s *Scope) evalOp(f *drv.Filter) (opam.FilterValue, error) {
	if len(f.Args) != 2 {
		return opam.Undefined, filterErr(f, "\"op\" needs \"args\" with two filters")
	}
	l, err := s.eval(f.Args[0])
	if err != nil {
		return opam.Undefined, err
	}
	r, err := s.eval(f.Args[1])
	if err != nil || !l.Defined() || !r.Defined() {
		return opam.Undefined, err
	}
	op, err := version.ParseOp(f.Op)
	if err != nil {
		return opam.Undefined, filterErr(f, "unknown operator "+f.Op)
	}
	return opam.BoolValue(op.Holds(str(l), str(r))), nil
}

// CompareVersions orders two opam versions as opam does; it returns
// -1, 0 or +1. It is pkg/version's Compare.
func CompareVersions(a, b string) int { return version.Compare(a, b) }

// Expand fills opam's %{var}% and %{var?then:else}% interpolations in
// text, as `opam config subst` does: %% is a literal %, and an unclosed
// %{ is kept as is.
func (s *Scope) Expand(text string) string {
	var out strings.Builder
	for {
		i := strings.IndexByte(text, '%')
		if i < 0 || i+1 >= len(text) {
			out.WriteString(text)
			return out.String()
		}
		if text[i+1] == '%' {
			out.WriteString(text[:i+1])
			text = text[i+2:]
			continue
		}
		if text[i+1] != '{' {
			out.WriteString(text[:i+1])
			text = text[i+1:]
			continue
		}
		j := strings.Index(text[i+2:], "}%")
		if j < 0 {
			out.WriteString(text)
			return out.String()
		}
		out.WriteString(text[:i])
		out.WriteString(s.Part(parsePlaceholder(text[i+2 : i+2+j])))
		text = text[i+2+j+2:]
	}
}

// parsePlaceholder reads the inside of %{...}%: var, or var?then:else.
func parsePlaceholder(in string) drv.Part {
	q := strings.IndexByte(in, '?')
	if q < 0 {
		return drv.Part{Var: in}
	}
	rest := in[q+1:]
	then, els, _ := strings.Cut(rest, ":")
	return drv.Part{Var: in[:q], Then: &then, Else: &els}
}
