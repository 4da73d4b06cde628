package opamuniverse

import (
	"fmt"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/version"
)

// ParseAtom reads a command-line atom as opam does: `name`,
// `name.version` (exactly that version), or `name` followed by one of
// = != < <= > >= and a version, such as `mirage>=4.5`. Spaces around the
// operator are allowed. The atom's position names the command line.
func ParseAtom(s string) (resolve.Atom, error) {
	s = strings.TrimSpace(s)
	pos := resolve.Pos{File: "command line"}
	if i := strings.IndexAny(s, "=!<>"); i >= 0 {
		name := strings.TrimSpace(s[:i])
		rest := s[i:]
		opLen := 1
		if len(rest) > 1 && rest[1] == '=' {
			opLen = 2
		}
		op, err := version.ParseOp(rest[:opLen])
		ver := strings.TrimSpace(rest[opLen:])
		if err != nil || !version.Valid(ver) || !opam.ValidName(name) {
			return resolve.Atom{}, fmt.Errorf("bad atom %q: want NAME, NAME.VERSION or NAME followed by = != < <= > >= and a version", s)
		}
		return resolve.Atom{Name: name, Constraint: &vcons{op: op, v: ver}, Pos: pos}, nil
	}
	if name, ver, ok := strings.Cut(s, "."); ok {
		if !opam.ValidName(name) || !version.Valid(ver) {
			return resolve.Atom{}, fmt.Errorf("bad atom %q: want NAME.VERSION, a version made of letters, digits and - _ + . ~", s)
		}
		return resolve.Atom{Name: name, Constraint: &vcons{op: version.Eq, v: ver}, Pos: pos}, nil
	}
	if !opam.ValidName(s) {
		return resolve.Atom{}, fmt.Errorf("bad atom %q: a package name has %s", s, opam.NameRule)
	}
	return resolve.Atom{Name: s, Pos: pos}, nil
}
