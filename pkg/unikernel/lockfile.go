package unikernel

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
)

// Fields of an opam-monorepo lock.
const (
	FieldLockVersion  = "x-opam-monorepo-version"
	FieldRootPackages = "x-opam-monorepo-root-packages"
	FieldDuniverse    = "x-opam-monorepo-duniverse-dirs"
	FieldCLIArgs      = "x-opam-monorepo-cli-args"
)

// MonorepoLockVersion is the lock format version opam-monorepo writes and
// this package reads.
const MonorepoLockVersion = "0.3"

// LockedPackage is one depends entry of an opam-monorepo lock.
type LockedPackage struct {
	Name, Version string
	// Vendored reports whether the entry carries ?vendor.
	Vendored bool
	Pos      opam.Pos
}

// LockedDir is one folder of a lock's duniverse: the packages pinned to
// one URL.
type LockedDir struct {
	Dir string
	URL string
	// Hashes are the folder's checksums as opam writes them.
	Hashes []string
	// Packages are the names pinned to URL, sorted.
	Packages []string
}

// MonorepoLock is an opam-monorepo lock file (FILE.opam.locked).
type MonorepoLock struct {
	File         string
	RootPackages []string
	// Packages are the depends entries, sorted by name.
	Packages []LockedPackage
	// Dirs are the duniverse folders, sorted by Dir.
	Dirs         []LockedDir
	OpamProvided []string
	Repositories []string
	CLIArgs      []string
	// GlobalVars are the variables the lock's
	// x-opam-monorepo-global-opam-vars pins (booleans as "true" and
	// "false"), or nil; read as in a project file (see [ReadConfig]).
	GlobalVars map[string]string
}

// Vendored returns the names of the vendored packages, sorted.
func (l *MonorepoLock) Vendored() []string {
	var out []string
	for _, p := range l.Packages {
		if p.Vendored {
			out = append(out, p.Name)
		}
	}
	return out
}

// ReadMonorepoLock reads a parsed opam-monorepo lock. Every problem is an
// *opam.FieldError at its position, all joined: a missing or other version
// than 0.3, a depends entry that is not `"NAME" {= "V"}` or `"NAME" {= "V"
// & ?vendor}`, a pin-depends entry that is not `["NAME.VERSION" "URL"]`, a
// duniverse-dirs entry that is not `["URL" "DIR"]` or `["URL" "DIR"
// [HASHES]]`, a pinned URL with no folder, a vendored package that is
// not pinned, and an x-opam-monorepo-global-opam-vars value that a
// project file could not hold either.
func ReadMonorepoLock(f *opam.File) (*MonorepoLock, error) {
	l := &MonorepoLock{File: f.Name}
	var errs []error
	fail := func(field string, pos opam.Pos, format string, args ...any) {
		errs = append(errs, &opam.FieldError{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)})
	}

	switch v, ok := opam.Field(f.Items, FieldLockVersion); {
	case !ok:
		fail(FieldLockVersion, opam.NewPos(f.Name, 0, 0), "missing: this is not an opam-monorepo lock")
	case v.Kind != opam.KindString || v.Str() != MonorepoLockVersion:
		fail(FieldLockVersion, v.Pos, "lock format %s is not supported (want %q); regenerate the lock with opam-monorepo 0.3 or later", show(v), MonorepoLockVersion)
	}
	l.RootPackages = stringList(f, FieldRootPackages, fail)
	l.OpamProvided = stringList(f, FieldOpamProvided, fail)
	l.Repositories = stringList(f, FieldOpamRepositories, fail)
	l.CLIArgs = stringList(f, FieldCLIArgs, fail)
	if v, ok := opam.Field(f.Items, FieldGlobalVars); ok {
		vars, verrs := globalVars(v)
		l.GlobalVars = vars
		errs = append(errs, verrs...)
	}

	if v, ok := opam.Field(f.Items, "depends"); ok {
		for _, it := range listItems(v) {
			if p, ok := lockedPackage(it); ok {
				l.Packages = append(l.Packages, p)
			} else {
				fail("depends", it.Pos, `expected "NAME" {= "VERSION"} or "NAME" {= "VERSION" & ?vendor}, got %s`, show(it))
			}
		}
	}
	sort.Slice(l.Packages, func(i, j int) bool { return l.Packages[i].Name < l.Packages[j].Name })

	pins := readPins(f, fail)
	dirs := readDirs(f, fail)
	l.Dirs = joinPins(l, pins, dirs, fail)
	sortErrors(errs)
	return l, errors.Join(errs...)
}

// failFunc records one field error.
type failFunc func(field string, pos opam.Pos, format string, args ...any)

// stringList reads an optional field holding a string or a list of
// strings.
func stringList(f *opam.File, field string, fail failFunc) []string {
	v, ok := opam.Field(f.Items, field)
	if !ok {
		return nil
	}
	var out []string
	for _, it := range listItems(v) {
		if it.Kind != opam.KindString {
			fail(field, it.Pos, "expected a string, got %s", show(it))
			continue
		}
		out = append(out, it.Str())
	}
	return out
}

