package opam

import "sync"

// maxFileSize bounds the size of a file, so that offsets fit in 32 bits.
const maxFileSize = 1 << 30

// maxDepth bounds the nesting of values, so that hostile input cannot
// exhaust the stack.
const maxDepth = 500

// Parse parses the opam file src, naming it filename in positions and
// errors. It always returns a File holding every item it could read; the
// error, when not nil, is an ErrorList with all syntax errors of the file,
// in source order. Parse never panics and is safe to call from several
// goroutines at once. The returned tree shares memory with an internal
// copy of src, so the caller may reuse src afterwards.
func Parse(filename string, src []byte) (*File, error) {
	return ParseString(filename, string(src))
}

// ParseString is like Parse but reads a string, and does not copy it.
func ParseString(filename, src string) (*File, error) {
	if len(src) > maxFileSize {
		err := &SyntaxError{Pos: NewPos(filename, 1, 1), Msg: "file larger than 1 GiB"}
		return &File{Name: filename}, ErrorList{err}
	}
	sc := scratchPool.Get().(*scratch)
	base := NewPos(filename, 0, 0)
	lx := lexer{s: src, line: 1, file: base, buf: sc.buf}
	toks := lx.tokenize(sc.toks[:0])
	p := parser{toks: toks, lx: &lx, file: base, stack: sc.values[:0], itemStack: sc.items[:0], tmp: &sc.tmp}
	if bound := argsBound(toks); cap(sc.chunk) < bound {
		sc.chunk = make([]Value, 0, max(valueChunk, bound))
	}
	p.slab, p.itemSlab = sc.chunk, sc.itemChunk
	f := &File{Name: filename}
	f.Items = p.items(false)
	sc.toks, sc.values, sc.items, sc.buf = toks[:0], p.stack[:0], p.itemStack[:0], lx.buf[:0]
	sc.chunk, sc.itemChunk = p.slab[len(p.slab):], p.itemSlab[len(p.itemSlab):]
	scratchPool.Put(sc)
	errs := mergeErrors(lx.errs, p.errs)
	if len(errs) > 0 {
		return f, errs
	}
	return f, nil
}

// scratch holds the buffers one parse needs, reused across parses.
//
// chunk and itemChunk are the unused ends of the blocks that trees are
// carved from: the Args slices and Item slices of successive parses share
// blocks of valueChunk values and itemChunk items, instead of taking one
// allocation each (rounded up to a size class) per file. Nothing points
// into the unused end, and a scratch is used by one parse at a time, so
// the trees of different parses never overlap. The cost is that a tree
// kept alone keeps the whole block it was carved from alive.
type scratch struct {
	toks      []token
	values    []Value
	items     []Item
	buf       []byte
	chunk     []Value
	itemChunk []Item
	tmp       [maxDepth + 2]Value
}

