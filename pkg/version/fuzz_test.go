package version

import (
	"strings"
	"testing"
)

// fuzzSeeds are real versions from the snapshots plus edge cases.
var fuzzSeeds = []string{
	"", "~", "~~", "a", "1", "0", "007", "1.0", "1.0~rc1", "v0.16.0", "1.12+dune+mirage1",
	"0.1.2-1-g09b142a", "1.0-", "-", "--", "1.0-~", "99999999999999999999999", "\xff", "é",
}

// FuzzCompare checks that Compare is an order: antisymmetric, transitive on
// triples, consistent with a tokenising reference implementation, and never
// panics.
func FuzzCompare(f *testing.F) {
	for i, a := range fuzzSeeds {
		f.Add(a, fuzzSeeds[(i+1)%len(fuzzSeeds)], fuzzSeeds[(i+5)%len(fuzzSeeds)])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		ab, ba := Compare(a, b), Compare(b, a)
		if ab != -ba || ab < -1 || ab > 1 {
			t.Fatalf("Compare(%q, %q) = %d but Compare(%q, %q) = %d", a, b, ab, b, a, ba)
		}
		if ref := referenceCompare(a, b); ab != ref {
			t.Fatalf("Compare(%q, %q) = %d, reference says %d", a, b, ab, ref)
		}
		bc, ac := Compare(b, c), Compare(a, c)
		if ab <= 0 && bc <= 0 && ac > 0 {
			t.Fatalf("%q <= %q <= %q but Compare(%q, %q) = %d", a, b, c, a, c, ac)
		}
		if ab == 0 && bc == 0 && ac != 0 {
			t.Fatalf("%q == %q == %q but Compare(%q, %q) = %d", a, b, c, a, c, ac)
		}
	})
}

func TestReferenceAgrees(t *testing.T) {
	for _, p := range oraclePairs {
		if got := referenceCompare(p.low, p.high); got != -1 {
			t.Errorf("referenceCompare(%q, %q) = %d, want -1", p.low, p.high, got)
		}
	}
	for _, a := range fuzzSeeds {
		for _, b := range fuzzSeeds {
			if got, want := Compare(a, b), referenceCompare(a, b); got != want {
				t.Errorf("Compare(%q, %q) = %d, reference says %d", a, b, got, want)
			}
		}
	}
}

// referenceCompare is a deliberately different implementation of the same
// order, for the fuzzer: it tokenises each part into (non-digits, digits)
// pairs first, padding the shorter list with empty pairs.
func referenceCompare(a, b string) int {
	ua, ra, _ := cutLast(a)
	ub, rb, _ := cutLast(b)
	if c := refParts(ua, ub); c != 0 {
		return c
	}
	return refParts(ra, rb)
}

func cutLast(s string) (before, after string, found bool) {
	i := strings.LastIndex(s, "-")
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

type refChunk struct{ text, num string }

func tokenize(s string) []refChunk {
	var out []refChunk
	for s != "" {
		var ch refChunk
		n := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
		if n < 0 {
			n = len(s)
		}
		ch.text, s = s[:n], s[n:]
		m := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		if m < 0 {
			m = len(s)
		}
		ch.num, s = strings.TrimLeft(s[:m], "0"), s[m:]
		out = append(out, ch)
	}
	return out
}

func refParts(a, b string) int {
	ta, tb := tokenize(a), tokenize(b)
	for len(ta) < len(tb) {
		ta = append(ta, refChunk{})
	}
	for len(tb) < len(ta) {
		tb = append(tb, refChunk{})
	}
	for i := range ta {
		if c := refText(ta[i].text, tb[i].text); c != 0 {
			return c
		}
		if c := refNum(ta[i].num, tb[i].num); c != 0 {
			return c
		}
	}
	return 0
}

// refText compares non-digit runs: '~' < end < letters < other bytes.
func refText(a, b string) int {
	rank := func(s string, i int) (int, byte) {
		if i >= len(s) {
			return 1, 0
		}
		c := s[i]
		switch {
		case c == '~':
			return 0, c
		case ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
			return 2, c
		}
		return 3, c
	}
	for i := 0; i < len(a) || i < len(b); i++ {
		ka, ca := rank(a, i)
		kb, cb := rank(b, i)
		if ka != kb {
			return cmpInt(ka, kb)
		}
		if ca != cb {
			return cmpInt(int(ca), int(cb))
		}
	}
	return 0
}

func refNum(a, b string) int {
	if len(a) != len(b) {
		return cmpInt(len(a), len(b))
	}
	return strings.Compare(a, b)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
