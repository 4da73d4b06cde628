package drv

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
)

// digest returns the digest of b with opam's algorithm algo.
func digest(algo string, b []byte) []byte {
	switch algo {
	case "md5":
		s := md5.Sum(b)
		return s[:]
	case "sha256":
		s := sha256.Sum256(b)
		return s[:]
	}
	s := sha512.Sum512(b)
	return s[:]
}
