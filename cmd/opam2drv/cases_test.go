package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/internal/testenv"
	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/unikernel"
	"github.com/hillingar/hillingar/pkg/version"
)

// sharedDir returns ../shared beside the repository (the folder holding
// go.mod), or skips the test when it is absent.
func sharedDir(t *testing.T) string {
	testenv.Shared(t, "cases")
	return testenv.Shared(t, "")
}

// lockCase copies opam file src into a fresh folder, locks it with args
// (repositories and variables), checks the lock reads back and that
// --check passes, and, when repeat is set, that a second run with
// GOMAXPROCS=1 gives the same bytes; it returns the lock's path.
func lockCase(t *testing.T, src string, repeat bool, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(file, mustRead(t, src), 0o644); err != nil {
		t.Fatal(err)
	}
	lockArgs := append(append([]string{"lock"}, args...), file)
	if _, errs, code := runCmd(t, lockArgs...); code != 0 {
		t.Fatalf("%s: lock: exit %d\n%s", src, code, errs)
	}
	lock := filepath.Join(dir, defaultLock)
	first := mustRead(t, lock)
	p, err := drv.Read(lock)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	if len(p.Packages) == 0 || len(p.Projects) != 1 {
		t.Fatalf("%s: lock has %d packages and %d projects", src, len(p.Packages), len(p.Projects))
	}
	if _, errs, code := runCmd(t, append([]string{"lock", "--check"}, lockArgs[1:]...)...); code != 0 {
		t.Fatalf("%s: lock --check of a fresh lock: exit %d\n%s", src, code, errs)
	}
	if !repeat {
		return lock
	}
	prev := runtime.GOMAXPROCS(1)
	_, _, code := runCmd(t, lockArgs...)
	runtime.GOMAXPROCS(prev)
	if code != 0 || string(mustRead(t, lock)) != string(first) {
		t.Fatalf("%s: a second lock, with GOMAXPROCS=1, differs from the first", src)
	}
	return lock
}

// snapshotRepos returns the --repo flags of a snapshot and both overlays.
func snapshotRepos(shared, snapshot string) []string {
	archives := filepath.Join(shared, "opam-repository")
	return []string{
		"--repo", "mirage-overlays=" + filepath.Join(archives, "mirage-opam-overlays.tar.gz"),
		"--repo", "opam-overlays=" + filepath.Join(archives, "opam-overlays.tar.gz"),
		"--repo", "opam-repository=" + filepath.Join(archives, snapshot+".tar.gz"),
	}
}

