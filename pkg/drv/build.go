package drv

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
)

// An Input is one selected package as its repository provides it.
type Input struct {
	Name    string
	Version string
	// Opam is the package's parsed opam file.
	Opam *opam.File
	// Files maps names relative to the package's files/ folder (slash
	// separated) to their contents; nil when there is no such folder.
	Files map[string][]byte
}

// A ProjectInput is one of the project's own opam files.
type ProjectInput struct {
	// Name is the project package's name (the file name without .opam,
	// or its name field).
	Name string
	// File is the opam file's path relative to the lock's folder.
	File string
	Opam *opam.File
	// Env adds variables, or overrides the request's, for this project's
	// depends only; they are not recorded in the plan's env. A
	// unikernel's root is read with monorepo defined, as opam-monorepo
	// reads it, while the packages are not.
	Env map[string]string
}

// A Request is what Build turns into a plan.
type Request struct {
	// Env holds the solve's global variables (arch, os, ...). It is
	// recorded in the plan; variables outside it that only build time
	// knows become placeholders.
	Env      map[string]string
	Packages []Input
	Projects []ProjectInput
}

// A PackageError reports a problem in one package's opam file.
type PackageError struct {
	Package string // name.version, or the project's name
	Err     error
}

// Error prefixes the package's name.version to each line of its error.
func (e *PackageError) Error() string {
	lines := strings.Split(e.Err.Error(), "\n")
	for i := range lines {
		lines[i] = e.Package + ": " + lines[i]
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the underlying error.
func (e *PackageError) Unwrap() error { return e.Err }

// Build returns the plan of r: one record per selected package, the
// projects' dependencies, the environment and the missing hashes. The
// header fields that describe the command (Generator, Regenerate,
// Inputs) are left for the caller. Errors of every package are joined.
func Build(r *Request) (*Plan, error) {
	planVersions := map[string]string{}
	for _, in := range r.Packages {
		planVersions[in.Name] = in.Version
	}
	p := &Plan{Schema: Schema, Env: copyMap(r.Env), Projects: map[string]*Project{}, Packages: map[string]*Package{}}
	var errs []error
	for _, in := range sortedInputs(r.Packages) {
		s := &scope{env: r.Env, plan: planVersions, self: in.Name, ver: in.Version}
		pkg, pending, err := s.record(in)
		for _, w := range s.warnings {
			p.warnings = append(p.warnings, &PackageError{Package: in.Name + "." + in.Version, Err: w})
		}
		if err != nil {
			errs = append(errs, &PackageError{Package: in.Name + "." + in.Version, Err: err})
			continue
		}
		if len(pending) > 0 {
			p.MissingHashes = append(p.MissingHashes, pkg.Key())
			p.pending = append(p.pending, pending...)
		}
		p.Packages[in.Name] = pkg
	}
	for _, pr := range r.Projects {
		env := r.Env
		if len(pr.Env) > 0 {
			env = copyMap(r.Env)
			for k, v := range pr.Env {
				env[k] = v
			}
		}
		s := &scope{env: env, plan: planVersions, self: pr.Name}
		d, err := s.projectDepends(pr.Opam)
		if err != nil {
			errs = append(errs, &PackageError{Package: pr.Name, Err: err})
			continue
		}
		p.Projects[pr.Name] = &Project{File: pr.File, Depends: d}
	}
	canonical(p)
	return p, errors.Join(errs...)
}

func sortedInputs(in []Input) []Input {
	out := append([]Input(nil), in...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *scope) projectDepends(f *opam.File) (Depends, error) {
	if f == nil {
		return Depends{}, errors.New("no opam file")
	}
	v, _ := opam.Field(f.Items, "depends")
	kinds, err := s.depends("depends", v)
	return toDepends(kinds), err
}

// record builds one package record, and lists its sources (main or
// extra) that have no Nix-usable hash.
func (s *scope) record(in Input) (pkg *Package, pending []Pending, err error) {
	if in.Opam == nil {
		return nil, nil, errors.New("no opam file")
	}
	items := in.Opam.Items
	pkg = &Package{Name: in.Name, Version: in.Version}
	var errs []error
	add := func(e error) {
		if e != nil {
			errs = append(errs, e)
		}
	}

	var main *Pending
	pkg.Source, main, err = packageSource(items)
	add(err)
	if secs := sections(items, "url"); len(secs) > 0 {
		if w := gitSuffix(secs[0].Pos, pkg.Source); w != nil {
			s.warnings = append(s.warnings, w)
		}
	}
	if main != nil {
		pending = append(pending, *main)
	}
	var extra []Pending
	pkg.ExtraSources, extra, err = extraSources(items)
	add(err)
	pending = append(pending, extra...)
	for i := range pending {
		pending[i].Package = in.Name
	}
	pkg.Files, err = embed(in.Files)
	add(err)
	if v, ok := opam.Field(items, "extra-files"); ok {
		var missing []error
		missing, err = checkExtraFiles(v, in.Files)
		add(err)
		s.warnings = append(s.warnings, missing...)
	}
	add(s.fields(pkg, items))
	if v, ok := opam.Field(items, "dev-repo"); ok && v.Kind == opam.KindString {
		pkg.DevRepo = v.Str()
	}
	return pkg, pending, errors.Join(errs...)
}

// fields fills the record's fields that are evaluated under s.
func (s *scope) fields(pkg *Package, items []opam.Item) error {
	var errs []error
	field := func(name string, set func(opam.Value) error) {
		if v, ok := opam.Field(items, name); ok {
			if err := set(v); err != nil {
				errs = append(errs, err)
			}
		}
	}
	field("depends", func(v opam.Value) (err error) {
		kinds, err := s.depends("depends", v)
		pkg.Depends = toDepends(kinds)
		return err
	})
	field("depopts", func(v opam.Value) error {
		kinds, err := s.depends("depopts", v)
		for name, k := range kinds {
			if k != kindNone {
				pkg.Depopts = append(pkg.Depopts, name)
			}
		}
		return err
	})
	field("build", func(v opam.Value) (err error) { pkg.Build, err = s.commands("build", v); return })
	field("run-test", func(v opam.Value) error { return s.runTest(pkg, v) })
	field("install", func(v opam.Value) (err error) { pkg.Install, err = s.commands("install", v); return })
	field("patches", func(v opam.Value) (err error) { pkg.Patches, err = s.patches(v); return })
	field("substs", func(v opam.Value) (err error) { pkg.Substs, err = s.substs(v); return })
	field("setenv", func(v opam.Value) (err error) { pkg.Setenv, err = s.envUpdates("setenv", v); return })
	field("build-env", func(v opam.Value) (err error) { pkg.BuildEnv, err = s.envUpdates("build-env", v); return })
	field("depexts", func(v opam.Value) (err error) { pkg.Depexts, err = s.depexts(v); return })
	field("flags", func(v opam.Value) (err error) { pkg.Flags, err = stringList("flags", v); return })
	return errors.Join(errs...)
}

// runTest appends opam 2.0's run-test commands to the build steps, each
// filtered by with-test.
func (s *scope) runTest(pkg *Package, v opam.Value) error {
	steps, err := s.commands("run-test", v)
	if err != nil {
		return err
	}
	test := placeholder("with-test")
	for _, st := range steps {
		f := test.r
		if st.Filter != nil {
			f = &Filter{Kind: FilterAnd, Args: []*Filter{test.r, st.Filter}}
		}
		pkg.Build = append(pkg.Build, Step{Args: st.Args, Filter: f})
	}
	return nil
}

// String returns "name.version".
func (in Input) String() string { return fmt.Sprintf("%s.%s", in.Name, in.Version) }
