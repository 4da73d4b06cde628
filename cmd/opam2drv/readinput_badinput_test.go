package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLockInputNotAFile checks that a project file or opam-monorepo lock
// that is a device or too large is refused at once with its name, instead
// of being read whole (lock /dev/zero ran out of memory).
func TestLockInputNotAFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skipf("no /dev/zero: %v", err)
	}
	repo, err := filepath.Abs("testdata/mini/mini-opam-repository")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.opam")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, maxInputSize+1); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "x.lock.json")
	for _, tt := range []struct {
		args []string
		name string
		want string
	}{
		{[]string{"lock", "--repo", repo, "-o", out, "/dev/zero"}, "/dev/zero", "not a regular file"},
		{[]string{"lock", "--repo", repo, "-o", out, huge}, huge, "larger than"},
		{[]string{"lock", "--repo", repo, "-o", out, "--from-monorepo-lock", "/dev/zero", "testdata/mini/unikernel.opam"}, "/dev/zero", "not a regular file"},
		{[]string{"solve", "--repo", repo, "-f", "/dev/zero"}, "/dev/zero", "not a regular file"},
	} {
		_, stderr, code := runCmd(t, tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.name+": ") || !strings.Contains(stderr, tt.want) {
			t.Fatalf("%q: exit %d, stderr:\n%s\nwant exit 1 naming %s and saying %q", tt.args, code, stderr, tt.name, tt.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatalf("%s was written", out)
	}
}

// TestLockInvalidProjectNames checks that a project file whose name, or
// one of whose dependency names, opam refuses is an error at its position
// (exit 1), as opam lint reports it, rather than a lock holding the name
// or a "no solution" about it.
func TestLockInvalidProjectNames(t *testing.T) {
	repo, err := filepath.Abs("testdata/mini/mini-opam-repository")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tt := range []struct{ file, text, want string }{
		{"a.opam", "opam-version: \"2.0\"\nname: \"../../etc\"\n", `a.opam:2:7: field "name": "../../etc" is not a valid opam package name`},
		{"b.opam", "opam-version: \"2.0\"\ndepends: [\"dune\" \"../x\"]\n", `b.opam:2:18: "../x" is not a valid opam package name`},
		{"1 2.opam", "opam-version: \"2.0\"\n", `1 2.opam: the package name "1 2" taken from the file name is not a valid opam package name`},
	} {
		p := filepath.Join(dir, tt.file)
		if err := os.WriteFile(p, []byte(tt.text), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "x.lock.json")
		_, stderr, code := runCmd(t, "lock", "--repo", repo, "-o", out, p)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Fatalf("%s: exit %d, stderr:\n%s\nwant exit 1 and %q", tt.file, code, stderr, tt.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%s: the lock was written", tt.file)
		}
	}
}

// TestLockOutputIntoRepository checks that -o naming a repository's
// archive or a file inside a repository folder is refused before anything
// is solved, and leaves the repository as it was.
func TestLockOutputIntoRepository(t *testing.T) {
	dir := miniProject(t)
	repoFile := filepath.Join(dir, "mini-opam-repository", "repo")
	before := mustRead(t, repoFile)
	archive := filepath.Join(dir, "r.tar.gz")
	if err := os.WriteFile(archive, []byte("not read"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ out, repo string }{
		{repoFile, "mini-opam-repository"},
		{filepath.Join("mini-opam-repository", "packages", "x.json"), "mini-opam-repository"},
		{archive, "x=" + archive + "@abc"},
	} {
		_, stderr, code := runCmd(t, "lock", "--repo", tt.repo, "--repo", "mini-opam-overlays", "-o", tt.out, "unikernel.opam")
		if code != 2 || !strings.Contains(stderr, tt.out) || !strings.Contains(stderr, "inside the repository") {
			t.Fatalf("-o %s --repo %s: exit %d, stderr:\n%s\nwant exit 2 naming the file", tt.out, tt.repo, code, stderr)
		}
	}
	if got := mustRead(t, repoFile); string(got) != string(before) {
		t.Fatalf("%s changed:\n%s", repoFile, got)
	}
	if _, err := os.Stat(filepath.Join(dir, "mini-opam-repository", "packages", "x.json")); err == nil {
		t.Fatal("a lock was written inside the repository")
	}
}

// TestLockWarnsUnreadableVersions checks that a package version whose opam
// file does not parse, and which the solve therefore leaves out, is named
// in a warning, as opam2drv solve does: the lock would otherwise pick an
// older version without a word (with --repo PATH@ID no fingerprint reads
// the file either).
func TestLockWarnsUnreadableVersions(t *testing.T) {
	dir := t.TempDir()
	for rel, text := range map[string]string{
		"r/repo":                "opam-version: \"2.0\"\n",
		"r/packages/d/d.1/opam": "opam-version: \"2.0\"\n",
		"r/packages/d/d.2/opam": "opam-version: \"2.0\"\ndepends: [\"x\" {>= \"1\"]\n",
		"w.opam":                "opam-version: \"2.0\"\ndepends: [\"d\"]\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	chdir(t, dir)
	_, stderr, code := runCmd(t, "lock", "--repo", "r@abc", "w.opam")
	want := "opam2drv: warning: d.2 is left out of the solve: r: packages/d/d.2/opam:2:22: expected a value or '}', found ']'"
	if code != 0 || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, stderr:\n%s\nwant exit 0 and %q", code, stderr, want)
	}
	_, stderr, code = runCmd(t, "lock", "--check", "--repo", "r@abc", "w.opam")
	if code != 0 || stderr != "" {
		t.Fatalf("--check: exit %d, stderr:\n%s\nwant exit 0 and no output", code, stderr)
	}
}
