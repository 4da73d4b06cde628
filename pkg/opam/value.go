package opam

import (
	"strconv"
	"unsafe"
)

// Value is one value of the opam grammar, a tagged union whose Kind says
// which parts are meaningful: Bool for KindBool, Str for the atoms
// KindString, KindIdent and KindInt, Args for the other kinds. Pos is the
// position of the value's first token. A Value owns its Args; the parser
// never shares them between values, and carves the Args of one file from
// one block, which it may share with files parsed before and after it.
//
// A Value takes 32 bytes: its string or its Args are held as one pointer
// and a 32-bit length, read through Str and Args, so that the trees of a
// whole opam-repository snapshot fit in memory together (see
// docs/benchmarks-loading.md). Values are made by the parser or by NewAtom,
// NewInt, NewBool and NewComposite; the Kind, Op, Bool and Pos fields may
// be set directly.
type Value struct {
	Kind Kind
	Op   Op
	Bool bool
	n    uint32         // the length of the string or of the Args
	data unsafe.Pointer // the string's bytes or the first of the Args
	Pos  Pos
}

// hasArgs reports whether values of kind k hold Args rather than a string.
func (k Kind) hasArgs() bool { return k >= KindList }

// NewAtom returns a value of kind KindString, KindIdent or KindInt holding
// s (for KindInt, the decimal form of the integer), without a position. A
// string longer than 4 GiB is cut to its first 4 GiB - 1 bytes; the parser
// never reads a file of more than 1 GiB. For any other kind it returns a
// value of that kind with no string.
func NewAtom(kind Kind, s string) Value {
	v := Value{Kind: kind}
	if !kind.hasArgs() && kind != KindBool && kind != KindInvalid && s != "" {
		v.n, v.data = clampLen(len(s)), unsafe.Pointer(unsafe.StringData(s))
	}
	return v
}

// NewInt returns the KindInt value n, without a position.
func NewInt(n int64) Value { return NewAtom(KindInt, strconv.FormatInt(n, 10)) }

// NewBool returns the KindBool value b, without a position.
func NewBool(b bool) Value { return Value{Kind: KindBool, Bool: b} }

// NewComposite returns a value of a kind that holds Args (KindList and the
// kinds after it), with operator op, position pos and args as its Args.
// The value shares args; callers must not change it afterwards. A slice of
// more than 4G - 1 values is cut. For the atom kinds it returns a value of
// that kind without Args.
func NewComposite(kind Kind, op Op, pos Pos, args []Value) Value {
	v := Value{Kind: kind, Op: op, Pos: pos}
	if kind.hasArgs() && len(args) > 0 {
		v.n, v.data = clampLen(len(args)), unsafe.Pointer(unsafe.SliceData(args))
	}
	return v
}

// clampLen returns n as a 32-bit length, cut to the largest one.
func clampLen(n int) uint32 {
	if uint64(n) > 1<<32-1 {
		return 1<<32 - 1
	}
	return uint32(n)
}

// Str returns the string of an atom: the decoded string of a KindString,
// the identifier of a KindIdent (such as "ocaml:version"), the decimal
// integer of a KindInt. It returns "" for the other kinds.
func (v Value) Str() string {
	if v.Kind.hasArgs() || v.data == nil {
		return ""
	}
	return unsafe.String((*byte)(v.data), v.n)
}

// Args returns the operands or elements of a value of the kinds that hold
// them (see Kind), and nil for the atoms. The slice's capacity is its
// length, so appending to it never writes into the tree.
func (v Value) Args() []Value {
	if !v.Kind.hasArgs() || v.data == nil {
		return nil
	}
	return unsafe.Slice((*Value)(v.data), v.n)
}

// Int returns the integer of a KindInt value, and 0 for any other kind.
// The parser stores the decimal form of the integer it read, so Int never
// fails on a parsed value.
func (v Value) Int() int64 {
	if v.Kind != KindInt {
		return 0
	}
	n, _ := strconv.ParseInt(v.Str(), 10, 64)
	return n
}

// Left returns the left operand of a binary value (Relop, Logop,
// EnvBinding) or the value of an Option, or the zero Value.
func (v Value) Left() Value {
	if args := v.Args(); len(args) > 0 {
		return args[0]
	}
	return Value{}
}

// Right returns the right operand of a binary value, or the zero Value.
func (v Value) Right() Value {
	if args := v.Args(); len(args) > 1 {
		return args[1]
	}
	return Value{}
}

// Operand returns the operand of a PrefixRelop or Pfxop, or the zero Value.
func (v Value) Operand() Value { return v.Left() }

// Filters returns the values inside the braces of an Option value.
func (v Value) Filters() []Value {
	if args := v.Args(); v.Kind == KindOption && len(args) > 0 {
		return args[1:]
	}
	return nil
}

// Items returns the elements of a List or Group, or the value itself as a
// one-element slice otherwise: opam accepts a single element where a list
// is expected.
func (v Value) Items() []Value {
	switch v.Kind {
	case KindList:
		return v.Args()
	case KindInvalid:
		return nil
	}
	return []Value{v}
}
