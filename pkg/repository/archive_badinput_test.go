package repository

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestArchiveBomb checks that an archive whose entries expand far beyond
// what an opam repository holds is refused, naming the entry, before its
// content is read into memory: one huge file under packages/, and many
// files whose sizes add up past the total bound.
func TestArchiveBomb(t *testing.T) {
	big := tar.Header{Name: "./packages/seq/seq.0.1/files/big", Typeflag: tar.TypeReg, Mode: 0o644, Size: maxEntrySize + 1}
	start := time.Now()
	_, err := ReadArchive("bomb.tar.gz", bytes.NewReader(archiveOf(t, nestedDir, "./", true, big)))
	var ae *ArchiveError
	if !errors.As(err, &ae) || ae.Entry != big.Name || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadArchive = %v, want an *ArchiveError for %s wrapping ErrTooLarge", err, big.Name)
	}
	if !strings.Contains(err.Error(), "bomb.tar.gz: entry \"./packages/seq/seq.0.1/files/big\"") {
		t.Fatalf("error %q does not name the archive and the entry", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("refusing the entry took %v", d)
	}

	defer func(old int64) { maxArchiveTotal = old }(maxArchiveTotal)
	maxArchiveTotal = 1 << 20
	var many []tar.Header
	for i := range 5 {
		many = append(many, tar.Header{Name: "./packages/seq/seq.0.1/files/f" + string(rune('a'+i)),
			Typeflag: tar.TypeReg, Mode: 0o644, Size: 300 << 10})
	}
	_, err = ReadArchive("many.tar.gz", bytes.NewReader(archiveOf(t, nestedDir, "./", true, many...)))
	if !errors.As(err, &ae) || ae.Entry != many[3].Name || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadArchive = %v, want an *ArchiveError for %s wrapping ErrTooLarge", err, many[3].Name)
	}

	// Entries outside packages/ are skipped without being kept, whatever
	// their size.
	maxArchiveTotal = 1 << 20
	out := tar.Header{Name: "./big-readme", Typeflag: tar.TypeReg, Mode: 0o644, Size: 4 << 20}
	if _, err := ReadArchive("ok.tar.gz", bytes.NewReader(archiveOf(t, nestedDir, "./", true, out))); err != nil {
		t.Fatalf("ReadArchive with a large file outside packages/: %v", err)
	}
}

// TestArchiveManyEntries checks that the bound on what an archive may
// hold counts entries as well as bytes: a small gzip stream of millions of
// empty files costs memory per file.
func TestArchiveManyEntries(t *testing.T) {
	defer func(old int64) { maxArchiveTotal = old }(maxArchiveTotal)
	maxArchiveTotal = 100 * entryOverhead
	var many []tar.Header
	for i := range 150 {
		many = append(many, tar.Header{Name: fmt.Sprintf("./packages/p%d/p%d.1/opam", i, i),
			Typeflag: tar.TypeReg, Mode: 0o644})
	}
	_, err := ReadArchive("many.tar.gz", bytes.NewReader(archiveOf(t, nestedDir, "./", true, many...)))
	var ae *ArchiveError
	if !errors.As(err, &ae) || !errors.Is(err, ErrTooLarge) || !strings.HasPrefix(ae.Entry, "./packages/p") {
		t.Fatalf("ReadArchive = %v, want an *ArchiveError for one of the empty files wrapping ErrTooLarge", err)
	}
}
