package opam

import (
	"strings"
)

// Part is one piece of a string with interpolations: literal text, or a
// variable reference written %{var}%, %{pkg:var}%, %{a+b:var}% or
// %{var?then:else}%.
type Part struct {
	// Pos is where the part starts, computed from the string's position
	// as if the string held no escape sequences.
	Pos Pos
	// Text is the literal text (with "%%" already turned into "%"), or
	// for a variable the raw text between "%{" and "}%".
	Text  string
	IsVar bool
	Var   Var
	// HasConv reports whether the reference has a "?then:else"
	// converter, whose two strings are Then and Else.
	HasConv    bool
	Then, Else string
}

// ParseInterpolation splits s, the decoded value of a string literal at
// pos, into literal and variable parts, following opam's rules: "%%"
// stands for "%", and "%{" opens a reference that ends at the first "}%"
// on the same line. An unclosed "%{" or an invalid variable is reported in
// the error (an ErrorList) and kept as literal text, as opam leaves it
// unexpanded. Adjacent literal parts are merged.
func ParseInterpolation(s string, pos Pos) ([]Part, error) {
	var parts []Part
	var errs ErrorList
	pc := posCursor{pos: pos}
	pc.pos.Col++ // skip the opening quote
	lit, litStart := strings.Builder{}, pc.pos
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, Part{Pos: litStart, Text: lit.String()})
			lit.Reset()
		}
	}
	i := 0
	for i < len(s) {
		if s[i] != '%' || i+1 >= len(s) || s[i+1] != '%' && s[i+1] != '{' {
			j := i + 1
			for j < len(s) && s[j] != '%' {
				j++
			}
			if lit.Len() == 0 {
				litStart = pc.at(s, i)
			}
			lit.WriteString(s[i:j])
			i = j
			continue
		}
		if s[i+1] == '%' {
			if lit.Len() == 0 {
				litStart = pc.at(s, i)
			}
			lit.WriteByte('%')
			i += 2
			continue
		}
		end, closed := interpEnd(s, i+2)
		p := pc.at(s, i)
		if !closed {
			errs = append(errs, &SyntaxError{Pos: p, Msg: "unclosed variable interpolation " + quote(s[i:end])})
			if lit.Len() == 0 {
				litStart = p
			}
			lit.WriteString(s[i:end])
			i = end
			continue
		}
		part, err := parseInterpVar(s[i+2 : end])
		if err != nil {
			errs = append(errs, &SyntaxError{Pos: p, Msg: "invalid variable interpolation " + quote(s[i:end+2]) + ": " + err.Error()})
			if lit.Len() == 0 {
				litStart = p
			}
			lit.WriteString(s[i : end+2])
			i = end + 2
			continue
		}
		flush()
		part.Pos = p
		parts = append(parts, part)
		i = end + 2
	}
	flush()
	if len(errs) > 0 {
		return parts, errs
	}
	return parts, nil
}

// interpEnd scans the body of an interpolation starting at i (after
// "%{"). It returns the index of the closing "}%" and true, or the end of
// the text opam's rule consumes and false when the interpolation is not
// closed: the body stops at a newline, and a '}' not followed by '%' is
// taken with the byte after it.
func interpEnd(s string, i int) (int, bool) {
	for i < len(s) {
		switch s[i] {
		case '\n':
			return i, false
		case '}':
			if i+1 < len(s) && s[i+1] == '%' {
				return i, true
			}
			if i+1 >= len(s) || s[i+1] == '\n' {
				return i + 1, false
			}
			i += 2
			continue
		}
		i++
	}
	return i, false
}

// parseInterpVar reads "pkgs:var", "var", "pkgs:var?then:else" or
// "var?then:else" as opam does: the last ':' ends the variable, unless a
// '?' comes before it, in which case it separates the two converter
// strings.
func parseInterpVar(body string) (Part, error) {
	part := Part{Text: body, IsVar: true}
	if c := strings.LastIndexByte(body, ':'); c >= 0 {
		if q := strings.LastIndexByte(body[:c], '?'); q >= 0 {
			part.HasConv, part.Then, part.Else = true, body[q+1:c], body[c+1:]
			body = body[:q]
		}
	}
	v, err := ParseVar(body)
	if err != nil {
		return part, err
	}
	part.Var = v
	return part, nil
}

// posCursor maps byte offsets of a decoded string to positions, moving
// forward only.
type posCursor struct {
	pos Pos
	off int
}

func (c *posCursor) at(s string, off int) Pos {
	for ; c.off < off && c.off < len(s); c.off++ {
		if s[c.off] == '\n' {
			c.pos.Line++
			c.pos.Col = 1
		} else {
			c.pos.Col++
		}
	}
	return c.pos
}

// HasInterpolation reports whether s holds "%{" or "%%", that is whether
// expanding it may change it.
func HasInterpolation(s string) bool {
	i := strings.IndexByte(s, '%')
	for i >= 0 && i+1 < len(s) {
		if s[i+1] == '{' || s[i+1] == '%' {
			return true
		}
		j := strings.IndexByte(s[i+1:], '%')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}
