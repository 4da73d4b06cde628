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
// about 145 MB is still held at the end. The garbage collector can free little
// while it runs, yet each cycle marks everything parsed so far and slows
// the parser's copies with write barriers: with the default GOGC, a
// quarter to a third of the load's CPU time. So the collector is paused
// for the duration of a bulk load, which costs under 10 % more peak memory
// than collecting, and resumed with the process's setting afterwards.
//
// A hostile archive may produce garbage without bound (millions of skipped
// entries, each leaving a tar header behind), so while the collector is
// paused a soft memory limit of pauseHeadroom above the heap in use when
// the pause began makes it collect again if the heap grows that far,
// unless the program has set a memory limit of its own.
//
// gcPause is process-wide and counted, so that overlapping loads resume
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

// pauseHeadroom is how far the heap may grow during a pause before the
// collector runs anyway: three times what the largest shared snapshot needs.
const pauseHeadroom = 1 << 30

// pauseGC pauses the garbage collector until the returned function is
// first called, unless GOGC is set in the environment. Every call must be
// followed by a call of the function it returns; later calls do nothing.
func pauseGC() (resume func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	gcPause.mu.Lock()
	if gcPause.depth == 0 {
		gcPause.percent = debug.SetGCPercent(-1)
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
