package repository

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
)

const (
	nestedDir = "testdata/nested"
	flatDir   = "testdata/flat"
)

// field returns the string value of a top-level field, or "".
func field(f *opam.File, name string) string {
	v, _ := opam.Field(f.Items, name)
	return v.Str()
}

// section returns the items of the sections named kind.
func sections(f *opam.File, kind string) [][]opam.Item {
	var out [][]opam.Item
	for _, it := range f.Items {
		if it.Section != nil && it.Name == kind {
			out = append(out, it.Section.Items)
		}
	}
	return out
}

func TestNamesAndVersions(t *testing.T) {
	for desc, r := range openVariants(t, nestedDir) {
		t.Run(desc, func(t *testing.T) {
			if d := cmp.Diff([]string{"broken", "igvxml", "seq"}, r.Names()); d != "" {
				t.Errorf("Names (-want +got):\n%s", d)
			}
			want := []string{"0.1", "0.2", "0.2.1", "0.2.2", "0.3", "0.3.1", "base"}
			if d := cmp.Diff(want, r.Versions("seq")); d != "" {
				t.Errorf("Versions(seq) (-want +got):\n%s", d)
			}
			if got := r.Versions("nosuch"); got != nil {
				t.Errorf("Versions(nosuch) = %q, want nil", got)
			}
			if got := r.Count(); got != 11 {
				t.Errorf("Count = %d, want 11", got)
			}
			probs := r.Problems()
			if len(probs) != 1 || !strings.Contains(probs[0].Error(), "packages/seq/other.1.0: not a version of seq") {
				t.Errorf("Problems = %v, want one about packages/seq/other.1.0", probs)
			}
		})
	}
}

func TestPackage(t *testing.T) {
	for desc, r := range openVariants(t, nestedDir) {
		t.Run(desc, func(t *testing.T) {
			p, err := r.Package("seq", "base")
			if err != nil {
				t.Fatalf("Package(seq, base): %v", err)
			}
			if p.Name != "seq" || p.Version != "base" || p.Path != "packages/seq/seq.base/opam" || p.Repo != nestedDir {
				t.Errorf("Package = %s %s %s %s", p.Name, p.Version, p.Path, p.Repo)
			}
			if got := len(sections(p.File, "extra-source")); got != 2 {
				t.Errorf("seq.base has %d extra-source sections, want 2", got)
			}
			raw, _ := os.ReadFile(filepath.Join(nestedDir, "packages/seq/seq.base/opam"))
			if d := cmp.Diff(map[string]string{p.Path: string(raw)}, p.Sources()); d != "" {
				t.Errorf("Sources (-want +got):\n%s", d)
			}
			again, _ := r.Package("seq", "base")
			if again != p {
				t.Errorf("a second Package call parsed the file again")
			}
		})
	}
}

func TestFiles(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(nestedDir, "packages/igvxml/igvxml.0.1.0/files/igvxml.install"))
	if err != nil {
		t.Fatal(err)
	}
	for desc, r := range openVariants(t, nestedDir) {
		t.Run(desc, func(t *testing.T) {
			p, err := r.Package("igvxml", "0.1.0")
			if err != nil {
				t.Fatalf("Package: %v", err)
			}
			files, err := p.Files()
			if err != nil {
				t.Fatalf("Files: %v", err)
			}
			if d := cmp.Diff(map[string][]byte{"igvxml.install": raw}, files); d != "" {
				t.Errorf("Files (-want +got):\n%s", d)
			}
			seq, _ := r.Package("seq", "0.1")
			if files, err := seq.Files(); err != nil || len(files) != 0 {
				t.Errorf("seq.0.1 Files() = %v, %v; want none", files, err)
			}
		})
	}
}

