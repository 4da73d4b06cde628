package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/repository"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
	"github.com/hillingar/hillingar/pkg/unikernel"
)

// unikernelMode returns the index in projects of the unikernel's opam
// file, or -1 for a plain lock. The lock is a unikernel's when asked with
// --unikernel or --from-monorepo-lock, or when a project file has
// x-opam-monorepo-opam-provided (unless --no-unikernel). The unikernel is
// the one file with that field, else the first; the other files are its
// local packages. It checks that the flags fit the mode.
func unikernelMode(lf *lockFlags, projects []*project) (int, error) {
	if lf.noUnikernel && (lf.unikernel || lf.fromLock != "") {
		return -1, usagef("--no-unikernel contradicts --unikernel and --from-monorepo-lock")
	}
	var provided []int
	for i, p := range projects {
		if _, ok := opam.Field(p.file.Items, unikernel.FieldOpamProvided); ok {
			provided = append(provided, i)
		}
	}
	uk := lf.unikernel || lf.fromLock != "" || len(provided) > 0 && !lf.noUnikernel
	if !uk {
		if len(lf.repoMap) > 0 || lf.noCross || lf.noPinTool {
			return -1, usagef("--repo-map, --no-cross-compile and --no-pin-tool apply to unikernels only: " +
				"the project files have no x-opam-monorepo-opam-provided field (add --unikernel to lock one as a unikernel)")
		}
		return -1, nil
	}
	if len(provided) > 1 {
		var names []string
		for _, i := range provided {
			names = append(names, projects[i].path)
		}
		return -1, usagef("a unikernel is locked one target at a time, and %d unikernel opam files were found (%s): name one, such as mirage/NAME-TARGET.opam, or add --no-unikernel",
			len(provided), strings.Join(names, ", "))
	}
	if lf.withTest || lf.withDoc {
		return -1, usagef("--with-test and --with-doc do not apply to unikernels (mirage builds them with --build-only)")
	}
	if len(provided) == 1 {
		return provided[0], nil
	}
	return 0, nil
}

// unikernelLock is a unikernel-mode lock before it is written: the plan
// and the split that Annotate records once sources are final.
type unikernelLock struct {
	split  *unikernel.Plan
	target *unikernel.Target
}

// finish records the split and the target in dp. It runs after prefetch,
// since the duniverse map copies the records' sources.
func (u *unikernelLock) finish(dp *drv.Plan) error {
	if err := unikernel.Annotate(dp, u.split); err != nil {
		return err
	}
	return u.target.Record(dp)
}

