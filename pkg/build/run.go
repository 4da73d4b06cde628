package build

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/hillingar/hillingar/pkg/drv"
)

// Builder runs the phases of one package's build.
type Builder struct {
	Scope *Scope
	// Base is the environment the builder was started with.
	Base Environ
	// ShimDir is a folder whose opam program answers opam var; it goes
	// first on PATH. Empty for none.
	ShimDir        string
	Stdout, Stderr io.Writer
}

// StepError reports a build or install command that failed.
type StepError struct {
	Pkg   string
	Phase string
	Index int
	Argv  []string
	Err   error
}

func (e *StepError) Error() string {
	argv, _ := json.Marshal(e.Argv)
	return fmt.Sprintf("%s: %s step %d %s: %v", e.Pkg, e.Phase, e.Index+1, argv, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }

// LoadScope reads a record and a context from the files the Nix library
// passes, for the package installed at prefix and built in buildDir.
// jobs is NIX_BUILD_CORES ("0" or empty means all cores).
func LoadScope(recordPath, contextPath, prefix, buildDir, jobs string) (*Scope, error) {
	data, err := os.ReadFile(recordPath)
	if err != nil {
		return nil, err
	}
	rec, err := ParseRecord(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", recordPath, err)
	}
	ctx := &Context{}
	if contextPath != "" {
		if data, err = os.ReadFile(contextPath); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, ctx); err != nil {
			return nil, fmt.Errorf("%s: build context: %w", contextPath, err)
		}
	}
	vis, err := LoadVisible(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rec.Name, err)
	}
	n, _ := strconv.Atoi(jobs)
	if n <= 0 {
		n = runtime.NumCPU()
	}
	s := &Scope{Rec: rec, Ctx: ctx, Visible: vis, Prefix: prefix, BuildDir: buildDir, Jobs: n}
	cfg := filepath.Join(buildDir, rec.Name+".config")
	if vars, err := ReadConfigFile(cfg); err == nil {
		s.SelfVars = vars
	}
	return s, nil
}

// Prepare writes the record's extra files into the source, expands the
// substs that are patches, applies the patches (patch -p1, in order, each
// when its filter holds), then expands the other substs, as opam does.
func (b *Builder) Prepare() error {
	s := b.Scope
	if err := writeFiles(s.Rec, s.BuildDir); err != nil {
		return err
	}
	for _, name := range sortedKeys(s.Ctx.ExtraSources) {
		if !local(name) {
			return fmt.Errorf("%s: extraSources[%q]: %w", s.Rec.Name, name, ErrEscapes)
		}
		if err := copyTree(s.Ctx.ExtraSources[name], filepath.Join(s.BuildDir, name), 0o644); err != nil {
			return fmt.Errorf("%s: extra source %s: %w", s.Rec.Name, name, err)
		}
	}
	isPatch := map[string]bool{}
	for _, p := range s.Rec.Patches {
		isPatch[p.File] = true
	}
	if err := b.substs(isPatch, true); err != nil {
		return err
	}
	env, err := b.env()
	if err != nil {
		return err
	}
	for i, p := range s.Rec.Patches {
		if p.Filter != nil {
			if ok, err := s.EvalFilter(p.Filter); err != nil || !ok {
				if err != nil {
					return fmt.Errorf("%s: patch %s: %w", s.Rec.Name, p.File, err)
				}
				continue
			}
		}
		if !local(p.File) {
			return fmt.Errorf("%s: patch %q: %w", s.Rec.Name, p.File, ErrEscapes)
		}
		argv := []string{"patch", "-p1", "-i", filepath.Join(s.BuildDir, p.File)}
		if err := b.exec(argv, env); err != nil {
			return &StepError{Pkg: s.Rec.Name, Phase: "patch", Index: i, Argv: argv, Err: err}
		}
	}
	return b.substs(isPatch, false)
}

func (b *Builder) substs(isPatch map[string]bool, patches bool) error {
	s := b.Scope
	for _, f := range s.Rec.Substs {
		if isPatch[f] != patches {
			continue
		}
		if err := s.Subst(f); err != nil {
			return fmt.Errorf("%s: substs: %w", s.Rec.Name, err)
		}
	}
	return nil
}

// Subst writes file from file.in with its %{...}% expanded; file is
// relative to the build directory.
func (s *Scope) Subst(file string) error {
	if !local(file) {
		return fmt.Errorf("%q: %w", file, ErrEscapes)
	}
	p := filepath.Join(s.BuildDir, file)
	in, err := os.ReadFile(p + ".in")
	if err != nil {
		return err
	}
	return os.WriteFile(p, []byte(s.Expand(string(in))), 0o644)
}

