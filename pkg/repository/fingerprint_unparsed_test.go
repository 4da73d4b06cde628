package repository

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFingerprintUnparsed: a version that was read but does not parse
// counts by its bytes, so a lock made while it was broken can still be
// fingerprinted, and fixing the file changes the fingerprint.
func TestFingerprintUnparsed(t *testing.T) {
	dir := t.TempDir()
	opamFile := filepath.Join(dir, "packages/a/a.1/opam")
	write := func(text string) {
		if err := os.MkdirAll(filepath.Dir(opamFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(opamFile, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fingerprint := func() string {
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s := NewStack(r)
		if _, err := s.Package("a", "1"); err == nil {
			return "parsed"
		}
		fp, err := s.Fingerprint([]string{"a.1"})
		if err != nil {
			t.Fatalf("Fingerprint with an unparsable a.1: %v", err)
		}
		return fp
	}
	write("opam-version: \"2.0\"\ndepends: [\n")
	broken := fingerprint()
	write("opam-version: \"2.0\"\ndepends: [\"b\"\n")
	if again := fingerprint(); again == broken {
		t.Errorf("two different unparsable files gave the same fingerprint %s", broken)
	}
}
