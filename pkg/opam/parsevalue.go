package opam

// The value parsers write their result through a pointer, into the final
// slot where possible, rather than returning it: a Value is 72 bytes and
// is otherwise copied at every level of the descent. Each reports whether
// it succeeded; after a failure the written value is partial.

// value parses `value := or`.
func (p *parser) value(v *Value) bool {
	// Fast path: most values are a lone atom.
	if t := p.peek(); isAtom(t.kind) && !continuesAtom(p.peekAt(1).kind) {
		p.advance()
		p.atom(v, t)
		return true
	}
	if !p.enter(p.peek()) {
		return false
	}
	ok := p.or(v)
	p.depth--
	return ok
}

// enter counts one more level of nesting, and reports an error and false
// when there are too many.
func (p *parser) enter(t *token) bool {
	p.depth++
	if p.depth > maxDepth {
		p.depth--
		p.errs = append(p.errs, &SyntaxError{Pos: p.pos(t), Msg: "values nested too deeply"})
		return false
	}
	return true
}

// or parses `or := and { "|" and }`, left-associative.
func (p *parser) or(v *Value) bool {
	ok := p.and(v)
	for ok && p.peek().kind == tOr {
		p.advance()
		args := p.alloc(2)
		args[0] = *v
		ok = p.and(&args[1])
		*v = NewComposite(KindLogop, OpOr, args[0].Pos, args)
	}
	return ok
}

// and parses `and := unary { "&" unary }`, left-associative.
func (p *parser) and(v *Value) bool {
	ok := p.unary(v)
	for ok && p.peek().kind == tAnd {
		p.advance()
		args := p.alloc(2)
		args[0] = *v
		ok = p.unary(&args[1])
		*v = NewComposite(KindLogop, OpAnd, args[0].Pos, args)
	}
	return ok
}

// unary parses `unary := ('!' | '?') unary | postfix`.
func (p *parser) unary(v *Value) bool {
	t := p.peek()
	if t.kind != tPfxop {
		return p.postfix(v)
	}
	p.advance()
	if !p.enter(t) {
		return false
	}
	args := p.alloc(1)
	ok := p.unary(&args[0])
	p.depth--
	*v = NewComposite(KindPfxop, t.op, p.pos(t), args)
	return ok
}

// postfix parses `postfix := primary ('{' value* '}')*`.
func (p *parser) postfix(v *Value) bool {
	ok := p.primary(v)
	for ok && p.peek().kind == tLBrace {
		p.advance()
		var args []Value
		args, ok = p.values(tRBrace, v)
		*v = NewComposite(KindOption, OpNone, v.Pos, args)
	}
	return ok
}

// primary parses an atom, an infix comparison or environment update of two
// atoms, a prefix comparison, a list or a group.
func (p *parser) primary(v *Value) bool {
	t := p.peek()
	switch t.kind {
	case tIdent, tBool, tInt, tString:
		p.advance()
		o := p.peek()
		if o.kind != tRelop && o.kind != tEnvop {
			p.atom(v, t)
			return true
		}
		p.advance()
		args := p.alloc(2)
		p.atom(&args[0], t)
		ok := p.expectAtom(&args[1])
		kind := KindRelop
		if o.kind == tEnvop {
			kind = KindEnvBinding
		}
		*v = NewComposite(kind, o.op, args[0].Pos, args)
		return ok
	case tRelop:
		p.advance()
		args := p.alloc(1)
		ok := p.expectAtom(&args[0])
		*v = NewComposite(KindPrefixRelop, t.op, p.pos(t), args)
		return ok
	case tLBracket, tLParen:
		p.advance()
		kind, closer := KindList, tRBracket
		if t.kind == tLParen {
			kind, closer = KindGroup, tRParen
		}
		args, ok := p.values(closer, nil)
		*v = NewComposite(kind, OpNone, p.pos(t), args)
		return ok
	}
	p.errorf(t, "a value")
	*v = Value{}
	return false
}

// atom writes the atom of token t to v.
func (p *parser) atom(v *Value, t *token) {
	switch t.kind {
	case tIdent:
		*v = NewAtom(KindIdent, p.lx.text(t))
	case tBool:
		*v = NewBool(t.b)
	case tInt:
		*v = NewInt(t.i)
	case tString:
		*v = NewAtom(KindString, p.lx.text(t))
	default:
		*v = Value{}
	}
	v.Pos = p.pos(t)
}

func (p *parser) expectAtom(v *Value) bool {
	t := p.peek()
	switch t.kind {
	case tIdent, tBool, tInt, tString:
		p.advance()
		p.atom(v, t)
		return true
	}
	p.errorf(t, "an identifier, string, integer or bool")
	return false
}

// values parses values up to the closer token and consumes it. When
// first is not nil it becomes the first element, as the value of an
// option. The result has exactly the needed capacity, and is nil when
// empty.
func (p *parser) values(closer tokKind, first *Value) ([]Value, bool) {
	base := len(p.stack)
	if first != nil {
		p.stack = append(p.stack, *first)
	}
	ok := true
	for {
		t := p.peek()
		if t.kind == closer {
			p.advance()
			break
		}
		if !startsValue(t.kind) || t.kind == tIdent && p.peekAt(1).kind == tColon {
			p.errorf(t, "a value or "+tokNames[closer])
			ok = false
			break
		}
		// Parse into this depth's slot of tmp: a local variable would
		// be moved to the heap, as the parser is recursive.
		slot := &p.tmp[p.depth]
		ok = p.value(slot)
		p.stack = append(p.stack, *slot)
		*slot = Value{}
		if !ok {
			break
		}
	}
	out := p.alloc(len(p.stack) - base)
	copy(out, p.stack[base:])
	clear(p.stack[base:])
	p.stack = p.stack[:base]
	return out, ok
}

func startsValue(k tokKind) bool {
	switch k {
	case tIdent, tBool, tInt, tString, tLBracket, tLParen, tPfxop, tRelop:
		return true
	}
	return false
}

// alloc returns a slice of n zero values carved from the file's slab.
// The slices never overlap and have no spare capacity.
func (p *parser) alloc(n int) []Value {
	if n == 0 {
		return nil
	}
	if cap(p.slab)-len(p.slab) < n {
		// Only reached when argsBound was wrong, after syntax errors.
		p.slab = make([]Value, 0, max(valueChunk, n))
	}
	i := len(p.slab)
	p.slab = p.slab[:i+n]
	return p.slab[i : i+n : i+n]
}

func isAtom(k tokKind) bool { return k == tString || k == tIdent || k == tBool || k == tInt }

// continuesAtom reports whether a token of kind k after an atom makes the
// atom part of a larger value.
func continuesAtom(k tokKind) bool {
	switch k {
	case tRelop, tEnvop, tLBrace, tAnd, tOr:
		return true
	}
	return false
}
