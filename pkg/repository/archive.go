package repository

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime"
	"strings"
	"sync"
)

// ReadArchive reads a repository from r, a gzip-compressed or plain tar
// archive, and parses every opam file in it: r is decompressed on one
// goroutine while the calling goroutine reads the tar entries and others
// parse. r is not read after ReadArchive returns. name names the repository
// and the archive in errors. A corrupt or truncated archive, or one with an
// unsafe entry, returns an [*ArchiveError]; opam files that fail to parse do
// not (see [Repo.LoadAll]).
func ReadArchive(name string, r io.Reader) (*Repo, error) { return readArchive(name, r, true) }

// readArchive reads an archive, parsing its opam files at once when
// parseAll is set and on demand otherwise.
func readArchive(name string, r io.Reader, parseAll bool) (*Repo, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic, _ := br.Peek(262)
	var tr *tar.Reader
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &ArchiveError{File: name, Err: err}
		}
		defer zr.Close()
		ra := newReadAhead(zr)
		defer ra.Close()
		tr = tar.NewReader(ra)
	case len(magic) >= 262 && bytes.Equal(magic[257:262], []byte("ustar")):
		tr = tar.NewReader(br)
	default:
		return nil, &ArchiveError{File: name, Err: errors.New("not a folder, a .tar.gz or a .tar archive")}
	}
	ld := newArchiveLoader(name)
	ld.parseAll = parseAll
	if parseAll {
		defer pauseGC()()
	}
	err := ld.run(tr)
	if err != nil {
		return nil, err
	}
	return ld.repo, nil
}

// archiveLoader builds a Repo from a tar stream. Its fields are owned by
// the goroutine that runs it; parsing workers only touch the entries they
// are handed.
type archiveLoader struct {
	repo     *Repo
	prefix   string // top folder every entry sits under, with its slash
	decided  bool   // prefix is known
	seenBad  map[string]bool
	parseAll bool  // parse opam files as they are read
	kept     int64 // bytes of the files kept so far
}

// maxEntrySize bounds one file kept from an archive, and maxArchiveTotal
// all of them together, so that a small gzip stream that expands to
// gigabytes cannot exhaust memory. The largest file of opam-repository
// is under 200 KiB and all of its files together under 50 MiB.
const maxEntrySize = 16 << 20

var maxArchiveTotal int64 = 1 << 30 // a variable for tests

// entryOverhead is what each kept file counts toward maxArchiveTotal
// besides its bytes, about the memory its index entry costs, so that
// millions of empty files are refused too.
const entryOverhead = 2 << 10

func newArchiveLoader(name string) *archiveLoader {
	return &archiveLoader{
		repo:    &Repo{name: name, byName: map[string]*nameIndex{}},
		seenBad: map[string]bool{},
	}
}

// parseJob is one opam file to parse.
type parseJob struct {
	e    *entry
	text string
}

// run reads every entry, parses opam files on worker goroutines, and
// finishes the repository's index.
func (ld *archiveLoader) run(tr *tar.Reader) error {
	jobs := make(chan parseJob, 256)
	var wg sync.WaitGroup
	workers := 0
	if ld.parseAll {
		workers = max(1, runtime.GOMAXPROCS(0))
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.e.parseOpam(j.text)
			}
		}()
	}
	err := ld.readAll(tr, jobs)
	close(jobs)
	wg.Wait()
	if err != nil {
		return err
	}
	ld.finish()
	return nil
}

// readAll reads the tar stream, sending opam files to jobs.
func (ld *archiveLoader) readAll(tr *tar.Reader, jobs chan<- parseJob) error {
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &ArchiveError{File: ld.repo.name, Err: err}
		}
		rel, err := ld.relPath(h.Name)
		if err != nil {
			return err
		}
		switch h.Typeflag {
		case tar.TypeReg:
		case tar.TypeDir, tar.TypeXGlobalHeader:
			continue
		default:
			if rel != "" {
				ld.repo.problems = append(ld.repo.problems, &LoadError{Repo: ld.repo.name, Path: rel,
					Err: fmt.Errorf("archive entry of type %q is not a regular file; it is ignored", h.Typeflag)})
			}
			continue
		}
		if err := ld.file(tr, h, rel, jobs); err != nil {
			return err
		}
	}
}

// relPath checks an entry's name and returns its path relative to the
// repository's root, or "" for an entry outside packages/ to skip.
func (ld *archiveLoader) relPath(name string) (string, error) {
	clean := strings.TrimPrefix(name, "./")
	if strings.HasPrefix(clean, "/") || strings.Contains(clean, "\\") {
		return "", &ArchiveError{File: ld.repo.name, Entry: name, Err: ErrUnsafePath}
	}
	for rest := clean; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "/")
		if part == ".." {
			return "", &ArchiveError{File: ld.repo.name, Entry: name, Err: ErrUnsafePath}
		}
	}
	clean = path.Clean(clean)
	if !ld.decided {
		ld.decidePrefix(clean)
	}
	rel, ok := strings.CutPrefix(clean, ld.prefix)
	if !ok || !ld.decided {
		return "", nil
	}
	if rel == "repo" || strings.HasPrefix(rel, "packages/") {
		return rel, nil
	}
	return "", nil
}