func TestBrokenPackage(t *testing.T) {
	for desc, r := range openVariants(t, nestedDir) {
		t.Run(desc, func(t *testing.T) {
			_, err := r.Package("broken", "1.0")
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Package(broken, 1.0) error = %v, want a *LoadError", err)
			}
			if le.Path != "packages/broken/broken.1.0/opam" || le.Repo != nestedDir {
				t.Errorf("LoadError names %s in %s", le.Path, le.Repo)
			}
			var se *opam.SyntaxError
			if !errors.As(err, &se) || se.Pos.File() != le.Path || se.Pos.Line < 3 {
				t.Errorf("error %v does not carry a syntax error with a position in the file", err)
			}
			if !strings.HasPrefix(err.Error(), nestedDir+": packages/broken/broken.1.0/opam:") {
				t.Errorf("error message %q does not start with the repository and file", err)
			}
			if _, err := r.Package("broken", "2.0"); err != nil {
				t.Errorf("broken.2.0 fails to load: %v", err)
			}
			err = r.LoadAll()
			if err == nil {
				t.Fatalf("LoadAll succeeded, want the error of broken.1.0")
			}
			if n := len(loadErrors(err)); n != 1 {
				t.Errorf("LoadAll returned %d errors, want 1: %v", n, err)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	r, err := Open(nestedDir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Package("seq", "7.0")
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("error = %v, want a *NotFoundError", err)
	}
	want := `package seq.7.0 not found in testdata/nested; versions of seq are 0.1, 0.2, 0.2.1, 0.2.2, 0.3, 0.3.1, base`
	if err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
	_, err = r.Package("nosuch", "1")
	if want := `no package named "nosuch" in testdata/nested`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestOldURLFiles(t *testing.T) {
	for desc, r := range openVariants(t, flatDir) {
		t.Run(desc, func(t *testing.T) {
			if d := cmp.Diff([]string{"badfield", "badurl", "mirrored", "oldpkg", "seq"}, r.Names()); d != "" {
				t.Errorf("Names (-want +got):\n%s", d)
			}
			p, err := r.Package("oldpkg", "0.1")
			if err != nil {
				t.Fatalf("oldpkg.0.1: %v", err)
			}
			urls := sections(p.File, "url")
			if len(urls) != 1 {
				t.Fatalf("oldpkg.0.1 has %d url sections, want 1 (from its url file)", len(urls))
			}
			f := &opam.File{Items: urls[0]}
			if got := field(f, "archive"); got != "https://example.org/oldpkg-0.1.tar.gz" {
				t.Errorf("archive = %q", got)
			}
			if got := field(f, "checksum"); got != "d41d8cd98f00b204e9800998ecf8427e" {
				t.Errorf("checksum = %q", got)
			}
			if got := urls[0][0].Pos.File(); got != "packages/oldpkg.0.1/url" {
				t.Errorf("url items are positioned in %q, want the url file", got)
			}
			if got := len(p.Sources()); got != 2 {
				t.Errorf("Sources has %d files, want opam and url", got)
			}

			p, err = r.Package("oldpkg", "0.2")
			if err != nil {
				t.Fatalf("oldpkg.0.2: %v", err)
			}
			urls = sections(p.File, "url")
			if len(urls) != 1 || field(&opam.File{Items: urls[0]}, "src") != "https://example.org/oldpkg-0.2.tar.gz" {
				t.Errorf("oldpkg.0.2 url sections = %v, want only the opam file's own", urls)
			}

			p, err = r.Package("mirrored", "1.0")
			if err != nil {
				t.Fatalf("mirrored.1.0: %v", err)
			}
			urls = sections(p.File, "url")
			if len(urls) != 1 {
				t.Fatalf("mirrored.1.0 has %d url sections, want 1", len(urls))
			}
			if m, ok := opam.Field(urls[0], "mirrors"); !ok || len(m.Items()) != 1 {
				t.Errorf("mirrors = %v, want one mirror", m)
			}

			_, err = r.Package("badurl", "1.0")
			var le *LoadError
			if !errors.As(err, &le) || le.Path != "packages/badurl.1.0/url" {
				t.Errorf("badurl.1.0 error = %v, want a LoadError on its url file", err)
			}
		})
	}
}

func TestStack(t *testing.T) {
	flat, err := Open(flatDir)
	if err != nil {
		t.Fatal(err)
	}
	nested, err := Open(nestedDir)
	if err != nil {
		t.Fatal(err)
	}
	s := NewStack(flat, nested)
	want := []string{"badfield", "badurl", "broken", "igvxml", "mirrored", "oldpkg", "seq"}
	if d := cmp.Diff(want, s.Names()); d != "" {
		t.Errorf("Names (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"0.1", "0.2", "0.2.1", "0.2.2", "0.3", "0.3.1", "base"}, s.Versions("seq")); d != "" {
		t.Errorf("Versions(seq) (-want +got):\n%s", d)
	}
	p, err := s.Package("seq", "0.1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Repo != flatDir || !strings.HasPrefix(field(p.File, "synopsis"), "A local override") {
		t.Errorf("seq.0.1 came from %s (%q), want the higher repository", p.Repo, field(p.File, "synopsis"))
	}
	if p, err := s.Package("seq", "0.2"); err != nil || p.Repo != nestedDir {
		t.Errorf("seq.0.2 = %v, %v; want it from the lower repository", p, err)
	}
	if r := s.Find("oldpkg", "0.1"); r != flat {
		t.Errorf("Find(oldpkg, 0.1) = %v", r)
	}
	_, err = s.Package("seq", "7.0")
	if err == nil || !strings.Contains(err.Error(), "not found in testdata/flat, testdata/nested") {
		t.Errorf("error = %v, want one naming both repositories", err)
	}
	// The stack's errors: badurl.1.0 in flat, broken.1.0 in nested.
	var paths []string
	for _, le := range loadErrors(s.LoadAll()) {
		paths = append(paths, le.Repo+": "+le.Path)
	}
	want = []string{"testdata/flat: packages/badurl.1.0/url", "testdata/nested: packages/broken/broken.1.0/opam"}
	if d := cmp.Diff(want, paths); d != "" {
		t.Errorf("LoadAll errors (-want +got):\n%s", d)
	}
}

// TestLazy checks that opening and listing a folder parse nothing, and that
// only the asked names' folders are read.
func TestLazy(t *testing.T) {
	r, err := Open(nestedDir)
	if err != nil {
		t.Fatal(err)
	}
	for name, x := range r.byName {
		if x.listed {
			t.Errorf("Open read packages/%s", name)
		}
	}
	r.Versions("seq")
	if !r.byName["seq"].listed || r.byName["igvxml"].listed {
		t.Errorf("Versions(seq) did not read exactly packages/seq")
	}
	for v, e := range r.byName["seq"].entries {
		if e.parsed {
			t.Errorf("Versions parsed seq.%s", v)
		}
	}
	r.Package("seq", "0.2")
	for v, e := range r.byName["seq"].entries {
		if e.parsed != (v == "0.2") {
			t.Errorf("after Package(seq, 0.2), seq.%s parsed = %v", v, e.parsed)
		}
	}
}

func TestConcurrentPackage(t *testing.T) {
	r, err := Open(nestedDir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]*Package, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			names := r.Names()
			for _, n := range names {
				for _, v := range r.Versions(n) {
					p, _ := r.Package(n, v)
					if n == "seq" && v == "0.3" {
						got[i] = p
					}
				}
			}
		}()
	}
	wg.Wait()
	for i, p := range got {
		if p == nil || p != got[0] {
			t.Fatalf("goroutine %d got package %p, goroutine 0 got %p", i, p, got[0])
		}
	}
}

// loadErrors returns the *LoadErrors joined in err, in order.
func loadErrors(err error) []*LoadError {
	var out []*LoadError
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, loadErrors(e)...)
		}
		return out
	}
	var le *LoadError
	if errors.As(err, &le) {
		out = append(out, le)
	}
	return out
}

