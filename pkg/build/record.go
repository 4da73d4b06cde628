package build

import (
	"encoding/json"
	"fmt"
)

// Record is the part of a plan's package record (docs/lock-format.md) that
// the build needs. Unknown keys are ignored, so a newer plan with extra
// fields still builds.
type Record struct {
	Name     string          `json:"name"`
	Version  string          `json:"version"`
	Depends  Depends         `json:"depends"`
	Depopts  []string        `json:"depopts"`
	Build    []Step          `json:"build"`
	Install  []Step          `json:"install"`
	Patches  []Patch         `json:"patches"`
	Substs   []string        `json:"substs"`
	Files    map[string]File `json:"files"`
	Setenv   []EnvUpdate     `json:"setenv"`
	BuildEnv []EnvUpdate     `json:"buildEnv"`
	Flags    []string        `json:"flags"`
}

// Depends lists dependency names by kind, as the plan does.
type Depends struct {
	Build []string `json:"build"`
	Run   []string `json:"run"`
	Post  []string `json:"post"`
	Test  []string `json:"test"`
	Doc   []string `json:"doc"`
}

// Step is one build or install command: its arguments, and a residual
// filter (nil when the step always runs).
type Step struct {
	Args   []Arg   `json:"args"`
	Filter *Filter `json:"filter,omitempty"`
}

// Patch is a patch file relative to the source root, with an optional
// residual filter.
type Patch struct {
	File   string  `json:"file"`
	Filter *Filter `json:"filter,omitempty"`
}

// File is the content of a file from the repository's files/ folder: Text
// when it is valid UTF-8, otherwise Base64.
type File struct {
	Text   *string `json:"text,omitempty"`
	Base64 *string `json:"base64,omitempty"`
	Hash   string  `json:"hash,omitempty"`
}

// EnvUpdate is one opam environment update (setenv or build-env). Op is
// one of =, +=, =+, :=, =:, =+=.
type EnvUpdate struct {
	Var   string `json:"var"`
	Op    string `json:"op"`
	Value Arg    `json:"value"`
}

// Arg is a command argument: a literal string, or parts mixing literal
// strings and placeholders, with an optional filter that drops it.
type Arg struct {
	// Literal is set when the JSON value was a plain string.
	Literal *string
	Parts   []Part
	Filter  *Filter
}

// Part is a literal string (Var empty) or a placeholder.
type Part struct {
	Text string
	// Var is opam's variable name (jobs, _:lib, ocaml:native, a+b:installed).
	Var string
	// Then and Else are set for opam's %{v?then:else}% form.
	Then, Else *string
}

// UnmarshalJSON accepts a string or {"parts": [...], "filter"?: F}.
func (a *Arg) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*a = Arg{Literal: &s}
		return nil
	}
	var obj struct {
		Parts  []Part  `json:"parts"`
		Filter *Filter `json:"filter"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("argument: want a string or {\"parts\": [...]}: %w", err)
	}
	*a = Arg{Parts: obj.Parts, Filter: obj.Filter}
	return nil
}

// UnmarshalJSON accepts a string or {"var": V, "then"?: S, "else"?: S}.
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
	if err := json.Unmarshal(b, &obj); err != nil || obj.Var == "" {
		return fmt.Errorf("argument part: want a string or {\"var\": ...}: %s", b)
	}
	*p = Part{Var: obj.Var, Then: obj.Then, Else: obj.Else}
	return nil
}

// Filter is a residual filter kept as its JSON tree; [Scope.EvalFilter]
// evaluates it.
type Filter struct {
	raw json.RawMessage
}

// UnmarshalJSON keeps the filter's JSON for evaluation.
func (f *Filter) UnmarshalJSON(b []byte) error {
	f.raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes the filter back unchanged.
func (f Filter) MarshalJSON() ([]byte, error) { return f.raw, nil }

// ParseRecord decodes a package record.
func ParseRecord(data []byte) (*Record, error) {
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("package record: %w", err)
	}
	if r.Name == "" {
		return nil, fmt.Errorf("package record: field \"name\" is missing or empty")
	}
	return &r, nil
}
