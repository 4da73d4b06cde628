package main

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/fetch"
)

// prefetchRepo makes a repository in dir with an md5-only archive
// package (served by srv), whose extra source is md5-only too, and a git
// package whose source is a local repository; it returns the git commit.
func prefetchRepo(t *testing.T, dir, srvURL, archiveMD5 string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH")
	}
	gitDir := filepath.Join(dir, "upstream")
	gitRun := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = gitDir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(p, content string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(gitDir, "dune-project"), "(lang dune 3.0)\n")
	gitRun("init", "--quiet", "--initial-branch=main")
	gitRun("add", ".")
	gitRun("commit", "--quiet", "-m", "one")
	rev := gitRun("rev-parse", "HEAD")

	write(filepath.Join(dir, "repo/packages/tarball/tarball.1.0/opam"), fmt.Sprintf(`opam-version: "2.0"
url { src: "%s/tarball.tar.gz" checksum: "md5=%s" }
extra-source "extra.patch" { src: "%s/extra.patch" checksum: "md5=%x" }
`, srvURL, archiveMD5, srvURL, md5.Sum([]byte("patch"))))
	write(filepath.Join(dir, "repo/packages/gitpkg/gitpkg.1.0/opam"), fmt.Sprintf(`opam-version: "2.0"
url { src: "git+file://%s#main" }
`, gitDir))
	write(filepath.Join(dir, "app.opam"), `opam-version: "2.0"
depends: ["tarball" "gitpkg"]
`)
	return rev
}

func sri256(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(s[:])
}

func TestLockPrefetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/tarball.tar.gz":
			fmt.Fprint(w, "archive")
		case "/extra.patch":
			fmt.Fprint(w, "patch")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	sum := md5.Sum([]byte("archive"))
	rev := prefetchRepo(t, dir, srv.URL, hex.EncodeToString(sum[:]))
	chdir(t, dir)
	args := []string{"lock", "--repo", "repo", "--prefetch", "--cache", filepath.Join(dir, "cache"), "app.opam"}

	// Without --prefetch every source is missing its hash.
	if _, errs, code := runCmd(t, "lock", "--repo", "repo", "app.opam"); code != 0 {
		t.Fatalf("lock: exit %d\n%s", code, errs)
	}
	p, err := drv.Read(defaultLock)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.MissingHashes, " "); got != "gitpkg.1.0 tarball.1.0" {
		t.Fatalf("missingHashes %q, want both packages", got)
	}

	if _, errs, code := runCmd(t, args...); code != 0 {
		t.Fatalf("lock --prefetch: exit %d\n%s", code, errs)
	}
	if p, err = drv.Read(defaultLock); err != nil {
		t.Fatal(err)
	}
	if len(p.MissingHashes) != 0 {
		t.Fatalf("missingHashes after prefetch: %v", p.MissingHashes)
	}
	if got, want := p.Packages["tarball"].Source.Hash, sri256([]byte("archive")); got != want {
		t.Fatalf("archive hash %s, want %s", got, want)
	}
	if got, want := p.Packages["tarball"].ExtraSources["extra.patch"].Hash, sri256([]byte("patch")); got != want {
		t.Fatalf("extra source hash %s, want %s", got, want)
	}
	g := p.Packages["gitpkg"].Source
	if g.Rev != rev || g.Ref != "main" || !strings.HasPrefix(g.Hash, "sha256-") {
		t.Fatalf("git source %+v, want rev %s and a sha256 hash", g, rev)
	}
}

func TestLockPrefetchMismatch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "tampered")
	}))
	defer srv.Close()
	dir := t.TempDir()
	sum := md5.Sum([]byte("archive"))
	prefetchRepo(t, dir, srv.URL, hex.EncodeToString(sum[:]))
	chdir(t, dir)
	_, errs, code := runCmd(t, "lock", "--repo", "repo", "--prefetch", "--cache", filepath.Join(dir, "cache"), "app.opam")
	got := md5.Sum([]byte("tampered"))
	want := fmt.Sprintf("prefetch tarball: %s/tarball.tar.gz: checksum mismatch: opam declares md5=%x, downloaded file has md5=%x", srv.URL, sum, got)
	if code != 1 || !strings.Contains(errs, want) {
		t.Fatalf("exit %d, stderr:\n%s\nwant it to contain %q", code, errs, want)
	}
	p, err := drv.Read(defaultLock)
	if err != nil {
		t.Fatalf("the lock was not written after a failed prefetch: %v", err)
	}
	if got := strings.Join(p.MissingHashes, " "); got != "tarball.1.0" {
		t.Fatalf("missingHashes %q, want only tarball.1.0 (the git source was fetched)", got)
	}
}

func TestProgressBar(t *testing.T) {
	var b strings.Builder
	if progressBar(&b) != nil {
		t.Fatal("a progress bar would be drawn on a strings.Builder")
	}
	// /dev/null is a character device but no terminal.
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		defer null.Close()
		if progressBar(null) != nil {
			t.Fatalf("a progress bar would be drawn on %s", os.DevNull)
		}
	}
	drawProgress(&b, fetch.Progress{Done: 1, Total: 3, Key: "dune"})
	drawProgress(&b, fetch.Progress{Done: 3, Total: 3, Key: "zarith (test.c)"})
	want := "\r[##########                    ] 1/3 dune                                    " +
		"\r[##############################] 3/3 zarith (test.c)                         \n"
	if b.String() != want {
		t.Fatalf("progress:\n%q\nwant\n%q", b.String(), want)
	}
}
