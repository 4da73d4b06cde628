package opam

import (
	"strconv"
	"strings"
)

// str lexes a "..." or """...""" string at lx.i. Strings without escapes
// share the source's memory.
func (lx *lexer) str(t *token) {
	s := lx.s
	triple := at(s, lx.i+1) == '"' && at(s, lx.i+2) == '"'
	start := lx.i + 1
	if triple {
		start = lx.i + 3
	}
	t.kind = tString
	end := lx.closingQuote(start, triple)
	if end < 0 {
		lx.i = start
		lx.setDecoded(t, lx.strSlow(t, triple))
		return
	}
	body := s[start:end]
	if strings.IndexByte(body, '\\') >= 0 {
		lx.i = start
		lx.setDecoded(t, lx.strSlow(t, triple))
		return
	}
	if n := strings.Count(body, "\n"); n > 0 {
		lx.line += int32(n)
		lx.lineStart = start + strings.LastIndexByte(body, '\n') + 1
	}
	t.setText(start, end)
	lx.i = end + 1
	if triple {
		lx.i = end + 3
	}
}

// closingQuote returns the index of the quote (or of the first of three
// quotes) closing a string whose body starts at i, or -1 when the body
// holds a backslash before it (an escape may hide a quote) or the string
// is not closed.
func (lx *lexer) closingQuote(i int, triple bool) int {
	s := lx.s
	for {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			return -1
		}
		q += i
		if strings.IndexByte(s[i:q], '\\') >= 0 {
			return -1
		}
		if !triple || at(s, q+1) == '"' && at(s, q+2) == '"' {
			return q
		}
		i = q + 1
	}
}

// strSlow decodes a string holding escapes, from lx.i after the opening
// quotes, and leaves lx.i after the closing quotes.
func (lx *lexer) strSlow(t *token, triple bool) string {
	s := lx.s
	b := lx.buf[:0]
	for lx.i < len(s) {
		c := s[lx.i]
		switch {
		case c == '"' && !triple:
			lx.i++
			lx.buf = b
			return string(b)
		case c == '"' && at(s, lx.i+1) == '"' && at(s, lx.i+2) == '"':
			lx.i += 3
			lx.buf = b
			return string(b)
		case c == '\\':
			b = lx.escape(b)
			continue
		case c == '\n':
			lx.newline(lx.i)
		}
		b = append(b, c)
		lx.i++
	}
	lx.errorAt(t.line, t.col, "unterminated string")
	lx.buf = b
	return string(b)
}

// escape decodes the escape sequence at lx.i (a backslash) onto b.
func (lx *lexer) escape(b []byte) []byte {
	s := lx.s
	line, col := lx.line, lx.col(lx.i)
	i := lx.i + 1
	c := at(s, i)
	switch {
	case c == '\n' || c == '\r' && at(s, i+1) == '\n':
		if c == '\r' {
			i++
		}
		lx.newline(i)
		i++
		for at(s, i) == ' ' || at(s, i) == '\t' {
			i++
		}
		lx.i = i
		return b
	case c == '\\' || c == '"' || c == '\'' || c == ' ':
		b = append(b, c)
	case c == 'n':
		b = append(b, '\n')
	case c == 'r':
		b = append(b, '\r')
	case c == 't':
		b = append(b, '\t')
	case c == 'b':
		b = append(b, '\b')
	case isDigit(c) && isDigit(at(s, i+1)) && isDigit(at(s, i+2)):
		n, _ := strconv.Atoi(s[i : i+3])
		if n > 255 {
			lx.errorAt(line, col, "illegal escape sequence \\"+s[i:i+3])
		}
		lx.i = i + 3
		return append(b, byte(n))
	case c == 'x' && isHex(at(s, i+1)) && isHex(at(s, i+2)):
		n, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
		lx.i = i + 3
		return append(b, byte(n))
	default:
		lx.errorAt(line, col, "illegal escape sequence")
		lx.i = i
		return b
	}
	lx.i = i + 1
	return b
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
