package build

import (
	"fmt"
	"strconv"
	"strings"
)

// This file reads the small subset of the opam file syntax that .install
// and .config files use: fields, sections, strings, bools, identifiers,
// integers, lists and option braces.
// TODO(#2): use pkg/opam's parser once it lands.

// value is a parsed opam value: a string, bool, int or identifier atom, or
// a list; Opts holds an atom's { ... } options.
type value struct {
	Kind string // "string", "bool", "int", "ident", "list"
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

// SyntaxError is an error in an .install or .config file.
type SyntaxError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

type token struct {
	kind      byte // 's' string, 'i' ident/bool/int, or the punctuation char; 0 at EOF
	text      string
	line, col int
}

type lexer struct {
	file      string
	src       string
	pos       int
	line, col int
}

func (l *lexer) errf(line, col int, format string, args ...any) error {
	return &SyntaxError{File: l.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

func (l *lexer) advance(n int) {
	for i := 0; i < n && l.pos < len(l.src); i++ {
		if l.src[l.pos] == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.pos++
	}
}

// skip skips blanks and comments.
func (l *lexer) skip() error {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.advance(1)
		case c == '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.advance(1)
			}
		case strings.HasPrefix(l.src[l.pos:], "(*"):
			line, col, depth := l.line, l.col, 0
			for {
				if l.pos >= len(l.src) {
					return l.errf(line, col, "comment is not closed")
				}
				if strings.HasPrefix(l.src[l.pos:], "(*") {
					depth++
					l.advance(2)
				} else if strings.HasPrefix(l.src[l.pos:], "*)") {
					depth--
					l.advance(2)
					if depth == 0 {
						break
					}
				} else {
					l.advance(1)
				}
			}
		default:
			return nil
		}
	}
	return nil
}

func isIdentChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("_-+:.%", c) >= 0
}

func (l *lexer) next() (token, error) {
	if err := l.skip(); err != nil {
		return token{}, err
	}
	t := token{line: l.line, col: l.col}
	if l.pos >= len(l.src) {
		return t, nil
	}
	c := l.src[l.pos]
	switch {
	case strings.IndexByte("[]{}:", c) >= 0:
		t.kind = c
		l.advance(1)
		return t, nil
	case c == '"':
		s, err := l.str()
		t.kind, t.text = 's', s
		return t, err
	case isIdentChar(c):
		start := l.pos
		for l.pos < len(l.src) && isIdentChar(l.src[l.pos]) && l.src[l.pos] != ':' {
			l.advance(1)
		}
		t.kind, t.text = 'i', l.src[start:l.pos]
		return t, nil
	}
	return t, l.errf(t.line, t.col, "unexpected character %q", c)
}

// str reads a "..." or """...""" string with opam's escapes.
func (l *lexer) str() (string, error) {
	line, col := l.line, l.col
	delim := `"`
	if strings.HasPrefix(l.src[l.pos:], `"""`) {
		delim = `"""`
	}
	l.advance(len(delim))
	var b strings.Builder
	for {
		if l.pos >= len(l.src) {
			return "", l.errf(line, col, "string is not closed")
		}
		if strings.HasPrefix(l.src[l.pos:], delim) {
			l.advance(len(delim))
			return b.String(), nil
		}
		c := l.src[l.pos]
		if c != '\\' {
			b.WriteByte(c)
			l.advance(1)
			continue
		}
		if err := l.escape(&b); err != nil {
			return "", err
		}
	}
}

