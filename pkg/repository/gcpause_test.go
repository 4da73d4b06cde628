package repository

import (
	"bytes"
	"math"
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
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	outer := pauseGC()
	inner := pauseGC()
	if got := gcPercent(); got != bulkGCPercent {
		t.Fatalf("GC percent during two loads = %d, want %d", got, bulkGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got < pauseHeadroom || got > heapInUse()+pauseHeadroom {
		t.Fatalf("memory limit during the pause = %d, want the heap in use plus %d", got, pauseHeadroom)
	}
	outer()
	if got := gcPercent(); got != bulkGCPercent {
		t.Fatalf("GC percent after the first load ended = %d, want %d while the second runs", got, bulkGCPercent)
	}
	inner()
	inner() // a second call does nothing
	if got := gcPercent(); got != 77 {
		t.Fatalf("GC percent after both loads = %d, want 77 restored", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("memory limit after both loads = %d, want none (math.MaxInt64) restored", got)
	}
}

func TestPauseGCKeepsTheProgramsMemoryLimit(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set in the environment, so pauseGC leaves the collector alone")
	}
	const limit = 3 << 30
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	resume := pauseGC()
	got := debug.SetMemoryLimit(-1)
	resume()
	if got != limit {
		t.Fatalf("memory limit during the pause = %d, want the program's own %d", got, limit)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Fatalf("memory limit after the pause = %d, want %d", got, limit)
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
