package fetch

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testServer serves /ok with body, /flaky failing with 503 the first
// `fails` times, /missing with 404, /other with different content, and
// counts requests.
type testServer struct {
	*httptest.Server
	hits  atomic.Int64
	fails atomic.Int64
}

const body = "opam archive content\n"

func newTestServer(t *testing.T, fails int) *testServer {
	s := &testServer{}
	s.fails.Store(int64(fails))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		switch r.URL.Path {
		case "/ok":
			fmt.Fprint(w, body)
		case "/flaky":
			if s.fails.Add(-1) >= 0 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, body)
		case "/other":
			fmt.Fprint(w, "something else")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func sumsOf(t *testing.T, content string, algos ...string) []Checksum {
	t.Helper()
	var sums []Checksum
	for _, a := range algos {
		var d []byte
		switch a {
		case "md5":
			x := md5.Sum([]byte(content))
			d = x[:]
		case "sha256":
			x := sha256.Sum256([]byte(content))
			d = x[:]
		case "sha512":
			x := sha512.Sum512([]byte(content))
			d = x[:]
		}
		c, err := ParseChecksum(a + "=" + hex.EncodeToString(d))
		if err != nil {
			t.Fatal(err)
		}
		sums = append(sums, c)
	}
	return sums
}

func newFetcher(t *testing.T) *Fetcher {
	return &Fetcher{CacheDir: t.TempDir(), Retries: 2, Backoff: time.Millisecond}
}

func TestArchiveMirrorAndCache(t *testing.T) {
	s := newTestServer(t, 0)
	f := newFetcher(t)
	sums := sumsOf(t, body, "md5", "sha256")
	want, _ := SRI(sums)

	file, err := f.Archive(context.Background(), []string{s.URL + "/missing", s.URL + "/ok"}, sums)
	if err != nil {
		t.Fatal(err)
	}
	if file.URL != s.URL+"/ok" || file.Hash != want {
		t.Fatalf("Archive = %+v, want URL %s/ok and hash %s", file, s.URL, want)
	}
	if b, err := os.ReadFile(file.Path); err != nil || string(b) != body {
		t.Fatalf("cached file holds %q, %v; want %q", b, err, body)
	}
	if n := s.hits.Load(); n != 2 {
		t.Fatalf("server saw %d requests, want 2 (404 then mirror)", n)
	}

	// A second fetch by md5 alone is answered by the cache.
	again, err := f.Archive(context.Background(), []string{s.URL + "/ok"}, sumsOf(t, body, "md5"))
	if err != nil {
		t.Fatal(err)
	}
	if n := s.hits.Load(); n != 2 || again.URL != "" || again.Hash != want {
		t.Fatalf("second fetch: %d requests, %+v; want 2 requests and a cache hit with %s", n, again, want)
	}
}

func TestArchiveRetriesTransientErrors(t *testing.T) {
	s := newTestServer(t, 2)
	f := newFetcher(t)
	file, err := f.Archive(context.Background(), []string{s.URL + "/flaky"}, sumsOf(t, body, "sha512"))
	if err != nil {
		t.Fatal(err)
	}
	if n := s.hits.Load(); n != 3 {
		t.Fatalf("server saw %d requests, want 3 (two 503 then success)", n)
	}
	if !strings.HasPrefix(file.Hash, "sha512-") {
		t.Fatalf("hash %s, want sha512 since opam declared one", file.Hash)
	}

	// With one retry only, two failures exhaust the rounds.
	s.fails.Store(2)
	f.Retries = 1
	f.CacheDir = t.TempDir()
	_, err = f.Archive(context.Background(), []string{s.URL + "/flaky"}, sumsOf(t, body, "sha512"))
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 503 {
		t.Fatalf("error %v, want HTTP 503", err)
	}
}

func TestArchiveNotFoundIsNotRetried(t *testing.T) {
	s := newTestServer(t, 0)
	f := newFetcher(t)
	_, err := f.Archive(context.Background(), []string{s.URL + "/missing"}, nil)
	if err == nil || !strings.Contains(err.Error(), "/missing: HTTP 404 Not Found") {
		t.Fatalf("error %v, want a 404 naming the URL", err)
	}
	if n := s.hits.Load(); n != 1 {
		t.Fatalf("server saw %d requests, want 1", n)
	}
}

func TestArchiveChecksumMismatch(t *testing.T) {
	s := newTestServer(t, 0)
	f := newFetcher(t)
	sums := sumsOf(t, body, "sha256")
	_, err := f.Archive(context.Background(), []string{s.URL + "/other"}, sums)
	var ce *ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want *ChecksumError", err)
	}
	got := sumsOf(t, "something else", "sha256")[0]
	wantMsg := fmt.Sprintf("%s/other: checksum mismatch: opam declares %s, downloaded file has %s", s.URL, sums[0], got)
	if !strings.HasPrefix(err.Error(), wantMsg) {
		t.Fatalf("error %q\nwant prefix %q", err, wantMsg)
	}
	if entries, _ := os.ReadDir(f.CacheDir + "/sha256"); len(entries) != 0 {
		t.Fatalf("a rejected file reached the cache: %v", entries)
	}
	if n := s.hits.Load(); n != 1 {
		t.Fatalf("server saw %d requests, want 1: a mismatch is not retried", n)
	}
}

