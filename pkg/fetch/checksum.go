package fetch

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixhash"
)

// A Checksum is one opam checksum: an algorithm and its digest.
type Checksum struct {
	// Algo is "md5", "sha256" or "sha512".
	Algo string
	// Digest is the raw digest bytes.
	Digest []byte
}

// digestSizes maps each algorithm opam uses to its digest length in bytes.
var digestSizes = map[string]int{"md5": 16, "sha256": 32, "sha512": 64}

// ErrNoNixHash is returned by SRI when no checksum can become a Nix hash
// (only md5, or none): the source must be downloaded and hashed.
var ErrNoNixHash = errors.New("no sha256 or sha512 checksum: run with --prefetch to download and hash the source")

// A ChecksumSyntaxError reports an opam checksum that cannot be read.
type ChecksumSyntaxError struct {
	Text   string
	Reason string
}

// Error formats the error as one line.
func (e *ChecksumSyntaxError) Error() string {
	return fmt.Sprintf("checksum %q: %s (want md5=HEX, sha256=HEX or sha512=HEX)", e.Text, e.Reason)
}

// ParseChecksum parses an opam checksum such as "sha256=3f0a…". opam also
// accepts a bare 32-digit hex string as an md5, which ParseChecksum accepts
// too.
func ParseChecksum(s string) (Checksum, error) {
	algo, digest, ok := strings.Cut(s, "=")
	if !ok {
		algo, digest = "md5", s
	}
	size, known := digestSizes[algo]
	if !known {
		return Checksum{}, &ChecksumSyntaxError{Text: s, Reason: fmt.Sprintf("unknown algorithm %q", algo)}
	}
	b, err := hex.DecodeString(strings.ToLower(digest))
	if err != nil {
		return Checksum{}, &ChecksumSyntaxError{Text: s, Reason: "digest is not hexadecimal"}
	}
	if len(b) != size {
		return Checksum{}, &ChecksumSyntaxError{Text: s,
			Reason: fmt.Sprintf("%s digest has %d hex digits, want %d", algo, 2*len(b), 2*size)}
	}
	return Checksum{Algo: algo, Digest: b}, nil
}

// ParseChecksums parses every checksum of an opam `checksum` field and
// joins the errors of those that cannot be read.
func ParseChecksums(texts []string) ([]Checksum, error) {
	var sums []Checksum
	var errs []error
	for _, t := range texts {
		c, err := ParseChecksum(t)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sums = append(sums, c)
	}
	return sums, errors.Join(errs...)
}

// String returns the checksum in opam's form, "algo=hex".
func (c Checksum) String() string {
	return c.Algo + "=" + hex.EncodeToString(c.Digest)
}

// SRI returns the checksum as a Nix SRI hash ("sha256-…"). It fails for md5,
// which Nix does not accept for fixed-output derivations.
func (c Checksum) SRI() (string, error) {
	var algo nixhash.Algorithm
	switch c.Algo {
	case "sha256":
		algo = nixhash.SHA256
	case "sha512":
		algo = nixhash.SHA512
	default:
		return "", fmt.Errorf("checksum %s: %w", c, ErrNoNixHash)
	}
	h, err := nixhash.NewHash(algo, c.Digest)
	if err != nil {
		return "", fmt.Errorf("checksum %s: %w", c, err)
	}
	return h.Format(nixhash.SRI, true), nil
}

// SRI returns the Nix SRI hash of the best checksum in sums: the first
// sha512, else the first sha256. It returns ErrNoNixHash when there is
// neither.
func SRI(sums []Checksum) (string, error) {
	for _, algo := range []string{"sha512", "sha256"} {
		for _, c := range sums {
			if c.Algo == algo {
				return c.SRI()
			}
		}
	}
	return "", ErrNoNixHash
}
