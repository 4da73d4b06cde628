package repository

import (
	"fmt"

	"github.com/hillingar/hillingar/pkg/version"
)

// validName reports whether s is a package name opam accepts: ASCII
// letters, digits, '-', '_' and '+', with at least one letter.
func validName(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9', c == '-', c == '_', c == '+':
		default:
			return false
		}
	}
	return letter
}

// checkFolder returns nil when name and ver (ver may be "" for a
// packages/NAME folder) are ones opam accepts, and otherwise the problem
// that reports the folder dir as ignored.
func checkFolder(repo, dir, name, ver string, hasVer bool) error {
	switch {
	case !validName(name):
		return &LoadError{Repo: repo, Path: dir, Err: fmt.Errorf(
			"%q is not a valid opam package name (ASCII letters, digits, '-', '_' and '+', with at least one letter); the folder is ignored", name)}
	case hasVer && !version.Valid(ver):
		return &LoadError{Repo: repo, Path: dir, Err: fmt.Errorf(
			"%q is not a valid opam version (ASCII letters, digits and '-', '_', '+', '.', '~'); the folder is ignored", ver)}
	}
	return nil
}
