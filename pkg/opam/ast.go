package opam

import "strconv"

// Pos is a position in an opam file. Line and Col start at 1; Col counts
// bytes, not runes. The zero Pos means "no position". A Pos takes 16
// bytes: the positions of one parsed file share one copy of its name.
// Compare positions with Equal: two copies of the same name are different
// handles, so Pos is made not comparable with ==.
type Pos struct {
	_    [0]func() // makes == on positions a compile-time error
	file *string   // nil for no file name
	Line int32
	Col  int32
}

// NewPos returns the position line:col in the file named file. Callers
// that make many positions in one file should make one with NewPos and
// derive the others with At, which shares the name.
func NewPos(file string, line, col int32) Pos {
	if file == "" {
		return Pos{Line: line, Col: col}
	}
	return Pos{file: &file, Line: line, Col: col}
}

// At returns the position line:col in the same file as p.
func (p Pos) At(line, col int32) Pos { return Pos{file: p.file, Line: line, Col: col} }

// File returns the name of p's file, or "" when it is unknown.
func (p Pos) File() string {
	if p.file == nil {
		return ""
	}
	return *p.file
}

// Equal reports whether p and q name the same file, line and column.
func (p Pos) Equal(q Pos) bool {
	return p.Line == q.Line && p.Col == q.Col && p.File() == q.File()
}

// String formats p as file:line:col, leaving out the parts that are unknown.
func (p Pos) String() string {
	s := p.File()
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(int(p.Line)) + ":" + strconv.Itoa(int(p.Col))
	}
	if s == "" {
		s = "-"
	}
	return s
}

// File is a parsed opam file: a sequence of fields and sections in source
// order. Duplicate fields are kept as they appear.
type File struct {
	Name  string
	Items []Item
}

// Item is one entry of a file or of a section body: a field `name: value`
// when Section is nil, or a section `kind "label" { items }` otherwise.
type Item struct {
	Pos     Pos    // position of the field name or section kind
	Name    string // field name, or section kind such as "url"
	Value   Value  // field value; the zero Value for sections
	Section *Section
}

// Section is the body of a section item.
type Section struct {
	Label    string // section name, as in extra-source "label" { }
	HasLabel bool   // reports whether the section has a label at all
	LabelPos Pos
	Items    []Item
}

// Field returns the value of the first field named name among items, and
// whether there is one.
func Field(items []Item, name string) (Value, bool) {
	for i := range items {
		if items[i].Section == nil && items[i].Name == name {
			return items[i].Value, true
		}
	}
	return Value{}, false
}

// Kind says which variant of Value a value is.
type Kind uint8

// The kinds of values. The meaning of Value.Args depends on the kind, as
// listed for each.
const (
	KindInvalid     Kind = iota
	KindBool             // Bool holds the value.
	KindInt              // Str holds the value in decimal; Int parses it.
	KindString           // Str holds the decoded string.
	KindIdent            // Str holds the identifier, such as "ocaml:version".
	KindList             // [ Args... ]
	KindGroup            // ( Args... )
	KindOption           // Args[0] { Args[1:]... }
	KindRelop            // Args[0] Op Args[1], an infix comparison of atoms.
	KindPrefixRelop      // Op Args[0], a comparison such as >= "1.0".
	KindLogop            // Args[0] Op Args[1], with Op OpAnd or OpOr.
	KindPfxop            // Op Args[0], with Op OpNot or OpDefined.
	KindEnvBinding       // Args[0] Op Args[1], with an environment update Op other than OpEq.
)

var kindNames = [...]string{
	KindInvalid: "invalid", KindBool: "bool", KindInt: "int", KindString: "string",
	KindIdent: "identifier", KindList: "list", KindGroup: "group", KindOption: "option",
	KindRelop: "comparison", KindPrefixRelop: "prefix comparison", KindLogop: "logical operation",
	KindPfxop: "prefix operation", KindEnvBinding: "environment update",
}

// String returns a lower-case name for k, for error messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Op is an operator of a value: a comparison, a logical operator, a prefix
// operator or an environment update.
type Op uint8

// The operators. OpEq is both the comparison `=` and the environment update
// `=` (a Relop in the tree; the typed view reads it as a binding).
const (
	OpNone     Op = iota
	OpEq          // =
	OpNeq         // !=
	OpLt          // <
	OpLe          // <=
	OpGt          // >
	OpGe          // >=
	OpAnd         // &
	OpOr          // |
	OpNot         // !
	OpDefined     // ?
	OpPlusEq      // += prepends to a variable
	OpEqPlus      // =+ appends to a variable
	OpEqPlusEq    // =+= prepends, or replaces the first element
	OpColonEq     // := prepends, keeping an empty element
	OpEqColon     // =: appends, keeping an empty element
)

var opNames = [...]string{
	OpNone: "", OpEq: "=", OpNeq: "!=", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=",
	OpAnd: "&", OpOr: "|", OpNot: "!", OpDefined: "?",
	OpPlusEq: "+=", OpEqPlus: "=+", OpEqPlusEq: "=+=", OpColonEq: ":=", OpEqColon: "=:",
}

// String returns the operator's opam spelling.
func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

// IsRelop reports whether o is a comparison operator.
func (o Op) IsRelop() bool { return o >= OpEq && o <= OpGe }

// IsEnvOp reports whether o may update an environment variable (OpEq
// included).
func (o Op) IsEnvOp() bool { return o == OpEq || o >= OpPlusEq && o <= OpEqColon }
