package unikernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/pkg/opam"
)

// TestLockReportsUnreadableVersions checks that a repository version whose
// opam file does not parse, which the solve leaves out, is reported in the
// plan's Problems when the solve succeeds: without it the caller cannot
// tell the user why an older version was chosen.
func TestLockReportsUnreadableVersions(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/cases/08-opam-provided/minimal-repo")); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "packages", "dune", "dune.3.0.0", "opam")
	if err := os.MkdirAll(filepath.Dir(broken), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte("opam-version: \"2.0\"\ndepends: [\"x\" {>= \"1\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "opam-version: \"2.0\"\ndepends: [\"dune\"]\n"
	f, _ := opam.ParseString("u-hvt.opam", src)
	plan, _, err := Lock(newFolders(dir), "u-hvt", f, []byte(src), LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range plan.Problems {
		msgs = append(msgs, p.Error())
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, "dune.3.0.0") || !strings.Contains(all, "expected a value or '}'") {
		t.Fatalf("Problems = %q, want the unreadable dune.3.0.0 with its parse error", msgs)
	}
}
