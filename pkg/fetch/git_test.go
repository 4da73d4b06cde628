package fetch

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-community/go-nix/pkg/nixhash"
)

// gitRepo makes a repository with two commits (tag v1 on the first, branch
// main on the second) holding a regular file, an executable, a symlink and
// a subfolder. It returns the folder and both commits.
func gitRepo(t *testing.T) (dir, first, second string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH")
	}
	dir = t.TempDir()
	run := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid",
			"GIT_AUTHOR_DATE=2020-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2020-01-01T00:00:00Z")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(name, content string, mode os.FileMode) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	run("init", "--quiet", "--initial-branch=main")
	write("README", "one\n", 0o644)
	write("pkg/configure", "#!/bin/sh\n", 0o755)
	if err := os.Symlink("README", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	run("add", ".")
	run("commit", "--quiet", "-m", "first")
	run("tag", "v1")
	first = run("rev-parse", "HEAD")
	write("README", "two\n", 0o644)
	run("commit", "--quiet", "-am", "second")
	second = run("rev-parse", "HEAD")
	return dir, first, second
}

func TestGitResolvesRefs(t *testing.T) {
	dir, first, second := gitRepo(t)
	f := newFetcher(t)
	url := "file://" + dir
	tests := []struct{ ref, want string }{
		{"", second}, {"main", second}, {"v1", first}, {first, first}, {first[:10], first},
	}
	hashes := map[string]string{}
	for _, tt := range tests {
		tree, err := f.Git(context.Background(), GitSource{URL: url, Ref: tt.ref})
		if err != nil {
			t.Fatalf("ref %q: %v", tt.ref, err)
		}
		if tree.Rev != tt.want {
			t.Fatalf("ref %q resolved to %s, want %s", tt.ref, tree.Rev, tt.want)
		}
		if h, seen := hashes[tree.Rev]; seen && h != tree.Hash {
			t.Fatalf("commit %s hashed to %s and %s", tree.Rev, h, tree.Hash)
		}
		hashes[tree.Rev] = tree.Hash
	}
	if hashes[first] == hashes[second] {
		t.Fatalf("both commits hash to %s", hashes[first])
	}
	for _, ref := range []string{"nope", "--git-dir=/"} {
		if _, err := f.Git(context.Background(), GitSource{URL: url, Ref: ref}); err == nil ||
			!strings.Contains(err.Error(), `no branch, tag or commit named "`+ref+`"`) {
			t.Fatalf("unknown ref %q: error %v", ref, err)
		}
	}
}

func TestGitSubdir(t *testing.T) {
	dir, _, _ := gitRepo(t)
	f := newFetcher(t)
	url := "file://" + dir
	whole, err := f.Git(context.Background(), GitSource{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := f.Git(context.Background(), GitSource{URL: url, Subdir: "pkg"})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Hash != whole.Hash {
		t.Fatalf("subdir changed the tree hash: %s vs %s", sub.Hash, whole.Hash)
	}
	for _, bad := range []string{"../x", "/etc", "missing"} {
		if _, err := f.Git(context.Background(), GitSource{URL: url, Subdir: bad}); err == nil {
			t.Fatalf("subdir %q accepted", bad)
		}
	}
}

// TestGitHashMatchesNix checks NARHash against nix-hash on the same tree.
func TestGitHashMatchesNix(t *testing.T) {
	if _, err := exec.LookPath("nix-hash"); err != nil {
		t.Skip("nix-hash is not on PATH; cannot compare with Nix")
	}
	dir, _, second := gitRepo(t)
	tree, err := newFetcher(t).Git(context.Background(), GitSource{URL: "file://" + dir, Ref: "main"})
	if err != nil {
		t.Fatal(err)
	}
	// The work tree is checked out at main; hash it without .git as Nix would.
	co := filepath.Join(t.TempDir(), "co")
	if out, err := exec.Command("git", "clone", "--quiet", dir, co).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	if err := os.RemoveAll(filepath.Join(co, ".git")); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("nix-hash", "--type", "sha256", "--base32", co).Output()
	if err != nil {
		t.Fatalf("nix-hash: %v", err)
	}
	h, err := nixhash.ParseAny("sha256:"+strings.TrimSpace(string(out)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := h.Format(nixhash.SRI, true); tree.Hash != want {
		t.Fatalf("Git(%s) hash %s, nix-hash says %s", second, tree.Hash, want)
	}
	if got, _ := NARHash(co); got != tree.Hash {
		t.Fatalf("NARHash = %s, want %s", got, tree.Hash)
	}
}

func TestParseGitURL(t *testing.T) {
	tests := []struct {
		in   string
		want GitSource
		ok   bool
	}{
		{"git+https://github.com/o/r.git#v1.0", GitSource{URL: "https://github.com/o/r.git", Ref: "v1.0"}, true},
		{"git+file:///srv/r", GitSource{URL: "file:///srv/r"}, true},
		{"git://host/r#abc", GitSource{URL: "git://host/r", Ref: "abc"}, true},
		{"https://host/r.tar.gz", GitSource{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseGitURL(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Fatalf("ParseGitURL(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
