package version

import "fmt"

// An Op is one of opam's relational operators in a version constraint such
// as `>= "4.08"`. The zero Op is invalid.
type Op uint8

// The relational operators, in opam's spelling: =, !=, <, <=, >, >=.
const (
	Eq Op = iota + 1
	Neq
	Lt
	Le
	Gt
	Ge
)

var opNames = [...]string{Eq: "=", Neq: "!=", Lt: "<", Le: "<=", Gt: ">", Ge: ">="}

// ParseOp returns the operator spelled s, or an error that names s.
func ParseOp(s string) (Op, error) {
	for op, name := range opNames {
		if op != 0 && name == s {
			return Op(op), nil
		}
	}
	return 0, fmt.Errorf("version: unknown relational operator %q (want one of = != < <= > >=)", s)
}

// String returns opam's spelling of o, or "Op(N)" for an invalid o.
func (o Op) String() string {
	if o == 0 || int(o) >= len(opNames) {
		return fmt.Sprintf("Op(%d)", uint8(o))
	}
	return opNames[o]
}

// Holds reports whether `v o c` is true in opam's version order, for
// example Ge.Holds("4.14.1", "4.08") is true. An invalid o never holds.
func (o Op) Holds(v, c string) bool {
	return o.holdsCmp(Compare(v, c))
}

// holdsCmp reports whether o holds for a comparison result cmp.
func (o Op) holdsCmp(cmp int) bool {
	switch o {
	case Eq:
		return cmp == 0
	case Neq:
		return cmp != 0
	case Lt:
		return cmp < 0
	case Le:
		return cmp <= 0
	case Gt:
		return cmp > 0
	case Ge:
		return cmp >= 0
	}
	return false
}