func TestArchiveNoChecksumHashesSha256(t *testing.T) {
	s := newTestServer(t, 0)
	file, err := newFetcher(t).Archive(context.Background(), []string{s.URL + "/ok"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := SRI(sumsOf(t, body, "sha256"))
	if file.Hash != want {
		t.Fatalf("hash %s, want %s", file.Hash, want)
	}
}

func TestAllKeepsOrderAndPerItemErrors(t *testing.T) {
	s := newTestServer(t, 0)
	f := newFetcher(t)
	var jobs []Job
	for i := 0; i < 20; i++ {
		path := "/ok"
		if i%5 == 3 {
			path = "/missing"
		}
		jobs = append(jobs, Job{Key: fmt.Sprintf("p%02d", i), URLs: []string{s.URL + path}})
	}
	jobs = append(jobs, Job{Key: "empty"})
	var calls []int
	results := f.All(context.Background(), jobs, 4, func(p Progress) {
		if p.Total != len(jobs) {
			t.Errorf("progress total %d, want %d", p.Total, len(jobs))
		}
		calls = append(calls, p.Done)
	})
	for i, r := range results {
		failed := i%5 == 3 || i == 20
		if r.Key != jobs[i].Key || (r.Err != nil) != failed || (r.File != nil) == failed {
			t.Fatalf("result %d = %+v, want key %s, failed=%v", i, r, jobs[i].Key, failed)
		}
	}
	for i, d := range calls {
		if d != i+1 {
			t.Fatalf("progress Done sequence %v, want 1..%d", calls, len(jobs))
		}
	}
	if len(calls) != len(jobs) {
		t.Fatalf("%d progress calls, want %d", len(calls), len(jobs))
	}
}

func TestArchiveUnsupportedScheme(t *testing.T) {
	s := newTestServer(t, 0)
	f := newFetcher(t)
	file, err := f.Archive(context.Background(), []string{"ftp://example.invalid/x.tar.gz", s.URL + "/ok"}, nil)
	if err != nil || file.URL != s.URL+"/ok" {
		t.Fatalf("Archive = %+v, %v; want the http mirror after the ftp URL", file, err)
	}
	_, err = f.Archive(context.Background(), []string{"file:///etc/hostname"}, nil)
	var ue *UnsupportedURLError
	if !errors.As(err, &ue) || ue.URL != "file:///etc/hostname" {
		t.Fatalf("error %v, want *UnsupportedURLError", err)
	}
}

func TestDefaultCacheDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/somewhere/cache")
	got, err := DefaultCacheDir()
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CACHE_HOME is Linux's convention")
	}
	if err != nil || got != "/somewhere/cache/opam2drv" {
		t.Fatalf("DefaultCacheDir() = %q, %v; want /somewhere/cache/opam2drv", got, err)
	}
}