// valueChunk and itemChunk are the sizes of the blocks that Args and Item
// slices are carved from: 160 KiB and 32 KiB, small enough that a few
// files parsed alone waste little, large enough that a whole snapshot
// takes a few thousand allocations.
const (
	valueChunk = 2048
	itemChunk  = 256
)

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// mergeErrors merges the lexer's and the parser's errors in source order.
func mergeErrors(a, b ErrorList) ErrorList {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make(ErrorList, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if before(b[0].Pos, a[0].Pos) {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

func before(p, q Pos) bool { return p.Line < q.Line || p.Line == q.Line && p.Col < q.Col }

// parser builds the tree from the token slice by recursive descent. The
// operator precedences are opam's, from lowest to highest: '|', '&',
// prefix '!' and '?', option braces, comparisons.
type parser struct {
	toks  []token
	lx    *lexer
	p     int
	file  Pos // the file's name, shared by every position of the file
	errs  ErrorList
	depth int
	// stack and itemStack collect the elements of the lists being
	// parsed, so that each list is allocated once at its final size.
	stack     []Value
	itemStack []Item
	// slab is the block that Args slices are carved from; it holds at
	// least argsBound values when the parse starts, so that a file's
	// values rarely need a second block. itemSlab is the block Item
	// slices are carved from.
	slab     []Value
	itemSlab []Item
	// tmp holds one value being parsed per nesting depth.
	tmp *[maxDepth + 2]Value
}

func (p *parser) peek() *token { return &p.toks[p.p] }

func (p *parser) peekAt(n int) *token {
	if p.p+n < len(p.toks) {
		return &p.toks[p.p+n]
	}
	return &p.toks[len(p.toks)-1]
}

// advance consumes the current token; it never moves past tEOF.
func (p *parser) advance() *token {
	t := &p.toks[p.p]
	if t.kind != tEOF {
		p.p++
	}
	return t
}

func (p *parser) pos(t *token) Pos { return p.file.At(t.line, t.col) }

func (p *parser) errorf(t *token, expected string) {
	p.errs = append(p.errs, &SyntaxError{Pos: p.pos(t), Msg: "expected " + expected + ", found " + t.describe(p.lx.text(t))})
}

// items parses fields and sections up to the end of the file, or up to the
// closing brace of a section when inSection.
func (p *parser) items(inSection bool) []Item {
	base := len(p.itemStack)
	for {
		t := p.peek()
		switch {
		case t.kind == tEOF, t.kind == tRBrace && inSection:
			return p.popItems(base)
		case t.kind == tIdent:
			if it, ok := p.item(); ok {
				p.itemStack = append(p.itemStack, it)
				continue
			}
		default:
			p.errorf(t, "field name")
			p.advance()
		}
		p.recover(inSection)
	}
}

// popItems returns the items collected since base, in a new slice of
// exactly their number (nil for none).
func (p *parser) popItems(base int) []Item {
	var out []Item
	if n := len(p.itemStack) - base; n > 0 {
		out = p.allocItems(n)
		copy(out, p.itemStack[base:])
	}
	clear(p.itemStack[base:])
	p.itemStack = p.itemStack[:base]
	return out
}

// allocItems returns a slice of n zero items carved from itemSlab, with
// no spare capacity.
func (p *parser) allocItems(n int) []Item {
	if cap(p.itemSlab)-len(p.itemSlab) < n {
		p.itemSlab = make([]Item, 0, max(itemChunk, n))
	}
	i := len(p.itemSlab)
	p.itemSlab = p.itemSlab[:i+n]
	return p.itemSlab[i : i+n : i+n]
}

// recover skips tokens after an error, up to the start of the next item
// (an identifier followed by ':', '{' or a string and '{'), the end of
// the file, or a '}' when inside a section.
func (p *parser) recover(inSection bool) {
	for {
		t := p.peek()
		switch t.kind {
		case tEOF:
			return
		case tRBrace:
			if inSection {
				return
			}
		case tIdent:
			n := p.peekAt(1)
			if n.kind == tColon || n.kind == tLBrace || n.kind == tString && p.peekAt(2).kind == tLBrace {
				return
			}
		}
		p.advance()
	}
}

// item parses one field or section; the current token is an identifier.
func (p *parser) item() (Item, bool) {
	name := p.advance()
	it := Item{Pos: p.pos(name), Name: p.lx.text(name)}
	t := p.peek()
	switch t.kind {
	case tColon:
		p.advance()
		ok := p.value(&it.Value)
		return it, ok
	case tLBrace:
		p.advance()
		it.Section = &Section{}
	case tString:
		if p.peekAt(1).kind != tLBrace {
			p.advance()
			p.errorf(p.peek(), "'{' after section name")
			return it, false
		}
		p.advance()
		p.advance()
		it.Section = &Section{Label: p.lx.text(t), HasLabel: true, LabelPos: p.pos(t)}
	default:
		p.errorf(t, "':' or '{' after "+p.lx.text(name))
		return it, false
	}
	it.Section.Items = p.items(true)
	if c := p.peek(); c.kind != tRBrace {
		p.errorf(c, "'}' closing section "+p.lx.text(name))
		return it, false
	}
	p.advance()
	return it, true
}

// argsBound returns an upper bound on the number of values that a file's
// tokens put in Args slices: every atom, operator, '[', '(' and '{' makes
// one value, except that each field's name and its value (kept in the
// Item) make none.
func argsBound(toks []token) int {
	n := 0
	for i := range toks {
		switch toks[i].kind {
		case tColon:
			n -= 2
		case tIdent, tBool, tInt, tString, tRelop, tEnvop, tAnd, tOr, tPfxop, tLBracket, tLParen, tLBrace:
			n++
		}
	}
	if n < 0 {
		return 0
	}
	return n
}
