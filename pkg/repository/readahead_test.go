package repository

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"
)

func TestReadAheadReturnsTheSourceInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, readAheadSize - 1, readAheadSize, 3*readAheadSize + 7, 11 * readAheadSize} {
		want := make([]byte, size)
		for i := range want {
			want[i] = byte(rng.Uint32())
		}
		// OneByteReader makes the reading goroutine fill each block with
		// many short reads.
		a := newReadAhead(iotest.OneByteReader(bytes.NewReader(want)))
		if err := iotest.TestReader(a, want); err != nil {
			t.Errorf("%d bytes: %v", size, err)
		}
		a.Close()
	}
}

func TestReadAheadPassesOnTheSourceError(t *testing.T) {
	bad := errors.New("gzip: invalid checksum")
	src := io.MultiReader(bytes.NewReader(bytes.Repeat([]byte("x"), readAheadSize+10)), iotest.ErrReader(bad))
	a := newReadAhead(src)
	defer a.Close()
	got, err := io.ReadAll(a)
	if !errors.Is(err, bad) {
		t.Fatalf("error after the data = %v, want %v", err, bad)
	}
	if len(got) != readAheadSize+10 {
		t.Fatalf("read %d bytes before the error, want %d", len(got), readAheadSize+10)
	}
	if _, err := a.Read(make([]byte, 1)); !errors.Is(err, bad) {
		t.Fatalf("Read after the error = %v, want the same error again", err)
	}
}

// stuck is a source whose reads after the first block until release is
// closed.
type stuck struct {
	reads   atomic.Int32
	inRead  chan struct{}
	once    sync.Once
	release chan struct{}
}

func (s *stuck) Read(p []byte) (int, error) {
	if s.reads.Add(1) > 1 {
		s.once.Do(func() { close(s.inRead) })
		<-s.release
	}
	return len(p), nil
}

func TestReadAheadCloseWaitsForTheSource(t *testing.T) {
	src := &stuck{inRead: make(chan struct{}), release: make(chan struct{})}
	a := newReadAhead(src)
	if _, err := io.ReadFull(a, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	<-src.inRead
	closed := make(chan struct{})
	go func() {
		a.Close()
		close(closed)
	}()
	select {
	case <-closed:
		t.Fatalf("Close returned while the source was still being read")
	case <-time.After(50 * time.Millisecond):
	}
	close(src.release)
	<-closed
	n := src.reads.Load()
	time.Sleep(10 * time.Millisecond)
	if m := src.reads.Load(); m != n {
		t.Fatalf("the source was read %d times after Close returned", m-n)
	}
}
