package drv

import (
	"errors"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/pkg/opam"
)

// TestSourceMirrorSchemes checks that a mirror is held to the rules of
// src: a local, rsync or version-control mirror of an archive is refused
// with an error naming it, rather than written into the lock's urls.
func TestSourceMirrorSchemes(t *testing.T) {
	for text, want := range map[string]string{
		`mirrors: ["file:///etc/passwd"]`:              "file:///etc/passwd: a local or rsync source cannot be locked",
		`mirrors: ["https://m/a.tgz" "../a.tgz"]`:      "../a.tgz: a local or rsync source cannot be locked",
		`mirrors: ["hg+https://m/r"]`:                  "hg+https://m/r: hg sources are not supported",
		`mirrors: ["https://m/a.tgz" "ftp://m/a.tgz"]`: "",
	} {
		f, err := opam.ParseString("f.opam", `src: "https://e/a.tgz" checksum: "sha256=`+strings.Repeat("0", 64)+`" `+text)
		if err != nil {
			t.Fatal(err)
		}
		u, err := readURL("url", f.Items)
		if err != nil {
			t.Fatal(err)
		}
		src, _, err := u.source()
		if want == "" {
			if err != nil || len(src.URLs) != 3 {
				t.Fatalf("%s: source() = %v, %v; want three URLs", text, src, err)
			}
			continue
		}
		var ue *UnsupportedSourceError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: source() error = %v, want an *UnsupportedSourceError saying %q", text, err, want)
		}
	}
}
