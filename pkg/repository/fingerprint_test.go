package repository

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFingerprint(t *testing.T) {
	read := []string{"seq.0.1", "igvxml.0.1.0", "seq.0.1"}
	var prints []string
	for desc, r := range openVariants(t, nestedDir) {
		fp, err := NewStack(r).Fingerprint(read)
		if err != nil {
			t.Fatalf("%s: Fingerprint: %v", desc, err)
		}
		if !strings.HasPrefix(fp, "sha256-") || len(fp) != len("sha256-")+44 {
			t.Errorf("%s: Fingerprint = %q, want an SRI sha256", desc, fp)
		}
		prints = append(prints, fp)
	}
	for i := range prints {
		if prints[i] != prints[0] {
			t.Errorf("the same content read from a folder and from archives gives different fingerprints: %q", prints)
			break
		}
	}

	// Order and duplicates of read do not matter; its content does.
	r, _ := Open(nestedDir)
	s := NewStack(r)
	if fp, _ := s.Fingerprint([]string{"igvxml.0.1.0", "seq.0.1"}); fp != prints[0] {
		t.Errorf("reordering read changed the fingerprint")
	}
	if fp, _ := s.Fingerprint([]string{"seq.0.1"}); fp == prints[0] {
		t.Errorf("reading fewer packages left the fingerprint unchanged")
	}
	if _, err := s.Fingerprint([]string{"seq.7"}); err == nil {
		t.Errorf("Fingerprint of a missing package succeeded")
	}
	// A version that does not parse is left out of a solve but was read:
	// it counts by its bytes (TestFingerprintUnparsed checks they matter).
	if fp, err := s.Fingerprint([]string{"broken.1.0"}); err != nil || fp == prints[0] {
		t.Errorf("Fingerprint of an unparsable package = %q, %v; want a fingerprint of its bytes", fp, err)
	}
}

// TestFingerprintSeesChanges edits a copy of the fixture: a changed byte in
// a file the solve read, in its files/ folder, or a new version anywhere
// changes the fingerprint; a change in a package not read does not.
func TestFingerprintSeesChanges(t *testing.T) {
	read := []string{"igvxml.0.1.0"}
	base := fingerprintOf(t, copyFixture(t), read)
	for desc, edit := range map[string]func(dir string){
		"opam file read": func(dir string) { appendTo(t, dir, "packages/igvxml/igvxml.0.1.0/opam", "\n") },
		"files/ of a package read": func(dir string) {
			appendTo(t, dir, "packages/igvxml/igvxml.0.1.0/files/igvxml.install", "#")
		},
		"a new version": func(dir string) { appendTo(t, dir, "packages/seq/seq.7.0/opam", "opam-version: \"2.0\"\n") },
	} {
		dir := copyFixture(t)
		edit(dir)
		if fingerprintOf(t, dir, read) == base {
			t.Errorf("%s: the fingerprint did not change", desc)
		}
	}
	dir := copyFixture(t)
	appendTo(t, dir, "packages/seq/seq.0.1/opam", "\n")
	if fingerprintOf(t, dir, read) != base {
		t.Errorf("a change in a package not read changed the fingerprint")
	}
}

func fingerprintOf(t *testing.T, dir string, read []string) string {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := NewStack(r).Fingerprint(read)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(nestedDir)); err != nil {
		t.Fatalf("copying the fixture: %v", err)
	}
	return dst
}

func appendTo(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
