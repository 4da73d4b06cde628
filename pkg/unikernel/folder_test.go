package unikernel

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hillingar/hillingar/pkg/opam"
)

// folders is a test-only opamuniverse.Source over repository folders
// (packages/NAME/NAME.VERSION/opam), the first folder having priority, plus
// files added in memory, which come first of all.
type folders struct {
	roots []string
	extra map[string]*opam.File // name.version

	mu    sync.Mutex
	cache map[string]*opam.File
}

func newFolders(roots ...string) *folders {
	return &folders{roots: roots, extra: map[string]*opam.File{}, cache: map[string]*opam.File{}}
}

// add puts an opam file for name.version in front of the folders.
func (s *folders) add(t *testing.T, name, version, text string) {
	t.Helper()
	f, err := opam.ParseString("memory/"+name+"."+version+"/opam", text)
	if err != nil {
		t.Fatal(err)
	}
	s.extra[name+"."+version] = f
}

func (s *folders) Versions(name string) []string {
	seen := map[string]bool{}
	var out []string
	for k := range s.extra {
		if n, v, _ := strings.Cut(k, "."); n == name && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for _, r := range s.roots {
		dirs, _ := filepath.Glob(filepath.Join(r, "packages", name, name+".*"))
		for _, d := range dirs {
			v := strings.TrimPrefix(filepath.Base(d), name+".")
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

func (s *folders) File(name, version string) (*opam.File, error) {
	if f, ok := s.extra[name+"."+version]; ok {
		return f, nil
	}
	for _, r := range s.roots {
		p := filepath.Join(r, "packages", name, name+"."+version, "opam")
		s.mu.Lock()
		f, ok := s.cache[p]
		s.mu.Unlock()
		if ok {
			return f, nil
		}
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if f, err = opam.Parse(p, b); err != nil {
			return nil, err
		}
		s.mu.Lock()
		s.cache[p] = f
		s.mu.Unlock()
		return f, nil
	}
	return nil, fmt.Errorf("%s.%s: no such package", name, version)
}

// readOpam parses an opam file and returns it with its bytes.
func readOpam(t *testing.T, path string) (*opam.File, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opam.Parse(filepath.ToSlash(path), b)
	if err != nil {
		t.Fatal(err)
	}
	return f, b
}

// lockProject locks the opam file at path with the repositories it names,
// mapped through MapRepositories relative to its folder, after the
// folders of extra (which come first).
func lockProject(t *testing.T, path string, opts LockOptions, extra ...string) (*Plan, *folders, error) {
	t.Helper()
	f, src := readOpam(t, path)
	pc, err := ReadConfig(f, src)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := MapRepositories(path, pc.Repositories, nil)
	if err != nil {
		t.Fatal(err)
	}
	roots := append([]string(nil), extra...)
	for _, r := range rel {
		roots = append(roots, filepath.Join(filepath.Dir(path), filepath.FromSlash(r)))
	}
	fs := newFolders(roots...)
	name := strings.TrimSuffix(filepath.Base(path), ".opam")
	plan, _, err := Lock(fs, name, f, src, opts)
	return plan, fs, err
}

// lockedView describes a plan as an opam-monorepo lock lists it:
// "name.version" for host packages and "name.version vendor" for vendored
// ones (a name both built and vendored is listed as vendored, as
// opam-monorepo does).
func lockedView(p *Plan) []string {
	var out []string
	for _, pk := range p.Packages {
		s := pk.Candidate.Name + "." + pk.Candidate.Version
		if pk.Vendored {
			s += " vendor"
		}
		out = append(out, s)
	}
	return out
}

// lockView describes an opam-monorepo lock as lockedView does.
func lockView(l *MonorepoLock) []string {
	var out []string
	for _, p := range l.Packages {
		s := p.Name + "." + p.Version
		if p.Vendored {
			s += " vendor"
		}
		out = append(out, s)
	}
	return out
}
