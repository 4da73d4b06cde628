package drv

import (
	"fmt"
	"strings"
)

// Backends of an opam URL: how opam fetches it.
const (
	BackendHTTP  = "http"
	BackendGit   = "git"
	BackendHg    = "hg"
	BackendDarcs = "darcs"
	BackendRsync = "rsync"
)

// A URL is an opam source URL split the way opam 2.1 reads the url and
// extra-source sections of opam files (OpamUrl.of_string, which does not
// guess a backend from the path's suffix).
type URL struct {
	// Backend is one of the Backend constants.
	Backend string
	// Transport is the protocol before "://" ("https", "ssh", "file",
	// "git"), or "" for a bare path.
	Transport string
	// Path is what follows "://", without the fragment.
	Path string
	// Fragment is what follows "#": a branch, tag or commit for a version
	// control backend; "" when absent.
	Fragment string
}

// ParseURL splits an opam URL as opam 2.1 does for opam files:
//
//   - "VC+TRANSPORT://PATH" selects version control VC (git, hg, darcs);
//   - otherwise the transport decides: git://, hg:// and darcs:// select
//     that version control; http, https, ftp, wget and curl are
//     archives; file, path, local, rsync, ssh, scp and sftp are
//     rsync-style copies; a bare path is a local copy too;
//   - a suffix such as ".git" does not select a backend: opam fetches
//     "https://host/r.git" as an archive (only `opam pin add` guesses
//     from suffixes);
//   - "#FRAGMENT" is kept apart.
//
// An unknown version control system or protocol is an error, as in opam.
func ParseURL(s string) (URL, error) {
	rest, frag, _ := strings.Cut(s, "#")
	u := URL{Fragment: frag}
	vc := ""
	if scheme, path, ok := strings.Cut(rest, "://"); ok && !strings.Contains(scheme, "/") {
		u.Path = path
		u.Transport = scheme
		if v, tr, ok := strings.Cut(scheme, "+"); ok {
			vc, u.Transport = v, tr
		}
	} else {
		u.Path = rest
	}
	switch {
	case vc != "":
		b, ok := vcBackend(vc)
		if !ok {
			return u, fmt.Errorf("URL %q: unsupported version control system %q (opam knows git, hg and darcs)", s, vc)
		}
		u.Backend = b
	case u.Transport == "":
		u.Backend = BackendRsync
	default:
		if b, ok := vcBackend(u.Transport); ok {
			u.Backend = b
			break
		}
		b, ok := transportBackend(u.Transport)
		if !ok {
			return u, fmt.Errorf("URL %q: unsupported protocol %q", s, u.Transport)
		}
		u.Backend = b
	}
	return u, nil
}

// vcBackend maps a version control name to its backend.
func vcBackend(s string) (string, bool) {
	switch s {
	case "git":
		return BackendGit, true
	case "hg":
		return BackendHg, true
	case "darcs":
		return BackendDarcs, true
	}
	return "", false
}

// transportBackend maps a protocol to the backend opam uses for it.
func transportBackend(s string) (string, bool) {
	switch s {
	case "http", "https", "ftp", "wget", "curl":
		return BackendHTTP, true
	case "file", "path", "local", "rsync", "ssh", "scp", "sftp":
		return BackendRsync, true
	}
	return "", false
}

// Base returns the URL to fetch, without the version control prefix and
// the fragment: "https://host/r.git" for "git+https://host/r.git#v1".
func (u URL) Base() string {
	if u.Transport == "" {
		return u.Path
	}
	return u.Transport + "://" + u.Path
}

// An UnsupportedSourceError reports a package source that a lock cannot
// record: a Mercurial or Darcs repository, or a local or rsync copy,
// which Nix cannot fetch by hash from the lock alone.
type UnsupportedSourceError struct {
	URL     string
	Backend string
}

// Error says why the source is refused and what to do.
func (e *UnsupportedSourceError) Error() string {
	switch e.Backend {
	case BackendHg, BackendDarcs:
		return fmt.Sprintf("%s: %s sources are not supported (only archives and git); use an overlay whose opam file points at a release archive or a git mirror",
			e.URL, e.Backend)
	}
	return fmt.Sprintf("%s: a local or rsync source cannot be locked (only http(s) archives and git); publish the source as an archive or a git repository, or lock the folder as a project",
		e.URL)
}
