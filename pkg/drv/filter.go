package drv

import (
	"encoding/json"
	"fmt"
)

// FilterKind says which variant of Filter a residual filter is.
type FilterKind uint8

// The kinds of residual filters, with the JSON each is written as.
const (
	FilterBool    FilterKind = iota + 1 // true or false (Bool)
	FilterString                        // "text" (Str)
	FilterVar                           // {"var": ...} (Var, a placeholder Part)
	FilterParts                         // {"parts": [...]} (Parts)
	FilterNot                           // {"not": F} (Args[0])
	FilterAnd                           // {"and": [F, F]} (Args)
	FilterOr                            // {"or": [F, F]} (Args)
	FilterDefined                       // {"defined": F} (Args[0])
	FilterOp                            // {"op": Op, "args": [F, F]} (Op, Args)
)

// A Filter is a residual filter: the part of an opam filter that only
// build time can decide.
type Filter struct {
	Kind  FilterKind
	Bool  bool
	Str   string
	Var   Part
	Parts []Part
	Op    string
	Args  []*Filter
}

// relops are the comparison operators a FilterOp may use.
var relops = map[string]bool{"=": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true}

// MarshalJSON writes the filter in the form of docs/lock-format.md.
func (f *Filter) MarshalJSON() ([]byte, error) {
	switch f.Kind {
	case FilterBool:
		return marshal(f.Bool)
	case FilterString:
		return marshal(f.Str)
	case FilterVar:
		return marshal(f.Var)
	case FilterParts:
		return marshal(map[string]any{"parts": normal(f.Parts)})
	case FilterNot, FilterDefined:
		if len(f.Args) != 1 {
			return nil, fmt.Errorf("residual filter %q needs one operand", kindKey[f.Kind])
		}
		return marshal(map[string]any{kindKey[f.Kind]: f.Args[0]})
	case FilterAnd, FilterOr:
		if len(f.Args) != 2 {
			return nil, fmt.Errorf("residual filter %q needs two operands", kindKey[f.Kind])
		}
		return marshal(map[string]any{kindKey[f.Kind]: f.Args})
	case FilterOp:
		if len(f.Args) != 2 || !relops[f.Op] {
			return nil, fmt.Errorf("residual filter op %q needs a comparison and two operands", f.Op)
		}
		return marshal(map[string]any{"op": f.Op, "args": f.Args})
	}
	return nil, fmt.Errorf("residual filter of unknown kind %d", f.Kind)
}

var kindKey = map[FilterKind]string{FilterNot: "not", FilterAnd: "and", FilterOr: "or", FilterDefined: "defined"}

// UnmarshalJSON reads and checks a residual filter.
func (f *Filter) UnmarshalJSON(b []byte) error {
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	g, err := filterFrom(x)
	if err != nil {
		return fmt.Errorf("residual filter %s: %w", clip(b), err)
	}
	*f = *g
	return nil
}

// filterFrom converts decoded JSON to a Filter.
func filterFrom(x any) (*Filter, error) {
	switch v := x.(type) {
	case bool:
		return &Filter{Kind: FilterBool, Bool: v}, nil
	case string:
		return &Filter{Kind: FilterString, Str: v}, nil
	case map[string]any:
		return filterObject(v)
	}
	return nil, fmt.Errorf("want a bool, a string or an object")
}

func filterObject(o map[string]any) (*Filter, error) {
	raw, _ := json.Marshal(o)
	switch {
	case o["var"] != nil:
		var p Part
		if err := p.UnmarshalJSON(raw); err != nil {
			return nil, err
		}
		return &Filter{Kind: FilterVar, Var: p}, nil
	case o["parts"] != nil && len(o) == 1:
		var a Arg
		if err := a.UnmarshalJSON(raw); err != nil {
			return nil, err
		}
		return &Filter{Kind: FilterParts, Parts: a.Parts}, nil
	case len(o) == 1 && (o["not"] != nil || o["defined"] != nil):
		kind, arg := FilterNot, o["not"]
		if arg == nil {
			kind, arg = FilterDefined, o["defined"]
		}
		g, err := filterFrom(arg)
		if err != nil {
			return nil, err
		}
		return &Filter{Kind: kind, Args: []*Filter{g}}, nil
	case len(o) == 1 && (o["and"] != nil || o["or"] != nil):
		kind, list := FilterAnd, o["and"]
		if list == nil {
			kind, list = FilterOr, o["or"]
		}
		args, err := filterList(list, 2)
		return &Filter{Kind: kind, Args: args}, err
	case len(o) == 2 && o["op"] != nil && o["args"] != nil:
		op, _ := o["op"].(string)
		if !relops[op] {
			return nil, fmt.Errorf("unknown operator %v, want one of = != < <= > >=", o["op"])
		}
		args, err := filterList(o["args"], 2)
		return &Filter{Kind: FilterOp, Op: op, Args: args}, err
	}
	return nil, fmt.Errorf("unknown form: want var, parts, not, and, or, defined or op")
}

// filterList reads a list of exactly n filters.
func filterList(x any, n int) ([]*Filter, error) {
	list, ok := x.([]any)
	if !ok || len(list) != n {
		return nil, fmt.Errorf("want a list of %d filters", n)
	}
	var out []*Filter
	for _, e := range list {
		g, err := filterFrom(e)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}