// lockedPackage reads `"NAME" {= "V"}` or `"NAME" {= "V" & ?vendor}` (in
// either order).
func lockedPackage(v opam.Value) (LockedPackage, bool) {
	if v.Kind != opam.KindOption || v.Left().Kind != opam.KindString || len(v.Filters()) != 1 {
		return LockedPackage{}, false
	}
	p := LockedPackage{Name: v.Left().Str(), Pos: v.Left().Pos}
	f := v.Filters()[0]
	terms := []opam.Value{f}
	if f.Kind == opam.KindLogop && f.Op == opam.OpAnd {
		terms = []opam.Value{f.Left(), f.Right()}
	}
	for _, t := range terms {
		switch {
		case t.Kind == opam.KindPrefixRelop && t.Op == opam.OpEq && t.Operand().Kind == opam.KindString && p.Version == "":
			p.Version = t.Operand().Str()
		case t.Kind == opam.KindPfxop && t.Op == opam.OpDefined && t.Operand().Kind == opam.KindIdent &&
			t.Operand().Str() == "vendor" && !p.Vendored:
			p.Vendored = true
		default:
			return LockedPackage{}, false
		}
	}
	return p, p.Version != "" && opam.ValidName(p.Name)
}

// pin is one pin-depends entry.
type pin struct {
	name, version, url string
	pos                opam.Pos
}

func readPins(f *opam.File, fail failFunc) []pin {
	v, ok := opam.Field(f.Items, "pin-depends")
	if !ok {
		return nil
	}
	var out []pin
	for _, it := range listItems(v) {
		if it.Kind != opam.KindList || len(it.Args()) != 2 || it.Args()[0].Kind != opam.KindString || it.Args()[1].Kind != opam.KindString {
			fail("pin-depends", it.Pos, `expected ["NAME.VERSION" "URL"], got %s`, show(it))
			continue
		}
		name, ver, ok := strings.Cut(it.Args()[0].Str(), ".")
		if !ok || !opam.ValidName(name) || ver == "" {
			fail("pin-depends", it.Args()[0].Pos, "expected NAME.VERSION, got %q", it.Args()[0].Str())
			continue
		}
		out = append(out, pin{name: name, version: ver, url: it.Args()[1].Str(), pos: it.Pos})
	}
	return out
}

func readDirs(f *opam.File, fail failFunc) map[string]*LockedDir {
	dirs := map[string]*LockedDir{}
	v, ok := opam.Field(f.Items, FieldDuniverse)
	if !ok {
		return dirs
	}
	for _, it := range listItems(v) {
		d, ok := lockedDir(it)
		if !ok {
			fail(FieldDuniverse, it.Pos, `expected ["URL" "DIR"] or ["URL" "DIR" ["ALGO=HEX" ...]], got %s`, show(it))
			continue
		}
		if d.Dir == "" || d.Dir == "." || d.Dir == ".." || strings.ContainsAny(d.Dir, `/\`) {
			fail(FieldDuniverse, it.Pos, "folder %q must be one folder name under duniverse/ (not empty, no '/' or '\\', not '.' or '..')", d.Dir)
			continue
		}
		dirs[d.URL] = d
	}
	return dirs
}

func lockedDir(v opam.Value) (*LockedDir, bool) {
	if v.Kind != opam.KindList || len(v.Args()) < 2 || len(v.Args()) > 3 ||
		v.Args()[0].Kind != opam.KindString || v.Args()[1].Kind != opam.KindString {
		return nil, false
	}
	d := &LockedDir{URL: v.Args()[0].Str(), Dir: v.Args()[1].Str()}
	if len(v.Args()) == 3 {
		for _, h := range listItems(v.Args()[2]) {
			if h.Kind != opam.KindString {
				return nil, false
			}
			d.Hashes = append(d.Hashes, h.Str())
		}
	}
	return d, true
}

// joinPins puts each pinned package into its URL's folder and checks that
// pins and depends agree.
func joinPins(l *MonorepoLock, pins []pin, dirs map[string]*LockedDir, fail failFunc) []LockedDir {
	locked := map[string]LockedPackage{}
	for _, p := range l.Packages {
		locked[p.Name] = p
	}
	pinned := map[string]bool{}
	for _, p := range pins {
		d := dirs[p.url]
		if d == nil {
			fail("pin-depends", p.pos, "%s.%s is pinned to %s, which %s does not list", p.name, p.version, p.url, FieldDuniverse)
			continue
		}
		if lp, ok := locked[p.name]; !ok || lp.Version != p.version {
			fail("pin-depends", p.pos, "%s.%s is pinned but depends does not lock that version", p.name, p.version)
		}
		pinned[p.name] = true
		d.Packages = append(d.Packages, p.name)
	}
	for _, p := range l.Packages {
		if p.Vendored && !pinned[p.Name] {
			fail("depends", p.Pos, "%s is vendored but has no pin-depends entry giving its source", p.Name)
		}
	}
	var out []LockedDir
	for _, d := range dirs {
		slices.Sort(d.Packages)
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dir < out[j].Dir })
	return out
}
