package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/repository"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
)

var solveFlags struct {
	files, repos, env listFlag
	withTest, withDoc bool
}

func init() {
	c := &Command{
		Name:      "solve",
		UsageLine: "solve [-f FILE.opam]... -repo PATH... [-env NAME=VALUE]... [ATOM...]",
		Short:     "choose package versions as opam 2.1 would, and print them",
		Long: `
Solve reads opam repositories and chooses one version of every package the
request needs, with opam 2.1's default criteria from an empty switch: as few
avoid-version packages as possible, then the newest requested packages, then
the newest packages overall, then the fewest packages. It prints the plan,
one NAME.VERSION a line, sorted, as opam-oracle.sh does.

The request is the ATOMs (NAME, NAME.VERSION, or NAME with one of
= != < <= > >= and a version: 'mirage>=4.5'; give a name twice to AND two
constraints) and the dependencies of each FILE.opam given with -f, as
'opam install --deps-only' reads them. A file's own package replaces that
name's versions in the repositories. Only ATOMs are "requested" packages
for opam's second criterion.

Each -repo is an opam repository folder or a .tar.gz of one; the first has
the highest priority. Filters see build and post true, with-test and
with-doc false (true for the ATOMs and FILEs with -with-test / -with-doc),
and the variables given with -env. The platform is not guessed: give os, arch, os-family,
os-distribution and os-version with -env when packages depend on them.

When the constraints cannot all hold, solve prints a minimal set of them
as a chain, each with the file and line it comes from, and exits with 3.

Example, the unikernel of mirage 4.5's tests on the 2024-06-01 snapshot:

	$ opam2drv solve -repo ./opam-repository -env os=linux -env arch=x86_64 \
	    -env os-family=debian -env os-distribution=debian -env os-version=12 \
	    -env monorepo=opam-monorepo -f noop-hvt.mirage-4.5.0.opam
	angstrom.0.16.0
	astring.0.8.5
	base-bigarray.base
	...

and a request without a solution, on the 2026-08-22 snapshot:

	$ opam2drv solve -repo ./opam-repository 'lwt>=6.0.0' 'ocaml<4.08'
	opam2drv: no solution: these constraints cannot all hold:
	opam2drv:   command line: the request asks for lwt >= 6.0.0
	opam2drv:   command line: the request asks for ocaml < 4.08
	opam2drv:   packages/lwt/lwt.6.0.0/opam:24:3: lwt 6.0.0, 6.1.0 requires ocaml >= 4.14 & < 5.5
	opam2drv:   packages/lwt/lwt.6.1.1/opam:24:3: lwt 6.1.1, 6.1.2 requires ocaml >= 4.14
	$ echo $?
	3
`,
		Run: runSolve,
	}
	c.Flags = flag.NewFlagSet(c.Name, flag.ContinueOnError)
	c.Flags.Var(&solveFlags.files, "f", "solve the dependencies of this opam `FILE` (repeatable)")
	c.Flags.Var(&solveFlags.repos, "repo", "opam repository folder or .tar.gz at `PATH`, highest priority first (repeatable, required)")
	c.Flags.Var(&solveFlags.env, "env", "set a filter variable, as `NAME=VALUE` (repeatable)")
	c.Flags.BoolVar(&solveFlags.withTest, "with-test", false, "count the with-test dependencies of the ATOMs and FILEs")
	c.Flags.BoolVar(&solveFlags.withDoc, "with-doc", false, "count the with-doc dependencies of the ATOMs and FILEs")
	register(c)
}

