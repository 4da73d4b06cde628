package unikernel

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
)

// buildPlan makes the drv plan of plan's packages, annotates it, encodes
// it and reads it back through drv's validating reader.
func buildPlan(t *testing.T, plan *Plan, file func(name, version string) (*opam.File, error), env map[string]string) *drv.Plan {
	t.Helper()
	req := &drv.Request{Env: env}
	for _, p := range plan.Packages {
		f, err := file(p.Candidate.Name, p.Candidate.Version)
		if err != nil {
			t.Fatal(err)
		}
		req.Packages = append(req.Packages, drv.Input{Name: p.Candidate.Name, Version: p.Candidate.Version, Opam: f})
	}
	dp, err := drv.Build(req)
	if err != nil {
		t.Fatal(err)
	}
	dp.Generator, dp.Regenerate = "opam2drv test", []string{"opam2drv", "lock", "--unikernel"}
	if err := Annotate(dp, plan); err != nil {
		t.Fatal(err)
	}
	b, err := drv.Encode(dp)
	if err != nil {
		t.Fatal(err)
	}
	back, err := drv.Decode("plan.json", b)
	if err != nil {
		t.Fatalf("annotated plan does not read back: %v", err)
	}
	return back
}

// unikernelView summarises the unikernel parts of a drv plan.
func unikernelView(t *testing.T, dp *drv.Plan) (vendor map[string]string, dirs map[string]string) {
	t.Helper()
	vendor = map[string]string{}
	for name, p := range dp.Packages {
		if len(p.Vendor) == 0 {
			continue
		}
		var v Vendor
		if err := json.Unmarshal(p.Vendor, &v); err != nil {
			t.Fatal(err)
		}
		vendor[name] = v.Dir
		if v.Host {
			vendor[name] += " host"
		}
	}
	var d map[string]DuniverseDir
	if err := json.Unmarshal(dp.Duniverse, &d); err != nil {
		t.Fatal(err)
	}
	dirs = map[string]string{}
	for k, e := range d {
		// opam reads an https URL ending in .git as an archive (it guesses
		// no backend from a suffix in opam files): the type is compared.
		src := ""
		if e.Source != nil {
			src = e.Source.Type + " " + strings.Join(e.Source.URLs, ",") + e.Source.URL
		}
		dirs[k] = strings.Join(e.Packages, ",") + " " + src
	}
	return vendor, dirs
}

