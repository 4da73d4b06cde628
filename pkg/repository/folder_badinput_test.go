package repository

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFolderHugeFiles checks that a folder repository's file larger than
// an opam repository's ever are (a files/ entry or an opam file) is
// refused with an error naming it, without being read: a sparse file makes
// the test cheap.
func TestFolderHugeFiles(t *testing.T) {
	dir := t.TempDir()
	appendTo(t, dir, "packages/big/big.1/opam", "opam-version: \"2.0\"\n")
	appendTo(t, dir, "packages/big/big.1/files/small.patch", "x\n")
	appendTo(t, dir, "packages/big/big.1/files/huge", "")
	appendTo(t, dir, "packages/huge/huge.1/opam", "opam-version: \"2.0\"\n")
	for _, rel := range []string{"packages/big/big.1/files/huge", "packages/huge/huge.1/opam"} {
		if err := os.Truncate(filepath.Join(dir, filepath.FromSlash(rel)), maxEntrySize+1); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Package("big", "1")
	if err != nil {
		t.Fatalf("Package(big, 1): %v", err)
	}
	files, err := p.Files()
	if !errors.Is(err, ErrTooLarge) || files != nil {
		t.Fatalf("Files() = %d files, %v; want an error wrapping ErrTooLarge", len(files), err)
	}
	if want := "packages/big/big.1/files/huge"; !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not name %s", err, want)
	}
	_, err = r.Package("huge", "1")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "packages/huge/huge.1/opam") {
		t.Fatalf("Package(huge, 1) error = %v; want one wrapping ErrTooLarge naming the opam file", err)
	}
}

// TestFolderFilesIsAFile checks that a package whose files entry is a
// file, not a folder, gets an error naming it and saying what it must be,
// rather than a file named ".".
func TestFolderFilesIsAFile(t *testing.T) {
	dir := t.TempDir()
	appendTo(t, dir, "packages/f/f.1/opam", "opam-version: \"2.0\"\n")
	appendTo(t, dir, "packages/f/f.1/files", "not a folder\n")
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Package("f", "1")
	if err != nil {
		t.Fatalf("Package(f, 1): %v", err)
	}
	files, err := p.Files()
	if err == nil || !strings.Contains(err.Error(), "packages/f/f.1/files: ") || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("Files() = %v, %v; want an error naming packages/f/f.1/files and saying it is not a folder", files, err)
	}
}
