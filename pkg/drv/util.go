package drv

import (
	"crypto/sha256"
	"path"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
)

// sriSHA256 returns the SRI sha256 of b.
func sriSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return nixhash.MustNewHash(nixhash.SHA256, sum[:]).Format(nixhash.SRI, true)
}

// SRISHA256 returns the Nix SRI sha256 hash of b, as the plan records the
// project's files and the files/ contents.
func SRISHA256(b []byte) string { return sriSHA256(b) }

// safeRelative reports whether p is a relative slash-separated path that
// stays inside its folder: not empty, not absolute, no "..", no backslash.
func safeRelative(p string) bool {
	if p == "" || path.IsAbs(p) || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return false
		}
	}
	c := path.Clean(p)
	return c != "."
}