func TestAnnotateMirageMiniRepos(t *testing.T) {
	dir := "testdata/cases/06-mini-repos"
	plan, fs, err := lockProject(t, filepath.Join(dir, "unikernel.opam"), LockOptions{RequireCrossCompile: true})
	if err != nil {
		t.Fatal(err)
	}
	vendor, dirs := unikernelView(t, buildPlan(t, plan, fs.File, nil))
	wantVendor := map[string]string{"fmt": "fmt", "gmp": "gmp", "mirage-runtime": "mirage", "zarith": "zarith"}
	wantDirs := map[string]string{
		"fmt":    "fmt archive https://fmt.src",
		"gmp":    "gmp archive https://gmp.src",
		"mirage": "mirage-runtime archive https://mirage.src",
		"zarith": "zarith archive https://github.com/ocaml/zarith.git",
	}
	if d := cmp.Diff(wantVendor, vendor); d != "" {
		t.Errorf("vendor (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantDirs, dirs); d != "" {
		t.Errorf("duniverse (-want +got):\n%s", d)
	}
}

// The lock that the mirage test expects converts to the same split as our
// own solve gives.
func TestFromMonorepoLockMirage(t *testing.T) {
	dir := "testdata/cases/06-mini-repos"
	lf, _ := readOpam(t, filepath.Join(dir, "expected-unikernel.opam.locked"))
	ml, err := ReadMonorepoLock(lf)
	if err != nil {
		t.Fatal(err)
	}
	fs := newFolders(filepath.Join(dir, "mini-opam-overlays"), filepath.Join(dir, "mini-opam-repository"))
	plan, files, err := FromMonorepoLock(ml, fs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(lockView(ml), lockedView(plan)); d != "" {
		t.Errorf("packages (-lock +converted):\n%s", d)
	}
	vendor, dirs := unikernelView(t, buildPlan(t, plan, func(n, _ string) (*opam.File, error) { return files[n], nil }, nil))
	wantVendor := map[string]string{"fmt": "fmt", "gmp": "gmp", "mirage-runtime": "mirage", "zarith": "zarith"}
	if d := cmp.Diff(wantVendor, vendor); d != "" {
		t.Errorf("vendor (-want +got):\n%s", d)
	}
	if got := dirs["zarith"]; got != "zarith archive https://github.com/ocaml/zarith.git" {
		t.Errorf("zarith folder: %q", got)
	}
}

// Folders 01 and 03: the committed opam-monorepo locks convert to plans
// without solving, against the snapshot of their era and both overlays.
func TestFromMonorepoLockReal(t *testing.T) {
	shared := sharedDir(t)
	snap := func(n string) string { return filepath.Join(shared, "opam-repository", n+".tar.gz") }
	cases := []struct {
		lock, snapshot string
		vendored, host int // vendored records, of which also host
	}{
		{"01-pizie-between-blocks-unix-mirage-4.3.6/mirage_between_blocks-unix.opam.locked", "2024-06-01", 37, 24},
		{"03-hannesm-hello-hvt-mirage-4.10.4/mirage_hello-hvt.opam.locked", "2026-08-22", 31, 12},
	}
	for _, c := range cases {
		t.Run(filepath.Dir(c.lock), func(t *testing.T) {
			lf, _ := readOpam(t, filepath.Join(shared, "cases", c.lock))
			ml, err := ReadMonorepoLock(lf)
			if err != nil {
				t.Fatal(err)
			}
			src := newStack(loadArchive(t, snap("mirage-opam-overlays")), loadArchive(t, snap("opam-overlays")), loadArchive(t, snap(c.snapshot)))
			plan, files, err := FromMonorepoLock(ml, src, linuxEnv)
			if err != nil {
				t.Fatal(err)
			}
			dp := buildPlan(t, plan, func(n, _ string) (*opam.File, error) { return files[n], nil }, linuxEnv)
			vendor, dirs := unikernelView(t, dp)
			host := 0
			for _, v := range vendor {
				if strings.HasSuffix(v, " host") {
					host++
				}
			}
			t.Logf("%d records, %d vendored (%d also built for the tools), %d folders, %d missing hashes",
				len(dp.Packages), len(vendor), host, len(dirs), len(dp.MissingHashes))
			if len(vendor) != c.vendored || host != c.host || len(dirs) != len(ml.Dirs) {
				t.Errorf("got %d vendored (%d host) in %d folders, want %d (%d) in %d",
					len(vendor), host, len(dirs), c.vendored, c.host, len(ml.Dirs))
			}
		})
	}
}

// A host record's dependency lists name only host packages.
func TestAnnotateHostClosure(t *testing.T) {
	pkg := func(name string, host, vendored bool) *Package {
		return &Package{Candidate: &resolve.Candidate{Name: name, Version: "1"}, Host: host, Vendored: vendored,
			Meta: &Meta{Name: name, Version: "1", DevRepo: "git+https://x/" + name, URL: "https://x/" + name}}
	}
	plan := &Plan{Packages: []*Package{pkg("fmt", true, true), pkg("mirage", true, false), pkg("zarith", false, true)}}
	var err error
	if plan.Dirs, err = Group([]*Meta{plan.Packages[0].Meta, plan.Packages[2].Meta}); err != nil {
		t.Fatal(err)
	}
	plan.Packages[0].Dir, plan.Packages[2].Dir = "fmt", "zarith"
	dp := &drv.Plan{Packages: map[string]*drv.Package{
		"fmt":    {Name: "fmt", Depends: drv.Depends{Run: []string{"zarith"}}},
		"mirage": {Name: "mirage", Depends: drv.Depends{Run: []string{"fmt", "zarith"}, Test: []string{"zarith"}}, Depopts: []string{"zarith"}},
		"zarith": {Name: "zarith", Depends: drv.Depends{Run: []string{"fmt"}}},
	}}
	if err := Annotate(dp, plan); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for n, r := range dp.Packages {
		got[n] = append(append(append([]string{}, r.Depends.Run...), r.Depends.Test...), r.Depopts...)
	}
	want := map[string][]string{"fmt": {}, "mirage": {"fmt"}, "zarith": {"fmt"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("dependencies (-want +got):\n%s", d)
	}
}
