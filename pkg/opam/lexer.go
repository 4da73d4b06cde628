package opam

import (
	"strconv"
	"strings"
)

// tokKind is the kind of a lexical token.
type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tBool
	tInt
	tString
	tLBrace
	tRBrace
	tLBracket
	tRBracket
	tLParen
	tRParen
	tColon
	tRelop
	tAnd
	tOr
	tPfxop
	tEnvop
)

var tokNames = [...]string{
	tEOF: "end of file", tIdent: "identifier", tBool: "bool", tInt: "integer",
	tString: "string", tLBrace: "'{'", tRBrace: "'}'", tLBracket: "'['",
	tRBracket: "']'", tLParen: "'('", tRParen: "')'", tColon: "':'",
	tRelop: "comparison operator", tAnd: "'&'", tOr: "'|'",
	tPfxop: "prefix operator", tEnvop: "environment update operator",
}

// token is one lexical token. It holds no pointers, so that token buffers
// cost the garbage collector nothing: the text of an identifier or string
// is s[start:end] of the source, or, when start is negative, the decoded
// string number -start-1 of the lexer (strings with escapes).
type token struct {
	kind  tokKind
	op    Op
	b     bool
	line  int32
	col   int32
	start int32
	end   int32
	i     int64
}

// describe names the token for "expected X, found Y" messages; text is
// its text.
func (t *token) describe(text string) string {
	switch t.kind {
	case tIdent:
		return "identifier " + text
	case tString:
		s := text
		if len(s) > 20 {
			s = s[:20] + "..."
		}
		return "string " + strconv.Quote(s)
	case tRelop, tPfxop, tEnvop:
		return "'" + t.op.String() + "'"
	case tInt:
		return "integer " + strconv.FormatInt(t.i, 10)
	case tBool:
		return "bool " + strconv.FormatBool(t.b)
	}
	return tokNames[t.kind]
}

// lexer splits an opam file into tokens. It never stops at an error: it
// records it and goes on with the next byte.
type lexer struct {
	s         string
	i         int
	line      int32
	lineStart int
	file      Pos // the file's name, shared by every position of the file
	errs      ErrorList
	buf       []byte
	decoded   []string // strings that held escapes
}

// text returns the text of an identifier or string token.
func (lx *lexer) text(t *token) string {
	if t.start < 0 {
		return lx.decoded[-t.start-1]
	}
	return lx.s[t.start:t.end]
}

// setText records the source range [i, j) as t's text.
func (t *token) setText(i, j int) { t.start, t.end = int32(i), int32(j) }

// setDecoded records s, a decoded string, as t's text.
func (lx *lexer) setDecoded(t *token, s string) {
	lx.decoded = append(lx.decoded, s)
	t.start, t.end = -int32(len(lx.decoded)), 0
}

func (lx *lexer) errorAt(line int32, col int32, msg string) {
	lx.errs = append(lx.errs, &SyntaxError{Pos: lx.file.At(line, col), Msg: msg})
}

func (lx *lexer) col(i int) int32 { return int32(i-lx.lineStart) + 1 }

func (lx *lexer) newline(i int) {
	lx.line++
	lx.lineStart = i + 1
}

// tokenize appends all tokens of the source to toks, ending with tEOF.
func (lx *lexer) tokenize(toks []token) []token {
	for {
		var t token
		lx.next(&t)
		toks = append(toks, t)
		if t.kind == tEOF {
			return toks
		}
	}
}

// next reads the next token into t.
func (lx *lexer) next(t *token) {
	s := lx.s
	for lx.i < len(s) {
		c := s[lx.i]
		switch c {
		case ' ', '\t':
			lx.i++
			continue
		case '\n':
			lx.newline(lx.i)
			lx.i++
			continue
		case '\r':
			if lx.i+1 < len(s) && s[lx.i+1] == '\n' {
				lx.i++
				continue
			}
		case '#':
			lx.lineComment()
			continue
		case '(':
			if lx.i+1 < len(s) && s[lx.i+1] == '*' {
				lx.blockComment()
				continue
			}
		}
		t.line, t.col = lx.line, lx.col(lx.i)
		if lx.token(t, c) {
			return
		}
	}
	t.kind = tEOF
	t.line, t.col = lx.line, lx.col(lx.i)
}

