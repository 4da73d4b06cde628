package repository

import (
	"io"
	"sync"
)

// readAhead reads its source on a goroutine of its own, a few blocks
// ahead of its reader. The loader wraps a gzip stream in one, so that
// decompressing (half of the loader's own work) runs beside reading the
// tar entries and indexing them instead of before them.
//
// Read and Close must be called from one goroutine. Close must be called
// exactly once; it returns once the goroutine has stopped, so that the
// source is not touched after Close returns.
type readAhead struct {
	full   chan block    // blocks read, in order; closed after the last
	free   chan []byte   // empty buffers for the reading goroutine
	done   chan struct{} // closed by Close: stop reading
	exited chan struct{} // closed when the reading goroutine returns

	buf    []byte // the buffer cur is part of, returned to free when drained
	cur    []byte // what is left to hand out of the current block
	err    error  // the source's error, once met
	blocks []*[readAheadSize]byte
}

// block is one buffer read from the source, or the error that ended it.
type block struct {
	b   []byte
	err error
}

// readAheadBlocks and readAheadSize bound the memory a readAhead holds:
// 1 MiB, enough that neither side waits for the other on a 2-core machine.
const (
	readAheadBlocks = 4
	readAheadSize   = 256 << 10
)

// blockPool keeps the buffers of closed readAheads, so that reading many
// small archives (tests, fuzzing) does not allocate and clear 1 MiB each.
var blockPool = sync.Pool{New: func() any { return new([readAheadSize]byte) }}

// newReadAhead starts reading src on a new goroutine.
func newReadAhead(src io.Reader) *readAhead {
	a := &readAhead{
		full:   make(chan block, readAheadBlocks),
		free:   make(chan []byte, readAheadBlocks),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for range readAheadBlocks {
		b := blockPool.Get().(*[readAheadSize]byte)
		a.blocks = append(a.blocks, b)
		a.free <- b[:]
	}
	go a.fill(src)
	return a
}

// fill reads src into free buffers and sends them in order, until src
// ends or fails or Close is called.
func (a *readAhead) fill(src io.Reader) {
	defer close(a.exited)
	defer close(a.full)
	for {
		var b []byte
		select {
		case b = <-a.free:
		case <-a.done:
			return
		}
		n, err := readSome(src, b)
		if n > 0 && !a.send(block{b: b[:n]}) {
			return
		}
		if err != nil {
			a.send(block{err: err})
			return
		}
	}
}

// readSome reads from src until b is full or src returns an error.
func readSome(src io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := src.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// send hands blk to the reader, and reports false when Close was called
// instead.
func (a *readAhead) send(blk block) bool {
	select {
	case a.full <- blk:
		return true
	case <-a.done:
		return false
	}
}

// Read implements io.Reader, returning the source's bytes in order and
// then the error that ended it (io.EOF at its end).
func (a *readAhead) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.buf != nil {
			a.free <- a.buf[:cap(a.buf)]
			a.buf = nil
		}
		if a.err != nil {
			return 0, a.err
		}
		blk, ok := <-a.full
		switch {
		case !ok:
			a.err = io.ErrClosedPipe
		case blk.err != nil:
			a.err = blk.err
		default:
			a.buf, a.cur = blk.b, blk.b
		}
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the reading goroutine, waits for it to return and gives the
// buffers back to blockPool.
func (a *readAhead) Close() {
	close(a.done)
	<-a.exited
	for _, b := range a.blocks {
		blockPool.Put(b)
	}
	a.blocks, a.buf, a.cur = nil, nil, nil
	if a.err == nil {
		a.err = io.ErrClosedPipe
	}
}
