package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/nix-community/go-nix/pkg/nar"
	"github.com/nix-community/go-nix/pkg/nixhash"
)

// A GitSource is a git repository and what to check out of it.
type GitSource struct {
	// URL is what git clones: "https://…", "file:///…", "ssh://…".
	URL string
	// Ref is a branch, a tag or a commit; empty means the remote's HEAD.
	Ref string
	// Subdir, when set, is the folder of the checkout holding the package,
	// a clean relative path.
	Subdir string
}

// A GitTree is the result of checking out a GitSource.
type GitTree struct {
	// Rev is the full commit that Ref resolved to.
	Rev string
	// Hash is the SRI sha256 of the NAR of the whole checkout without
	// `.git`, as Nix's fetchgit (leaveDotGit = false, no submodules)
	// computes it. Subdir does not change it: it selects the source root
	// inside that tree.
	Hash string
}

// ParseGitURL splits an opam git URL ("git+https://host/r.git#ref",
// "git+file:///srv/r#v1", "git://host/r") into a GitSource. It reports
// ok false when u is not a git URL.
func ParseGitURL(u string) (src GitSource, ok bool) {
	rest, frag, _ := strings.Cut(u, "#")
	switch {
	case strings.HasPrefix(rest, "git+"):
		rest = strings.TrimPrefix(rest, "git+")
	case strings.HasPrefix(rest, "git://"):
	default:
		return GitSource{}, false
	}
	return GitSource{URL: rest, Ref: frag}, true
}

// A GitError reports a failed git command with its output.
type GitError struct {
	URL    string
	Args   []string
	Output string
	Err    error
}

// Error names the URL, the git command, the failure and git's output.
func (e *GitError) Error() string {
	out := strings.TrimSpace(e.Output)
	if out != "" {
		out = ": " + out
	}
	return fmt.Sprintf("%s: git %s: %v%s", e.URL, strings.Join(e.Args, " "), e.Err, out)
}

// Unwrap returns the underlying error.
func (e *GitError) Unwrap() error { return e.Err }

// Git clones src into a temporary folder, resolves its ref to a full
// commit, removes `.git` and returns the commit and the Nix hash of the
// tree. The temporary folder is removed before Git returns.
func (f *Fetcher) Git(ctx context.Context, src GitSource) (*GitTree, error) {
	if src.Subdir != "" && !cleanRelative(src.Subdir) {
		return nil, fmt.Errorf("%s: subdirectory %q must be a relative path inside the checkout", src.URL, src.Subdir)
	}
	tmp, err := os.MkdirTemp("", "opam2drv-git-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "src")
	if _, err := f.git(ctx, src.URL, "", "clone", "--quiet", "--no-checkout", "--", src.URL, dir); err != nil {
		return nil, err
	}
	rev, err := f.resolveRef(ctx, src, dir)
	if err != nil {
		return nil, err
	}
	if _, err := f.git(ctx, src.URL, dir, "checkout", "--quiet", "--detach", rev); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(filepath.Join(dir, ".git")); err != nil {
		return nil, err
	}
	if src.Subdir != "" {
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(src.Subdir))); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("%s at %s: no subdirectory %q", src.URL, rev, src.Subdir)
		}
	}
	h, err := NARHash(dir)
	if err != nil {
		return nil, err
	}
	return &GitTree{Rev: rev, Hash: h}, nil
}

// resolveRef turns src.Ref into a full commit: a remote branch, a tag or
// a commit (full or abbreviated), in that order; HEAD when Ref is empty.
func (f *Fetcher) resolveRef(ctx context.Context, src GitSource, dir string) (string, error) {
	candidates := []string{"HEAD"}
	if src.Ref != "" {
		candidates = []string{"refs/remotes/origin/" + src.Ref, "refs/tags/" + src.Ref, src.Ref}
	}
	for _, c := range candidates {
		out, err := f.git(ctx, src.URL, dir, "rev-parse", "--verify", "--quiet", "--end-of-options", c+"^{commit}")
		if err == nil {
			return strings.TrimSpace(out), nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
	}
	return "", fmt.Errorf("%s: no branch, tag or commit named %q", src.URL, src.Ref)
}

// git runs the git program in dir and returns its standard output.
func (f *Fetcher) git(ctx context.Context, url, dir string, args ...string) (string, error) {
	prog := f.GitProgram
	if prog == "" {
		prog = "git"
	}
	full := append([]string{"-c", "core.autocrlf=false", "-c", "advice.detachedHead=false"}, args...)
	cmd := exec.CommandContext(ctx, prog, full...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_CONFIG_NOSYSTEM=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", &GitError{URL: url, Args: args, Output: stderr.String(), Err: err}
	}
	return stdout.String(), nil
}

// NARHash returns the SRI sha256 of the NAR serialisation of the file or
// folder at p: Nix's recursive hash, as `nix-hash --type sha256 --sri p`
// prints it.
func NARHash(p string) (string, error) {
	h := sha256.New()
	if err := nar.DumpPath(h, p); err != nil {
		return "", fmt.Errorf("hashing %s: %w", p, err)
	}
	nh, err := nixhash.NewHash(nixhash.SHA256, h.Sum(nil))
	if err != nil {
		return "", err
	}
	return nh.Format(nixhash.SRI, true), nil
}

// cleanRelative reports whether p is a relative slash-separated path that
// stays inside its root ("a/b", not "../a", "/a" or "").
func cleanRelative(p string) bool {
	if p == "" || strings.Contains(p, "\\") || path.IsAbs(p) {
		return false
	}
	c := path.Clean(p)
	return c != "." && c != ".." && !strings.HasPrefix(c, "../")
}
