package repository

import (
	"fmt"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/version"
)

// checkFolder returns nil when name and ver (ver may be "" for a
// packages/NAME folder) are ones opam accepts, and otherwise the problem
// that reports the folder dir as ignored.
func checkFolder(repo, dir, name, ver string, hasVer bool) error {
	switch {
	case !opam.ValidName(name):
		return &LoadError{Repo: repo, Path: dir, Err: fmt.Errorf(
			"%q is not a valid opam package name (ASCII %s); the folder is ignored", name, opam.NameRule)}
	case hasVer && !version.Valid(ver):
		return &LoadError{Repo: repo, Path: dir, Err: fmt.Errorf(
			"%q is not a valid opam version (ASCII letters, digits and '-', '_', '+', '.', '~'); the folder is ignored", ver)}
	}
	return nil
}
