package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A Fetcher downloads sources. The zero value is ready to use: it uses
// an HTTP client with a 10-minute timeout per download, DefaultCacheDir, 2 retries with a 500ms backoff and
// the git found on PATH. A Fetcher is safe for use by several goroutines
// once its fields are set.
type Fetcher struct {
	// Client does the HTTP requests; nil means a client whose requests
	// time out after 10 minutes.
	Client *http.Client
	// CacheDir is the content-addressed cache folder; empty means
	// DefaultCacheDir().
	CacheDir string
	// Retries is how many more rounds over all URLs are tried after the
	// first one fails with a transient error (network error, HTTP 5xx or
	// 429). Negative means none.
	Retries int
	// Backoff is the wait before the second round; it doubles for each
	// following round. Zero means 500ms.
	Backoff time.Duration
	// GitProgram is the git program; empty means "git" from PATH.
	GitProgram string
	// MaxSize is the largest archive accepted, in bytes; zero means
	// DefaultMaxSize. A larger one fails with an error wrapping
	// ErrTooLarge, and nothing is stored.
	MaxSize int64
	// IdleTimeout fails a download (with an error wrapping ErrStalled)
	// when no byte arrives for this long, so that a server that stops
	// sending does not hold a download until Client's timeout; zero means
	// one minute.
	IdleTimeout time.Duration
}

// DefaultMaxSize is the bound of a Fetcher whose MaxSize is zero, far
// above the largest source archive opam-repository names.
const DefaultMaxSize = 4 << 30

// ErrTooLarge is wrapped by the error of a download larger than the
// Fetcher's MaxSize; ErrStalled by that of a download that received
// nothing for its IdleTimeout.
var (
	ErrTooLarge = errors.New("download larger than the size bound")
	ErrStalled  = errors.New("download stalled")
)

func (f *Fetcher) maxSize() int64 {
	if f.MaxSize > 0 {
		return f.MaxSize
	}
	return DefaultMaxSize
}

func (f *Fetcher) idleTimeout() time.Duration {
	if f.IdleTimeout > 0 {
		return f.IdleTimeout
	}
	return time.Minute
}

// A File is a downloaded and verified archive.
type File struct {
	// Path is the file in the cache folder. Callers must not modify it.
	Path string
	// URL is the address it was downloaded from; empty when it came from
	// the cache.
	URL string
	// Hash is the Nix SRI hash of the file: sha512 when the expected
	// checksums include a sha512, sha256 otherwise.
	Hash string
}

// A ChecksumError reports a downloaded file whose content does not match
// the checksum opam declares.
type ChecksumError struct {
	URL  string
	Want Checksum
	Got  Checksum
}

// Error formats the error as one line.
func (e *ChecksumError) Error() string {
	return fmt.Sprintf("%s: checksum mismatch: opam declares %s, downloaded file has %s; the file at this address changed or the opam file is wrong", e.URL, e.Want, e.Got)
}

// An HTTPError reports an unsuccessful HTTP status.
type HTTPError struct {
	URL    string
	Status int
}

// Error formats the error as one line.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// defaultClient is the client of a Fetcher without one.
var defaultClient = &http.Client{Timeout: 10 * time.Minute}

// An UnsupportedURLError reports a URL that is neither http nor https.
type UnsupportedURLError struct{ URL string }

// Error formats the error as one line.
func (e *UnsupportedURLError) Error() string {
	return fmt.Sprintf("%s: only http and https downloads are supported; vendor the file or use a git source", e.URL)
}

// transient reports whether another round may succeed after err.
func transient(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500 || he.Status == http.StatusTooManyRequests
	}
	var ce *ChecksumError
	var ue *UnsupportedURLError
	if errors.As(err, &ce) || errors.As(err, &ue) || errors.Is(err, ErrTooLarge) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return true
}

