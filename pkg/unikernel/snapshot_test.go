package unikernel

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hillingar/hillingar/internal/testenv"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
)

// sharedDir returns ../shared next to the repository root (the folder
// holding go.mod), or skips the test.
func sharedDir(t *testing.T) string {
	testenv.Shared(t, "cases")
	return testenv.Shared(t, "")
}

// archive is an opam repository read from a .tar.gz into memory; files
// are parsed on first use.
type archive struct {
	name  string
	texts map[string][]byte   // name.version -> opam file
	vers  map[string][]string // name -> versions

	mu     sync.Mutex
	parsed map[string]*opam.File
}

var (
	archivesMu sync.Mutex
	archives   = map[string]*archive{}
)

// loadArchive reads (once per test binary) the repository archive p.
func loadArchive(t *testing.T, p string) *archive {
	t.Helper()
	archivesMu.Lock()
	defer archivesMu.Unlock()
	if a, ok := archives[p]; ok {
		return a
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	a := &archive{name: filepath.Base(p), texts: map[string][]byte{}, vers: map[string][]string{}, parsed: map[string]*opam.File{}}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		parts := strings.Split(strings.TrimPrefix(path.Clean(h.Name), "./"), "/")
		if len(parts) != 4 || parts[0] != "packages" || parts[3] != "opam" {
			continue
		}
		name, ver, ok := strings.Cut(parts[2], ".")
		if !ok || name != parts[1] {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		a.texts[parts[2]] = b
		a.vers[name] = append(a.vers[name], ver)
	}
	archives[p] = a
	return a
}

func (a *archive) file(name, ver string) (*opam.File, bool, error) {
	key := name + "." + ver
	a.mu.Lock()
	defer a.mu.Unlock()
	if f, ok := a.parsed[key]; ok {
		return f, true, nil
	}
	b, ok := a.texts[key]
	if !ok {
		return nil, false, nil
	}
	f, err := opam.Parse(a.name+"/packages/"+name+"/"+key+"/opam", b)
	a.parsed[key] = f
	return f, true, err
}

// stack is a test-only opamuniverse.Source over archives, the first one
// having priority for a version defined twice.
type stack []*archive

func (s stack) Versions(name string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range s {
		for _, v := range a.vers[name] {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

func (s stack) File(name, ver string) (*opam.File, error) {
	for _, a := range s {
		if f, ok, err := a.file(name, ver); ok {
			return f, err
		}
	}
	return nil, fmt.Errorf("%s.%s: no such package", name, ver)
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
			var st stack
			for _, r := range append(repos, snap(c.snapshot)) {
				st = append(st, loadArchive(t, r))
			}
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
