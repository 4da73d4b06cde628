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
