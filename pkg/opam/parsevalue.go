package opam

// value parses `value := or`.
func (p *parser) value() (Value, bool) {
	// Fast path: most values are a lone atom.
	if t := p.peek(); isAtom(t.kind) && !continuesAtom(p.peekAt(1).kind) {
		p.advance()
		return p.atom(t), true
	}
	p.depth++
	if p.depth > maxDepth {
		p.depth--
		p.errs = append(p.errs, &SyntaxError{Pos: p.pos(p.peek()), Msg: "values nested too deeply"})
		return Value{}, false
	}
	v, ok := p.or()
	p.depth--
	return v, ok
}

// or parses `or := and { "|" and }`, left-associative.
func (p *parser) or() (Value, bool) {
	l, ok := p.and()
	for ok && p.peek().kind == tOr {
		p.advance()
		var r Value
		r, ok = p.and()
		l = Value{Kind: KindLogop, Op: OpOr, Pos: l.Pos, Args: p.pair(l, r)}
	}
	return l, ok
}

// and parses `and := unary { "&" unary }`, left-associative.
func (p *parser) and() (Value, bool) {
	l, ok := p.unary()
	for ok && p.peek().kind == tAnd {
		p.advance()
		var r Value
		r, ok = p.unary()
		l = Value{Kind: KindLogop, Op: OpAnd, Pos: l.Pos, Args: p.pair(l, r)}
	}
	return l, ok
}

// unary parses `unary := ('!' | '?') unary | postfix`.
func (p *parser) unary() (Value, bool) {
	t := p.peek()
	if t.kind != tPfxop {
		return p.postfix()
	}
	p.advance()
	p.depth++
	if p.depth > maxDepth {
		p.depth--
		p.errs = append(p.errs, &SyntaxError{Pos: p.pos(t), Msg: "values nested too deeply"})
		return Value{}, false
	}
	v, ok := p.unary()
	p.depth--
	return Value{Kind: KindPfxop, Op: t.op, Pos: p.pos(t), Args: p.one(v)}, ok
}

// postfix parses `postfix := primary ('{' value* '}')*`.
func (p *parser) postfix() (Value, bool) {
	v, ok := p.primary()
	for ok && p.peek().kind == tLBrace {
		p.advance()
		var args []Value
		args, ok = p.values(tRBrace, v)
		v = Value{Kind: KindOption, Pos: v.Pos, Args: args}
	}
	return v, ok
}

// primary parses an atom, an infix comparison or environment update of two
// atoms, a prefix comparison, a list or a group.
func (p *parser) primary() (Value, bool) {
	t := p.peek()
	switch t.kind {
	case tIdent, tBool, tInt, tString:
		p.advance()
		a := p.atom(t)
		o := p.peek()
		if o.kind != tRelop && o.kind != tEnvop {
			return a, true
		}
		p.advance()
		b, ok := p.expectAtom()
		kind := KindRelop
		if o.kind == tEnvop {
			kind = KindEnvBinding
		}
		return Value{Kind: kind, Op: o.op, Pos: a.Pos, Args: p.pair(a, b)}, ok
	case tRelop:
		p.advance()
		b, ok := p.expectAtom()
		return Value{Kind: KindPrefixRelop, Op: t.op, Pos: p.pos(t), Args: p.one(b)}, ok
	case tLBracket, tLParen:
		p.advance()
		kind, closer := KindList, tRBracket
		if t.kind == tLParen {
			kind, closer = KindGroup, tRParen
		}
		args, ok := p.values(closer, Value{})
		if len(args) == 0 {
			args = nil
		}
		return Value{Kind: kind, Pos: p.pos(t), Args: args}, ok
	}
	p.errorf(t, "a value")
	return Value{}, false
}

func (p *parser) atom(t *token) Value {
	v := Value{Pos: p.pos(t)}
	switch t.kind {
	case tIdent:
		v.Kind, v.Str = KindIdent, t.text
	case tBool:
		v.Kind, v.Bool = KindBool, t.b
	case tInt:
		v.Kind, v.Int = KindInt, t.i
	case tString:
		v.Kind, v.Str = KindString, t.text
	}
	return v
}

func (p *parser) expectAtom() (Value, bool) {
	t := p.peek()
	switch t.kind {
	case tIdent, tBool, tInt, tString:
		p.advance()
		return p.atom(t), true
	}
	p.errorf(t, "an identifier, string, integer or bool")
	return Value{}, false
}

// values parses values up to the closer token and consumes it. When
// first is not the zero Value it becomes the first element, as the value
// of an option. The result has exactly the needed capacity.
func (p *parser) values(closer tokKind, first Value) ([]Value, bool) {
	base := len(p.stack)
	if first.Kind != KindInvalid {
		p.stack = append(p.stack, first)
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
		var v Value
		v, ok = p.value()
		p.stack = append(p.stack, v)
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

// alloc returns a slice of n zero values from the parse's scratch arena.
// The slices never overlap and have no spare capacity; compact moves them
// to their final home once the file is parsed.
func (p *parser) alloc(n int) []Value {
	if n == 0 {
		return nil
	}
	return p.arena.alloc(n)
}

func (p *parser) pair(l, r Value) []Value {
	s := p.alloc(2)
	s[0], s[1] = l, r
	return s
}

func (p *parser) one(v Value) []Value {
	s := p.alloc(1)
	s[0] = v
	return s
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
