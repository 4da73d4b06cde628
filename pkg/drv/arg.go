package drv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// A Part is a piece of an argument: literal Text when Var is empty,
// otherwise a placeholder for opam's variable Var, filled at build time.
// Then and Else are set together for opam's `%{var?then:else}%` form.
type Part struct {
	Text string
	Var  string
	Then *string
	Else *string
}

// An Arg is a command argument, an environment value or an interpolated
// string: the concatenation of Parts, kept only when Filter (nil: always)
// holds at build time. An Arg whose parts are all literal and that has no
// filter is written as a plain JSON string.
type Arg struct {
	Parts  []Part
	Filter *Filter
}

// Lit returns the argument made of the literal s.
func Lit(s string) Arg { return Arg{Parts: []Part{{Text: s}}} }

// Literal returns the argument's text and true when it has no placeholder.
func (a Arg) Literal() (string, bool) {
	var b strings.Builder
	for _, p := range a.Parts {
		if p.Var != "" {
			return "", false
		}
		b.WriteString(p.Text)
	}
	return b.String(), true
}

// normal merges adjacent literal parts and drops empty ones, so that equal
// arguments have one representation.
func normal(parts []Part) []Part {
	var out []Part
	for _, p := range parts {
		if p.Var == "" {
			if p.Text == "" {
				continue
			}
			if n := len(out); n > 0 && out[n-1].Var == "" {
				out[n-1].Text += p.Text
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// MarshalJSON writes a string or {"parts": [...], "filter"?: F}.
func (a Arg) MarshalJSON() ([]byte, error) {
	if s, ok := a.Literal(); ok && a.Filter == nil {
		return marshal(s)
	}
	parts := normal(a.Parts)
	if parts == nil {
		parts = []Part{}
	}
	return marshal(struct {
		Parts  []Part  `json:"parts"`
		Filter *Filter `json:"filter,omitempty"`
	}{parts, a.Filter})
}

// UnmarshalJSON reads a string or {"parts": [...], "filter"?: F}.
func (a *Arg) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*a = Lit(s)
		return nil
	}
	var obj struct {
		Parts  *[]Part `json:"parts"`
		Filter *Filter `json:"filter"`
	}
	if err := strictUnmarshal(b, &obj); err != nil || obj.Parts == nil {
		return fmt.Errorf("argument %s: want a string or {\"parts\": [...]}", clip(b))
	}
	*a = Arg{Parts: *obj.Parts, Filter: obj.Filter}
	return nil
}

// MarshalJSON writes a string or {"var": V, "then"?: S, "else"?: S}.
func (p Part) MarshalJSON() ([]byte, error) {
	if p.Var == "" {
		return marshal(p.Text)
	}
	return marshal(struct {
		Var  string  `json:"var"`
		Then *string `json:"then,omitempty"`
		Else *string `json:"else,omitempty"`
	}{p.Var, p.Then, p.Else})
}

// UnmarshalJSON reads a string or a placeholder.
func (p *Part) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*p = Part{Text: s}
		return nil
	}
	var obj struct {
		Var  string  `json:"var"`
		Then *string `json:"then"`
		Else *string `json:"else"`
	}
	if err := strictUnmarshal(b, &obj); err != nil || obj.Var == "" || (obj.Then == nil) != (obj.Else == nil) {
		return fmt.Errorf("argument part %s: want a string or {\"var\": NAME} with both or neither of \"then\" and \"else\"", clip(b))
	}
	*p = Part{Var: obj.Var, Then: obj.Then, Else: obj.Else}
	return nil
}

// marshal encodes v without HTML escaping.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// strictUnmarshal decodes b into v, refusing unknown keys.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// clip shortens a JSON fragment for an error message.
func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}
