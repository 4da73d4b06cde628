package unikernel

import (
	"net/url"
	"strings"
)

// splitURL returns the host and the path of a dev-repo or source URL, and
// its fragment. Strings that net/url cannot read (scp-like
// "git@host:path") are taken whole as a path.
func splitURL(s string) (host, path, fragment string) {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s, fragment = s[:i], s[i+1:]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", s, fragment
	}
	return u.Host, u.Path, fragment
}

// RepoName returns the name opam-monorepo gives to a dev-repo: the last
// segment of its URL's path, without leading dots, cut at its first dot
// ("git+https://github.com/mirage/ocaml-cstruct.git" gives
// "ocaml-cstruct"). It returns a *DevRepoError when that name is empty.
func RepoName(devRepo string) (string, error) {
	_, path, _ := splitURL(devRepo)
	path = strings.TrimRight(path, "/")
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		path = path[i+1:]
	}
	path = strings.TrimLeft(path, ".")
	if i := strings.IndexByte(path, '.'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return "", &DevRepoError{DevRepo: devRepo, Msg: "gives an empty folder name"}
	}
	return path, nil
}

// DirName returns the duniverse folder of a dev-repo: its [RepoName],
// except that "dune" becomes "dune_" (dune treats a folder named dune
// specially).
func DirName(devRepo string) (string, error) {
	name, err := RepoName(devRepo)
	if name == "dune" {
		name = "dune_"
	}
	return name, err
}

// NormalizeDevRepo returns the key under which dev-repos are compared: the
// lower-cased host and the path, without scheme, user, trailing ".git" or
// trailing slashes, followed by "#fragment" when there is one. So
// "git+https://github.com/mirage/mirage.git" and
// "https://GitHub.com/mirage/mirage/" are one repository, and
// "...#branch" is another.
func NormalizeDevRepo(devRepo string) string {
	host, path, fragment := splitURL(strings.TrimSpace(devRepo))
	path = strings.TrimRight(path, "/")
	path = strings.TrimSuffix(path, ".git")
	path = strings.TrimRight(path, "/")
	key := strings.ToLower(host) + path
	if host != "" && !strings.HasPrefix(path, "/") {
		key = strings.ToLower(host) + "/" + path
	}
	if fragment != "" {
		key += "#" + fragment
	}
	return key
}
