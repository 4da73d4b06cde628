package opam

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// Format prints f in canonical layout: one field per line, sections with
// their items indented by two spaces, and field values that hold nested
// lists or options, or that would not fit on a line, broken with one
// element per line. Comments and original layout are not kept. Parsing
// the output gives back f's tree (positions aside) for any tree Parse
// produced; for a tree built by hand the printer adds parentheses where
// the grammar needs them, so the output reads back as the same tree with
// extra one-element groups. Format is deterministic.
func Format(f *File) []byte {
	var w printer
	w.items(f.Items, 0)
	return w.buf.Bytes()
}

// Print writes Format(f) to w.
func Print(w io.Writer, f *File) error {
	_, err := w.Write(Format(f))
	return err
}

// FormatValue prints one value on a single line.
func FormatValue(v Value) string {
	var w printer
	w.value(v, ctxTop)
	return w.buf.String()
}

// lineWidth is the width above which a field's list is broken.
const lineWidth = 80

type printer struct {
	buf bytes.Buffer
}

func (w *printer) indent(n int) {
	for range n {
		w.buf.WriteString("  ")
	}
}

func (w *printer) items(items []Item, depth int) {
	for i := range items {
		it := &items[i]
		w.indent(depth)
		w.buf.WriteString(it.Name)
		if it.Section == nil {
			w.buf.WriteString(": ")
			w.field(it.Value, depth, len(it.Name)+2)
			w.buf.WriteByte('\n')
			continue
		}
		if it.Section.HasLabel {
			w.buf.WriteByte(' ')
			w.str(it.Section.Label)
		}
		w.buf.WriteString(" {\n")
		w.items(it.Section.Items, depth+1)
		w.indent(depth)
		w.buf.WriteString("}\n")
	}
}

// field prints a field's value, breaking a list one element per line when
// it holds lists or options or is too long.
func (w *printer) field(v Value, depth, used int) {
	if v.Kind != KindList || len(v.Args()) < 2 {
		w.value(v, ctxTop)
		return
	}
	start := w.buf.Len()
	w.value(v, ctxTop)
	flat := w.buf.Len() - start
	if !needsBreak(v) && depth*2+used+flat <= lineWidth && bytes.IndexByte(w.buf.Bytes()[start:], '\n') < 0 {
		return
	}
	w.buf.Truncate(start)
	w.buf.WriteString("[\n")
	for i, e := range v.Args() {
		var prev *Value
		if i > 0 {
			prev = &v.Args()[i-1]
		}
		w.indent(depth + 1)
		w.element(e, prev)
		w.buf.WriteByte('\n')
	}
	w.indent(depth)
	w.buf.WriteByte(']')
}

func needsBreak(v Value) bool {
	for _, e := range v.Args() {
		for e.Kind == KindGroup && len(e.Args()) == 1 {
			e = e.Args()[0]
		}
		if e.Kind == KindList || e.Kind == KindOption {
			return true
		}
	}
	return false
}

// ctx says where a value is printed, to decide on parentheses.
type ctx uint8

const (
	ctxTop    ctx = iota // list element, field value, option filter
	ctxOr                // operand of '|'
	ctxAnd               // operand of '&'
	ctxPrefix            // operand of '!' or '?'
	ctxOption            // value before option braces
)

// needsParens reports whether v must be parenthesized in context c to
// parse back as the same tree. Parsed trees never need it: their
// parentheses are Group values.
func needsParens(v Value, c ctx, right bool) bool {
	switch v.Kind {
	case KindLogop:
		switch c {
		case ctxOr:
			return right && v.Op == OpOr
		case ctxAnd:
			return v.Op == OpOr || right
		case ctxPrefix, ctxOption:
			return true
		}
	case KindPfxop:
		return c == ctxOption
	}
	return false
}

