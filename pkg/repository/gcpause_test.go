package repository

import (
	"bytes"
	"os"
	"runtime/debug"
	"testing"
)

// gcPercent returns the collector's setting without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

func TestPauseGCNestsAndRestores(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set in the environment, so pauseGC leaves the collector alone")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(77))
	outer := pauseGC()
	inner := pauseGC()
	if got := gcPercent(); got != -1 {
		t.Fatalf("GC percent during two loads = %d, want -1 (paused)", got)
	}
	outer()
	if got := gcPercent(); got != -1 {
		t.Fatalf("GC percent after the first load ended = %d, want -1 while the second runs", got)
	}
	inner()
	inner() // a second call does nothing
	if got := gcPercent(); got != 77 {
		t.Fatalf("GC percent after both loads = %d, want 77 restored", got)
	}
}

func TestReadArchiveRestoresGC(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set in the environment, so pauseGC leaves the collector alone")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(55))
	r, err := ReadArchive("nested.tar.gz", bytes.NewReader(archiveOf(t, "testdata/nested", "", true)))
	if err != nil {
		t.Fatal(err)
	}
	if r.Count() == 0 {
		t.Fatalf("no package read from testdata/nested")
	}
	if err := r.LoadAll(); err == nil {
		t.Fatalf("LoadAll: no error, want one for testdata/nested's broken package")
	}
	if got := gcPercent(); got != 55 {
		t.Fatalf("GC percent after ReadArchive and LoadAll = %d, want 55 restored", got)
	}
}