// token lexes the token starting with c at lx.i and reports whether it
// produced one; on an invalid byte it records an error and skips it.
func (lx *lexer) token(t *token, c byte) bool {
	s, i := lx.s, lx.i
	switch c {
	case '{':
		return lx.punct(t, tLBrace, 1)
	case '}':
		return lx.punct(t, tRBrace, 1)
	case '[':
		return lx.punct(t, tLBracket, 1)
	case ']':
		return lx.punct(t, tRBracket, 1)
	case '(':
		return lx.punct(t, tLParen, 1)
	case ')':
		return lx.punct(t, tRParen, 1)
	case '&':
		return lx.punct(t, tAnd, 1)
	case '|':
		return lx.punct(t, tOr, 1)
	case '?':
		t.op = OpDefined
		return lx.punct(t, tPfxop, 1)
	case '"':
		lx.str(t)
		return true
	case ':':
		if at(s, i+1) == '=' {
			t.op = OpColonEq
			return lx.punct(t, tEnvop, 2)
		}
		return lx.punct(t, tColon, 1)
	case '+':
		if at(s, i+1) == '=' {
			t.op = OpPlusEq
			return lx.punct(t, tEnvop, 2)
		}
	case '!':
		if at(s, i+1) == '=' {
			t.op = OpNeq
			return lx.punct(t, tRelop, 2)
		}
		t.op = OpNot
		return lx.punct(t, tPfxop, 1)
	case '<', '>':
		return lx.angle(t, c)
	case '=':
		return lx.equals(t)
	default:
		if isIchar(c) {
			return lx.word(t)
		}
	}
	if i == 0 && strings.HasPrefix(s, byteOrderMark) {
		lx.errorAt(t.line, t.col, "the file starts with a byte order mark (U+FEFF), which is not opam syntax; save the file as UTF-8 without it")
		lx.i += len(byteOrderMark)
		return false
	}
	lx.errorAt(t.line, t.col, strconv.Quote(s[i:i+1])+" is not a valid token")
	lx.i++
	return false
}

// byteOrderMark is U+FEFF in UTF-8, which some editors write at the start
// of a file.
const byteOrderMark = "\xef\xbb\xbf"

func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func (lx *lexer) punct(t *token, k tokKind, n int) bool {
	t.kind = k
	lx.i += n
	return true
}

func (lx *lexer) angle(t *token, c byte) bool {
	eq := at(lx.s, lx.i+1) == '='
	switch {
	case c == '<' && eq:
		t.op = OpLe
	case c == '<':
		t.op = OpLt
	case eq:
		t.op = OpGe
	default:
		t.op = OpGt
	}
	if eq {
		return lx.punct(t, tRelop, 2)
	}
	return lx.punct(t, tRelop, 1)
}

// equals lexes "=", "=+", "=:", "=+=" and the invalid "=:=".
func (lx *lexer) equals(t *token) bool {
	s, i := lx.s, lx.i
	n1 := at(s, i+1)
	if n1 != '+' && n1 != ':' {
		t.op = OpEq
		return lx.punct(t, tRelop, 1)
	}
	if at(s, i+2) == '=' {
		if n1 == ':' {
			lx.errorAt(t.line, t.col, `"=:=" is not a valid environment update operator`)
			lx.i += 3
			return false
		}
		t.op = OpEqPlusEq
		return lx.punct(t, tEnvop, 3)
	}
	if n1 == '+' {
		t.op = OpEqPlus
	} else {
		t.op = OpEqColon
	}
	return lx.punct(t, tEnvop, 2)
}

func (lx *lexer) lineComment() {
	s := lx.s
	for lx.i < len(s) && s[lx.i] != '\n' {
		lx.i++
	}
}

// blockComment skips a possibly nested (* *) comment starting at lx.i.
func (lx *lexer) blockComment() {
	s := lx.s
	line, col := lx.line, lx.col(lx.i)
	depth := 0
	for lx.i < len(s) {
		c := s[lx.i]
		switch {
		case c == '(' && at(s, lx.i+1) == '*':
			depth++
			lx.i += 2
			continue
		case c == '*' && at(s, lx.i+1) == ')':
			depth--
			lx.i += 2
			if depth == 0 {
				return
			}
			continue
		case c == '\n':
			lx.newline(lx.i)
		}
		lx.i++
	}
	lx.errorAt(line, col, "unterminated comment")
}
