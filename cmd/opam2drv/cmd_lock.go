package main

import (
	"io"

	"errors"
	"flag"
	"fmt"
	"github.com/hillingar/hillingar/pkg/drv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
)

// defaultEnv is the platform a lock is solved for unless --env says
// otherwise. It is fixed, not read from the machine, so that the same
// command writes the same lock everywhere.
var defaultEnv = map[string]string{
	"arch": "x86_64", "os": "linux", "os-distribution": "nixos", "os-family": "nixos",
	"opam-version": "2.1.2",
}

// lockFlags are the flags of `opam2drv lock`.
type lockFlags struct {
	repos    multiFlag
	env      multiFlag
	withTest bool
	withDoc  bool
	output   string
	check    bool
	prefetch bool
	cacheDir string
	jobs     int
	// against is the lock a bare --check compares with; it is not one of
	// the arguments that regenerate the lock.
	against string
}

// multiFlag collects every value of a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// newLockFlags returns the flag set of the lock command, bound to lf.
func newLockFlags(lf *lockFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("lock", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(&lf.repos, "repo", "a repository `[NAME=]PATH[@ID]` (folder or .tar.gz), repeated in priority order, highest first")
	fs.Var(&lf.env, "env", "a solve variable `NAME=VALUE`, repeated (defaults: arch=x86_64 os=linux os-distribution=nixos os-family=nixos opam-version=2.1.2)")
	fs.BoolVar(&lf.withTest, "with-test", false, "solve with the test dependencies of the project's packages")
	fs.BoolVar(&lf.withDoc, "with-doc", false, "solve with the doc dependencies of the project's packages")
	fs.StringVar(&lf.output, "o", "", "write the lock to `FILE` (- for standard output; default opam2drv.lock.json in the project's folder)")
	fs.BoolVar(&lf.check, "check", false, "write nothing; exit 1 and say what changed when the lock no longer matches its inputs")
	fs.BoolVar(&lf.prefetch, "prefetch", false, "download the sources that have no Nix hash (md5 only, git) and record their hashes")
	fs.StringVar(&lf.cacheDir, "cache", "", "download cache `DIR` for --prefetch (default $XDG_CACHE_HOME/opam2drv)")
	fs.IntVar(&lf.jobs, "jobs", 8, "parallel downloads for --prefetch")
	return fs
}

func init() {
	lf := &lockFlags{}
	fs := newLockFlags(lf)
	register(&Command{
		Name:      "lock",
		UsageLine: "lock [flags] [PROJECT...] [CONSTRAINT...]",
		Short:     "solve a project's dependencies and write its lock",
		Long:      lockHelp,
		Flags:     fs,
		Run: func(ctx *Context, args []string) error {
			defer lf.reset()
			args, err := parseInterspersed(fs, args)
			if err != nil {
				return err
			}
			if lf.check && len(args) == 0 && len(lf.repos) == 0 && len(lf.env) == 0 {
				return checkFromLock(ctx, lf.output)
			}
			return runLock(ctx, lf, args)
		},
	})
}

// checkFromLock runs `lock --check` with the arguments the lock records
// in its regenerate entry, from the current folder.
func checkFromLock(ctx *Context, output string) error {
	file := output
	if file == "" {
		file = defaultLock
	}
	old, err := drv.Read(file)
	if err != nil {
		return err
	}
	re := old.Regenerate
	if len(re) < 2 || re[0] != "opam2drv" || re[1] != "lock" {
		return fmt.Errorf("%s: regenerate is %q, not an opam2drv lock command; run lock --check with the lock's arguments", file, re)
	}
	lf := &lockFlags{}
	args, err := parseInterspersed(newLockFlags(lf), re[2:])
	if err != nil {
		return fmt.Errorf("%s: regenerate %q: %w", file, re, err)
	}
	lf.check, lf.against = true, file
	ctx.Logf("checking %s with: %s", file, strings.Join(re, " "))
	return runLock(ctx, lf, args)
}

const lockHelp = `
lock reads the project's opam files, solves their dependencies against the
repositories, and writes the plan that hillingar's Nix library builds: the
lock (docs/lock-format.md).

A PROJECT is an opam file, or a folder whose *.opam files (or, for a
"mirage configure" output folder, mirage/*.opam files) are read; the
current folder when none is given. A CONSTRAINT is an extra package
request such as mirage>=4.5 or dune.3.15.3.

The lock is written atomically to opam2drv.lock.json in the first
project's folder, or to -o FILE; -o - prints it on standard output (the
Nix library's import-from-derivation path). It records the exact command
that regenerates it, the variables, and fingerprints of its inputs: each
project file's hash, and each repository's identity, the ID given as
--repo NAME=PATH@ID (a commit, a flake input's narHash) or else a hash of
the repository's package list and of every file the solve read.

--check re-solves with the same arguments, writes nothing, and exits 1
naming what changed (a file's hash, a variable, a repository identity,
the constraints) when the lock no longer matches its inputs. Given with
no project, constraint, --repo or --env (only -o FILE, or nothing for
opam2drv.lock.json here), it takes the arguments from the lock's
regenerate entry and runs them from the current folder.

Sources whose opam checksum is only an md5, and git sources, have no Nix
hash until they are downloaded: the lock lists them in missingHashes.
--prefetch downloads and hashes them (a progress bar is drawn when stderr
is a terminal). A downloaded file whose checksum differs from opam's is
rejected, showing both.

Exit codes: 0 success, 1 failure or --check found a change, 2 bad usage,
3 no solution (the resolver's explanation is printed).

Example, a MirageOS unikernel against a snapshot and the dune-universe
overlays:

	$ opam2drv lock \
	    --repo opam-repository=snapshots/2024-06-01.tar.gz@331eeb2 \
	    --repo opam-overlays=snapshots/opam-overlays.tar.gz \
	    --repo mirage-overlays=snapshots/mirage-opam-overlays.tar.gz \
	    --env monorepo=false \
	    mirage/noop-hvt.opam
	$ opam2drv why lwt --lock mirage/opam2drv.lock.json
	$ opam2drv lock --check --repo ... mirage/noop-hvt.opam
`

// project is one of the project's opam files.
type project struct {
	name string
	path string // as found on disk
	rel  string // relative to the lock's folder, slash separated
	data []byte
	file *opam.File
}

// parseInterspersed parses the flags that follow positional arguments
// (opam2drv lock FILE --repo R), which the flag package leaves alone, and
// returns the positional arguments. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--":
			return append(pos, args[1:]...), nil
		case strings.HasPrefix(a, "-") && a != "-":
			if err := fs.Parse(args); err != nil {
				return nil, usagef("%v", err)
			}
			args = fs.Args()
		default:
			pos = append(pos, a)
			args = args[1:]
		}
	}
	return pos, nil
}

