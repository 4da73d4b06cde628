package repository

import (
	"errors"
	"fmt"
	"strings"
)

// A LoadError reports a package version that could not be read or parsed.
type LoadError struct {
	// Repo is the name of the repository, as given to Open.
	Repo string
	// Path is the file's slash-separated path inside the repository, such
	// as packages/dune/dune.3.7.1/opam.
	Path string
	// Err is the cause: an opam.ErrorList whose entries carry Path with
	// line and column, or an I/O error.
	Err error
}

// Error returns one line per underlying error, each starting with the
// repository's name and the file's position.
func (e *LoadError) Error() string {
	lines := strings.Split(strings.TrimRight(e.Err.Error(), "\n"), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, e.Path) {
			l = e.Path + ": " + l
		}
		lines[i] = e.Repo + ": " + l
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the cause.
func (e *LoadError) Unwrap() error { return e.Err }

// A NotFoundError reports a package version that no repository holds.
type NotFoundError struct {
	Name, Version string
	// Repos are the names of the repositories searched, in priority order.
	Repos []string
	// Known are the versions of Name that exist, ascending; empty when the
	// name itself is unknown.
	Known []string
}

// Error names the package, the repositories searched and, when the name is
// known, the versions that exist.
func (e *NotFoundError) Error() string {
	where := strings.Join(e.Repos, ", ")
	if len(e.Known) == 0 {
		return fmt.Sprintf("no package named %q in %s", e.Name, where)
	}
	known := e.Known
	const max = 12
	more := ""
	if len(known) > max {
		more = fmt.Sprintf(" and %d older", len(known)-max)
		known = known[len(known)-max:]
	}
	return fmt.Sprintf("package %s.%s not found in %s; versions of %s are %s%s",
		e.Name, e.Version, where, e.Name, strings.Join(known, ", "), more)
}

// ErrUnsafePath is wrapped by the error Open returns for an archive with an
// entry whose path is absolute or leaves the archive with "..".
var ErrUnsafePath = errors.New("unsafe path in archive")

// ErrTooLarge is wrapped by the error Open returns for an archive whose
// files under packages/ are larger, one by one or together, than an opam
// repository's ever are: a hostile or mistaken archive (a "zip bomb").
// Reading a folder repository's file over the same bound of one file
// (Package, Files) returns a *LoadError wrapping it too.
var ErrTooLarge = errors.New("file too large for an opam repository")

// An ArchiveError reports an archive that cannot be read: corrupt or
// truncated data, or an unsafe entry.
type ArchiveError struct {
	// File is the archive's path as given to Open.
	File string
	// Entry is the offending entry's path, when there is one.
	Entry string
	Err   error
}

// Error names the archive, the entry if any, and the cause, and says what
// to do.
func (e *ArchiveError) Error() string {
	if e.Entry != "" {
		return fmt.Sprintf("%s: entry %q: %v", e.File, e.Entry, e.Err)
	}
	return fmt.Sprintf("%s: %v (the archive is corrupt or truncated; download it again)", e.File, e.Err)
}

// Unwrap returns the cause.
func (e *ArchiveError) Unwrap() error { return e.Err }