// lockUnikernel solves (or converts --from-monorepo-lock for) the
// unikernel projects[uk], whose local packages are the other projects,
// and returns its plan with the header's inputs filled.
func lockUnikernel(ctx *Context, lf *lockFlags, projects []*project, uk int, lockDir string, atoms []resolve.Atom) (*drv.Plan, *unikernelLock, error) {
	p := projects[uk]
	local := map[string]*project{}
	for i, q := range projects {
		if i != uk {
			local[q.name] = q
		}
	}
	explicit, err := keyValues("--env", lf.env)
	if err != nil {
		return nil, nil, err
	}
	mapping, err := keyValues("--repo-map", lf.repoMap)
	if err != nil {
		return nil, nil, err
	}
	for from, path := range mapping {
		if path == "" {
			return nil, nil, usagef("--repo-map %s=: give the local folder or .tar.gz that stands for %s", from, from)
		}
	}
	pc, err := unikernel.ReadConfig(p.file, p.data)
	if err != nil {
		return nil, nil, err
	}
	repos, err := unikernelRepos(ctx, lf, p, pc, mapping)
	if err != nil {
		return nil, nil, err
	}
	stack := stackOf(repos)
	rec := &recorder{Source: opamuniverse.FromRepository(stack), read: map[string]bool{}}
	defaults := copyEnv(defaultEnv)

	start := time.Now()
	var split *unikernel.Plan
	var opamFiles map[string]*opam.File
	var extra []*project // input files besides the project: a monorepo lock, pinned opam files
	if lf.fromLock != "" {
		if len(atoms) > 0 {
			return nil, nil, usagef("--from-monorepo-lock takes every version from the lock: give no constraint")
		}
		var lockFile *project
		split, opamFiles, lockFile, err = convertMonorepoLock(lf.fromLock, rec, unikernel.MergeEnv(defaults, pc, nil), explicit)
		extra = []*project{lockFile}
	} else {
		var pinned []*project
		opamFiles, pinned, err = pinFiles(projects, rec)
		if err != nil {
			return nil, nil, err
		}
		split, err = solveUnikernel(ctx, lf, p, local, rec, defaults, explicit, atoms, opamFiles)
		extra = pinned
	}
	if err != nil {
		return nil, nil, err
	}
	ctx.Logf("unikernel: %d packages, %d vendored in %d duniverse folders, %d package versions read, in %v",
		len(split.Packages), len(split.Names(func(q *unikernel.Package) bool { return q.Vendored })), len(split.Dirs),
		len(rec.readList()), lockSince(start))

	dp, err := unikernelDrvPlan(stack, split, opamFiles, projects)
	if err != nil {
		return nil, nil, err
	}
	printWarnings(ctx, lf, dp)
	dp.Generator = "opam2drv " + Version
	if dp.Inputs, err = lockInputs(lf, projects, repos, stack, rec.readList(), atoms); err != nil {
		return nil, nil, err
	}
	if err := addInputFiles(dp, extra, lockDir); err != nil {
		return nil, nil, err
	}
	return dp, &unikernelLock{split: split, target: unikernel.TargetOf(p.name, p.rel, p.file)}, nil
}

// solveUnikernel runs the joint solve of tools and vendored libraries.
func solveUnikernel(ctx *Context, lf *lockFlags, p *project, local map[string]*project, files opamuniverse.Source,
	defaults, explicit map[string]string, atoms []resolve.Atom, pins map[string]*opam.File) (*unikernel.Plan, error) {
	opts := unikernel.LockOptions{DefaultEnv: defaults, Env: explicit, RequireCrossCompile: !lf.noCross,
		NoPinTool: lf.noPinTool, Atoms: atoms, Pins: pins, Local: map[string]*opam.File{}}
	for name, q := range local {
		opts.Local[name] = q.file
	}
	plan, _, err := unikernel.Lock(files, p.name, p.file, p.data, opts)
	var ns *resolve.NoSolutionError
	if errors.As(err, &ns) {
		// err, not ns: the unikernel rules add why versions were not
		// eligible for vendoring.
		return nil, &exitError{code: exitNoSolution, err: err}
	}
	if err != nil {
		return nil, err
	}
	if !lf.check {
		// A version that cannot be read is left out, which can change
		// the plan: say so, as the plain mode does.
		for _, problem := range plan.Problems {
			fmt.Fprintf(ctx.Stderr, "opam2drv: warning: %v\n", problem)
		}
	}
	ctx.Logf("unikernel: %d names reached, %d solver calls, cost %v",
		plan.Solution.Stats.Names, plan.Solution.Stats.Solves, plan.Solution.Cost)
	if !plan.Solution.Optimal {
		fmt.Fprintln(ctx.Stderr, "opam2drv: warning: the optimisation bound was reached; the lock is valid but may not be opam's choice")
	}
	return plan, nil
}

// convertMonorepoLock reads an opam-monorepo lock and turns it into a
// plan without solving. The variables are env (the defaults and the
// project file's), then the lock's x-opam-monorepo-global-opam-vars, then
// explicit. It returns the lock file as a project, for its fingerprint.
func convertMonorepoLock(path string, files opamuniverse.Source, env, explicit map[string]string) (*unikernel.Plan, map[string]*opam.File, *project, error) {
	data, err := readInputFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	f, err := opam.Parse(filepath.ToSlash(path), data)
	if err != nil {
		return nil, nil, nil, err
	}
	ml, err := unikernel.ReadMonorepoLock(f)
	if err != nil {
		return nil, nil, nil, err
	}
	for k, v := range ml.GlobalVars {
		env[k] = v
	}
	for k, v := range explicit {
		env[k] = v
	}
	plan, opamFiles, err := unikernel.FromMonorepoLock(ml, files, env)
	if err != nil {
		return nil, nil, nil, err
	}
	plan.Env = env
	return plan, opamFiles, &project{path: path, data: data}, nil
}

