package unikernel

import (
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
)

// Dir is one folder of duniverse/: the vendored packages of one dev-repo,
// all from one source.
type Dir struct {
	// Name is the folder's name under duniverse/.
	Name string
	// DevRepo is the dev-repo as the first package (by name) writes it.
	DevRepo string
	// URL and Hashes are the source of every package of the folder.
	URL    string
	Hashes []string
	// Packages are the folder's packages, sorted by name.
	Packages []*Meta
}

// PackageNames returns the names of d's packages, sorted.
func (d *Dir) PackageNames() []string {
	names := make([]string, len(d.Packages))
	for i, m := range d.Packages {
		names[i] = m.Name
	}
	return names
}

// SameSource reports whether a and b are fetched from one source: they
// share a checksum, or, when either has none, their URLs are equal.
func SameSource(a, b *Meta) bool {
	if len(a.Hashes) == 0 || len(b.Hashes) == 0 {
		return a.URL == b.URL
	}
	for _, h := range a.Hashes {
		if slices.Contains(b.Hashes, h) {
			return true
		}
	}
	return false
}

// Group puts vendored packages into duniverse folders by dev-repo (after
// [NormalizeDevRepo]). The result is sorted by folder name. Every problem
// is reported, joined: a package with no dev-repo (*NoDevRepoError), a
// dev-repo with no usable name (*DevRepoError), packages of one dev-repo
// from different sources (*SourceMismatchError), different dev-repos
// sharing a folder (*DirClashError). Group does not modify vendored.
func Group(vendored []*Meta) ([]*Dir, error) {
	pkgs := slices.Clone(vendored)
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Name < pkgs[j].Name })

	var errs []error
	byKey := map[string]*Dir{}
	var keys []string
	for _, m := range pkgs {
		if m.DevRepo == "" {
			errs = append(errs, &NoDevRepoError{Package: m.Name + "." + m.Version, File: m.File})
			continue
		}
		key := NormalizeDevRepo(m.DevRepo)
		d := byKey[key]
		if d == nil {
			name, err := DirName(m.DevRepo)
			if err != nil {
				var de *DevRepoError
				if errors.As(err, &de) {
					de.Package, de.File = m.Name+"."+m.Version, m.File
				}
				errs = append(errs, err)
				continue
			}
			d = &Dir{Name: name, DevRepo: m.DevRepo, URL: m.URL, Hashes: m.Hashes}
			byKey[key] = d
			keys = append(keys, key)
		}
		d.Packages = append(d.Packages, m)
	}

	// One source per dev-repo, one dev-repo per folder.
	byName := map[string][]string{}
	var dirs []*Dir
	for _, key := range keys {
		d := byKey[key]
		if err := checkOneSource(d); err != nil {
			errs = append(errs, err)
		}
		byName[d.Name] = append(byName[d.Name], d.DevRepo)
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if repos := byName[d.Name]; len(repos) > 1 && repos[0] == d.DevRepo {
			sorted := slices.Clone(repos)
			slices.Sort(sorted)
			errs = append(errs, &DirClashError{Dir: d.Name, DevRepos: sorted})
		}
	}
	sort.Slice(dirs, func(i, j int) bool { return dirs[i].Name < dirs[j].Name })
	sortErrors(errs)
	return dirs, errors.Join(errs...)
}

// checkOneSource returns a *SourceMismatchError when d's packages do not
// all share the first package's source.
func checkOneSource(d *Dir) error {
	first := d.Packages[0]
	mismatch := false
	for _, m := range d.Packages[1:] {
		if !SameSource(first, m) {
			mismatch = true
		}
	}
	if !mismatch {
		return nil
	}
	var srcs []string
	for _, m := range d.Packages {
		srcs = append(srcs, m.Name+"."+m.Version+": "+m.URL)
	}
	return &SourceMismatchError{DevRepo: d.DevRepo, Sources: srcs}
}

// sortErrors orders errors by position when both have one, else by text,
// so joined errors read the same on every run.
func sortErrors(errs []error) {
	sort.SliceStable(errs, func(i, j int) bool {
		var a, b *opam.FieldError
		if errors.As(errs[i], &a) && errors.As(errs[j], &b) && a.Pos.File() == b.Pos.File() {
			if a.Pos.Line != b.Pos.Line {
				return a.Pos.Line < b.Pos.Line
			}
			return a.Pos.Col < b.Pos.Col
		}
		return strings.Compare(errs[i].Error(), errs[j].Error()) < 0
	})
}