func TestPrefetch(t *testing.T) {
	flat, _ := Open(flatDir)
	nested, _ := Open(nestedDir)
	s := NewStack(flat, nested)
	s.Prefetch([]string{"seq", "nosuch"})
	for v, e := range nested.byName["seq"].entries {
		if e.parsed == (v == "0.1") {
			t.Errorf("after Prefetch(seq), nested seq.%s parsed = %v (0.1 is shadowed)", v, e.parsed)
		}
	}
	if !flat.byName["seq"].entries["0.1"].parsed {
		t.Errorf("Prefetch(seq) did not parse flat's seq.0.1")
	}
	if nested.byName["igvxml"].listed {
		t.Errorf("Prefetch(seq) listed igvxml")
	}
	nested.Prefetch([]string{"broken"})
	if _, err := nested.Package("broken", "1.0"); err == nil {
		t.Errorf("broken.1.0 loads after Prefetch")
	}
}

// TestDefinedTwice puts seq.0.1 in both layouts in one repository: the
// first definition (the flat one) is used and the other is reported.
func TestDefinedTwice(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(flatDir)); err != nil {
		t.Fatal(err)
	}
	appendTo(t, dir, "packages/seq/seq.0.1/opam", "opam-version: \"2.0\"\nsynopsis: \"second\"\n")
	appendTo(t, dir, "packages/seq/seq.0.2/opam", "opam-version: \"2.0\"\n")
	for desc, r := range openVariants(t, dir) {
		if d := cmp.Diff([]string{"0.1", "0.2"}, r.Versions("seq")); d != "" {
			t.Errorf("%s: Versions(seq) (-want +got):\n%s", desc, d)
		}
		p, err := r.Package("seq", "0.1")
		if err != nil || p.Path != "packages/seq.0.1/opam" {
			t.Errorf("%s: seq.0.1 = %v, %v; want the flat one", desc, p, err)
		}
		probs := r.Problems()
		if len(probs) != 1 || !strings.Contains(probs[0].Error(), "packages/seq/seq.0.1: seq.0.1 is also defined in packages/seq.0.1") {
			t.Errorf("%s: Problems = %v", desc, probs)
		}
	}
}

// TestArchiveParsing checks that an archive opened with Open parses nothing
// until asked, and one opened with ParseAll parses everything at once.
func TestArchiveParsing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nested.tar.gz")
	if err := os.WriteFile(p, archiveOf(t, nestedDir, "./", true), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, parseAll := range []bool{false, true} {
		r, err := OpenWith(p, Options{ParseAll: parseAll})
		if err != nil {
			t.Fatal(err)
		}
		for name, x := range r.byName {
			for v, e := range x.entries {
				if e.parsed != parseAll {
					t.Errorf("ParseAll=%v: %s.%s parsed = %v after opening", parseAll, name, v, e.parsed)
				}
			}
		}
		r.Package("seq", "0.2")
		if !r.byName["seq"].entries["0.2"].parsed {
			t.Errorf("ParseAll=%v: Package(seq, 0.2) did not parse it", parseAll)
		}
	}
}
