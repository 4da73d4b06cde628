package opam

import (
	"strings"
	"testing"
)

// TestLexIntegerOverflow checks that an integer too large for 63 bits is a
// syntax error naming its position, whatever its digits: the overflow of
// the multiplication itself must be caught, not only a result above the
// limit.
func TestLexIntegerOverflow(t *testing.T) {
	for _, src := range []string{
		"x: 400000000000000000000",  // 4e20: n*10 wraps int64 to a negative value
		"x: 4611686018427387904",    // 2^62: one past the largest positive value
		"x: 46116860184273879040",   // 2^62*10
		"x: -400000000000000000000", // negative, same wrap
		"x: 99999999999999999999999999",
		"x: 18446744073709551616", // 2^64 wraps to 0
	} {
		_, err := ParseString("f.opam", src)
		if err == nil {
			t.Fatalf("%s: parsed without error", src)
		}
		if want := "f.opam:1:4: invalid integer"; !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: error %q does not contain %q", src, err, want)
		}
	}
	for src, want := range map[string]int64{
		"x: 4611686018427387903":  1<<62 - 1,
		"x: -4611686018427387904": -1 << 62,
		"x: 1_000":                1000,
	} {
		f, err := ParseString("f.opam", src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := f.Items[0].Value.Int(); got != want {
			t.Fatalf("%s: got %d, want %d", src, got, want)
		}
	}
}

// TestLexByteOrderMark checks that a file saved with a UTF-8 byte order
// mark gets one error that says so and what to do, rather than one error
// per byte of the mark, and that the rest of the file is still read.
func TestLexByteOrderMark(t *testing.T) {
	f, err := ParseString("bom.opam", "\xef\xbb\xbfopam-version: \"2.0\"\n")
	want := "bom.opam:1:1: the file starts with a byte order mark (U+FEFF), which is not opam syntax; save the file as UTF-8 without it"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if len(f.Items) != 1 || f.Items[0].Name != "opam-version" {
		t.Fatalf("items after the mark: %+v", f.Items)
	}
}
