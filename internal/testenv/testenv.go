// Package testenv locates the data that tests share: the repository's root
// and the ../shared folder beside it (opam-repository snapshots, real
// MirageOS cases, opam's stored answers). Tests that need ../shared skip,
// saying why, when it is absent, as on a fresh clone.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the folder holding go.mod, found by walking up from the
// test's working directory. It fails the test when there is none.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testenv: no go.mod above the test's working directory")
		}
		dir = parent
	}
}

// Shared returns ../shared/sub beside the repository's root, or skips the
// test when that path does not exist. An empty sub names ../shared itself.
func Shared(t testing.TB, sub string) string {
	t.Helper()
	p := filepath.Join(filepath.Dir(RepoRoot(t)), "shared", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is not present (a fresh clone has no ../shared beside the repository): this test needs the shared real data", p)
	}
	return p
}
