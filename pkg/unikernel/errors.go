package unikernel

import (
	"fmt"
	"strings"
)

// DevRepoError reports a dev-repo that cannot name a duniverse folder.
type DevRepoError struct {
	Package string // name.version, when known
	File    string // the package's opam file, when known
	DevRepo string
	Msg     string
}

// Error names the package and its file when known.
func (e *DevRepoError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	if e.Package != "" {
		b.WriteString(e.Package + ": ")
	}
	fmt.Fprintf(&b, "dev-repo %q %s", e.DevRepo, e.Msg)
	return b.String()
}

// NoDevRepoError reports a vendored package without a dev-repo: it cannot
// be given a duniverse folder.
type NoDevRepoError struct {
	Package string // name.version
	File    string
}

// Error says what to do: add a dev-repo through an overlay, or declare the
// package opam-provided.
func (e *NoDevRepoError) Error() string {
	prefix := ""
	if e.File != "" {
		prefix = e.File + ": "
	}
	return prefix + e.Package + " would be vendored but has no dev-repo; " +
		"use a repository whose version of it has one, or list it in x-opam-monorepo-opam-provided"
}

// DirClashError reports different dev-repos that would share one
// duniverse folder.
type DirClashError struct {
	Dir      string
	DevRepos []string // sorted
}

// Error lists every dev-repo of the folder.
func (e *DirClashError) Error() string {
	return fmt.Sprintf("several dev-repos would be vendored into duniverse/%s: %s",
		e.Dir, strings.Join(e.DevRepos, ", "))
}

// SourceMismatchError reports vendored packages of one dev-repo whose
// sources differ: one folder cannot hold both.
type SourceMismatchError struct {
	DevRepo string
	// Sources lists "name.version: url" for each package, sorted.
	Sources []string
}

// Error lists the packages and their sources.
func (e *SourceMismatchError) Error() string {
	return fmt.Sprintf("packages of dev-repo %s would be vendored from different sources: %s",
		e.DevRepo, strings.Join(e.Sources, "; "))
}

// NameError reports a dependency whose name is not an opam package name.
type NameError struct {
	Pos  string // file:line:col
	Name string
}

// Error suggests the usual fixes.
func (e *NameError) Error() string {
	hint := ""
	if i := strings.IndexByte(e.Name, '.'); i > 0 {
		hint = fmt.Sprintf(`; to constrain the version write %q {= "VERSION"}; for a findlib library name the opam package that installs it`,
			e.Name[:i])
	}
	return fmt.Sprintf("%s: %q is not a valid opam package name%s", e.Pos, e.Name, hint)
}