// TestLockMirageCases locks every opam file that `mirage configure`
// generated in ../shared/cases (folders 01, 03 and 05) against the
// snapshot of its era and both overlays, then checks why and diff on the
// locks.
func TestLockMirageCases(t *testing.T) {
	if testing.Short() {
		t.Skip("whole-snapshot locks take about a minute")
	}
	shared := sharedDir(t)
	cases := filepath.Join(shared, "cases")
	tests := []struct{ file, snapshot string }{
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.2.0.opam", "2022-10-10"},
		{"01-pizie-between-blocks-unix-mirage-4.3.6/mirage_between_blocks-unix.opam", "2024-06-01"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.5.0.opam", "2024-06-01"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.9.0.opam", "2026-08-22"},
		{"03-hannesm-hello-hvt-mirage-4.10.4/mirage_hello-hvt.opam", "2026-08-22"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-4.11.1.opam", "2026-08-22"},
		{"05-mirage-tool-test-expectations/noop-hvt.mirage-HEAD-4e11161.opam", "2026-08-22"},
		{"05-mirage-tool-test-expectations/noop-unix.mirage-HEAD-4e11161.opam", "2026-08-22"},
	}
	locks := map[string]string{}
	for i, tt := range tests {
		lock := lockCase(t, filepath.Join(cases, tt.file), i == 0, snapshotRepos(shared, tt.snapshot)...)
		locks[filepath.Base(tt.file)] = lock
		out, errs, code := runCmd(t, "why", "--lock", lock, "mirage")
		project := strings.SplitN(filepath.Base(tt.file), ".", 2)[0]
		if code != 0 || !strings.Contains(out, "\n"+project+" (") || !strings.Contains(out, "(build dependency of "+project+")") {
			t.Fatalf("%s: why mirage: exit %d\n%s%s", tt.file, code, out, errs)
		}
		// The vendored libraries are the root's ?monorepo dependencies.
		out, errs, code = runCmd(t, "why", "--lock", lock, "mirage-runtime")
		if code != 0 || !strings.Contains(out, "(run dependency of "+project+")") {
			t.Fatalf("%s: why mirage-runtime: exit %d\n%s%s", tt.file, code, out, errs)
		}
	}

	// diff: mirage moves from 4.5 to 4.9 between these two locks.
	oldLock, newLock := locks["noop-hvt.mirage-4.5.0.opam"], locks["noop-hvt.mirage-4.9.0.opam"]
	o, _ := drv.Read(oldLock)
	n, _ := drv.Read(newLock)
	ov, nv := o.Packages["mirage"].Version, n.Packages["mirage"].Version
	if version.Compare(ov, nv) >= 0 {
		t.Fatalf("mirage %s in the 4.5 lock is not older than %s in the 4.9 lock", ov, nv)
	}
	out, _, code := runCmd(t, "diff", oldLock, newLock)
	if code != 0 || !strings.Contains(out, "upgraded    mirage "+ov+" -> "+nv+"\n") {
		t.Fatalf("diff: exit %d\n%s", code, out)
	}
}

// TestLockMonorepoFixtures locks the opam-monorepo fixtures of folders 06
// and 08 against the small repositories beside them, in unikernel mode,
// and checks the split their own tests expect. The opam files are copied
// to a fresh folder, so the repositories they name are mapped with
// --repo-map.
func TestLockMonorepoFixtures(t *testing.T) {
	cases := filepath.Join(sharedDir(t), "cases")
	cross := filepath.Join(cases, "08-opam-monorepo-test-require-cross-compiling-packages")
	var crossMap []string
	for _, r := range []string{"opam-repository", "opam-overlays", "mirage-opam-overlays"} {
		crossMap = append(crossMap, "--repo-map", "file://$OPAM_MONOREPO_CWD/"+r+"="+filepath.Join(cross, r))
	}
	// Without an opam-provided field these are plain projects unless
	// --unikernel; the cross-compile rule then picks the tagged b.
	for file, want := range map[string]string{"with-mirage.opam": "b 0.1+dune+mirage b", "without-mirage.opam": "b 0.1+dune b"} {
		lock := lockCase(t, filepath.Join(cross, file), true, append([]string{"--unikernel"}, crossMap...)...)
		if got := vendoredView(t, lock)["b"]; got != want {
			t.Errorf("%s: vendored b is %q, want %q", file, got, want)
		}
	}

	provided := filepath.Join(cases, "08-opam-monorepo-test-opam-provided")
	providedMap := []string{
		"--unikernel", // vendored.opam has no opam-provided field
		"--repo-map", "file://$OPAM_MONOREPO_CWD/repo=" + filepath.Join(provided, "repo"),
		// The cram test generates minimal-repo; the cross-compile
		// fixture's repository holds the same files.
		"--repo-map", "file://$OPAM_MONOREPO_CWD/minimal-repo=" + filepath.Join(cross, "opam-repository"),
	}
	want := map[string]map[string]string{
		"vendored":           {"b": "b 1 b"},
		"opam-provided":      {"b": "b 1 host"},
		"transitive":         {"b": "b 1 host", "depends-on-b": "depends-on-b 1 depends-on-b"},
		"reverse-transitive": {"b": "b 1 host", "depends-on-b": "depends-on-b 1 host"},
	}
	for name, w := range want {
		view := vendoredView(t, lockCase(t, filepath.Join(provided, name+".opam"), true, providedMap...))
		for pkg, split := range w {
			if view[pkg] != split {
				t.Errorf("%s: %s is %q, want %q", name, pkg, view[pkg], split)
			}
		}
	}
	for _, name := range []string{"warning.opam", "warning-list.opam"} {
		dir := t.TempDir()
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, mustRead(t, filepath.Join(provided, name)), 0o644); err != nil {
			t.Fatal(err)
		}
		_, errs, code := runCmd(t, append(append([]string{"lock"}, providedMap...), file)...)
		if code != 1 || !strings.Contains(errs, `field "x-opam-monorepo-opam-provided": expected a string or a list of strings, got 42`) {
			t.Errorf("%s: exit %d, stderr:\n%s", name, code, errs)
		}
	}

	mini := filepath.Join(cases, "06-mirage-test-opam-monorepo-mini-repos")
	lock := lockCase(t, filepath.Join(mini, "unikernel.opam"), true,
		"--repo-map", "file://$OPAM_MONOREPO_CWD/mini-opam-overlays="+filepath.Join(mini, "mini-opam-overlays"),
		"--repo-map", "file://$OPAM_MONOREPO_CWD/mini-opam-repository="+filepath.Join(mini, "mini-opam-repository"))
	if got := vendoredView(t, lock)["zarith"]; got != "zarith 1.12+dune+mirage zarith" {
		t.Errorf("06: zarith is %q", got)
	}
}

