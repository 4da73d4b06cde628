package unikernel

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hillingar/hillingar/internal/testenv"
	"github.com/hillingar/hillingar/pkg/repository"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
)

// sharedDir returns ../shared next to the repository root (the folder
// holding go.mod), or skips the test.
func sharedDir(t *testing.T) string {
	testenv.Shared(t, "cases")
	return testenv.Shared(t, "")
}

var (
	archivesMu sync.Mutex
	archives   = map[string]*repository.Repo{}
)

// loadArchive opens (once per test binary) the repository archive p.
func loadArchive(t *testing.T, p string) *repository.Repo {
	t.Helper()
	archivesMu.Lock()
	defer archivesMu.Unlock()
	if r, ok := archives[p]; ok {
		return r
	}
	r, err := repository.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	archives[p] = r
	return r
}

// newStack stacks repositories, the first with the highest priority.
func newStack(repos ...*repository.Repo) opamuniverse.Source {
	return opamuniverse.FromRepository(repository.NewStack(repos...))
}

// linuxEnv pins the platform variables of the real-case solves.
var linuxEnv = map[string]string{
	"arch": "x86_64", "os": "linux", "os-family": "debian", "os-distribution": "debian", "os-version": "12",
}

// TestRealCases locks the generated opam files of folders 01, 03 and 05
// against the snapshot of their era and both overlays, and for 01 and 03
// prints how the vendored set differs from the committed opam-monorepo
// lock, name by name.
func TestRealCases(t *testing.T) {
	shared := sharedDir(t)
	snap := func(n string) string { return filepath.Join(shared, "opam-repository", n+".tar.gz") }
	// Name differences from the committed locks that are expected, and why.
	known := map[string]string{
		"+ conf-libseccomp": `solo5 depends on "conf-libseccomp" {build & os = "linux"}; ` +
			`we pin os=linux, and the committed lock has no conf-libseccomp, so it was made on another OS`,
	}
	cases := []struct{ file, snapshot, lock string }{
		{"01-pizie-between-blocks-unix-mirage-4.3.6/mirage_between_blocks-unix.opam", "2024-06-01", "01-pizie-between-blocks-unix-mirage-4.3.6/mirage_between_blocks-unix.opam.locked"},
		{"03-hannesm-hello-hvt-mirage-4.10.4/mirage_hello-hvt.opam", "2026-08-22", "03-hannesm-hello-hvt-mirage-4.10.4/mirage_hello-hvt.opam.locked"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.2.0.opam", "2022-10-10", ""},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.5.0.opam", "2024-06-01", ""},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.9.0.opam", "2026-08-22", ""},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.11.1.opam", "2026-08-22", ""},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-HEAD-4e11161.opam", "2026-08-22", ""},
		{"05-mirage-tool-test-expectations/noop-unix.mirage-HEAD-4e11161.opam", "2026-08-22", ""},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			path := filepath.Join(shared, "cases", c.file)
			f, src := readOpam(t, path)
			pc, err := ReadConfig(f, src)
			if err != nil {
				t.Fatal(err)
			}
			mapping := map[string]string{
				"opam-overlays":   snap("opam-overlays"),
				"mirage-overlays": snap("mirage-opam-overlays"),
			}
			repos, err := MapRepositories(path, pc.Repositories, mapping)
			if err != nil {
				t.Fatal(err)
			}
			var opened []*repository.Repo
			for _, r := range append(repos, snap(c.snapshot)) {
				opened = append(opened, loadArchive(t, r))
			}
			st := newStack(opened...)
			name := strings.TrimSuffix(filepath.Base(c.file), ".opam")
			opts := LockOptions{Env: linuxEnv, RequireCrossCompile: true}
			var ml *MonorepoLock
			if c.lock != "" {
				lf, _ := readOpam(t, filepath.Join(shared, "cases", c.lock))
				if ml, err = ReadMonorepoLock(lf); err != nil {
					t.Fatal(err)
				}
				// As opam-monorepo's --ocaml-version: the switch's OCaml.
				for _, p := range ml.Packages {
					if p.Name == "ocaml" {
						opts.Atoms = append(opts.Atoms, resolve.Atom{Name: "ocaml", Constraint: exactly(p.Version)})
					}
				}
			}
			plan, _, err := Lock(st, name, f, src, opts)
			if err != nil {
				t.Fatal(err)
			}
			source, cfg, _, _ := lockConfig(st, name, f, src, opts)
			checkPlan(t, source, cfg, plan)
			t.Logf("%d packages, %d vendored in %d folders; %s", len(plan.Packages),
				len(plan.Names(func(p *Package) bool { return p.Vendored })), len(plan.Dirs), stats(plan.Solution))
			if ml == nil {
				return
			}
			vd, nd := vendoredDiff(ml, plan), nameDiff(ml, plan)
			t.Log("vendored set against the committed lock (- lock only, + ours only, ~ version differs):\n" +
				strings.Join(vd, "\n") + "\nall names (- lock only, + ours only):\n" + strings.Join(nd, "\n"))
			for _, d := range append(vd, nd...) {
				if why, ok := known[d]; ok {
					t.Logf("expected difference %s: %s", d, why)
				} else if strings.HasPrefix(d, "-") || strings.HasPrefix(d, "+") {
					t.Errorf("names differ from the committed lock: %s", d)
				}
			}
		})
	}
}

func stats(s *resolve.Solution) string {
	return fmt.Sprintf("%d names reached, %d solver calls, optimal %v", s.Stats.Names, s.Stats.Solves, s.Optimal)
}

// nameDiff lists the names that only the lock or only the plan has.
func nameDiff(l *MonorepoLock, plan *Plan) []string {
	lock := map[string]bool{}
	for _, p := range l.Packages {
		lock[p.Name] = true
	}
	var out []string
	for _, p := range plan.Packages {
		if !lock[p.Candidate.Name] {
			out = append(out, "+ "+p.Candidate.Name)
		}
		delete(lock, p.Candidate.Name)
	}
	for n := range lock {
		out = append(out, "- "+n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][2:] < out[j][2:] })
	if len(out) == 0 {
		out = append(out, "(same names)")
	}
	return out
}

// vendoredDiff lists, name by name, how the vendored packages of plan
// differ from those of the lock.
func vendoredDiff(l *MonorepoLock, plan *Plan) []string {
	lock := map[string]string{}
	for _, p := range l.Packages {
		if p.Vendored {
			lock[p.Name] = p.Version
		}
	}
	ours := map[string]string{}
	for _, p := range plan.Packages {
		if p.Vendored {
			ours[p.Candidate.Name] = p.Candidate.Version
		}
	}
	var names []string
	for n := range lock {
		names = append(names, n)
	}
	for n := range ours {
		if _, ok := lock[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		lv, inLock := lock[n]
		ov, inOurs := ours[n]
		switch {
		case !inOurs:
			out = append(out, "- "+n+"."+lv)
		case !inLock:
			out = append(out, "+ "+n+"."+ov)
		case lv != ov:
			out = append(out, "~ "+n+" "+lv+" -> "+ov)
		}
	}
	if len(out) == 0 {
		out = append(out, "(same names and versions)")
	}
	return out
}
