package opamuniverse

import (
	"fmt"
	"sort"
	"sync"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/version"
)

// A Source gives opam files by name and version; a repository or a stack
// of them. Its methods must be safe for concurrent use.
type Source interface {
	// Versions returns the versions of name, in any order.
	Versions(name string) []string
	// File returns the parsed opam file of name.version. Positions in it
	// should name the file.
	File(name, version string) (*opam.File, error)
}

// Options set the environment of the solve.
type Options struct {
	// Env holds variables and their values: platform variables (os, arch,
	// os-family, os-distribution, os-version) and user variables such as
	// monorepo. Values "true" and "false" act as bools.
	Env map[string]string
	// WithTest and WithDoc list the names whose with-test or with-doc
	// dependencies count (opam's --with-test applies to requested
	// packages only).
	WithTest, WithDoc []string
	// Local holds the project's own packages by name; they replace every
	// version of that name in the Source, as opam's pins do.
	Local map[string]*opam.File
}

// A Universe reads candidates from a Source. It implements
// resolve.Universe and is safe for concurrent use.
type Universe struct {
	src  Source
	opts Options
	test map[string]bool
	doc  map[string]bool

	mu       sync.Mutex
	cache    map[string]*entry
	problems []error
}

type entry struct {
	once sync.Once
	cs   []*resolve.Candidate
}

// New returns a Universe over src.
func New(src Source, opts Options) *Universe {
	u := &Universe{src: src, opts: opts, cache: map[string]*entry{},
		test: set(opts.WithTest), doc: set(opts.WithDoc)}
	return u
}

func set(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return m
}

// Versions implements resolve.Universe. A version whose file cannot be
// read is returned unavailable and its error is kept for Problems.
func (u *Universe) Versions(name string) ([]*resolve.Candidate, error) {
	u.mu.Lock()
	e := u.cache[name]
	if e == nil {
		e = &entry{}
		u.cache[name] = e
	}
	u.mu.Unlock()
	e.once.Do(func() { e.cs = u.read(name) })
	return e.cs, nil
}

// Problems returns the errors of the files read so far that could not be
// loaded, sorted by text.
func (u *Universe) Problems() []error {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := append([]error(nil), u.problems...)
	sort.Slice(out, func(i, j int) bool { return out[i].Error() < out[j].Error() })
	return out
}

// read builds the candidates of name.
func (u *Universe) read(name string) []*resolve.Candidate {
	if f, ok := u.opts.Local[name]; ok {
		v := fieldString(f, "version")
		if v == "" {
			v = "dev"
		}
		return []*resolve.Candidate{u.candidate(name, v, 0, f)}
	}
	vs := append([]string(nil), u.src.Versions(name)...)
	sort.SliceStable(vs, func(i, j int) bool { return version.Compare(vs[i], vs[j]) < 0 })
	cs := make([]*resolve.Candidate, 0, len(vs))
	for i, v := range vs {
		f, err := u.src.File(name, v)
		if err != nil {
			u.mu.Lock()
			u.problems = append(u.problems, fmt.Errorf("%s.%s is left out of the solve: %w", name, v, err))
			u.mu.Unlock()
			cs = append(cs, &resolve.Candidate{Name: name, Version: v, Rank: i})
			continue
		}
		cs = append(cs, u.candidate(name, v, i, f))
	}
	return cs
}

// candidate reduces one opam file with pkg/opam: its available field
// ([opam.EvalAvailable]), depends and conflicts ([opam.DecodeFormula],
// [opam.Reduce]). A field of the wrong shape keeps what could be read.
func (u *Universe) candidate(name, ver string, rank int, f *opam.File) *resolve.Candidate {
	s := &scope{env: u.opts.Env, name: name, version: ver,
		withTest: u.test[name], withDoc: u.doc[name]}
	avail, _ := opam.Field(f.Items, "available")
	c := &resolve.Candidate{Name: name, Version: ver, Rank: rank,
		Available: opam.EvalAvailable(avail, s), Source: resolve.Pos{File: f.Name}}
	if !c.Available {
		return c // its dependencies never matter
	}
	if v, ok := opam.Field(f.Items, "flags"); ok {
		for _, it := range v.Items() {
			if it.Kind == opam.KindIdent && it.Str() == "avoid-version" {
				c.AvoidVersion = true
			}
		}
	}
	if df, ok := decodeFormula(f, "depends", opam.And); ok {
		c.Depends, _ = formula(opam.Reduce(df, s))
	}
	if df, ok := decodeFormula(f, "conflicts", opam.Or); ok {
		c.Conflicts = conflicts(opam.Reduce(df, s))
	}
	if v, ok := opam.Field(f.Items, "conflict-class"); ok {
		for _, it := range v.Items() {
			if it.Kind == opam.KindString || it.Kind == opam.KindIdent {
				c.ConflictClass = append(c.ConflictClass, it.Str())
			}
		}
	}
	return c
}

// decodeFormula reads the package formula field of f; ok is false when f
// has no such field. Shape errors are ignored: the formula keeps what
// could be read.
func decodeFormula(f *opam.File, field string, conn opam.Connective) (opam.DepFormula, bool) {
	v, ok := opam.Field(f.Items, field)
	if !ok {
		return opam.DepFormula{}, false
	}
	df, _ := opam.DecodeFormula(field, v, conn)
	return df, true
}

// Root reduces a project file to a resolve.Root: its depends and
// conflicts under the environment, as `opam install --deps-only` reads
// them. name is the project's package name.
func (u *Universe) Root(name string, f *opam.File) resolve.Root {
	c := u.candidate(name, fieldString(f, "version"), 0, f)
	return resolve.Root{Name: name, Depends: c.Depends, Conflicts: c.Conflicts, Source: c.Source}
}

func fieldString(f *opam.File, field string) string {
	if v, ok := opam.Field(f.Items, field); ok && v.Kind == opam.KindString {
		return v.Str()
	}
	return ""
}
