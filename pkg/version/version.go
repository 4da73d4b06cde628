package version

import (
	"slices"
	"strings"
)

// Compare returns -1 if a sorts before b, +1 if a sorts after b and 0 if
// they are equal in opam's version order.
//
// As opam does, each version is first split at its last '-' (if any) into an
// upstream part and a revision: upstream parts are compared first and the
// revisions only break ties, so "1.0-beta" > "1.0" and "1.0+a" > "1.0-a".
func Compare(a, b string) int {
	if a == b {
		return 0
	}
	ua, ra := split(a)
	ub, rb := split(b)
	if c := compareChunks(ua, ub); c != 0 {
		return c
	}
	return compareChunks(ra, rb)
}

// split cuts v at its last '-' into the upstream part and the revision; the
// revision is empty when v has no '-'.
func split(v string) (upstream, revision string) {
	i := strings.LastIndexByte(v, '-')
	if i < 0 {
		return v, ""
	}
	return v[:i], v[i+1:]
}

// compareChunks compares a and b as alternating non-digit and digit chunks.
func compareChunks(a, b string) int {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		// Non-digit chunk: compare byte by byte with opam's weights; the end
		// of a chunk (a digit or the end of the string) weighs 0.
		for (i < len(a) && !isDigit(a[i])) || (j < len(b) && !isDigit(b[j])) {
			wa, wb := weightAt(a, i), weightAt(b, j)
			if wa != wb {
				return sign(wa - wb)
			}
			if i < len(a) && !isDigit(a[i]) {
				i++
			}
			if j < len(b) && !isDigit(b[j]) {
				j++
			}
		}

		// Digit chunk: compare as unbounded numbers.
		var c int
		if c, i, j = compareDigits(a, i, b, j); c != 0 {
			return c
		}
	}
	return 0
}

// Less reports whether a sorts strictly before b.
func Less(a, b string) bool { return Compare(a, b) < 0 }

// Sort sorts vs in ascending version order, in place. Versions that compare
// equal keep their relative order.
func Sort(vs []string) { slices.SortStableFunc(vs, Compare) }

// Max returns the greatest of vs in version order, the first of equals, and
// "" when vs is empty.
func Max(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	m := vs[0]
	for _, v := range vs[1:] {
		if Compare(v, m) > 0 {
			m = v
		}
	}
	return m
}

// compareDigits compares the digit runs of a at i and b at j as numbers and
// returns the result with the indexes just past both runs.
func compareDigits(a string, i int, b string, j int) (c, ni, nj int) {
	for i < len(a) && a[i] == '0' {
		i++
	}
	for j < len(b) && b[j] == '0' {
		j++
	}
	si, sj := i, j
	for i < len(a) && isDigit(a[i]) {
		i++
	}
	for j < len(b) && isDigit(b[j]) {
		j++
	}
	da, db := a[si:i], b[sj:j]
	switch {
	case len(da) != len(db):
		return sign(len(da) - len(db)), i, j
	case da < db:
		return -1, i, j
	case da > db:
		return 1, i, j
	}
	return 0, i, j
}

// weightAt is the sort weight of s[i] inside a non-digit chunk: '~' is
// lowest, then the end of the chunk, then letters, then every other byte.
func weightAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	switch {
	case isDigit(c):
		return 0
	case c == '~':
		return -1
	case isLetter(c):
		return int(c)
	}
	return int(c) + 256
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Valid reports whether v is a version opam accepts in a package name.version:
// non-empty, made of ASCII letters, digits and the bytes "-_+.~".
func Valid(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !isDigit(c) && !isLetter(c) && c != '-' && c != '_' && c != '+' && c != '.' && c != '~' {
			return false
		}
	}
	return true
}