// reset gives the flags their defaults again after a run, so that a
// process (a test) can run the command several times.
func (lf *lockFlags) reset() { *lf = lockFlags{jobs: 8} }

func runLock(ctx *Context, lf *lockFlags, args []string) error {
	start := time.Now()
	paths, atoms, err := splitLockArgs(args)
	if err != nil {
		return err
	}
	if len(lf.repos) == 0 {
		return usagef("give at least one --repo PATH")
	}
	env, err := lockEnv(lf.env)
	if err != nil {
		return err
	}
	projects, lockDir, err := readProjects(paths)
	if err != nil {
		return err
	}
	out := lf.output
	if lf.against != "" {
		out = lf.against
	} else if out == "" {
		out = filepath.Join(lockDir, defaultLock)
	} else if out != "-" {
		if lockDir, err = filepath.Abs(filepath.Dir(out)); err != nil {
			return err
		}
	}
	if err := relativize(projects, lockDir); err != nil {
		return err
	}
	ctx.Logf("read %d project file(s)", len(projects))

	repos, err := openLockRepos(ctx, lf.repos)
	if err != nil {
		return err
	}
	plan, err := solveAndPlan(ctx, lf, env, projects, repos, atoms)
	if err != nil {
		return err
	}
	plan.Regenerate = regenerate(args, lf)
	defer func() { ctx.Logf("done in %v", lockSince(start)) }()
	if lf.check {
		return checkLock(ctx, out, plan)
	}
	// A failed prefetch still writes the lock: what failed stays listed
	// in missingHashes.
	var fetchErr error
	if lf.prefetch {
		fetchErr = prefetch(ctx, lf, plan)
	}
	return errors.Join(writeLock(ctx, out, plan), fetchErr)
}

