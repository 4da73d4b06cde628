package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/repository"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
	"github.com/hillingar/hillingar/pkg/unikernel"
)

// repoSpec is one --repo value: [NAME=]PATH[@ID].
type repoSpec struct {
	name, path, id string
	repo           *repository.Repo
}

// parseRepoSpec reads [NAME=]PATH[@ID]. NAME defaults to the path's base
// name without .tar.gz, .tgz or .tar.
func parseRepoSpec(s string) (repoSpec, error) {
	var r repoSpec
	if i := strings.IndexByte(s, '='); i > 0 && !strings.ContainsAny(s[:i], `/\`) {
		r.name, s = s[:i], s[i+1:]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 && !strings.ContainsAny(s[i:], `/\`) {
		r.id, s = s[i+1:], s[:i]
		if r.id == "" {
			return r, usagef("--repo %q: empty identity after @", s)
		}
	}
	if s == "" {
		return r, usagef("--repo: empty path")
	}
	r.path = s
	if r.name == "" {
		r.name = repoBaseName(s)
	}
	return r, nil
}

// parseRepoSpecs reads every --repo value, in order.
func parseRepoSpecs(specs []string) ([]repoSpec, error) {
	var repos []repoSpec
	for _, s := range specs {
		r, err := parseRepoSpec(s)
		if err != nil {
			return nil, err
		}
		repos = append(repos, r)
	}
	return repos, nil
}

// repoBaseName is a repository's default name: its path's base name
// without .tar.gz, .tgz or .tar.
func repoBaseName(path string) string {
	base := filepath.Base(filepath.Clean(path))
	for _, ext := range []string{".tar.gz", ".tgz", ".tar"} {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// checkRepoNames refuses two repositories with one name: the lock
// records identities by name.
func checkRepoNames(repos []repoSpec) error {
	names := map[string]bool{}
	for _, r := range repos {
		if names[r.name] {
			return usagef("two repositories are named %q; name them with --repo NAME=PATH", r.name)
		}
		names[r.name] = true
	}
	return nil
}

// openLockRepos opens every --repo in order.
func openLockRepos(ctx *Context, specs []string) ([]repoSpec, error) {
	repos, err := parseRepoSpecs(specs)
	if err != nil {
		return nil, err
	}
	if err := checkRepoNames(repos); err != nil {
		return nil, err
	}
	return repos, openRepoSpecs(ctx, repos)
}

// openRepoSpecs opens each repository in place.
func openRepoSpecs(ctx *Context, repos []repoSpec) error {
	for i := range repos {
		r := &repos[i]
		var err error
		start := time.Now()
		if r.repo, err = repository.OpenNamed(r.name, r.path); err != nil {
			return err
		}
		if ctx.Verbose {
			// Count lists a folder repository's every package folder:
			// only worth it when asked.
			ctx.Logf("opened repository %s (%s, %d package versions) in %v", r.name, r.path, r.repo.Count(), lockSince(start))
		}
	}
	return nil
}

// stackOf stacks the opened repositories in order.
func stackOf(repos []repoSpec) *repository.Stack {
	var rs []*repository.Repo
	for _, r := range repos {
		rs = append(rs, r.repo)
	}
	return repository.NewStack(rs...)
}

func lockSince(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }

// recorder is an opamuniverse.Source that remembers which package
// versions the solve read, for the repositories' fingerprints.
type recorder struct {
	opamuniverse.Source
	mu   sync.Mutex
	read map[string]bool
}

func (r *recorder) File(name, version string) (*opam.File, error) {
	r.mu.Lock()
	r.read[name+"."+version] = true
	r.mu.Unlock()
	return r.Source.File(name, version)
}

// readList returns the recorded name.version strings, sorted.
func (r *recorder) readList() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.read))
	for k := range r.read {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// solveAndPlan solves the request and builds the plan with its header.
func solveAndPlan(ctx *Context, lf *lockFlags, env map[string]string, projects []*project, lockDir string, repos []repoSpec, atoms []resolve.Atom) (*drv.Plan, error) {
	stack := stackOf(repos)
	rec := &recorder{Source: opamuniverse.FromRepository(stack), read: map[string]bool{}}
	opts := opamuniverse.Options{Env: env, Local: map[string]*opam.File{}}
	for _, p := range projects {
		opts.Local[p.name] = p.file
		if lf.withTest {
			opts.WithTest = append(opts.WithTest, p.name)
		}
		if lf.withDoc {
			opts.WithDoc = append(opts.WithDoc, p.name)
		}
	}
	// opam's --with-test and --with-doc apply to the requested packages:
	// the project's and the constraints' names.
	for _, a := range atoms {
		if lf.withTest {
			opts.WithTest = append(opts.WithTest, a.Name)
		}
		if lf.withDoc {
			opts.WithDoc = append(opts.WithDoc, a.Name)
		}
	}
	pinned, pinnedFolders, err := pinFiles(projects, rec)
	if err != nil {
		return nil, err
	}
	var projectFiles []*opam.File
	for _, p := range projects {
		projectFiles = append(projectFiles, p.file)
	}
	files, err := unikernel.ApplyPins(rec, projectFiles, pinned)
	if err != nil {
		return nil, err
	}
	u := opamuniverse.New(files, opts)
	req := &resolve.Request{Atoms: atoms}
	for _, p := range projects {
		req.Roots = append(req.Roots, u.Root(p.name, p.file))
	}

	start := time.Now()
	sol, err := resolve.Solve(u, req, nil)
	if !lf.check {
		// A version that cannot be read is left out, which can change
		// the plan: say so, as solve does.
		for _, p := range u.Problems() {
			fmt.Fprintf(ctx.Stderr, "opam2drv: warning: %v\n", p)
		}
	}
	if err != nil {
		var nse *resolve.NoSolutionError
		if errors.As(err, &nse) {
			return nil, &exitError{code: exitNoSolution, err: noSolution(nse)}
		}
		return nil, err
	}
	ctx.Logf("solved: %d packages, %d package versions read, in %v (optimal: %v)",
		len(sol.Packages), len(rec.readList()), lockSince(start), sol.Optimal)

	start = time.Now()
	plan, err := buildPlan(env, projects, stack, sol, pinned)
	if err != nil {
		return nil, err
	}
	printWarnings(ctx, lf, plan)
	plan.Generator = "opam2drv " + Version
	plan.Inputs, err = lockInputs(lf, projects, repos, stack, rec.readList(), atoms)
	if err != nil {
		return nil, err
	}
	if err := addInputFiles(plan, pinnedFolders, lockDir); err != nil {
		return nil, err
	}
	ctx.Logf("planned %d packages (%d without a Nix hash) in %v", len(plan.Packages), len(plan.MissingHashes), lockSince(start))
	return plan, nil
}

// noSolution formats the resolver's explanation, one constraint a line.
func noSolution(e *resolve.NoSolutionError) error {
	var b strings.Builder
	b.WriteString("no solution: these constraints cannot all hold:")
	for _, c := range e.Conflicts {
		b.WriteString("\n  ")
		if c.Pos.File != "" {
			b.WriteString(c.Pos.String() + ": ")
		}
		b.WriteString(c.Text)
	}
	return errors.New(b.String())
}

// buildPlan reads the chosen packages and turns them into a plan; a
// pinned package's opam file is pinned's (its source is the pin's).
func buildPlan(env map[string]string, projects []*project, stack *repository.Stack, sol *resolve.Solution, pinned map[string]*opam.File) (*drv.Plan, error) {
	local := map[string]bool{}
	req := &drv.Request{Env: env}
	for _, p := range projects {
		local[p.name] = true
		req.Projects = append(req.Projects, drv.ProjectInput{Name: p.name, File: p.rel, Opam: p.file})
	}
	var chosen []*resolve.Candidate
	for _, c := range sol.Packages {
		if !local[c.Name] {
			chosen = append(chosen, c)
		}
	}
	return buildWithPackages(req, stack, chosen, pinned)
}

// buildWithPackages adds the input of each package of chosen to req, read
// with packageInput (opamFiles by name replacing the repository's opam
// file), and builds the plan. The errors of all packages are joined.
func buildWithPackages(req *drv.Request, stack *repository.Stack, chosen []*resolve.Candidate, opamFiles map[string]*opam.File) (*drv.Plan, error) {
	var errs []error
	for _, c := range chosen {
		in, err := packageInput(stack, c.Name, c.Version, opamFiles[c.Name])
		if err != nil {
			errs = append(errs, err)
		}
		req.Packages = append(req.Packages, in)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return drv.Build(req)
}

// packageInput reads name.version's opam file and files/ folder from
// stack. A non-nil opamFile (a pin's, or a vendored package's own) is used
// instead of the repository's, and then the package need not be in stack.
func packageInput(stack *repository.Stack, name, version string, opamFile *opam.File) (drv.Input, error) {
	in := drv.Input{Name: name, Version: version, Opam: opamFile}
	pkg, err := stack.Package(name, version)
	switch {
	case err == nil:
		if in.Opam == nil {
			in.Opam = pkg.File
		}
		in.Files, err = pkg.Files()
		return in, err
	case in.Opam == nil:
		return in, err
	}
	return in, nil
}

// lockInputs computes the fingerprints --check compares.
func lockInputs(lf *lockFlags, projects []*project, repos []repoSpec, stack *repository.Stack, read []string, atoms []resolve.Atom) (drv.Inputs, error) {
	in := drv.Inputs{Files: map[string]string{}, WithTest: lf.withTest, WithDoc: lf.withDoc}
	for _, p := range projects {
		in.Files[p.rel] = drv.SRISHA256(p.data)
	}
	for _, a := range atoms {
		in.Constraints = append(in.Constraints, a.String())
	}
	for _, r := range repos {
		id := r.id
		if id == "" {
			var mine []string
			for _, nv := range read {
				if name, ver, ok := strings.Cut(nv, "."); ok && stack.Find(name, ver) == r.repo {
					mine = append(mine, nv)
				}
			}
			fp, err := repository.NewStack(r.repo).Fingerprint(mine)
			if err != nil {
				return in, fmt.Errorf("fingerprint of repository %s: %w", r.name, err)
			}
			id = fp
		}
		in.Repositories = append(in.Repositories, drv.Repository{Name: r.name, Identity: id})
	}
	return in, nil
}

// printWarnings prints the problems drv.Build found without failing,
// except under --check, which stays quiet when the lock is up to date
// (the warnings were printed when it was written).
func printWarnings(ctx *Context, lf *lockFlags, plan *drv.Plan) {
	if lf.check {
		return
	}
	for _, w := range plan.Warnings() {
		fmt.Fprintf(ctx.Stderr, "opam2drv: warning: %v\n", w)
	}
}

// addInputFiles records the hashes of files besides the projects that the
// lock was made from (a monorepo lock, pinned folders' opam files) in its
// inputs, relative to the lock's folder lockDir.
func addInputFiles(plan *drv.Plan, files []*project, lockDir string) error {
	if err := relativize(files, lockDir); err != nil {
		return err
	}
	for _, f := range files {
		plan.Inputs.Files[f.rel] = drv.SRISHA256(f.data)
	}
	return nil
}
