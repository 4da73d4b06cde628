package repository

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/hillingar/hillingar/internal/testenv"
)

// sharedDir returns the shared data folder, ../shared beside the module's
// root, or skips the test when it is absent (a fresh clone).
func sharedDir(t testing.TB) string {
	return testenv.Shared(t, "opam-repository")
}

// TestSharedSnapshots loads every shared snapshot archive: every opam file
// parses, nothing is skipped, and the counts match the snapshots' README.
func TestSharedSnapshots(t *testing.T) {
	shared := sharedDir(t)
	for _, tc := range []struct {
		file     string
		versions int
	}{
		{"2022-10-10.tar.gz", 24980},
		{"2024-06-01.tar.gz", 31415},
		{"2026-08-22.tar.gz", 18793},
		{"opam-overlays.tar.gz", -1},
		{"mirage-opam-overlays.tar.gz", -1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			if (testing.Short() || raceEnabled) && tc.versions > 0 && tc.file != "2024-06-01.tar.gz" {
				t.Skip("-short or -race: only the 2024 snapshot and the overlays are loaded")
			}
			r, err := OpenWith(filepath.Join(shared, tc.file), Options{ParseAll: tc.versions > 20000})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if err := r.LoadAll(); err != nil {
				t.Errorf("LoadAll: %v", err)
			}
			if p := r.Problems(); len(p) != 0 {
				t.Errorf("Problems: %v", p)
			}
			n := r.Count()
			if tc.versions > 0 && n != tc.versions {
				t.Errorf("%d package versions, want %d", n, tc.versions)
			}
			if n == 0 {
				t.Errorf("no package versions")
			}
			runtime.GC()
		})
	}
}

// BenchmarkLoadTarball2024 reads and parses the whole 2024-06-01 snapshot
// from its .tar.gz, parsing while decompressing; see
// docs/benchmarks-loading.md and scripts/bench-load.sh.
func BenchmarkLoadTarball2024(b *testing.B) {
	benchmarkOpen(b, Options{ParseAll: true})
}

// BenchmarkOpenTarball2024Lazy reads the 2024-06-01 snapshot from its
// .tar.gz without parsing, as a solve that reads few packages does.
func BenchmarkOpenTarball2024Lazy(b *testing.B) {
	benchmarkOpen(b, Options{})
}

func benchmarkOpen(b *testing.B, opts Options) {
	p := filepath.Join(sharedDir(b), "2024-06-01.tar.gz")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r, err := OpenWith(p, opts)
		if err != nil {
			b.Fatal(err)
		}
		if r.Count() != 31415 {
			b.Fatalf("%d versions", r.Count())
		}
	}
}