// splitLockArgs tells project paths (existing files or folders) from
// constraints.
func splitLockArgs(args []string) (paths []string, atoms []resolve.Atom, err error) {
	for _, a := range args {
		if _, statErr := os.Stat(a); statErr == nil {
			paths = append(paths, a)
			continue
		}
		atom, perr := opamuniverse.ParseAtom(a)
		if perr != nil {
			return nil, nil, usagef("%q is neither a file nor a folder nor a package constraint: %v", a, perr)
		}
		atoms = append(atoms, atom)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	return paths, atoms, nil
}

// lockEnv returns the default environment updated by --env.
func lockEnv(settings []string) (map[string]string, error) {
	env := map[string]string{}
	for k, v := range defaultEnv {
		env[k] = v
	}
	for _, s := range settings {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return nil, usagef("--env %q: want NAME=VALUE", s)
		}
		env[k] = v
	}
	return env, nil
}

// readProjects reads the opam files named by paths and returns them with
// the lock's default folder (the first path's folder).
func readProjects(paths []string) ([]*project, string, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, "", err
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		found, err := projectFiles(p)
		if err != nil {
			return nil, "", err
		}
		files = append(files, found...)
	}
	lockDir, err := filepath.Abs(paths[0])
	if err != nil {
		return nil, "", err
	}
	if fi, _ := os.Stat(paths[0]); fi != nil && !fi.IsDir() {
		lockDir = filepath.Dir(lockDir)
	}
	var projects []*project
	var errs []error
	seen := map[string]string{}
	for _, f := range files {
		pr, err := readProject(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := seen[pr.name]; dup {
			errs = append(errs, fmt.Errorf("%s and %s both define package %s; lock them separately", other, f, pr.name))
			continue
		}
		seen[pr.name] = f
		projects = append(projects, pr)
	}
	return projects, lockDir, errors.Join(errs...)
}

// projectFiles lists a folder's *.opam files (and its opam file), or
// those of its mirage/ subfolder when it has none.
func projectFiles(dir string) ([]string, error) {
	for _, d := range []string{dir, filepath.Join(dir, "mirage")} {
		found, err := filepath.Glob(filepath.Join(d, "*.opam"))
		if err != nil {
			return nil, err
		}
		if fi, err := os.Stat(filepath.Join(d, "opam")); err == nil && !fi.IsDir() {
			found = append(found, filepath.Join(d, "opam"))
		}
		if len(found) > 0 {
			sort.Strings(found)
			return found, nil
		}
	}
	return nil, fmt.Errorf("%s: no *.opam file here nor in %s; name the opam files to lock", dir, filepath.Join(dir, "mirage"))
}

// readProject reads and parses one opam file; its package name is its
// name field, or the file name up to the first '.' ("hello.opam",
// "noop-hvt.mirage-4.5.0.opam"), or the folder's name for a file named
// "opam".
func readProject(path string) (*project, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := opam.Parse(filepath.ToSlash(path), data)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(path), ".opam")
	if filepath.Base(path) == "opam" {
		abs, _ := filepath.Abs(path)
		name = filepath.Base(filepath.Dir(abs))
	}
	name, _, _ = strings.Cut(name, ".")
	if v, ok := opam.Field(f.Items, "name"); ok && v.Kind == opam.KindString {
		name = v.Str
	}
	return &project{name: name, path: path, data: data, file: f}, nil
}

// relativize sets each project's path relative to the lock's folder.
func relativize(projects []*project, lockDir string) error {
	for _, p := range projects {
		abs, err := filepath.Abs(p.path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(lockDir, abs)
		if err != nil {
			return err
		}
		p.rel = filepath.ToSlash(rel)
	}
	return nil
}

// regenerate returns the command that rewrites the lock: the arguments
// as given, without --check and --prefetch-independent noise.
func regenerate(args []string, lf *lockFlags) []string {
	cmd := []string{"opam2drv", "lock"}
	for _, r := range lf.repos {
		cmd = append(cmd, "--repo", r)
	}
	for _, e := range lf.env {
		cmd = append(cmd, "--env", e)
	}
	if lf.withTest {
		cmd = append(cmd, "--with-test")
	}
	if lf.withDoc {
		cmd = append(cmd, "--with-doc")
	}
	if lf.prefetch {
		cmd = append(cmd, "--prefetch")
	}
	if lf.output != "" {
		cmd = append(cmd, "-o", lf.output)
	}
	return append(cmd, args...)
}
