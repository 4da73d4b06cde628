// Command realplan writes a plan for a real package set, for the Nix
// library's evaluation tests: it reads a list of name.version lines (opam's
// own solution, from the oracle in ../shared/oracle) and the opam files of
// a repository snapshot, and turns them into a plan with pkg/drv. The
// package sets are opam's answers, not opam2drv's, so these tests of the
// Nix side do not depend on the resolver.
//
// Usage:
//
//	go run ./tests/nix/realplan -repo SNAPSHOT.tar.gz -o DIR SOLUTION...
//
// writes DIR/NAME.json for each SOLUTION file NAME.solution. A name.version
// that the repository does not have (the project's own package, in a
// solution of `opam install --deps-only`) is left out.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/repository"
)

func main() {
	repo := flag.String("repo", "", "opam repository: a folder or a .tar.gz snapshot")
	out := flag.String("o", ".", "output folder")
	flag.Parse()
	if err := run(*repo, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "realplan:", err)
		os.Exit(1)
	}
}

func run(repoPath, out string, solutions []string) error {
	if repoPath == "" || len(solutions) == 0 {
		return errors.New("usage: realplan -repo REPO -o DIR SOLUTION...")
	}
	r, err := openRepo(repoPath)
	if err != nil {
		return err
	}
	var errs []error
	for _, sol := range solutions {
		name := strings.TrimSuffix(filepath.Base(sol), ".solution")
		if err := writePlan(r, sol, filepath.Join(out, name+".json")); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", sol, err))
		}
	}
	return errors.Join(errs...)
}

func writePlan(r *repository.Repo, solution, out string) error {
	sel, err := readSolution(solution)
	if err != nil {
		return err
	}
	req := &drv.Request{Env: map[string]string{
		"arch": "x86_64", "os": "linux", "os-distribution": "debian", "os-family": "debian", "os-version": "12",
	}}
	for _, nv := range sel {
		name, ver, _ := strings.Cut(nv, ".")
		if !r.Has(name, ver) {
			continue
		}
		p, err := r.Package(name, ver)
		if err != nil {
			return err
		}
		files, err := p.Files()
		if err != nil {
			return err
		}
		req.Packages = append(req.Packages, drv.Input{Name: name, Version: ver, Opam: p.File, Files: files})
	}
	plan, err := drv.Build(req)
	if err != nil {
		return err
	}
	plan.Generator = "realplan (tests/nix)"
	data, err := drv.Encode(plan)
	if err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

func openRepo(path string) (*repository.Repo, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return repository.Open(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return repository.ReadArchive(path, f)
}

func readSolution(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			if !strings.Contains(l, ".") {
				return nil, fmt.Errorf("%s: %q is not name.version", path, l)
			}
			out = append(out, l)
		}
	}
	return out, sc.Err()
}
