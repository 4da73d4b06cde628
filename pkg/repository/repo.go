package repository

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hillingar/hillingar/pkg/version"
)

// A Repo is one opam repository, read from a folder or an archive.
type Repo struct {
	name string
	dir  string // root folder; "" for an archive, whose files are in memory

	mu       sync.Mutex
	names    []string // sorted; fixed after Open
	byName   map[string]*nameIndex
	problems []error
	dups     map[string]bool // folders reported as second definitions
}

// nameIndex holds the versions of one name in one repository.
type nameIndex struct {
	listed   bool     // the packages/NAME folder was read (always true for archives)
	versions []string // ascending, see sortVersions
	entries  map[string]*entry
}

// Open opens the repository at path: a folder, or a gzip-compressed or plain
// tar archive of one. Its name, in errors and in [Package.Repo], is path.
// Nothing is parsed until asked for: an archive is decompressed and held as
// text, and each opam file is parsed the first time its package is asked
// for, as in a folder. Use [OpenWith] to parse a whole archive while it is
// read.
func Open(path string) (*Repo, error) { return OpenWith(path, Options{}) }

// OpenNamed is like Open but names the repository name.
func OpenNamed(name, path string) (*Repo, error) { return OpenWith(path, Options{Name: name}) }

// Options tune how [OpenWith] reads a repository.
type Options struct {
	// Name names the repository in errors and in Package.Repo; the default
	// is the path.
	Name string
	// ParseAll parses every opam file of an archive while the archive is
	// read, on other goroutines, as [ReadArchive] does. It is the fastest
	// way to load a whole archive; without it only the packages asked for
	// are ever parsed. It has no effect on folders (see [Repo.LoadAll]).
	ParseAll bool
}

