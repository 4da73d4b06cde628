package opamuniverse

import (
	"path/filepath"
	"testing"

	"github.com/hillingar/hillingar/pkg/resolve"
)

// BenchmarkSolve solves each stored opam request on its snapshot, held in
// memory with its opam files already parsed: the time is the reduction of
// the reached files and the solve. cmd/opam2drv's solve command and
// scripts/bench-solve.sh measure whole runs, loading included.
func BenchmarkSolve(b *testing.B) {
	shared := sharedDir(b)
	for _, snap := range []string{"2024-06-01", "2026-08-22"} {
		src := openSnapshot(b, filepath.Join(shared, "opam-repository", snap+".tar.gz"))
		for _, oc := range readOracle(b, filepath.Join(shared, "oracle", snap)) {
			b.Run(snap+"/"+oc.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					u, req := oc.request(b, src)
					_, err := resolve.Solve(u, req, nil)
					if (err == nil) != (len(oc.solution) > 0) {
						b.Fatalf("Solve: %v", err)
					}
				}
			})
		}
	}
}
