package opamuniverse

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hillingar/hillingar/internal/testenv"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/repository"
	"github.com/hillingar/hillingar/pkg/resolve"
)

// sharedDir returns ../shared next to the repository root, or skips.
func sharedDir(t testing.TB) string {
	testenv.Shared(t, "oracle")
	return testenv.Shared(t, "")
}

// snapshot is a Source over a repository archive, with its repository for
// listing names.
type snapshot struct {
	Source
	repo *repository.Repo
}

var (
	snapMu    sync.Mutex
	snapCache = map[string]*snapshot{}
)

// openSnapshot opens a repository archive once per test binary.
func openSnapshot(t testing.TB, path string) *snapshot {
	t.Helper()
	snapMu.Lock()
	defer snapMu.Unlock()
	if s := snapCache[path]; s != nil {
		return s
	}
	r, err := repository.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s := &snapshot{Source: FromRepository(r), repo: r}
	snapCache[path] = s
	return s
}

// platform is the oracle's fixed platform.
func platform() map[string]string {
	return map[string]string{"os": "linux", "arch": "x86_64", "os-family": "debian",
		"os-distribution": "debian", "os-version": "12"}
}

// oracleCase is one stored opam answer.
type oracleCase struct {
	name     string
	atoms    []string
	files    []string
	env      map[string]string
	solution []string // nil when opam found none
}

func readOracle(t testing.TB, dir string) []oracleCase {
	reqs, _ := filepath.Glob(filepath.Join(dir, "*.request"))
	sort.Strings(reqs)
	var out []oracleCase
	for _, r := range reqs {
		data, err := os.ReadFile(r)
		if err != nil {
			t.Fatal(err)
		}
		oc := oracleCase{name: strings.TrimSuffix(filepath.Base(r), ".request"), env: platform()}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		args := strings.Fields(lines[0])[2:] // after opam-oracle.sh SNAPSHOT
		for i := 0; i < len(args); i++ {
			if args[i] == "-f" && i+1 < len(args) {
				oc.files = append(oc.files, filepath.Join(dir, args[i+1]))
				i++
				continue
			}
			oc.atoms = append(oc.atoms, args[i])
		}
		for _, l := range lines[1:] {
			for _, kv := range strings.Fields(strings.TrimPrefix(l, "env:")) {
				k, v, _ := strings.Cut(strings.TrimPrefix(kv, "OPAMVAR_"), "=")
				oc.env[k] = v
			}
		}
		sol, err := os.ReadFile(strings.TrimSuffix(r, ".request") + ".solution")
		if err != nil {
			t.Fatal(err)
		}
		oc.solution = strings.Fields(string(sol))
		out = append(out, oc)
	}
	return out
}

// request builds the universe and request of an oracle case.
func (oc *oracleCase) request(t testing.TB, src Source) (*Universe, *resolve.Request) {
	u := New(src, Options{Env: oc.env})
	req := &resolve.Request{}
	for _, s := range oc.atoms {
		a, err := ParseAtom(s)
		if err != nil {
			t.Fatal(err)
		}
		req.Atoms = append(req.Atoms, a)
	}
	for _, path := range oc.files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := opam.Parse(filepath.Base(path), data)
		if err != nil {
			t.Fatal(err)
		}
		name, _, _ := strings.Cut(filepath.Base(path), ".")
		req.Roots = append(req.Roots, u.Root(name, f))
	}
	return u, req
}

// lookupPlan turns name.version lines into the universe's candidates,
// leaving out the project files (opam prints a -f file's own package when
// its file name carries a version).
func lookupPlan(t *testing.T, u *Universe, req *resolve.Request, lines []string) []*resolve.Candidate {
	roots := map[string]bool{}
	for _, r := range req.Roots {
		roots[r.Name] = true
	}
	var out []*resolve.Candidate
	for _, l := range lines {
		name, ver, _ := strings.Cut(l, ".")
		if roots[name] {
			continue
		}
		cs, _ := u.Versions(name)
		found := false
		for _, c := range cs {
			if c.Version == ver {
				out = append(out, c)
				found = true
			}
		}
		if !found {
			t.Fatalf("opam's plan has %s, which the snapshot does not", l)
		}
	}
	return out
}

func TestAgreementWithOpam(t *testing.T) {
	shared := sharedDir(t)
	for _, snap := range []string{"2024-06-01", "2026-08-22"} {
		src := openSnapshot(t, filepath.Join(shared, "opam-repository", snap+".tar.gz"))
		for _, oc := range readOracle(t, filepath.Join(shared, "oracle", snap)) {
			t.Run(snap+"/"+oc.name, func(t *testing.T) { agree(t, src, oc) })
		}
	}
}

// TestAgreementWithOpamMini runs the requests of testdata/oracle-mini, a
// small real repository with opam's answers, which needs no ../shared.
func TestAgreementWithOpamMini(t *testing.T) {
	dir := filepath.Join("testdata", "oracle-mini")
	src := openSnapshot(t, filepath.Join(dir, "repo.tar.gz"))
	cases := readOracle(t, dir)
	if len(cases) == 0 {
		t.Fatalf("no requests in %s", dir)
	}
	for _, oc := range cases {
		t.Run(oc.name, func(t *testing.T) { agree(t, src, oc) })
	}
}

func agree(t *testing.T, src Source, oc oracleCase) {
	u, req := oc.request(t, src)
	sol, err := resolve.Solve(u, req, nil)
	var ns *resolve.NoSolutionError
	if len(oc.solution) == 0 {
		if !errors.As(err, &ns) {
			t.Fatalf("opam finds no solution; we find %v (err %v)", sol, err)
		}
		t.Logf("both without solution; ours: %v", err)
		return
	}
	if err != nil {
		t.Fatalf("opam finds a plan of %d packages; Solve: %v", len(oc.solution), err)
	}
	if err := resolve.Check(u, req, sol.Packages); err != nil {
		t.Errorf("Check(our plan): %v", err)
	}
	theirs := lookupPlan(t, u, req, oc.solution)
	if err := resolve.Check(u, req, theirs); err != nil {
		t.Errorf("Check(opam's plan): %v", err)
	}
	ours, _ := resolve.Objective(u, req, sol.Packages)
	opams, _ := resolve.Objective(u, req, theirs)
	t.Logf("ours %v, opam's %v; %d names reached, %d cores", ours, opams, sol.Stats.Names, sol.Stats.Cores)
	switch {
	case ours.Less(opams):
		t.Logf("FINDING: our plan is better than opam's by its own criteria")
		diffPlans(t, sol.Packages, oc.solution)
	case opams.Less(ours):
		diffPlans(t, sol.Packages, oc.solution)
		t.Errorf("our plan costs more than opam's")
	case !samePlan(sol.Packages, theirs):
		t.Logf("same cost, another plan:")
		diffPlans(t, sol.Packages, oc.solution)
	default:
		t.Logf("same plan as opam's")
	}
}

func samePlan(a, b []*resolve.Candidate) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[*resolve.Candidate]bool{}
	for _, p := range a {
		in[p] = true
	}
	for _, p := range b {
		if !in[p] {
			return false
		}
	}
	return true
}

func diffPlans(t *testing.T, ours []*resolve.Candidate, theirs []string) {
	in := map[string]bool{}
	for _, s := range theirs {
		in[s] = true
	}
	for _, p := range ours {
		if !in[p.String()] {
			t.Logf("  only ours: %s", p)
		}
		delete(in, p.String())
	}
	for _, s := range sortedKeys(in) {
		t.Logf("  only opam's: %s", s)
	}
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
