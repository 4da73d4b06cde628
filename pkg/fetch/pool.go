package fetch

import (
	"context"
	"errors"
	"sync"
)

// A Job is one source to fetch: an archive (URLs and checksums) or, when
// Git is set, a git checkout.
type Job struct {
	// Key names the job in progress reports and errors, such as
	// "dune.3.7.1".
	Key string
	// URLs are tried in order for an archive.
	URLs []string
	// Sums are the opam checksums the archive must match.
	Sums []Checksum
	// Git, when set, makes this a git job; URLs and Sums are ignored.
	Git *GitSource
}

// A Result is the outcome of one Job. Exactly one of File, Tree and Err
// is set.
type Result struct {
	Key  string
	File *File
	Tree *GitTree
	Err  error
}

// Progress reports how many of Total jobs are Done; Key is the job that
// just finished.
type Progress struct {
	Done, Total int
	Key         string
}

// All runs jobs on at most workers goroutines (1 when workers < 1) and
// returns one Result per job, in the order of jobs. A failed job does not
// stop the others; cancelling ctx does. progress, when not nil, is called
// after each job, from one goroutine at a time, with Done increasing by
// one each call.
func (f *Fetcher) All(ctx context.Context, jobs []Job, workers int, progress func(Progress)) []Result {
	results := make([]Result, len(jobs))
	workers = min(max(workers, 1), max(len(jobs), 1))
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = f.one(ctx, jobs[i])
				mu.Lock()
				done++
				if progress != nil {
					progress(Progress{Done: done, Total: len(jobs), Key: jobs[i].Key})
				}
				mu.Unlock()
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// one runs a single job.
func (f *Fetcher) one(ctx context.Context, j Job) Result {
	r := Result{Key: j.Key}
	if err := ctx.Err(); err != nil {
		r.Err = err
		return r
	}
	switch {
	case j.Git != nil:
		r.Tree, r.Err = f.Git(ctx, *j.Git)
	case len(j.URLs) > 0:
		r.File, r.Err = f.Archive(ctx, j.URLs, j.Sums)
	default:
		r.Err = errNoSource
	}
	return r
}

// errNoSource is returned by All for a job with neither URLs nor Git.
var errNoSource = errors.New("job has no URL and no git source")
