package repository

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// archiveOf returns a tar archive of the folder dir whose entries are named
// prefix+path ("./", "top/" or ""), gzip-compressed when gz is set. Entries
// are written in sorted order, and extra entries are appended as given.
func archiveOf(t testing.TB, dir, prefix string, gz bool, extra ...tar.Header) []byte {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err == nil && rel != "." {
			paths = append(paths, rel)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walking %s: %v", dir, err)
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	if prefix != "" {
		writeEntry(t, tw, &tar.Header{Name: prefix, Typeflag: tar.TypeDir, Mode: 0o755}, nil)
	}
	for _, rel := range paths {
		p := filepath.Join(dir, rel)
		st, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%v", err)
		}
		name := prefix + filepath.ToSlash(rel)
		if st.IsDir() {
			writeEntry(t, tw, &tar.Header{Name: name + "/", Typeflag: tar.TypeDir, Mode: 0o755}, nil)
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v", err)
		}
		writeEntry(t, tw, &tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(data))}, data)
	}
	for _, h := range extra {
		h := h
		writeEntry(t, tw, &h, make([]byte, h.Size))
	}
	if err := tw.Close(); err != nil {
		t.Fatalf("%v", err)
	}
	if !gz {
		return buf.Bytes()
	}
	var zbuf bytes.Buffer
	zw := gzip.NewWriter(&zbuf)
	zw.Write(buf.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatalf("%v", err)
	}
	return zbuf.Bytes()
}

func writeEntry(t testing.TB, tw *tar.Writer, h *tar.Header, data []byte) {
	t.Helper()
	if err := tw.WriteHeader(h); err != nil {
		t.Fatalf("writing %s: %v", h.Name, err)
	}
	if _, err := tw.Write(data); err != nil {
		t.Fatalf("writing %s: %v", h.Name, err)
	}
}

// openVariants opens the fixture folder dir directly and as archives laid
// out in each way the loader accepts, keyed by a description.
func openVariants(t *testing.T, dir string) map[string]*Repo {
	t.Helper()
	out := map[string]*Repo{}
	r, err := Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	out["folder"] = r
	for _, v := range []struct {
		desc, prefix string
		gz, parseAll bool
	}{
		{"tar.gz with ./", "./", true, false},
		{"tar.gz with ./, parsed at once", "./", true, true},
		{"tar.gz with a top folder", "opam-repository-0123abc/", true, false},
		{"tar.gz without a top folder", "", true, true},
		{"plain tar", "./", false, false},
	} {
		p := filepath.Join(t.TempDir(), "repo.archive")
		if err := os.WriteFile(p, archiveOf(t, dir, v.prefix, v.gz), 0o644); err != nil {
			t.Fatalf("%v", err)
		}
		r, err := OpenWith(p, Options{Name: dir, ParseAll: v.parseAll})
		if err != nil {
			t.Fatalf("%s: Open: %v", v.desc, err)
		}
		out[v.desc] = r
	}
	return out
}
