package build

import (
	"encoding/json"
	"fmt"
	"github.com/hillingar/hillingar/pkg/version"
	"strings"
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
func (s *Scope) EvalFilter(f *Filter) (bool, error) {
	v, err := s.evalRaw(f.raw)
	if err != nil {
		return false, err
	}
	b, ok := v.AsBool()
	return ok && b, nil
}

func (s *Scope) evalRaw(raw json.RawMessage) (Val, error) {
	var x any
	if err := json.Unmarshal(raw, &x); err != nil {
		return Val{}, &FilterError{Filter: string(raw), Msg: err.Error()}
	}
	return s.eval(x)
}

func (s *Scope) eval(x any) (Val, error) {
	switch t := x.(type) {
	case string:
		return Str(t), nil
	case bool:
		return Bool(t), nil
	case map[string]any:
		return s.evalObj(t)
	}
	return Val{}, filterErr(x, "want a string, a bool or an object")
}

func filterErr(x any, msg string) error {
	b, _ := json.Marshal(x)
	return &FilterError{Filter: string(b), Msg: msg}
}

func (s *Scope) evalObj(o map[string]any) (Val, error) {
	switch {
	case o["var"] != nil:
		return s.evalVar(o)
	case o["parts"] != nil:
		return s.evalParts(o)
	case o["not"] != nil:
		v, err := s.eval(o["not"])
		if b, ok := v.AsBool(); ok && err == nil {
			return Bool(!b), nil
		}
		return Val{}, err
	case o["and"] != nil:
		return s.evalLogic(o["and"], false)
	case o["or"] != nil:
		return s.evalLogic(o["or"], true)
	case o["defined"] != nil:
		v, err := s.eval(o["defined"])
		return Bool(v.Defined), err
	case o["op"] != nil:
		return s.evalOp(o)
	}
	return Val{}, filterErr(o, "unknown form")
}

func (s *Scope) evalVar(o map[string]any) (Val, error) {
	name, ok := o["var"].(string)
	if !ok {
		return Val{}, filterErr(o, "\"var\" must be a string")
	}
	p := Part{Var: name}
	_, hasThen := o["then"]
	_, hasElse := o["else"]
	if !hasThen && !hasElse {
		return s.Lookup(name), nil
	}
	t, _ := o["then"].(string)
	e, _ := o["else"].(string)
	p.Then, p.Else = &t, &e
	return Str(s.Part(p)), nil
}

func (s *Scope) evalParts(o map[string]any) (Val, error) {
	b, _ := json.Marshal(o)
	var a Arg
	if err := json.Unmarshal(b, &a); err != nil {
		return Val{}, filterErr(o, err.Error())
	}
	var out strings.Builder
	for _, p := range a.Parts {
		if p.Var != "" && p.Then == nil && p.Else == nil && !s.Lookup(p.Var).Defined {
			return Val{}, nil
		}
		out.WriteString(s.Part(p))
	}
	return Str(out.String()), nil
}

// evalLogic evaluates and (absorb false) or or (absorb true).
func (s *Scope) evalLogic(x any, absorb bool) (Val, error) {
	list, ok := x.([]any)
	if !ok {
		return Val{}, filterErr(x, "\"and\"/\"or\" take a list")
	}
	result, undefined := !absorb, false
	for _, e := range list {
		v, err := s.eval(e)
		if err != nil {
			return Val{}, err
		}
		b, ok := v.AsBool()
		switch {
		case !ok:
			undefined = true
		case b == absorb:
			return Bool(absorb), nil
		}
	}
	if undefined {
		return Val{}, nil
	}
	return Bool(result), nil
}

func (s *Scope) evalOp(o map[string]any) (Val, error) {
	op, _ := o["op"].(string)
	args, ok := o["args"].([]any)
	if !ok || len(args) != 2 {
		return Val{}, filterErr(o, "\"op\" needs \"args\" with two filters")
	}
	l, err := s.eval(args[0])
	if err != nil {
		return Val{}, err
	}
	r, err := s.eval(args[1])
	if err != nil || !l.Defined || !r.Defined {
		return Val{}, err
	}
	c := CompareVersions(l.String(), r.String())
	res := map[string]bool{"=": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}
	b, known := res[op]
	if !known {
		return Val{}, filterErr(o, "unknown operator "+op)
	}
	return Bool(b), nil
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
func parsePlaceholder(in string) Part {
	q := strings.IndexByte(in, '?')
	if q < 0 {
		return Part{Var: in}
	}
	rest := in[q+1:]
	then, els, _ := strings.Cut(rest, ":")
	return Part{Var: in[:q], Then: &then, Else: &els}
}