// OpenWith opens the repository at path as Open does, with opts.
func OpenWith(path string, opts Options) (*Repo, error) {
	name := opts.Name
	if name == "" {
		name = path
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("opening repository: %w", err)
	}
	if st.IsDir() {
		return openFolder(name, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening repository: %w", err)
	}
	defer f.Close()
	return readArchive(name, f, opts.ParseAll)
}

// openFolder reads the packages folder of the repository at dir.
func openFolder(name, dir string) (*Repo, error) {
	des, err := os.ReadDir(filepath.Join(dir, "packages"))
	if err != nil {
		return nil, fmt.Errorf("opening repository %s: %w (an opam repository has a packages folder)", dir, err)
	}
	r := &Repo{name: name, dir: dir, byName: map[string]*nameIndex{}}
	for _, de := range des {
		if !de.IsDir() {
			continue
		}
		n := de.Name()
		pkg, ver, flat := strings.Cut(n, ".")
		if err := checkFolder(name, path.Join("packages", n), pkg, ver, flat); err != nil {
			r.problems = append(r.problems, err)
			continue
		}
		if flat {
			// Flat layout: packages/NAME.VERSION/opam.
			if r.isFile(path.Join("packages", n, "opam")) {
				r.index(pkg).add(r, pkg, ver, path.Join("packages", n))
			}
			continue
		}
		r.index(n)
	}
	r.finishNames()
	return r, nil
}

// index returns the index of name, creating an unlisted one.
func (r *Repo) index(name string) *nameIndex {
	x := r.byName[name]
	if x == nil {
		x = &nameIndex{entries: map[string]*entry{}}
		r.byName[name] = x
	}
	return x
}

// add records name.ver, whose folder is dir, and returns its entry. When
// name.ver is already known from another folder (both layouts at once), the
// first one stays, the repository records a problem once, and add returns
// nil. The caller must own r (hold r.mu, or be the only goroutine).
func (x *nameIndex) add(r *Repo, name, ver, dir string) *entry {
	if e := x.entries[ver]; e != nil {
		if e.dir == dir {
			return e
		}
		if r.dups == nil {
			r.dups = map[string]bool{}
		}
		if !r.dups[dir] {
			r.dups[dir] = true
			r.problems = append(r.problems, &LoadError{Repo: r.name, Path: dir, Err: fmt.Errorf(
				"%s.%s is also defined in %s; this folder is ignored (opam refuses such a repository)", name, ver, e.dir)})
		}
		return nil
	}
	e := &entry{repo: r, name: name, version: ver, dir: dir}
	x.entries[ver] = e
	x.versions = append(x.versions, ver)
	return e
}

// finishNames sorts the name list once the index is built.
func (r *Repo) finishNames() {
	r.names = make([]string, 0, len(r.byName))
	for n := range r.byName {
		r.names = append(r.names, n)
	}
	sort.Strings(r.names)
	for _, x := range r.byName {
		sortVersions(x.versions)
	}
}

// sortVersions sorts vs by opam's order; equal versions spelled differently
// are ordered by their spelling, so the result is deterministic.
func sortVersions(vs []string) {
	slices.SortFunc(vs, func(a, b string) int {
		if c := version.Compare(a, b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
}

// Name returns the repository's name.
func (r *Repo) Name() string { return r.name }

// Names returns the package names of the repository, sorted. A name may
// have no versions when its folder holds no package (see [Repo.Versions]).
// The caller may modify the result.
func (r *Repo) Names() []string { return slices.Clone(r.names) }

// Versions returns the versions of name in the repository, ascending in
// opam's order, or nil if there are none. It reads the packages/NAME folder
// the first time it is asked (never any opam file). The caller may modify
// the result.
func (r *Repo) Versions(name string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	x := r.listedLocked(name)
	if x == nil {
		return nil
	}
	return slices.Clone(x.versions)
}

// Has reports whether the repository holds name.ver.
func (r *Repo) Has(name, ver string) bool { return r.lookup(name, ver) != nil }

// lookup returns the entry of name.ver, or nil.
func (r *Repo) lookup(name, ver string) *entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	x := r.listedLocked(name)
	if x == nil {
		return nil
	}
	return x.entries[ver]
}

// listedLocked returns the index of name with its versions read, or nil.
func (r *Repo) listedLocked(name string) *nameIndex {
	x := r.byName[name]
	if x == nil || x.listed {
		return x
	}
	x.listed = true
	if r.dir == "" {
		return x
	}
	dir := path.Join("packages", name)
	des, err := os.ReadDir(filepath.Join(r.dir, filepath.FromSlash(dir)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		r.problems = append(r.problems, &LoadError{Repo: r.name, Path: dir, Err: err})
	}
	for _, de := range des {
		ver, ok := strings.CutPrefix(de.Name(), name+".")
		switch {
		case !de.IsDir():
		case !ok || ver == "":
			r.problems = append(r.problems, misplaced(r.name, path.Join(dir, de.Name()), name))
		case !version.Valid(ver):
			r.problems = append(r.problems, checkFolder(r.name, path.Join(dir, de.Name()), name, ver, true))
		case r.isFile(path.Join(dir, de.Name(), "opam")):
			x.add(r, name, ver, path.Join(dir, de.Name()))
		}
	}
	sortVersions(x.versions)
	return x
}

// misplaced reports a folder under packages/NAME that is not NAME.VERSION.
func misplaced(repo, dir, name string) error {
	return &LoadError{Repo: repo, Path: dir, Err: fmt.Errorf(
		"not a version of %s: folders under packages/%s must be named %s.VERSION; the folder is ignored",
		name, name, name)}
}

// isFile reports whether the slash-separated rel names a regular file of a
// folder repository.
func (r *Repo) isFile(rel string) bool {
	st, err := os.Stat(filepath.Join(r.dir, filepath.FromSlash(rel)))
	return err == nil && st.Mode().IsRegular()
}

// Problems returns what was skipped while listing the repository so far:
// misplaced folders, unreadable folders, links in archives. It does not
// include opam files that fail to parse (see [Repo.LoadAll]). The result is
// sorted by path.
func (r *Repo) Problems() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.problems)
	sortErrors(out)
	return out
}

// sortErrors sorts load errors by path, then message.
func sortErrors(errs []error) {
	key := func(e error) string {
		var le *LoadError
		if errors.As(e, &le) {
			return le.Path + "\x00" + e.Error()
		}
		return e.Error()
	}
	slices.SortStableFunc(errs, func(a, b error) int { return strings.Compare(key(a), key(b)) })
}

// Package returns the package name.ver, parsing its opam file the first time
// it is asked. The error is a [*NotFoundError] when the repository does not
// hold it, and a [*LoadError] when its files cannot be read or parsed; the
// same error is returned to every later call.
func (r *Repo) Package(name, ver string) (*Package, error) {
	e := r.lookup(name, ver)
	if e == nil {
		return nil, &NotFoundError{Name: name, Version: ver, Repos: []string{r.name}, Known: r.Versions(name)}
	}
	return e.load()
}

// readText reads the slash-separated rel of a folder repository into a
// string, without a second copy.
func (r *Repo) readText(rel string) (string, error) {
	f, err := os.Open(filepath.Join(r.dir, filepath.FromSlash(rel)))
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if st, err := f.Stat(); err == nil {
		if err := checkSize(st.Size()); err != nil {
			return "", err
		}
		b.Grow(int(min(max(st.Size(), 0), maxGrow)))
	}
	if err := copyText(&b, io.LimitReader(f, maxEntrySize+1)); err != nil {
		return "", err
	}
	if err := checkSize(int64(b.Len())); err != nil {
		return "", err
	}
	return b.String(), nil
}

// readFile reads the file p of a folder repository, refusing one larger
// than maxEntrySize.
func readFile(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if err := checkSize(st.Size()); err != nil {
			return nil, err
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, maxEntrySize+1))
	if err == nil {
		err = checkSize(int64(len(b)))
	}
	return b, err
}

// checkSize returns an error wrapping ErrTooLarge when size is more than
// one file of an opam repository may hold.
func checkSize(size int64) error {
	if size <= maxEntrySize {
		return nil
	}
	return fmt.Errorf("%w: %d bytes, over the bound of %d MiB on one file of an opam repository; check that this is an opam repository",
		ErrTooLarge, size, maxEntrySize>>20)
}

// maxGrow bounds the buffer reserved ahead of reading one file from its
// announced size; larger files still read, growing as they go.
const maxGrow = 4 << 20

var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// copyText copies r to b through a pooled buffer: io.Copy would allocate a
// fresh 32 KiB buffer for every file, since strings.Builder has no
// ReadFrom.
func copyText(b *strings.Builder, r io.Reader) error {
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	_, err := io.CopyBuffer(b, r, *buf)
	return err
}
