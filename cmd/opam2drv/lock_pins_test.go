package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/pkg/drv"
)

// A plain project's pin-depends are read as a unikernel's: from the
// repositories at the pinned version, with the pin's URL as source, or an
// error listing the pins found nowhere.
func TestLockPlainPins(t *testing.T) {
	dir := t.TempDir()
	unikernelRepo(t, dir, "https://example.invalid")
	p := filepath.Join(dir, "app.opam")
	write := func(pin string) {
		t.Helper()
		text := "opam-version: \"2.0\"\ndepends: [\"lib\"]\npin-depends: [ " + pin + " ]\n"
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`["lib.1.0" "https://example.invalid/lib-pinned.tbz"]`)
	out, errs, code := runCmd(t, "lock", "--repo", filepath.Join(dir, "repo"), "-o", "-", p)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	plan, err := drv.Decode("stdout", []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if rec := plan.Packages["lib"]; rec.Version != "1.0" || rec.Source.URLs[0] != "https://example.invalid/lib-pinned.tbz" || rec.Source.Hash != "" {
		t.Errorf("pinned lib %s, source %+v", rec.Version, rec.Source)
	}
	write(`["lib.9" "https://example.invalid/lib-9.tbz"]`)
	_, errs, code = runCmd(t, "lock", "--repo", filepath.Join(dir, "repo"), "-o", "-", p)
	if code != exitFailure || !strings.Contains(errs, "app.opam:3:16: lib.9 https://example.invalid/lib-9.tbz") {
		t.Fatalf("unresolved pin: exit %d: %s", code, errs)
	}
}

// mirage-www's mirageio.opam (folder 09) pins dream's packages, which no
// snapshot has: the error lists the pins and says how to provide them.
func TestLockMirageioPins(t *testing.T) {
	shared := sharedDir(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "mirageio.opam")
	if err := os.WriteFile(file, mustRead(t, filepath.Join(shared, "cases", "09-config-ml-only-inputs", "mirage-www_mirageio.opam")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := runCmd(t, append(append([]string{"lock"}, snapshotRepos(shared, "2024-06-01")...), file)...)
	if code != exitFailure || !strings.Contains(errs, "dream-mirage.dev git+https://github.com/mirage/dream.git#39644213ebe43a302956284e4e7f247581452d70") ||
		!strings.Contains(errs, "in a local repository given with --repo") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}
