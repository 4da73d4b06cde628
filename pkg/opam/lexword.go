package opam

import "strconv"

// ichar is the set of bytes an identifier part may hold.
var ichar = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['_'], t['-'] = true, true
	return t
}()

func isIchar(c byte) bool { return ichar[c] }

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// idAt returns the end of the identifier part `ichar* alpha ichar*` at i,
// or -1 when the run of identifier bytes there holds no letter.
func idAt(s string, i int) int {
	alpha := false
	j := i
	for j < len(s) && ichar[s[j]] {
		alpha = alpha || isAlpha(s[j])
		j++
	}
	if !alpha {
		return -1
	}
	return j
}

// identAt returns the end of the longest identifier at i, following
// opam's rule `(id | "_") ("+" (id | "_"))* (":" id)?`, or -1.
func identAt(s string, i int) int {
	part := func(i int) int {
		if j := idAt(s, i); j >= 0 {
			return j
		}
		if at(s, i) == '_' {
			return i + 1
		}
		return -1
	}
	j := part(i)
	if j < 0 {
		return -1
	}
	for at(s, j) == '+' {
		k := part(j + 1)
		if k < 0 {
			break
		}
		j = k
	}
	if at(s, j) == ':' {
		if k := idAt(s, j+1); k >= 0 {
			j = k
		}
	}
	return j
}

// intAt returns the end of the longest integer `-?[0-9_]+` at i, or -1.
func intAt(s string, i int) int {
	j := i
	if at(s, j) == '-' {
		j++
	}
	k := j
	for k < len(s) && (s[k] >= '0' && s[k] <= '9' || s[k] == '_') {
		k++
	}
	if k == j {
		return -1
	}
	return k
}

// word lexes an identifier, a bool or an integer at lx.i; the longest
// match wins and an integer wins a tie, as in opam's lexer.
func (lx *lexer) word(t *token) bool {
	s, i := lx.s, lx.i
	ie, ne := identAt(s, i), intAt(s, i)
	if ie < 0 && ne < 0 {
		lx.errorAt(t.line, t.col, strconv.Quote(s[i:i+1])+" is not a valid token")
		lx.i++
		return false
	}
	if ne >= ie {
		lx.i = ne
		return lx.integer(t, s[i:ne])
	}
	lx.i = ie
	w := s[i:ie]
	switch w {
	case "true":
		t.kind, t.b = tBool, true
	case "false":
		t.kind, t.b = tBool, false
	default:
		t.kind = tIdent
		t.setText(i, ie)
	}
	return true
}

// integer converts w like OCaml's int_of_string: underscores are ignored
// after the first digit, and values must fit in 63 bits.
func (lx *lexer) integer(t *token, w string) bool {
	neg := w[0] == '-'
	d := w
	if neg {
		d = w[1:]
	}
	const limit = 1<<62 - 1
	var n int64
	ok := d[0] != '_'
	for k := 0; k < len(d) && ok; k++ {
		if d[k] == '_' {
			continue
		}
		// Checked before multiplying, so that n*10 cannot wrap.
		ok = n <= (limit+1)/10
		n = n*10 + int64(d[k]-'0')
		ok = ok && n <= limit+1
	}
	if ok && !neg && n > limit {
		ok = false
	}
	if !ok {
		lx.errorAt(t.line, t.col, "invalid integer "+w)
		return false
	}
	if neg {
		n = -n
	}
	t.kind, t.i = tInt, n
	return true
}