// Archive returns the file available at urls (tried in order) whose
// content matches every checksum in sums. A file already in the cache
// under one of sums is returned without network access. With no checksum
// at all the file is always downloaded and only hashed.
//
// When every URL fails, the error joins one error per attempt; a
// *ChecksumError among them means a server sent other content.
func (f *Fetcher) Archive(ctx context.Context, urls []string, sums []Checksum) (*File, error) {
	c, err := f.cache()
	if err != nil {
		return nil, err
	}
	if p, d, ok := c.lookup(sums); ok {
		return &File{Path: p, Hash: bestHash(d, sums)}, nil
	}
	if len(urls) == 0 {
		return nil, errors.New("no URL to download from")
	}
	var errs []error
	for round := 0; round <= max(f.Retries, 0); round++ {
		if round > 0 {
			if err := sleep(ctx, f.backoff(round)); err != nil {
				return nil, errors.Join(append(errs, err)...)
			}
		}
		retry := false
		for _, u := range urls {
			file, err := f.download(ctx, c, u, sums)
			if err == nil {
				return file, nil
			}
			errs = append(errs, err)
			retry = retry || transient(err)
		}
		if !retry {
			break
		}
	}
	return nil, errors.Join(errs...)
}

// backoff is the deterministic wait before round (1-based after the first).
func (f *Fetcher) backoff(round int) time.Duration {
	b := f.Backoff
	if b <= 0 {
		b = 500 * time.Millisecond
	}
	return b << (round - 1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (f *Fetcher) cache() (cache, error) {
	dir := f.CacheDir
	if dir == "" {
		d, err := DefaultCacheDir()
		if err != nil {
			return cache{}, err
		}
		dir = d
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cache{}, fmt.Errorf("cache folder: %w", err)
	}
	dropAbandoned(dir)
	return cache{dir: dir}, nil
}

// abandonedAfter is how long a partial download may go untouched before
// it is taken for one a killed run left behind: far longer than a live
// download, which writes at least once per IdleTimeout.
const abandonedAfter = 24 * time.Hour

// dropAbandoned removes the partial downloads of dir untouched for
// abandonedAfter. Errors are ignored: the files only waste space.
func dropAbandoned(dir string) {
	tmps, _ := filepath.Glob(filepath.Join(dir, ".download-*"))
	for _, p := range tmps {
		if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > abandonedAfter {
			os.Remove(p)
		}
	}
}

// download fetches one URL into a temporary file of the cache, verifies
// it and stores it.
func (f *Fetcher) download(ctx context.Context, c cache, url string, sums []Checksum) (*File, error) {
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return nil, &UnsupportedURLError{URL: url}
	}
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	idle := f.idleTimeout()
	timer := time.AfterFunc(idle, func() { stop(ErrStalled) })
	defer timer.Stop()
	fail := func(err error) error {
		if context.Cause(ctx) == ErrStalled {
			err = fmt.Errorf("%w: nothing received for %v", ErrStalled, idle)
		}
		return fmt.Errorf("%s: %w", url, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	client := f.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fail(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &HTTPError{URL: url, Status: resp.StatusCode}
	}
	limit := f.maxSize()
	tooLarge := fmt.Errorf("%s: %w: over %d bytes; raise the fetcher's size bound if this archive is genuine", url, ErrTooLarge, limit)
	if resp.ContentLength > limit {
		return nil, tooLarge
	}
	tmp, err := os.CreateTemp(c.dir, ".download-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	d := newDigests()
	body := &idleReader{r: io.LimitReader(resp.Body, limit+1), timer: timer, idle: idle}
	n, err := io.Copy(io.MultiWriter(tmp, d.writer()), body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fail(err)
	}
	if n > limit {
		return nil, tooLarge
	}
	if err := d.verify(url, sums); err != nil {
		return nil, err
	}
	p, err := c.store(tmp.Name(), d)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return &File{Path: p, URL: url, Hash: bestHash(d, sums)}, nil
}

// bestHash returns the SRI hash to record: sha512 when opam declared one,
// otherwise sha256.
func bestHash(d *digests, sums []Checksum) string {
	algo := "sha256"
	for _, s := range sums {
		if s.Algo == "sha512" {
			algo = "sha512"
		}
	}
	h, _ := Checksum{Algo: algo, Digest: d.sum(algo)}.SRI()
	return h
}

// An idleReader restarts timer for another idle period whenever bytes
// arrive from r.
type idleReader struct {
	r     io.Reader
	timer *time.Timer
	idle  time.Duration
}

func (r *idleReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.timer.Reset(r.idle)
	}
	return n, err
}
