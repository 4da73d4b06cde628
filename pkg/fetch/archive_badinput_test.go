package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newHostileServer serves, on loopback, bodies a download must not accept
// quietly: /huge announces more than the bound, /endless streams without
// a length, /stall sends one byte and then nothing, /loop redirects to
// itself.
func newHostileServer(t *testing.T, announced int64) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/huge":
			w.Header().Set("Content-Length", strconv.FormatInt(announced, 10))
			w.Write(make([]byte, 1024))
		case "/endless":
			chunk := make([]byte, 64<<10)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/stall":
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte("x"))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// TestArchiveHostileServers checks that a body over the size bound fails
// without being stored (whether its length is announced or not), that a
// server that stops sending fails after the idle timeout rather than the
// whole-download timeout, and that every error names the URL asked for.
func TestArchiveHostileServers(t *testing.T) {
	s := newHostileServer(t, 1<<40)
	f := newFetcher(t)
	f.MaxSize = 1 << 20
	f.IdleTimeout = 300 * time.Millisecond
	f.Retries = -1
	for _, tt := range []struct {
		path string
		want error
	}{
		{"/huge", ErrTooLarge},
		{"/endless", ErrTooLarge},
		{"/stall", ErrStalled},
		{"/loop", nil},
	} {
		start := time.Now()
		u := s.URL + tt.path
		_, err := f.Archive(context.Background(), []string{u}, sumsOf(t, body, "md5"))
		if err == nil || !strings.Contains(err.Error(), u+": ") {
			t.Fatalf("%s: error %v does not name %s", tt.path, err, u)
		}
		if tt.want != nil && !errors.Is(err, tt.want) {
			t.Fatalf("%s: error %v does not wrap %v", tt.path, err, tt.want)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("%s: took %v", tt.path, d)
		}
	}
	if f.MaxSize = 0; f.maxSize() != DefaultMaxSize {
		t.Fatalf("maxSize() = %d, want DefaultMaxSize", f.maxSize())
	}
}

// TestTransientBounds checks that a download over the size bound is not
// tried again, while a stalled one is.
func TestTransientBounds(t *testing.T) {
	if transient(fmt.Errorf("u: %w", ErrTooLarge)) {
		t.Fatal("a download over the size bound is retried")
	}
	if !transient(fmt.Errorf("u: %w", ErrStalled)) {
		t.Fatal("a stalled download is not retried")
	}
}

// TestCacheDropsAbandonedDownloads checks that a partial download left in
// the cache by a killed run (a .download-* file untouched for longer than
// any live download can be) is removed the next time the cache is used,
// and that a fresh one, which may belong to a running download, is kept.
func TestCacheDropsAbandonedDownloads(t *testing.T) {
	f := newFetcher(t)
	stale := filepath.Join(f.CacheDir, ".download-111")
	fresh := filepath.Join(f.CacheDir, ".download-222")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * abandonedAfter)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, 0)
	if _, err := f.Archive(context.Background(), []string{s.URL + "/ok"}, sumsOf(t, body, "sha256")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the abandoned %s is still there: %v", stale, err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Fatalf("the fresh %s was removed: %v", fresh, err)
	}
}
