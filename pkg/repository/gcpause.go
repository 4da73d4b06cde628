package repository

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A bulk load (an archive read with ParseAll, or LoadAll) allocates memory
// that it keeps: on the 2024-06-01 snapshot it allocates 205 MB of which
// about 145 MB is still held at the end. The garbage collector can free
// little while it runs, yet each cycle marks everything parsed so far and
// slows the parser's copies with write barriers: with the default GOGC, a
// quarter to a third of the load's CPU time. So during a bulk load the
// collector runs only when the heap has grown bulkGCPercent percent since
// the last cycle: a few early, cheap cycles, then none, and the garbage the
// tar reader leaves stays bounded. On the 2024 snapshot this gives a peak
// RSS of 197 to 200 MB at 1.3 times the wall time of `tar -xzOf`, where a
// fully paused collector gave 220 to 228 MB and GOGC=100 0.1 s more
// (docs/benchmarks-loading.md). The process's setting is restored after.
//
// A hostile archive may produce garbage without bound (millions of skipped
// entries, each leaving a tar header behind), so during a bulk load a soft
// memory limit of pauseHeadroom above the heap in use when it began makes
// the collector run sooner if the heap grows that far, unless the program
// has set a memory limit of its own.
//
// gcPause is process-wide and counted, so that overlapping loads restore
// the collector only when the last one ends. A GOGC set in the environment
// is left alone: the user chose it. A program that calls
// debug.SetGCPercent or debug.SetMemoryLimit while a bulk load runs has
// its setting replaced by the one in force when the first load started.
var gcPause struct {
	mu         sync.Mutex
	depth      int
	percent    int
	limit      int64
	limitIsOur bool
}

// bulkGCPercent is the GOGC in force during a bulk load.
const bulkGCPercent = 500

// pauseHeadroom is how far the heap may grow during a bulk load before the
// collector runs anyway: three times what the largest shared snapshot needs.
const pauseHeadroom = 1 << 30

// pauseGC makes the garbage collector run rarely (bulkGCPercent) until the
// returned function is first called, unless GOGC is set in the environment. Every call must be
// followed by a call of the function it returns; later calls do nothing.
func pauseGC() (resume func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	gcPause.mu.Lock()
	if gcPause.depth == 0 {
		gcPause.percent = debug.SetGCPercent(bulkGCPercent)
		gcPause.limit = debug.SetMemoryLimit(-1) // reads it
		gcPause.limitIsOur = gcPause.limit == math.MaxInt64
		if gcPause.limitIsOur {
			debug.SetMemoryLimit(heapInUse() + pauseHeadroom)
		}
	}
	gcPause.depth++
	gcPause.mu.Unlock()
	return sync.OnceFunc(func() {
		gcPause.mu.Lock()
		gcPause.depth--
		if gcPause.depth == 0 {
			if gcPause.limitIsOur {
				debug.SetMemoryLimit(gcPause.limit)
			}
			debug.SetGCPercent(gcPause.percent)
		}
		gcPause.mu.Unlock()
	})
}

// heapInUse returns the bytes the heap's objects take now, without
// stopping the world.
func heapInUse() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(min(s[0].Value.Uint64(), math.MaxInt64-pauseHeadroom))
}