// decidePrefix learns the archive's top folder from the first entry that
// shows where packages/ or repo sits.
func (ld *archiveLoader) decidePrefix(clean string) {
	parts := strings.SplitN(clean, "/", 3)
	switch {
	case parts[0] == "packages" || parts[0] == "repo":
		ld.prefix, ld.decided = "", true
	case len(parts) >= 2 && (parts[1] == "packages" || parts[1] == "repo"):
		ld.prefix, ld.decided = parts[0]+"/", true
	}
}

// file handles one regular file at rel.
func (ld *archiveLoader) file(tr *tar.Reader, h *tar.Header, rel string, jobs chan<- parseJob) error {
	if rel == "" || rel == "repo" {
		return nil
	}
	e, within := ld.entryFor(rel)
	if e == nil {
		return nil
	}
	if err := ld.reserve(h); err != nil {
		return err
	}
	if within == "opam" {
		if e.hasOpam {
			ld.repo.problems = append(ld.repo.problems, &LoadError{Repo: ld.repo.name, Path: rel,
				Err: errors.New("the archive holds this file twice; the first copy is used")})
			return nil
		}
		e.hasOpam = true
		var b strings.Builder
		b.Grow(int(min(max(h.Size, 0), maxGrow))) // a hostile header may claim any size
		if err := copyText(&b, tr); err != nil {
			return &ArchiveError{File: ld.repo.name, Entry: h.Name, Err: err}
		}
		if ld.parseAll {
			jobs <- parseJob{e: e, text: b.String()}
		} else {
			e.opamText = b.String()
		}
		return nil
	}
	data, err := io.ReadAll(tr)
	if err != nil {
		return &ArchiveError{File: ld.repo.name, Entry: h.Name, Err: err}
	}
	if e.mem == nil {
		e.mem = map[string][]byte{}
	}
	e.mem[within] = data
	return nil
}

// entryFor returns the entry whose folder holds the file at rel and the
// file's path inside that folder, or nil when rel is not inside a package
// version folder.
func (ld *archiveLoader) entryFor(rel string) (*entry, string) {
	parts := strings.SplitN(rel, "/", 4) // packages, NAME or NAME.VERSION, ...
	if len(parts) < 3 {
		return nil, ""
	}
	// rel is clean, so a folder's path is a prefix of it: no copy per entry.
	pkg, ver, flat := strings.Cut(parts[1], ".")
	top := rel[:len("packages/")+len(parts[1])]
	if !ld.checkFolder(top, pkg, ver, flat) {
		return nil, ""
	}
	if flat {
		// Flat layout: packages/NAME.VERSION/...
		within := rel[len(top)+1:]
		return ld.repo.index(pkg).add(ld.repo, pkg, ver, top), within
	}
	if len(parts) < 4 {
		return nil, ""
	}
	name := parts[1]
	dir := rel[:len(top)+1+len(parts[2])]
	ver, ok := strings.CutPrefix(parts[2], name+".")
	if !ok || ver == "" {
		if !ld.seenBad[dir] {
			ld.seenBad[dir] = true
			ld.repo.problems = append(ld.repo.problems, misplaced(ld.repo.name, dir, name))
		}
		return nil, ""
	}
	if !ld.checkFolder(dir, name, ver, true) {
		return nil, ""
	}
	return ld.repo.index(name).add(ld.repo, name, ver, dir), parts[3]
}

// finish drops folders without an opam file and sorts the index.
func (ld *archiveLoader) finish() {
	r := ld.repo
	for name, x := range r.byName {
		x.listed = true
		vs := x.versions[:0]
		for _, v := range x.versions {
			if x.entries[v].hasOpam {
				vs = append(vs, v)
			} else {
				delete(x.entries, v)
			}
		}
		x.versions = vs
		if len(vs) == 0 {
			delete(r.byName, name)
		}
	}
	r.finishNames()
}

// checkFolder reports whether the folder dir has a valid name and version,
// recording a problem once for a folder that has not.
func (ld *archiveLoader) checkFolder(dir, name, ver string, hasVer bool) bool {
	err := checkFolder(ld.repo.name, dir, name, ver, hasVer)
	if err != nil && !ld.seenBad[dir] {
		ld.seenBad[dir] = true
		ld.repo.problems = append(ld.repo.problems, err)
	}
	return err == nil
}

// reserve counts the entry h among the kept bytes (with entryOverhead),
// or returns an *ArchiveError wrapping ErrTooLarge when it is too large
// alone or together with the files kept before it.
func (ld *archiveLoader) reserve(h *tar.Header) error {
	ld.kept += h.Size + entryOverhead
	var err error
	switch {
	case h.Size > maxEntrySize:
		err = fmt.Errorf("%w: %d bytes, over the bound of %d MiB on one file of an opam repository; check that this archive is an opam repository",
			ErrTooLarge, h.Size, maxEntrySize>>20)
	case ld.kept > maxArchiveTotal:
		err = fmt.Errorf("%w: the files under packages/ add up to over %d MiB here (counting %d KiB per file), more than an opam repository holds; check that this archive is an opam repository",
			ErrTooLarge, maxArchiveTotal>>20, entryOverhead>>10)
	}
	if err != nil {
		return &ArchiveError{File: ld.repo.name, Entry: h.Name, Err: err}
	}
	return nil
}