func (l *lexer) escape(b *strings.Builder) error {
	line, col := l.line, l.col
	l.advance(1)
	if l.pos >= len(l.src) {
		return l.errf(line, col, "escape at end of file")
	}
	c := l.src[l.pos]
	simple := map[byte]string{'\\': "\\", '"': "\"", '\'': "'", 'n': "\n", 'r': "\r", 't': "\t", 'b': "\b", ' ': " "}
	switch {
	case simple[c] != "":
		b.WriteString(simple[c])
		l.advance(1)
	case c == '\n':
		l.advance(1)
		for l.pos < len(l.src) && (l.src[l.pos] == ' ' || l.src[l.pos] == '\t') {
			l.advance(1)
		}
	case c == 'x' && l.pos+3 <= len(l.src):
		n, err := strconv.ParseUint(l.src[l.pos+1:l.pos+3], 16, 8)
		if err != nil {
			return l.errf(line, col, "bad \\x escape")
		}
		b.WriteByte(byte(n))
		l.advance(3)
	case c >= '0' && c <= '9' && l.pos+3 <= len(l.src):
		n, err := strconv.ParseUint(l.src[l.pos:l.pos+3], 10, 8)
		if err != nil {
			return l.errf(line, col, "bad decimal escape")
		}
		b.WriteByte(byte(n))
		l.advance(3)
	default:
		return l.errf(line, col, "unknown escape \\%c", c)
	}
	return nil
}

type parser struct {
	lx  *lexer
	tok token
}

// parseOpamFile parses src (named file in errors) into items.
func parseOpamFile(file, src string) ([]item, error) {
	p := &parser{lx: &lexer{file: file, src: src, line: 1, col: 1}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	items, err := p.items(0)
	if err != nil {
		return nil, err
	}
	return items, nil
}

func (p *parser) advance() error {
	t, err := p.lx.next()
	p.tok = t
	return err
}

func (p *parser) errf(format string, args ...any) error {
	return p.lx.errf(p.tok.line, p.tok.col, format, args...)
}

// items reads fields and sections until EOF (end 0) or a closing '}'.
func (p *parser) items(end byte) ([]item, error) {
	var out []item
	for p.tok.kind != end {
		if p.tok.kind != 'i' {
			return nil, p.errf("want a field name, found %s", describe(p.tok))
		}
		it := item{Name: p.tok.text, Line: p.tok.line}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if err := p.itemBody(&it); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func (p *parser) itemBody(it *item) error {
	if p.tok.kind == 's' { // a named section: name "label" { ... }
		if err := p.advance(); err != nil {
			return err
		}
	}
	switch p.tok.kind {
	case ':':
		if err := p.advance(); err != nil {
			return err
		}
		v, err := p.value()
		it.Value = v
		return err
	case '{':
		if err := p.advance(); err != nil {
			return err
		}
		sec, err := p.items('}')
		if err != nil {
			return err
		}
		it.Section = sec
		return p.advance()
	}
	return p.errf("want ':' or '{' after %q, found %s", it.Name, describe(p.tok))
}

func describe(t token) string {
	switch t.kind {
	case 0:
		return "end of file"
	case 's':
		return strconv.Quote(t.text)
	case 'i':
		return t.text
	}
	return strconv.Quote(string(t.kind))
}

// value reads an atom with optional { options } or a [ list ].
func (p *parser) value() (value, error) {
	v := value{Line: p.tok.line}
	switch p.tok.kind {
	case '[':
		v.Kind = "list"
		if err := p.advance(); err != nil {
			return v, err
		}
		for p.tok.kind != ']' {
			if p.tok.kind == 0 {
				return v, p.errf("list is not closed")
			}
			e, err := p.value()
			if err != nil {
				return v, err
			}
			v.List = append(v.List, e)
		}
		return v, p.advance()
	case 's':
		v.Kind, v.S = "string", p.tok.text
	case 'i':
		v.Kind, v.S = "ident", p.tok.text
		if v.S == "true" || v.S == "false" {
			v.Kind, v.B = "bool", v.S == "true"
		} else if _, err := strconv.Atoi(v.S); err == nil {
			v.Kind = "int"
		}
	default:
		return v, p.errf("want a value, found %s", describe(p.tok))
	}
	if err := p.advance(); err != nil {
		return v, err
	}
	if p.tok.kind != '{' {
		return v, nil
	}
	if err := p.advance(); err != nil {
		return v, err
	}
	for p.tok.kind != '}' {
		if p.tok.kind == 0 {
			return v, p.errf("option braces are not closed")
		}
		o, err := p.value()
		if err != nil {
			return v, err
		}
		v.Opts = append(v.Opts, o)
	}
	return v, p.advance()
}
