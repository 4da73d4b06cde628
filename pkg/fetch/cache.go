package fetch

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
)

// DefaultCacheDir returns the cache folder used when Fetcher.CacheDir is
// empty: $XDG_CACHE_HOME/opam2drv, or the platform's user cache folder
// (os.UserCacheDir) followed by opam2drv.
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder: set XDG_CACHE_HOME or pass a cache folder: %w", err)
	}
	return filepath.Join(base, "opam2drv"), nil
}

// digests holds the three digests computed while a file streams in.
type digests struct {
	md5, sha256, sha512 hash.Hash
}

func newDigests() *digests {
	return &digests{md5: md5.New(), sha256: sha256.New(), sha512: sha512.New()}
}

func (d *digests) writer() io.Writer { return io.MultiWriter(d.md5, d.sha256, d.sha512) }

// sum returns the digest for algo ("md5", "sha256" or "sha512").
func (d *digests) sum(algo string) []byte {
	switch algo {
	case "md5":
		return d.md5.Sum(nil)
	case "sha256":
		return d.sha256.Sum(nil)
	default:
		return d.sha512.Sum(nil)
	}
}

// verify checks every expected checksum against the computed digests.
func (d *digests) verify(url string, want []Checksum) error {
	for _, c := range want {
		got := Checksum{Algo: c.Algo, Digest: d.sum(c.Algo)}
		if !bytes.Equal(got.Digest, c.Digest) {
			return &ChecksumError{URL: url, Want: c, Got: got}
		}
	}
	return nil
}

// cache is a content-addressed folder: every verified file is stored once
// under blobs/ and linked from md5/HEX, sha256/HEX and sha512/HEX.
type cache struct{ dir string }

// path returns where the file with checksum c is kept.
func (c cache) path(sum Checksum) string {
	return filepath.Join(c.dir, sum.Algo, hex.EncodeToString(sum.Digest))
}

// lookup returns the cached file matching any of sums, after checking it
// against all of them; a damaged entry is removed and ignored.
func (c cache) lookup(sums []Checksum) (string, *digests, bool) {
	for _, s := range sums {
		p := c.path(s)
		d, err := hashFile(p)
		if err != nil {
			continue
		}
		if d.verify(p, sums) != nil {
			os.Remove(p)
			continue
		}
		return p, d, true
	}
	return "", nil, false
}

// store moves the verified temporary file tmp into the cache and returns
// its path (the sha256 entry).
func (c cache) store(tmp string, d *digests) (string, error) {
	final := c.path(Checksum{Algo: "sha256", Digest: d.sum("sha256")})
	for _, algo := range []string{"md5", "sha256", "sha512"} {
		if err := os.MkdirAll(filepath.Join(c.dir, algo), 0o755); err != nil {
			return "", err
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", err
	}
	for _, algo := range []string{"md5", "sha512"} {
		link := c.path(Checksum{Algo: algo, Digest: d.sum(algo)})
		os.Remove(link)
		if err := os.Link(final, link); err != nil && !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
	return final, nil
}

// hashFile computes the digests of the file at p.
func hashFile(p string) (*digests, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := newDigests()
	if _, err := io.Copy(d.writer(), f); err != nil {
		return nil, err
	}
	return d, nil
}