// vendoredView reads a lock and returns, by package name, "NAME VERSION
// DIR" for a vendored package (DIR its duniverse folder) and "NAME
// VERSION host" for the others.
func vendoredView(t *testing.T, lock string) map[string]string {
	t.Helper()
	p, err := drv.Read(lock)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, rec := range p.Packages {
		where := "host"
		if len(rec.Vendor) > 0 {
			var v unikernel.Vendor
			if err := json.Unmarshal(rec.Vendor, &v); err != nil {
				t.Fatalf("%s: %s: %v", lock, name, err)
			}
			where = v.Dir
		}
		out[name] = name + " " + rec.Version + " " + where
	}
	return out
}

// TestLockFromMonorepoLockReal converts the committed opam-monorepo locks
// of folders 01 and 03 without solving, against the snapshot of their era
// and both overlays, and checks --check on the result.
func TestLockFromMonorepoLockReal(t *testing.T) {
	if testing.Short() {
		t.Skip("reads whole snapshots")
	}
	shared := sharedDir(t)
	tests := []struct {
		dir, file, snapshot string
		vendored            int
	}{
		{"01-pizie-between-blocks-unix-mirage-4.3.6", "mirage_between_blocks-unix", "2024-06-01", 37},
		{"03-hannesm-hello-hvt-mirage-4.10.4", "mirage_hello-hvt", "2026-08-22", 31},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		for _, f := range []string{tt.file + ".opam", tt.file + ".opam.locked"} {
			if err := os.WriteFile(filepath.Join(dir, f), mustRead(t, filepath.Join(shared, "cases", tt.dir, f)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		file := filepath.Join(dir, tt.file+".opam")
		args := append(append([]string{"lock"}, snapshotRepos(shared, tt.snapshot)...), "--from-monorepo-lock", file+".locked", file)
		if _, errs, code := runCmd(t, args...); code != 0 {
			t.Fatalf("%s: exit %d\n%s", tt.dir, code, errs)
		}
		vendored := 0
		for _, v := range vendoredView(t, filepath.Join(dir, defaultLock)) {
			if !strings.HasSuffix(v, " host") {
				vendored++
			}
		}
		if vendored != tt.vendored {
			t.Errorf("%s: %d vendored packages, want the lock's %d", tt.dir, vendored, tt.vendored)
		}
		if _, errs, code := runCmd(t, append([]string{"lock", "--check"}, args[1:]...)...); code != 0 {
			t.Fatalf("%s: --check: exit %d\n%s", tt.dir, code, errs)
		}
	}
}