func runSolve(ctx *Context, args []string) error {
	f := &solveFlags
	if os.Getenv("GOGC") == "" {
		// A solve is short and allocates mostly long-lived trees: collecting
		// less often saves about a quarter of the CPU time for a third more
		// memory (still a tenth of opam's).
		debug.SetGCPercent(400)
	}
	if len(f.repos) == 0 {
		return usagef("give at least one -repo")
	}
	if len(args) == 0 && len(f.files) == 0 {
		return usagef("nothing to solve: give ATOMs or -f FILE.opam")
	}
	opts, atoms, roots, err := solveInputs(args)
	if err != nil {
		return err
	}
	stack, err := openStack(f.repos)
	if err != nil {
		return err
	}
	u := opamuniverse.New(opamuniverse.FromRepository(stack), opts)
	req := &resolve.Request{Atoms: atoms}
	for _, r := range roots {
		req.Roots = append(req.Roots, u.Root(r.name, r.file))
	}
	sol, err := resolve.Solve(u, req, nil)
	for _, p := range u.Problems() {
		// A version that cannot be read is left out, which can change the
		// plan: always say so.
		fmt.Fprintf(ctx.Stderr, "opam2drv: warning: %v\n", p)
	}
	var ns *resolve.NoSolutionError
	if errors.As(err, &ns) {
		err = noSolution(ns)
		if len(f.env) == 0 {
			err = fmt.Errorf("%w\nnote: no -env was given, so variables such as os and arch are undefined and every version whose available field tests them is unavailable; pass e.g. -env os=linux -env arch=x86_64", err)
		}
		return &exitError{code: exitNoSolution, err: err}
	}
	if err != nil {
		return err
	}
	ctx.Logf("%d names reached, %d versions, %d constraints, %d solver calls; cost %v",
		sol.Stats.Names, sol.Stats.Versions, sol.Stats.Selectors, sol.Stats.Solves, sol.Cost)
	if !sol.Optimal {
		fmt.Fprintln(ctx.Stderr, "opam2drv: warning: the optimisation bound was reached; the plan is valid but may not be opam's")
	}
	return printPlan(ctx, sol.Packages)
}

// solveInputs reads the -env variables, the ATOMs and the -f files.
func solveInputs(args []string) (opamuniverse.Options, []resolve.Atom, []projectFile, error) {
	f := &solveFlags
	opts := opamuniverse.Options{Env: map[string]string{}, Local: map[string]*opam.File{}}
	for _, kv := range f.env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return opts, nil, nil, usagef("-env %q: want NAME=VALUE", kv)
		}
		opts.Env[k] = v
	}
	var atoms []resolve.Atom
	var asked []string // names whose with-test/with-doc dependencies count
	for _, s := range args {
		a, err := opamuniverse.ParseAtom(s)
		if err != nil {
			return opts, nil, nil, usagef("%v", err)
		}
		atoms = append(atoms, a)
		asked = append(asked, a.Name)
	}
	roots, err := readProjectFiles(f.files, opts.Local)
	if err != nil {
		return opts, nil, nil, err
	}
	for _, r := range roots {
		asked = append(asked, r.name)
	}
	if f.withTest {
		opts.WithTest = asked
	}
	if f.withDoc {
		opts.WithDoc = asked
	}
	return opts, atoms, roots, nil
}

// projectFile is one -f file with its package name.
type projectFile struct {
	name string
	file *opam.File
}

// readProjectFiles parses the -f files; each becomes a local package.
func readProjectFiles(paths []string, local map[string]*opam.File) ([]projectFile, error) {
	var out []projectFile
	var errs []error
	for _, path := range paths {
		data, err := readInputFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		file, err := opam.Parse(path, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		name := projectName(path, file)
		local[name] = file
		out = append(out, projectFile{name, file})
	}
	return out, errors.Join(errs...)
}

// projectName is the file's name field, or its file name up to the first
// dot ("hello.opam" and "hello.1.0.opam" give hello), or for a file named
// "opam" the name of its folder.
func projectName(path string, f *opam.File) string {
	if v, ok := opam.Field(f.Items, "name"); ok && v.Kind == opam.KindString {
		return v.Str()
	}
	base := filepath.Base(path)
	if base == "opam" {
		abs, _ := filepath.Abs(path)
		base = filepath.Base(filepath.Dir(abs))
	}
	name, _, _ := strings.Cut(strings.TrimSuffix(base, ".opam"), ".")
	return name
}

// openStack opens the -repo paths, the first with the highest priority.
func openStack(paths []string) (*repository.Stack, error) {
	var repos []*repository.Repo
	for _, p := range paths {
		r, err := repository.Open(p)
		if err != nil {
			return nil, err
		}
		repos = append(repos, r)
	}
	return repository.NewStack(repos...), nil
}

// printPlan writes NAME.VERSION lines in byte order.
func printPlan(ctx *Context, plan []*resolve.Candidate) error {
	lines := make([]string, len(plan))
	for i, p := range plan {
		lines[i] = p.String()
	}
	sort.Strings(lines)
	_, err := fmt.Fprintln(ctx.Stdout, strings.Join(lines, "\n"))
	return err
}
