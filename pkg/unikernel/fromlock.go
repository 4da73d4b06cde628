package unikernel

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
)

// NotInRepositoriesError lists host packages of an opam-monorepo lock
// whose locked version the given repositories do not have.
type NotInRepositoriesError struct {
	File     string
	Packages []string // name.version, sorted
}

// Error says what to do.
func (e *NotInRepositoriesError) Error() string {
	return fmt.Sprintf("%s: these locked packages are in none of the repositories given; add a repository (or snapshot) that has them: %s",
		e.File, strings.Join(e.Packages, ", "))
}

// FromMonorepoLock turns an opam-monorepo lock into a plan without
// solving: every version comes from the lock. Host packages (not ?vendor)
// take their recipes from files at the locked version. Vendored packages
// take their source from the lock's pin-depends and duniverse-dirs; their
// opam file comes from files when it has that version (its url replaced by
// the lock's), else it is made from the lock (url only). A vendored name
// that a host package depends on (under env) is marked Host too. Files
// returns the opam files to hand to drv.Build, keyed by name.
func FromMonorepoLock(l *MonorepoLock, files opamuniverse.Source, env map[string]string) (*Plan, map[string]*opam.File, error) {
	byURL := map[string]*LockedDir{}
	dirOf := map[string]*LockedDir{}
	for i := range l.Dirs {
		d := &l.Dirs[i]
		byURL[d.URL] = d
		for _, n := range d.Packages {
			dirOf[n] = d
		}
	}
	plan := &Plan{}
	opamFiles := map[string]*opam.File{}
	var missing []string
	var errs []error
	for _, lp := range l.Packages {
		f, err := files.File(lp.Name, lp.Version)
		switch {
		case lp.Vendored && dirOf[lp.Name] == nil:
			errs = append(errs, &opam.FieldError{Pos: lp.Pos, Field: "depends",
				Msg: lp.Name + " is vendored but has no pin-depends entry giving its source"})
			continue
		case err != nil && !lp.Vendored:
			missing = append(missing, lp.Name+"."+lp.Version)
			continue
		case lp.Vendored:
			f = vendoredFile(lp, f, dirOf[lp.Name])
		}
		opamFiles[lp.Name] = f
		m := MetaFromFile(lp.Name, lp.Version, f)
		plan.Packages = append(plan.Packages, &Package{
			Candidate: &resolve.Candidate{Name: lp.Name, Version: lp.Version, Available: true, Source: resolve.Pos{File: f.Name}},
			Meta:      m,
			Host:      !lp.Vendored,
			Vendored:  lp.Vendored,
		})
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		errs = append(errs, &NotInRepositoriesError{File: l.File, Packages: missing})
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	markHostClosure(plan, opamFiles, env)
	for _, d := range l.Dirs {
		dir := &Dir{Name: d.Dir, URL: d.URL, Hashes: d.Hashes}
		for _, p := range plan.Packages {
			if p.Vendored && dirOf[p.Candidate.Name] == byURL[d.URL] {
				p.Dir = d.Dir
				dir.Packages = append(dir.Packages, p.Meta)
				if dir.DevRepo == "" {
					dir.DevRepo = p.Meta.DevRepo
				}
			}
		}
		if len(dir.Packages) == 0 {
			errs = append(errs, fmt.Errorf("%s: duniverse folder %s (%s) holds no locked package", l.File, d.Dir, d.URL))
			continue
		}
		plan.Dirs = append(plan.Dirs, dir)
	}
	return plan, opamFiles, errors.Join(errs...)
}

// vendoredFile returns the opam file of a vendored package with the
// lock's source: the repository's file with its url section replaced, or a
// file holding only the url when the repository has no such version.
func vendoredFile(lp LockedPackage, repoFile *opam.File, d *LockedDir) *opam.File {
	var url strings.Builder
	url.WriteString("url {\n  src: " + strconv.Quote(d.URL) + "\n")
	if len(d.Hashes) > 0 {
		url.WriteString("  checksum: [")
		for _, h := range d.Hashes {
			url.WriteString(" " + strconv.Quote(h))
		}
		url.WriteString(" ]\n")
	}
	url.WriteString("}\n")
	name := "opam-monorepo lock/" + lp.Name + "." + lp.Version
	sec, err := opam.ParseString(name, url.String())
	if err != nil {
		// Quoted strings always parse; keep the repository file if not.
		return repoFile
	}
	if repoFile == nil {
		f, _ := opam.ParseString(name, `opam-version: "2.0"`+"\n"+url.String())
		return f
	}
	f := &opam.File{Name: repoFile.Name}
	for _, it := range repoFile.Items {
		if it.Section == nil || it.Name != "url" {
			f.Items = append(f.Items, it)
		}
	}
	f.Items = append(f.Items, sec.Items...)
	return f
}

// markHostClosure marks as Host every vendored package that a host
// package depends on, directly or through other such packages, with the
// dependencies reduced under env.
func markHostClosure(plan *Plan, files map[string]*opam.File, env map[string]string) {
	byName := map[string]*Package{}
	for _, p := range plan.Packages {
		byName[p.Candidate.Name] = p
	}
	vers := map[string]string{}
	for _, p := range plan.Packages {
		vers[p.Candidate.Name] = p.Candidate.Version
	}
	u := opamuniverse.New(lockedFiles{vers, files}, opamuniverse.Options{Env: env})
	var queue []string
	for _, p := range plan.Packages {
		if p.Host {
			queue = append(queue, p.Candidate.Name)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		cs, _ := u.Versions(n)
		for _, c := range cs {
			walkFormula(c.Depends, func(a resolve.Atom) {
				if q := byName[a.Name]; q != nil && !q.Host {
					q.Host = true
					queue = append(queue, a.Name)
				}
			})
		}
	}
}

// walkFormula calls fn on every atom of f.
func walkFormula(f resolve.Formula, fn func(resolve.Atom)) {
	switch f.Op {
	case resolve.OpAtom:
		fn(f.Atom)
	case resolve.OpAnd, resolve.OpOr:
		for _, a := range f.Args {
			walkFormula(a, fn)
		}
	}
}

// lockedFiles is an opamuniverse.Source with the one locked version of
// each name.
type lockedFiles struct {
	versions map[string]string
	files    map[string]*opam.File
}

// Versions implements opamuniverse.Source.
func (m lockedFiles) Versions(name string) []string {
	if v, ok := m.versions[name]; ok {
		return []string{v}
	}
	return nil
}

// File implements opamuniverse.Source.
func (m lockedFiles) File(name, _ string) (*opam.File, error) {
	if f, ok := m.files[name]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("%s: not in the lock", name)
}