func (w *printer) value(v Value, c ctx) {
	switch v.Kind {
	case KindBool:
		w.buf.WriteString(strconv.FormatBool(v.Bool))
	case KindInt:
		w.buf.WriteString(strconv.FormatInt(v.Int(), 10))
	case KindString:
		w.str(v.Str())
	case KindIdent:
		w.buf.WriteString(v.Str())
	case KindList:
		w.seq('[', v.Args(), ']')
	case KindGroup:
		w.seq('(', v.Args(), ')')
	case KindOption:
		w.sub(v.Left(), ctxOption, false)
		w.buf.WriteByte(' ')
		w.seq('{', v.Filters(), '}')
	case KindRelop, KindEnvBinding:
		w.value(v.Left(), ctxTop)
		w.buf.WriteByte(' ')
		w.buf.WriteString(v.Op.String())
		w.buf.WriteByte(' ')
		w.value(v.Right(), ctxTop)
	case KindPrefixRelop:
		w.buf.WriteString(v.Op.String())
		w.buf.WriteByte(' ')
		w.value(v.Operand(), ctxTop)
	case KindLogop:
		sub := ctxOr
		if v.Op == OpAnd {
			sub = ctxAnd
		}
		w.sub(v.Left(), sub, false)
		w.buf.WriteByte(' ')
		w.buf.WriteString(v.Op.String())
		w.buf.WriteByte(' ')
		w.sub(v.Right(), sub, true)
	case KindPfxop:
		w.buf.WriteString(v.Op.String())
		if v.Op == OpNot && startsWithEq(v.Operand()) {
			w.buf.WriteByte(' ') // "! =" must not become "!="
		}
		w.sub(v.Operand(), ctxPrefix, false)
	default:
		w.buf.WriteString("()")
	}
}

// startsWithEq reports whether v prints starting with '='.
func startsWithEq(v Value) bool {
	for v.Kind == KindOption {
		v = v.Left()
	}
	return v.Kind == KindPrefixRelop && v.Op == OpEq
}

func (w *printer) sub(v Value, c ctx, right bool) {
	if needsParens(v, c, right) {
		w.buf.WriteByte('(')
		w.value(v, ctxTop)
		w.buf.WriteByte(')')
		return
	}
	w.value(v, c)
}

func (w *printer) seq(open byte, vs []Value, close byte) {
	w.buf.WriteByte(open)
	for i, e := range vs {
		var prev *Value
		if i > 0 {
			w.buf.WriteByte(' ')
			prev = &vs[i-1]
		}
		w.element(e, prev)
	}
	w.buf.WriteByte(close)
}

// startsWithRelop reports whether v prints starting with a comparison
// operator.
func startsWithRelop(v Value) bool {
	for v.Kind == KindOption || v.Kind == KindLogop {
		v = v.Left()
	}
	return v.Kind == KindPrefixRelop
}

// endsWithBareAtom reports whether v prints ending with an atom that the
// parser would join to a comparison operator printed after it, as in
// "a" >= "1". The right side of a comparison never joins: the parser has
// finished that comparison.
func endsWithBareAtom(v Value) bool {
	switch v.Kind {
	case KindBool, KindInt, KindString, KindIdent:
		return true
	case KindLogop:
		ctx := ctxOr
		if v.Op == OpAnd {
			ctx = ctxAnd
		}
		return !needsParens(v.Right(), ctx, true) && endsWithBareAtom(v.Right())
	case KindPfxop:
		return !needsParens(v.Operand(), ctxPrefix, false) && endsWithBareAtom(v.Operand())
	}
	return false
}

// element prints e as an element of a sequence after prev (nil for the
// first), in parentheses when it would otherwise merge with prev.
func (w *printer) element(e Value, prev *Value) {
	if prev != nil && startsWithRelop(e) && endsWithBareAtom(*prev) {
		w.buf.WriteByte('(')
		w.value(e, ctxTop)
		w.buf.WriteByte(')')
		return
	}
	w.value(e, ctxTop)
}

// str prints s quoted: with triple quotes when it spans lines, escaping
// backslashes, double quotes and control bytes other than newline and tab.
func (w *printer) str(s string) {
	q := `"`
	if strings.IndexByte(s, '\n') >= 0 {
		q = `"""`
	}
	w.buf.WriteString(q)
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f || c == '\n' || c == '\t' {
			continue
		}
		w.buf.WriteString(s[start:i])
		start = i + 1
		switch c {
		case '"', '\\':
			w.buf.WriteByte('\\')
			w.buf.WriteByte(c)
		case '\r':
			w.buf.WriteString(`\r`)
		default:
			w.buf.WriteString(`\x`)
			w.buf.WriteByte("0123456789abcdef"[c>>4])
			w.buf.WriteByte("0123456789abcdef"[c&15])
		}
	}
	w.buf.WriteString(s[start:])
	w.buf.WriteString(q)
}
