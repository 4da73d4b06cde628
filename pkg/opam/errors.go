package opam

import "strings"

// SyntaxError is one lexical or grammatical error in an opam file.
type SyntaxError struct {
	Pos Pos
	Msg string
}

// Error formats the error as file:line:col: message.
func (e *SyntaxError) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is the list of all syntax errors of one file, in source order.
// Parse returns it as its error when there is at least one.
type ErrorList []*SyntaxError

// Error joins the errors, one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, so errors.As finds a *SyntaxError.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// FieldError is an error in the meaning of a field whose syntax is valid:
// a value of the wrong kind, an unknown operator, a malformed formula.
type FieldError struct {
	Pos   Pos
	Field string
	Msg   string
}

// Error formats the error as file:line:col: field "name": message.
func (e *FieldError) Error() string {
	return e.Pos.String() + ": field " + quote(e.Field) + ": " + e.Msg
}

func quote(s string) string { return `"` + s + `"` }