// writeFiles writes the record's embedded files, relative to dir.
func writeFiles(rec *drv.Package, dir string) error {
	var errs []error
	for _, name := range sortedKeys(rec.Files) {
		f := rec.Files[name]
		var data []byte
		switch {
		case !local(name):
			errs = append(errs, fmt.Errorf("%s: files[%q]: %w", rec.Name, name, ErrEscapes))
			continue
		case f.Text != nil:
			data = []byte(*f.Text)
		case f.Base64 != nil:
			d, err := base64.StdEncoding.DecodeString(*f.Base64)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: files[%q].base64: %w", rec.Name, name, err))
				continue
			}
			data = d
		default:
			errs = append(errs, fmt.Errorf("%s: files[%q] has neither text nor base64", rec.Name, name))
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Build runs the build steps.
func (b *Builder) Build() error { return b.steps("build", b.Scope.Rec.Build) }

// Install runs the install steps, installs from <name>.install when the
// build made one, reads <name>.config, and writes the package's [Meta].
func (b *Builder) Install() error {
	s := b.Scope
	if err := os.MkdirAll(filepath.Join(s.Prefix, "lib"), 0o755); err != nil {
		return err
	}
	if err := b.steps("install", s.Rec.Install); err != nil {
		return err
	}
	if err := s.installFromFile(); err != nil {
		return err
	}
	cfg := filepath.Join(s.BuildDir, s.Rec.Name+".config")
	if _, err := os.Stat(cfg); err == nil {
		vars, err := ReadConfigFile(cfg)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Rec.Name, err)
		}
		s.SelfVars = vars
	}
	return s.WriteMeta()
}

func (s *Scope) installFromFile() error {
	p := filepath.Join(s.BuildDir, s.Rec.Name+".install")
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	f, err := ParseInstallFile(p, string(data))
	if err != nil {
		return fmt.Errorf("%s: %w", s.Rec.Name, err)
	}
	_, err = f.Apply(s.Rec.Name, s.BuildDir, s.Prefix)
	return err
}

// WriteMeta writes the package's metadata into its prefix.
func (s *Scope) WriteMeta() error {
	m := Meta{Name: s.Rec.Name, Version: s.Rec.Version, Vars: map[string]any{},
		Setenv: []ResolvedUpdate{}, Closure: map[string]string{s.Rec.Name: s.Prefix}}
	system := map[string]bool{}
	for _, p := range s.Ctx.System {
		system[p] = true
	}
	for k, v := range s.Ctx.Vars {
		m.Vars[k] = v
	}
	for k, v := range s.SelfVars {
		m.Vars[k] = v
	}
	for _, dep := range s.Ctx.Run {
		dm := s.Visible.Pkgs[dep]
		if dm == nil {
			return fmt.Errorf("%s: run dependency %s is not among the build's dependencies", s.Rec.Name, dep)
		}
		for n, p := range dm.Closure {
			m.Closure[n] = p
		}
		for _, p := range dm.System {
			system[p] = true
		}
	}
	m.System = sortedKeys(system)
	for _, u := range s.Rec.Setenv {
		v, _, err := s.Arg(u.Value)
		if err != nil {
			return fmt.Errorf("%s: setenv %s: %w", s.Rec.Name, u.Var, err)
		}
		m.Setenv = append(m.Setenv, ResolvedUpdate{Var: u.Var, Op: u.Op, Value: v})
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	p := filepath.Join(s.Prefix, MetaPath)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.Prefix, SetupHookPath), []byte(setupHook(s.Prefix)), 0o644)
}

// SetupHookPath is where a built package keeps the setup hook that
// nixpkgs' stdenv sources for derivations that take it as an input.
const SetupHookPath = "nix-support/setup-hook"

// setupHook adds the package's folders to the OCaml search paths of a
// nixpkgs derivation that depends on it (addToSearchPath is stdenv's).
// Store paths hold no characters special to the shell.
func setupHook(prefix string) string {
	var b strings.Builder
	b.WriteString("# Added by opam2drv: the OCaml search paths of this opam package.\n")
	for _, v := range [][2]string{
		{"OCAMLPATH", "lib"}, {"CAML_LD_LIBRARY_PATH", "lib/stublibs"}, {"OCAMLTOP_INCLUDE_PATH", "lib/toplevel"},
	} {
		fmt.Fprintf(&b, "addToSearchPath %s %s\n", v[0], filepath.Join(prefix, v[1]))
	}
	return b.String()
}

func (b *Builder) steps(phase string, steps []drv.Step) error {
	s := b.Scope
	env, err := b.env()
	if err != nil {
		return err
	}
	for i, st := range steps {
		argv, err := s.Command(st)
		if err != nil {
			return &StepError{Pkg: s.Rec.Name, Phase: phase, Index: i, Err: err}
		}
		if len(argv) == 0 {
			continue
		}
		if err := b.exec(argv, env); err != nil {
			return &StepError{Pkg: s.Rec.Name, Phase: phase, Index: i, Argv: argv, Err: err}
		}
	}
	return nil
}

// env is the commands' environment; it makes the HOME folder that
// BuildEnv chose when the builder's own HOME was unusable.
func (b *Builder) env() (Environ, error) {
	env := b.Scope.BuildEnv(b.Base, b.ShimDir)
	if home := env["HOME"]; home != b.Base["HOME"] {
		if err := os.MkdirAll(home, 0o755); err != nil {
			return nil, err
		}
	}
	return env, nil
}

// exec runs argv in the build directory with execve semantics.
func (b *Builder) exec(argv []string, env Environ) error {
	path := lookPath(argv[0], env)
	if path == "" {
		return fmt.Errorf("%s: not found on PATH (add it to the package's depexts or nativeBuildInputs)", argv[0])
	}
	fmt.Fprintf(b.Stderr, "+ %s\n", quoteArgv(argv))
	cmd := &exec.Cmd{Path: path, Args: argv, Env: env.List(), Dir: b.Scope.BuildDir,
		Stdout: b.Stdout, Stderr: b.Stderr}
	return cmd.Run()
}

// quoteArgv renders argv for the build log only (JSON strings).
func quoteArgv(argv []string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(argv)
	return strings.TrimSuffix(b.String(), "\n")
}