// unikernelDrvPlan builds the package records of every package of the
// split, vendored ones included, and the records of the projects: the
// unikernel and its local packages, read with unikernel.RootVars.
func unikernelDrvPlan(stack *repository.Stack, split *unikernel.Plan, opamFiles map[string]*opam.File, projects []*project) (*drv.Plan, error) {
	req := &drv.Request{Env: split.Env}
	for _, p := range projects {
		req.Projects = append(req.Projects, drv.ProjectInput{Name: p.name, File: p.rel, Opam: p.file, Env: unikernel.RootVars()})
	}
	chosen := make([]*resolve.Candidate, 0, len(split.Packages))
	for _, q := range split.Packages {
		chosen = append(chosen, q.Candidate)
	}
	return buildWithPackages(req, stack, chosen, opamFiles)
}

// unikernelRepos opens the repositories of a unikernel lock: those the
// opam file names (x-opam-monorepo-opam-repositories, x-mirage-extra-repo)
// first, in the file's order, then the --repo ones. A repository the file
// names is the --repo of the same NAME when there is one (it keeps its
// --repo place), else the --repo-map entry for its URL or name, else,
// for file://$OPAM_MONOREPO_CWD/DIR, DIR beside the opam file; a named
// folder that is also a --repo is opened once, at its --repo place.
func unikernelRepos(ctx *Context, lf *lockFlags, p *project, pc *unikernel.ProjectConfig, mapping map[string]string) ([]repoSpec, error) {
	given, err := parseRepoSpecs(lf.repos)
	if err != nil {
		return nil, err
	}
	byName, byPath := map[string]bool{}, map[string]bool{}
	for _, r := range given {
		byName[r.name] = true
		byPath[absPath(r.path)] = true
	}
	var refs []unikernel.RepoRef
	for _, r := range pc.Repositories {
		if r.Name == "" || !byName[r.Name] {
			refs = append(refs, r)
		}
	}
	paths, err := unikernel.MapRepositories(p.path, refs, mapping)
	if err != nil {
		return nil, err
	}
	var named []repoSpec
	for i, path := range paths {
		if !filepath.IsAbs(path) && !isMapped(path, mapping) {
			path = filepath.Join(filepath.Dir(p.path), filepath.FromSlash(path))
		}
		if byPath[absPath(path)] {
			continue
		}
		byPath[absPath(path)] = true
		name := refs[i].Name
		if name == "" {
			name = repoBaseName(path)
		}
		named = append(named, repoSpec{name: name, path: path})
	}
	all := append(named, given...)
	if len(all) == 0 {
		return nil, usagef("give at least one --repo PATH (%s names no repository)", p.path)
	}
	if err := checkRepoNames(all); err != nil {
		return nil, err
	}
	return all, openRepoSpecs(ctx, all)
}

// isMapped reports whether p is one of the user's --repo-map paths (taken
// as given, relative to the working folder).
func isMapped(p string, mapping map[string]string) bool {
	for _, v := range mapping {
		if v == p {
			return true
		}
	}
	return false
}

// absPath returns p made absolute and clean, or p when that fails.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// keyValues splits NAME=VALUE flags.
func keyValues(flagName string, kvs []string) (map[string]string, error) {
	m := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("%s %q: want NAME=VALUE", flagName, kv)
		}
		m[k] = v
	}
	return m, nil
}

// copyEnv returns a copy of env.
func copyEnv(env map[string]string) map[string]string {
	out := make(map[string]string, len(env))
	for k, v := range env {
		out[k] = v
	}
	return out
}
