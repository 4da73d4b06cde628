package repository

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/hillingar/hillingar/pkg/opam"
)

// A Package is one package version as a repository holds it: its parsed
// opam file, with an old-style url file merged in.
//
// A Package is shared by every caller that asks for it: treat it, and the
// File it holds, as read-only.
type Package struct {
	// Name and Version are taken from the folder's name.
	Name, Version string
	// Repo is the name of the repository the package was read from.
	Repo string
	// Path is the slash-separated path of the opam file inside the
	// repository, such as packages/dune/dune.3.7.1/opam. Positions in File
	// name this path.
	Path string
	// File is the parsed opam file. When the folder has an old-style url
	// file and the opam file has no url section, File ends with a url
	// section item holding the url file's fields (positions name the url
	// file).
	File *opam.File

	e *entry
}

// Sources returns the raw bytes the package was parsed from: the opam file
// and, when present, the url file, keyed by their path inside the
// repository. The caller may modify the map but not the strings' bytes.
func (p *Package) Sources() map[string]string {
	m := map[string]string{p.Path: p.e.opamText}
	if p.e.hasURL {
		m[path.Join(p.e.dir, "url")] = p.e.urlText
	}
	return m
}

// Files returns the content of the package's files/ folder, keyed by
// slash-separated paths relative to that folder (such as "fix.patch" or
// "sub/dir/x.ml"); the map is empty when there is no files/ folder. A
// folder repository is read again on each call; the caller may modify the
// result.
func (p *Package) Files() (map[string][]byte, error) {
	e := p.e
	out := map[string][]byte{}
	if e.repo.dir == "" {
		for rel, b := range e.mem {
			if f, ok := strings.CutPrefix(rel, "files/"); ok {
				out[f] = append([]byte(nil), b...)
			}
		}
		return out, nil
	}
	root := filepath.Join(e.repo.dir, filepath.FromSlash(e.dir), "files")
	if st, err := os.Lstat(root); err == nil && !st.IsDir() {
		return nil, &LoadError{Repo: e.repo.name, Path: path.Join(e.dir, "files"),
			Err: errors.New("not a folder (links are not followed); a package's extra files and patches go in a folder named files")}
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := readFile(p)
		if err != nil {
			rel, _ := filepath.Rel(root, p)
			return &LoadError{Repo: e.repo.name, Path: path.Join(e.dir, "files", filepath.ToSlash(rel)), Err: err}
		}
		rel, err := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	var le *LoadError
	if errors.As(err, &le) {
		return nil, err
	}
	if err != nil {
		return nil, &LoadError{Repo: e.repo.name, Path: path.Join(e.dir, "files"), Err: err}
	}
	return out, nil
}

// FileNames returns the sorted paths of Files without reading them.
func (p *Package) FileNames() ([]string, error) {
	m, err := p.Files()
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// An entry is one NAME.VERSION folder of a repository; it loads its
// Package once.
type entry struct {
	repo          *Repo
	name, version string
	dir           string            // slash-separated folder path inside the repository
	mem           map[string][]byte // archives: the folder's other files, by relative path

	// Set by parseOpam, or for an archive read without parsing, opamText
	// is set when the archive is read.
	opamText string
	file     *opam.File
	parseErr error
	parsed   bool
	hasOpam  bool // archives: the folder has an opam file

	urlText string
	hasURL  bool

	once sync.Once
	pkg  *Package
	err  error
}

// load returns the entry's Package, reading and parsing it once.
func (e *entry) load() (*Package, error) {
	e.once.Do(func() { e.pkg, e.err = e.build() })
	return e.pkg, e.err
}

// opamPath is the path of the entry's opam file inside the repository.
func (e *entry) opamPath() string { return path.Join(e.dir, "opam") }

// parseOpam parses text as the entry's opam file.
func (e *entry) parseOpam(text string) {
	e.opamText = text
	e.file, e.parseErr = opam.ParseString(e.opamPath(), text)
	e.parsed = true
}

// build reads what is not read yet, merges the url file and makes the
// Package.
func (e *entry) build() (*Package, error) {
	r := e.repo
	if !e.parsed {
		text := e.opamText // an archive's, held since it was read
		if r.dir != "" {
			var err error
			if text, err = r.readText(e.opamPath()); err != nil {
				return nil, &LoadError{Repo: r.name, Path: e.opamPath(), Err: err}
			}
		}
		e.parseOpam(text)
	}
	if e.parseErr != nil {
		return nil, &LoadError{Repo: r.name, Path: e.opamPath(), Err: e.parseErr}
	}
	if err := e.mergeURL(); err != nil {
		return nil, err
	}
	return &Package{Name: e.name, Version: e.version, Repo: r.name, Path: e.opamPath(), File: e.file, e: e}, nil
}

// mergeURL reads an old-style url file, if any, and makes it the url
// section of the opam file when that has none, as opam does.
func (e *entry) mergeURL() error {
	rel := path.Join(e.dir, "url")
	if r := e.repo; r.dir == "" {
		b, ok := e.mem["url"]
		if !ok {
			return nil
		}
		e.urlText, e.hasURL = string(b), true
	} else {
		text, err := r.readText(rel)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return &LoadError{Repo: r.name, Path: rel, Err: err}
		}
		e.urlText, e.hasURL = text, true
	}
	uf, err := opam.ParseString(rel, e.urlText)
	if err != nil {
		return &LoadError{Repo: e.repo.name, Path: rel, Err: err}
	}
	for _, it := range e.file.Items {
		if it.Section != nil && it.Name == "url" {
			return nil // the opam file's own url wins; opam ignores the url file
		}
	}
	pos := opam.NewPos(rel, 1, 1)
	if len(uf.Items) > 0 {
		pos = uf.Items[0].Pos
	}
	e.file.Items = append(e.file.Items, opam.Item{Pos: pos, Name: "url", Section: &opam.Section{Items: uf.Items}})
	return nil
}
