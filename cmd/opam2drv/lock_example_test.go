package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/pkg/drv"
)

// TestLockExample runs what scripts/lock-example.sh (the README's first
// command) runs, on the repository subset committed under tests/, so that a
// fresh clone proves the main job works: hello-hvt.opam locks as a
// unikernel, with its libraries vendored and its tools built on the host,
// and locking twice gives the same bytes.
func TestLockExample(t *testing.T) {
	subset := "../../tests/repo-subset"
	out := filepath.Join(t.TempDir(), "hello-hvt.lock.json")
	args := []string{"lock", "-o", out,
		"--repo", "opam-overlays=" + subset + "/opam-overlays",
		"--repo", "mirage-overlays=" + subset + "/mirage-opam-overlays",
		"--repo", "opam-repository=" + subset + "/opam-repository",
		"../../tests/example/hello-hvt.opam"}
	if _, errs, code := runCmd(t, args...); code != 0 {
		t.Fatalf("lock: exit %d, stderr:\n%s", code, errs)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := drv.Decode(out, first)
	if err != nil {
		t.Fatalf("the lock does not read back: %v", err)
	}
	var uk struct{ Name, Target string }
	if err := json.Unmarshal(plan.Unikernel, &uk); err != nil || uk.Name != "hello" || uk.Target != "hvt" {
		t.Errorf("unikernel header = %s (%v), want name hello and target hvt", plan.Unikernel, err)
	}
	for name, wantVendored := range map[string]bool{"lwt": true, "mirage-runtime": true, "mirage": false, "ocaml-solo5": false, "dune": false} {
		p := plan.Packages[name]
		if p == nil {
			t.Errorf("%s is not in the lock", name)
			continue
		}
		if got := len(p.Vendor) > 0; got != wantVendored {
			t.Errorf("%s: vendored = %v, want %v", name, got, wantVendored)
		}
	}
	if len(plan.MissingHashes) != 0 {
		t.Errorf("missingHashes = %v, want none: every source of this subset has a sha256 or sha512", plan.MissingHashes)
	}

	if _, errs, code := runCmd(t, args...); code != 0 {
		t.Fatalf("second lock: exit %d, stderr:\n%s", code, errs)
	}
	second, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(second) {
		t.Error("locking twice gave different bytes")
	}

	// A bare --check replays the lock's regenerate entry; the project's
	// path in the lock is relative to the lock's folder, not the project's.
	if _, errs, code := runCmd(t, "lock", "--check", "-o", out); code != 0 {
		t.Errorf("lock --check -o %s: exit %d, stderr:\n%s", out, code, errs)
	}
}

// TestBareCheckWithoutLock: a bare --check in a folder with no lock says
// how to name one instead of a bare "no such file".
func TestBareCheckWithoutLock(t *testing.T) {
	chdir(t, t.TempDir())
	_, errs, code := runCmd(t, "lock", "--check")
	if code != 1 || !strings.Contains(errs, "name the lock to check with -o FILE") {
		t.Errorf("exit %d, stderr %q: want exit 1 and advice to pass -o FILE", code, errs)
	}
}

// TestUnikernelLockNamesSkippedVersions: a newer version whose opam file
// does not parse is left out of the joint solve, and the lock says so
// instead of silently taking an older version.
func TestUnikernelLockNamesSkippedVersions(t *testing.T) {
	dir := miniProject(t)
	broken := filepath.Join(dir, "mini-opam-overlays/packages/fmt/fmt.0.9.1+dune/opam")
	if err := os.MkdirAll(filepath.Dir(broken), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte("opam-version: \"2.0\"\ndepends: [\"dune\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := runCmd(t, miniArgs...)
	if code != 0 || !strings.Contains(errs, "opam2drv: warning: ") || !strings.Contains(errs, "fmt.0.9.1+dune") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 0 and a warning naming fmt.0.9.1+dune", code, errs)
	}
}

// TestLockWarnsDeprecated: a deprecated version is kept (opam 2.1 ignores
// the flag when solving) and named in a warning.
func TestLockWarnsDeprecated(t *testing.T) {
	dir := t.TempDir()
	for path, text := range map[string]string{
		"repo/repo":                "opam-version: \"2.0\"\n",
		"repo/packages/c/c.1/opam": "opam-version: \"2.0\"\n",
		"repo/packages/c/c.2/opam": "opam-version: \"2.0\"\nflags: deprecated\n",
		"project/p.opam":           "opam-version: \"2.0\"\ndepends: [\"c\"]\n",
	} {
		p := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "project", "lock.json")
	_, errs, code := runCmd(t, "lock", "--repo", filepath.Join(dir, "repo"), "-o", out, filepath.Join(dir, "project", "p.opam"))
	if code != 0 || !strings.Contains(errs, "opam2drv: warning: c.2 is deprecated") {
		t.Fatalf("exit %d, stderr:\n%s\nwant exit 0 and a warning that c.2 is deprecated", code, errs)
	}
	plan, err := drv.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Packages["c"].Version; got != "2" {
		t.Errorf("c = %s, want 2 (deprecated does not change the answer)", got)
	}
}

// TestRepoMapWithoutPath: --repo-map NAME= with no path is a usage error
// that says what to give, not a silently ignored mapping.
func TestRepoMapWithoutPath(t *testing.T) {
	miniProject(t)
	_, errs, code := runCmd(t, append(miniArgs[:len(miniArgs):len(miniArgs)], "--repo-map", "mirage-overlays=")...)
	if code != exitUsage || !strings.Contains(errs, "give the local folder or .tar.gz that stands for mirage-overlays") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and a message asking for the path", code, errs)
	}
}
