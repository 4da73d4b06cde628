package opam

import (
	"path/filepath"
	"sort"
	"testing"
)

// benchFiles returns the subset's files in a fixed order and their size.
func benchFiles(b *testing.B) ([][]byte, int64) {
	m := subsetFiles(b)
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	var files [][]byte
	var size int64
	for _, n := range names {
		files = append(files, m[n])
		size += int64(len(m[n]))
	}
	return files, size
}

func BenchmarkParse(b *testing.B) {
	files, size := benchFiles(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for range b.N {
		for _, src := range files {
			if _, err := Parse("f", src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkParseDecode(b *testing.B) {
	files, size := benchFiles(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for range b.N {
		for _, src := range files {
			f, _ := Parse("f", src)
			if _, err := Decode(f); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	files, size := benchFiles(b)
	var parsed []*File
	for _, src := range files {
		f, _ := Parse("f", src)
		parsed = append(parsed, f)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for range b.N {
		for _, f := range parsed {
			Format(f)
		}
	}
}

// BenchmarkParseSnapshot parses every opam file of the 2024-06-01
// snapshot, already decompressed in memory, on one goroutine.
func BenchmarkParseSnapshot(b *testing.B) {
	files := readOpamFiles(b, filepath.Join(sharedDir(b, "opam-repository"), "2024-06-01.tar.gz"))
	var size int64
	for _, f := range files {
		size += int64(len(f.src))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, f := range files {
			if _, err := Parse(f.name, f.src); err != nil {
				b.Fatal(err)
			}
		}
	}
}
