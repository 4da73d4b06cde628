package repository

import (
	"archive/tar"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary is what a repository holds, for comparing two readings.
func summary(t *testing.T, r *Repo) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, n := range r.Names() {
		for _, v := range r.Versions(n) {
			p, err := r.Package(n, v)
			if err != nil {
				out[n+"."+v] = map[string]string{"error": err.Error()}
				continue
			}
			m := p.Sources()
			files, err := p.Files()
			if err != nil {
				t.Fatalf("%s.%s: Files: %v", n, v, err)
			}
			for f, b := range files {
				m["files/"+f] = string(b)
			}
			out[n+"."+v] = m
		}
	}
	return out
}

func TestArchiveMatchesFolder(t *testing.T) {
	for _, dir := range []string{nestedDir, flatDir} {
		vs := openVariants(t, dir)
		want := summary(t, vs["folder"])
		for desc, r := range vs {
			if d := cmp.Diff(want, summary(t, r)); d != "" {
				t.Errorf("%s as %s differs from the folder (-folder +archive):\n%s", dir, desc, d)
			}
		}
	}
}

func TestArchiveUnsafePaths(t *testing.T) {
	for _, name := range []string{"../evil/opam", "./packages/../../evil", "/etc/passwd", `packages\..\x`} {
		data := archiveOf(t, nestedDir, "./", true, tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: 3})
		_, err := ReadArchive("evil.tar.gz", bytes.NewReader(data))
		var ae *ArchiveError
		if !errors.Is(err, ErrUnsafePath) || !errors.As(err, &ae) || ae.Entry != name {
			t.Errorf("entry %q: error = %v, want an ArchiveError wrapping ErrUnsafePath", name, err)
		}
	}
}

func TestArchiveLinksAreSkipped(t *testing.T) {
	data := archiveOf(t, nestedDir, "./", true,
		tar.Header{Name: "./packages/seq/seq.0.1/files/link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"})
	r, err := ReadArchive("links.tar.gz", bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ReadArchive: %v", err)
	}
	probs := r.Problems()
	if len(probs) != 2 || !strings.Contains(probs[1].Error(), "packages/seq/seq.0.1/files/link: archive entry of type") {
		t.Errorf("Problems = %v, want the misplaced folder and the link", probs)
	}
	p, _ := r.Package("seq", "0.1")
	if files, _ := p.Files(); len(files) != 0 {
		t.Errorf("the link became a file: %v", files)
	}
}

func TestArchiveCorrupt(t *testing.T) {
	good := archiveOf(t, nestedDir, "./", true)
	flipped := bytes.Clone(good)
	for i := len(flipped) / 3; i < len(flipped)/3+64; i++ {
		flipped[i] ^= 0x5a
	}
	for desc, data := range map[string][]byte{
		"truncated gzip":   good[:len(good)/2],
		"corrupt gzip":     flipped,
		"gzip header only": good[:10],
		"truncated tar":    archiveOf(t, nestedDir, "./", false)[:1500],
		"not an archive":   []byte("opam-version: \"2.0\"\n"),
		"empty":            nil,
	} {
		r, err := ReadArchive("bad.tar.gz", bytes.NewReader(data))
		var ae *ArchiveError
		if !errors.As(err, &ae) || r != nil {
			t.Errorf("%s: ReadArchive = %v, %v; want an *ArchiveError", desc, r, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "bad.tar.gz: ") {
			t.Errorf("%s: error %q does not name the archive", desc, err)
		}
	}
}

// FuzzReadArchive feeds mangled archives to the loader: it must return a
// repository or an error, never panic or hang.
func FuzzReadArchive(f *testing.F) {
	f.Add(archiveOf(f, flatDir, "./", false))
	f.Add(archiveOf(f, flatDir, "top/", true))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadArchive("fuzz", bytes.NewReader(data))
		if (r == nil) == (err == nil) {
			t.Fatalf("ReadArchive = %v, %v: want exactly one of them", r, err)
		}
		if r != nil {
			r.LoadAll()
		}
	})
}
