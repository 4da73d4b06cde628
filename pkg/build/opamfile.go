package build

import (
	"github.com/hillingar/hillingar/pkg/opam"
)

// This file adapts pkg/opam's syntax tree to the small view that .install
// and .config files need: fields, sections, and atoms with options.

// value is an opam value as .install and .config files use it: a string,
// bool, int or identifier atom, or a list; Opts holds an atom's { ... }
// options.
type value struct {
	Kind string // "string", "bool", "int", "ident", "list", or another opam kind name
	S    string
	B    bool
	List []value
	Opts []value
	Line int
}

// item is a field (Name: Value) or a section (Name { Items }).
type item struct {
	Name    string
	Value   value
	Section []item
	Line    int
}

// parseOpamFile parses src (named file in errors, which carry
// file:line:col) with pkg/opam's parser.
func parseOpamFile(file, src string) ([]item, error) {
	f, err := opam.ParseString(file, src)
	if err != nil {
		return nil, err
	}
	return convertItems(f.Items), nil
}

func convertItems(in []opam.Item) []item {
	out := make([]item, 0, len(in))
	for _, it := range in {
		c := item{Name: it.Name, Line: int(it.Pos.Line)}
		if it.Section != nil {
			c.Section = convertItems(it.Section.Items)
		} else {
			c.Value = convertValue(it.Value)
		}
		out = append(out, c)
	}
	return out
}

func convertValue(v opam.Value) value {
	c := value{Line: int(v.Pos.Line)}
	switch v.Kind {
	case opam.KindString:
		c.Kind, c.S = "string", v.Str()
	case opam.KindIdent:
		c.Kind, c.S = "ident", v.Str()
	case opam.KindBool:
		c.Kind, c.B = "bool", v.Bool
		if v.Bool {
			c.S = "true"
		} else {
			c.S = "false"
		}
	case opam.KindInt:
		c.Kind, c.S = "int", opam.FormatValue(v)
	case opam.KindList:
		c.Kind = "list"
		for _, a := range v.Args() {
			c.List = append(c.List, convertValue(a))
		}
	case opam.KindOption:
		if len(v.Args()) == 0 {
			c.Kind = v.Kind.String()
			break
		}
		c = convertValue(v.Left())
		for _, o := range v.Args()[1:] {
			c.Opts = append(c.Opts, convertValue(o))
		}
	default:
		c.Kind = v.Kind.String()
	}
	return c
}
