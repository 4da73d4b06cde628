// Command mksubset copies, from unpacked opam repositories, every package
// folder that locking some opam files reads: all versions of each name the
// solves reach (opam's version lag counts them all), in both the plain and
// the unikernel modes of opam2drv lock. The result is the small real
// repository subset under tests/ that lets the README's example and tests
// run on a fresh clone.
//
// Usage:
//
//	go run ./scripts/mksubset -out tests/repo-subset \
//	    -repo opam-repository=DIR -repo opam-overlays=DIR ... FILE.opam...
//
// Each -repo NAME=DIR is an unpacked repository, the first the highest
// priority; the subset of DIR goes to OUT/NAME.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/repository"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
	"github.com/hillingar/hillingar/pkg/unikernel"
)

// recorder is an opamuniverse.Source that remembers every name asked for.
type recorder struct {
	opamuniverse.Source
	mu    sync.Mutex
	names map[string]bool
}

func (r *recorder) Versions(name string) []string {
	r.mu.Lock()
	r.names[name] = true
	r.mu.Unlock()
	return r.Source.Versions(name)
}

type namedRepo struct{ name, dir string }

type repoFlags []namedRepo

func (f *repoFlags) String() string { return "" }

func (f *repoFlags) Set(s string) error {
	name, dir, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want NAME=DIR, got %q", s)
	}
	*f = append(*f, namedRepo{name, dir})
	return nil
}

var platform = map[string]string{
	"arch": "x86_64", "os": "linux", "os-family": "nixos", "os-distribution": "nixos",
	"opam-version": "2.1.2",
}

func main() {
	var repos repoFlags
	out := flag.String("out", "", "output folder")
	flag.Var(&repos, "repo", "NAME=DIR, repeated in priority order")
	flag.Parse()
	if *out == "" || len(repos) == 0 || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: mksubset -out DIR -repo NAME=DIR... FILE.opam...")
		os.Exit(2)
	}
	if err := run(*out, repos, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "mksubset:", err)
		os.Exit(1)
	}
}

func run(out string, repos []namedRepo, files []string) error {
	var opened []*repository.Repo
	for _, r := range repos {
		repo, err := repository.Open(r.dir)
		if err != nil {
			return err
		}
		opened = append(opened, repo)
	}
	rec := &recorder{Source: opamuniverse.FromRepository(repository.NewStack(opened...)), names: map[string]bool{}}
	for _, path := range files {
		if err := solveBoth(rec, path); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	names := make([]string, 0, len(rec.names))
	for n := range rec.names {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, r := range repos {
		if err := copySubset(r, filepath.Join(out, r.name), names); err != nil {
			return err
		}
	}
	fmt.Printf("%d names copied\n", len(names))
	return nil
}

// solveBoth locks path as a plain project and as a unikernel.
func solveBoth(rec *recorder, path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := opam.Parse(path, src)
	if err != nil {
		return err
	}
	name := strings.TrimSuffix(filepath.Base(path), ".opam")
	u := opamuniverse.New(rec, opamuniverse.Options{Env: platform})
	req := &resolve.Request{Roots: []resolve.Root{u.Root(name, f)}}
	if _, err := resolve.Solve(u, req, nil); err != nil {
		return err
	}
	_, _, err = unikernel.Lock(rec, name, f, src, unikernel.LockOptions{DefaultEnv: platform, RequireCrossCompile: true})
	return err
}

// copySubset copies the repo file and packages/NAME of each name that the
// repository has.
func copySubset(r namedRepo, dst string, names []string) error {
	if err := os.MkdirAll(filepath.Join(dst, "packages"), 0o755); err != nil {
		return err
	}
	if b, err := os.ReadFile(filepath.Join(r.dir, "repo")); err == nil {
		if err := os.WriteFile(filepath.Join(dst, "repo"), b, 0o644); err != nil {
			return err
		}
	}
	for _, n := range names {
		src := filepath.Join(r.dir, "packages", n)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		if err := copyTree(src, filepath.Join(dst, "packages", n)); err != nil {
			return err
		}
	}
	return nil
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
