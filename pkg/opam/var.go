package opam

import (
	"errors"
	"strings"
)

// Var names a variable: a global one such as os, a package variable such
// as ocaml:version, the package's own variable _:name, or a variable of
// several packages such as lwt+ptime:installed.
type Var struct {
	// Pkgs holds the package names before the ':', "_" standing for the
	// package being defined; it is nil for a global variable.
	Pkgs []string
	Name string
}

// Global reports whether v has no package scope.
func (v Var) Global() bool { return len(v.Pkgs) == 0 }

// String returns v in opam's spelling.
func (v Var) String() string {
	if len(v.Pkgs) == 0 {
		return v.Name
	}
	return strings.Join(v.Pkgs, "+") + ":" + v.Name
}

var errEmptyVar = errors.New("empty variable name")

// ParseVar reads a variable as written in an identifier or an
// interpolation: everything after the last ':' is the variable name and
// the part before it a '+'-separated list of packages.
func ParseVar(s string) (Var, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		if s == "" {
			return Var{}, errEmptyVar
		}
		return Var{Name: s}, nil
	}
	v := Var{Name: s[i+1:]}
	if v.Name == "" {
		return Var{}, errors.New("empty variable name after ':' in " + quote(s))
	}
	if i == 0 {
		return Var{}, errors.New("empty package name before ':' in " + quote(s))
	}
	for _, p := range strings.Split(s[:i], "+") {
		if p == "" {
			return Var{}, errors.New("empty package name in " + quote(s))
		}
		v.Pkgs = append(v.Pkgs, p)
	}
	return v, nil
}
