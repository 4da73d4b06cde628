package drv

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
)

// The backends agree with opam 2.1.2's reading of url sections, observed
// with `opam show --just-file -f url.src ./FILE.opam`, which prints the
// parsed URL with its backend ("git+https://..." for git over https,
// "https://..." for an archive, "darcs+file://..." for darcs://).
func TestParseURL(t *testing.T) {
	tests := []struct {
		in   string
		want URL
		base string
	}{
		{"https://github.com/ocaml/zarith.git", URL{BackendHTTP, "https", "github.com/ocaml/zarith.git", ""}, "https://github.com/ocaml/zarith.git"},
		{"https://github.com/x/y.git#main", URL{BackendHTTP, "https", "github.com/x/y.git", "main"}, "https://github.com/x/y.git"},
		{"git+https://github.com/x/y.git#v1", URL{BackendGit, "https", "github.com/x/y.git", "v1"}, "https://github.com/x/y.git"},
		{"git+https://github.com/x/y", URL{BackendGit, "https", "github.com/x/y", ""}, "https://github.com/x/y"},
		{"git://github.com/x/y", URL{BackendGit, "git", "github.com/x/y", ""}, "git://github.com/x/y"},
		{"git+ssh://git@github.com/x/y#3f2a", URL{BackendGit, "ssh", "git@github.com/x/y", "3f2a"}, "ssh://git@github.com/x/y"},
		{"git+file:///srv/r", URL{BackendGit, "file", "/srv/r", ""}, "file:///srv/r"},
		{"hg+https://x/y", URL{BackendHg, "https", "x/y", ""}, "https://x/y"},
		{"hg://x/y#tip", URL{BackendHg, "hg", "x/y", "tip"}, "hg://x/y"},
		{"darcs://x/y", URL{BackendDarcs, "darcs", "x/y", ""}, "darcs://x/y"},
		{"https://x/y.hg", URL{BackendHTTP, "https", "x/y.hg", ""}, "https://x/y.hg"},
		{"ftp://x/a.tgz", URL{BackendHTTP, "ftp", "x/a.tgz", ""}, "ftp://x/a.tgz"},
		{"http://x/a+b.tgz", URL{BackendHTTP, "http", "x/a+b.tgz", ""}, "http://x/a+b.tgz"},
		{"file:///tmp/x", URL{BackendRsync, "file", "/tmp/x", ""}, "file:///tmp/x"},
		{"/tmp/x", URL{BackendRsync, "", "/tmp/x", ""}, "/tmp/x"},
	}
	for _, tt := range tests {
		got, err := ParseURL(tt.in)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tt.in, err)
			continue
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("ParseURL(%q) (-want +got):\n%s", tt.in, d)
		}
		if got.Base() != tt.base {
			t.Errorf("ParseURL(%q).Base() = %q, want %q", tt.in, got.Base(), tt.base)
		}
	}
	for in, msg := range map[string]string{
		"foo+https://x/y": `unsupported version control system "foo"`,
		"gopher://x/y":    `unsupported protocol "gopher"`,
	} {
		if _, err := ParseURL(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseURL(%q): error %v, want %q", in, err, msg)
		}
	}
}

// buildOne builds a plan of one package whose opam file is src.
func buildOne(t *testing.T, src string) (*Plan, error) {
	t.Helper()
	f, err := opam.ParseString("p.opam", "opam-version: \"2.0\"\n"+src)
	if err != nil {
		t.Fatal(err)
	}
	return Build(&Request{Env: map[string]string{"os": "linux"}, Packages: []Input{{Name: "p", Version: "1", Opam: f}}})
}

// Sources in a plan follow the URL rules: git with its ref, archives as
// written (a .git suffix gives a warning), hg, darcs and local copies
// refused with the url section's position.
func TestSourceURLRules(t *testing.T) {
	sha := `checksum: "sha256=194c7988cc1fd1c64f53f32f2f7551e5309e44d914d6efc7e2e4d002296aeac4"`
	tests := []struct {
		url  string
		want Source
		warn string
	}{
		{`src: "git+https://github.com/x/y.git#v1"`, Source{Type: SourceGit, URL: "https://github.com/x/y.git", Ref: "v1"}, ""},
		{`src: "git://github.com/x/y"`, Source{Type: SourceGit, URL: "git://github.com/x/y"}, ""},
		{`git: "https://github.com/x/y.git"`, Source{Type: SourceGit, URL: "https://github.com/x/y.git"}, ""},
		{`src: "https://github.com/ocaml/zarith.git" ` + sha, Source{Type: SourceArchive, URLs: []string{"https://github.com/ocaml/zarith.git"},
			Hash: "sha256-GUx5iMwf0cZPU/MvL3VR5TCeRNkU1u/H4uTQAilq6sQ="},
			"p.opam:2:1: https://github.com/ocaml/zarith.git ends in .git but opam fetches it as an archive"},
		{`src: "https://x/y.tbz" ` + sha, Source{Type: SourceArchive, URLs: []string{"https://x/y.tbz"},
			Hash: "sha256-GUx5iMwf0cZPU/MvL3VR5TCeRNkU1u/H4uTQAilq6sQ="}, ""},
	}
	for _, tt := range tests {
		p, err := buildOne(t, "url { "+tt.url+" }\n")
		if err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		if d := cmp.Diff(&tt.want, p.Packages["p"].Source); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.url, d)
		}
		var warns []string
		for _, w := range p.Warnings() {
			warns = append(warns, w.Error())
		}
		if got := strings.Join(warns, "\n"); (tt.warn == "") != (got == "") || !strings.Contains(got, tt.warn) {
			t.Errorf("%s: warnings %q, want %q", tt.url, got, tt.warn)
		}
	}
	for url, msg := range map[string]string{
		"hg+https://x/y":  "p.opam:2:1: field \"url\": hg+https://x/y: hg sources are not supported",
		"darcs://x/y":     "darcs sources are not supported",
		"file:///srv/src": "file:///srv/src: a local or rsync source cannot be locked",
		"../src":          "../src: a local or rsync source cannot be locked",
		"bzr+https://x/y": `unsupported version control system "bzr"`,
	} {
		_, err := buildOne(t, "url { src: \""+url+"\" }\n")
		var fe *opam.FieldError
		if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: error %v, want a field error containing %q", url, err, msg)
		}
	}
	_, err := buildOne(t, "extra-source \"a.patch\" { src: \"git+https://x/y\" }\n")
	if err == nil || !strings.Contains(err.Error(), "extra sources must be archives") {
		t.Errorf("git extra-source: error %v", err)
	}
}

// ParseURL never panics, and a URL it accepts keeps its parts: the base
// and the fragment give the input back, less a version control prefix.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"git+https://h/r.git#v1", "https://h/a.tbz", "darcs://x", "/p", "a+b+c://x#", "://", "#", "git+://"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURL(s)
		if err != nil {
			return
		}
		back := u.Base()
		if strings.Contains(s, "#") {
			back += "#" + u.Fragment
		}
		if back != s && !strings.HasSuffix(s, back) {
			t.Fatalf("ParseURL(%q) = %+v: base and fragment give %q", s, u, back)
		}
	})
}
