package opam

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// snapshotFile is one opam file read from an archive.
type snapshotFile struct {
	name string
	src  []byte
}

// readOpamFiles returns every file named "opam" under packages/ in the
// .tar.gz archive at p, in archive order.
func readOpamFiles(t testing.TB, p string) []snapshotFile {
	t.Helper()
	fh, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	tr := tar.NewReader(zr)
	var files []snapshotFile
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		name := strings.TrimPrefix(h.Name, "./")
		if h.Typeflag != tar.TypeReg || path.Base(name) != "opam" || !strings.HasPrefix(name, "packages/") {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatalf("%s: %s: %v", p, name, err)
		}
		files = append(files, snapshotFile{name: filepath.Base(p) + ":" + name, src: b})
	}
}

// checkFile parses, decodes and round-trips one file and returns what
// failed, or "", and the number of warnings of Decode.
func checkFile(f snapshotFile) (string, int) {
	parsed, err := Parse(f.name, f.src)
	if err != nil {
		return "parse: " + err.Error(), 0
	}
	pkg, err := Decode(parsed)
	if err != nil {
		return "decode: " + err.Error(), 0
	}
	warnings := len(pkg.Warnings)
	again, err := Parse(f.name, Format(parsed))
	if err != nil {
		return "reparse of printed file: " + err.Error(), warnings
	}
	if !EqualItems(parsed.Items, again.Items) {
		return "print and parse again gives a different tree", warnings
	}
	return "", warnings
}

// TestSnapshots reads every opam file of the shared opam-repository
// snapshots straight from their archives and checks that each parses,
// decodes and round-trips through the printer.
func TestSnapshots(t *testing.T) {
	if testing.Short() {
		t.Skip("reads about 75,000 files; skipped with -short")
	}
	dir := sharedDir(t, "opam-repository")
	// The counts come from the README of the shared snapshots.
	want := map[string]int{"2022-10-10": 24980, "2024-06-01": 31415, "2026-08-22": 18793, "opam-overlays": -1, "mirage-opam-overlays": -1}
	for _, name := range []string{"2022-10-10", "2024-06-01", "2026-08-22", "opam-overlays", "mirage-opam-overlays"} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			files := readOpamFiles(t, filepath.Join(dir, name+".tar.gz"))
			if n := want[name]; n >= 0 && len(files) != n || len(files) == 0 {
				t.Fatalf("read %d opam files, want %d", len(files), n)
			}
			failures, warnings := checkAll(files)
			for i, msg := range failures {
				if i == 10 {
					t.Errorf("... and %d more", len(failures)-10)
					break
				}
				t.Error(msg)
			}
			t.Logf("%d files: %d failures, %d warnings (duplicate fields opam also reports), %v",
				len(files), len(failures), warnings, time.Since(start))
		})
	}
}

// checkAll runs checkFile over files on all CPUs and returns the
// failures in file order and the number of warnings.
func checkAll(files []snapshotFile) ([]string, int) {
	results := make([]string, len(files))
	warnings := make([]int, len(files))
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], warnings[i] = checkFile(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var failures []string
	n := 0
	for i, r := range results {
		if r != "" {
			failures = append(failures, files[i].name+": "+r)
		}
		n += warnings[i]
	}
	return failures, n
}
