package main

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/unikernel"
)

// writeTree writes files (slash-separated paths relative to dir).
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The mirage tool's own test case (folder 06, committed under
// pkg/unikernel): its opam file names both repositories, so lock needs no
// --repo; the split is the one mirage's test expects, and the header
// names the artefact.
func TestLockUnikernelMirageCase(t *testing.T) {
	path := filepath.Join("..", "..", "pkg", "unikernel", "testdata", "cases", "06-mini-repos", "unikernel.opam")
	out, errs, code := runCmd(t, "lock", "-o", "-", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "opam2drv: warning: zarith.1.12+dune+mirage: ") || !strings.Contains(errs, "https://github.com/ocaml/zarith.git ends in .git but opam fetches it as an archive") {
		t.Errorf("stderr lacks the .git suffix warning:\n%s", errs)
	}
	p, err := drv.Decode("stdout", []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]unikernel.Vendor{}
	for name, rec := range p.Packages {
		var v unikernel.Vendor
		if len(rec.Vendor) > 0 {
			if err := json.Unmarshal(rec.Vendor, &v); err != nil {
				t.Fatal(err)
			}
		}
		got[name] = v
	}
	want := map[string]unikernel.Vendor{
		"dune": {}, "ocaml-base-compiler": {}, "ocaml-solo5": {}, "solo5": {},
		"fmt": {Dir: "fmt"}, "gmp": {Dir: "gmp"}, "mirage-runtime": {Dir: "mirage"}, "zarith": {Dir: "zarith"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("vendor records (-want +got):\n%s", d)
	}
	var dirs map[string]unikernel.DuniverseDir
	if err := json.Unmarshal(p.Duniverse, &dirs); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"mirage-runtime"}, dirs["mirage"].Packages); d != "" || len(dirs) != 4 {
		t.Errorf("duniverse: %d folders, mirage (-want +got):\n%s", len(dirs), d)
	}
	// opam 2.1 reads an https URL ending in .git as an archive (no
	// backend guessing in opam files): so does the lock.
	if src := dirs["zarith"].Source; src == nil || src.Type != drv.SourceArchive || src.URLs[0] != "https://github.com/ocaml/zarith.git" {
		t.Errorf("duniverse/zarith source %+v, want the archive https://github.com/ocaml/zarith.git", src)
	}
	var tg unikernel.Target
	if err := json.Unmarshal(p.Unikernel, &tg); err != nil {
		t.Fatal(err)
	}
	wantTarget := unikernel.Target{Name: "f0.exe", Artefacts: []string{"dist/f0.exe"}, OpamFile: "unikernel.opam", ConfigureCommand: []string{}}
	if d := cmp.Diff(wantTarget, tg); d != "" {
		t.Errorf("unikernel header (-want +got):\n%s", d)
	}
}

// A library with no dune version cannot be vendored: exit 3, and the
// message names it and why.
func TestLockUnikernelNoDunePort(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"repo/repo": "opam-version: \"2.0\"\n",
		"repo/packages/ocaml-base-compiler/ocaml-base-compiler.4.14.2/opam": "opam-version: \"2.0\"\nflags: compiler\nbuild: [make]\n" +
			"url { src: \"https://ocaml/4.14.2.tgz\" }\n",
		"repo/packages/ptime/ptime.1.1.0/opam": "opam-version: \"2.0\"\ndepends: [\"topkg\" {build}]\nbuild: [\"ocaml\" \"pkg/pkg.ml\" \"build\"]\n" +
			"dev-repo: \"git+https://erratique.ch/repos/ptime.git\"\nurl { src: \"https://ptime/1.1.0.tbz\" }\n",
		"repo/packages/topkg/topkg.1.0.7/opam": "opam-version: \"2.0\"\nbuild: [\"ocaml\" \"pkg.ml\"]\nurl { src: \"https://topkg.tbz\" }\n",
		"u.opam":                               "opam-version: \"2.0\"\ndepends: [ \"ptime\" { ?monorepo } ]\nx-opam-monorepo-opam-provided: []\n",
	})
	_, errs, code := runCmd(t, "lock", "--repo", filepath.Join(dir, "repo"), "-o", "-", filepath.Join(dir, "u.opam"))
	if code != exitNoSolution || !strings.Contains(errs, "no version can be vendored of ptime (1.1.0: does not build with dune)") {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
}

// A unikernel folder with several targets is refused: one target at a
// time.
func TestLockUnikernelOneTarget(t *testing.T) {
	dir := t.TempDir()
	uk := "opam-version: \"2.0\"\nx-opam-monorepo-opam-provided: []\n"
	writeTree(t, dir, map[string]string{"mirage/a-hvt.opam": uk, "mirage/a-unix.opam": uk})
	_, errs, code := runCmd(t, "lock", "--repo", "x", dir)
	if code != exitUsage || !strings.Contains(errs, "a unikernel is locked one target at a time, and 2 unikernel opam files were found") {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
}

// unikernelRepo writes a repository with a compiler, dune and a vendored
// library lib whose md5-only source is at srvURL/lib.tbz.
func unikernelRepo(t *testing.T, dir, srvURL string) {
	t.Helper()
	sha := "sha256=194c7988cc1fd1c64f53f32f2f7551e5309e44d914d6efc7e2e4d002296aeac4"
	writeTree(t, dir, map[string]string{
		"repo/repo": "opam-version: \"2.0\"\n",
		"repo/packages/ocaml-base-compiler/ocaml-base-compiler.4.14.2/opam": "opam-version: \"2.0\"\nflags: compiler\nbuild: [make]\n" +
			"url { src: \"https://ocaml/4.14.2.tgz\" checksum: \"" + sha + "\" }\n",
		"repo/packages/dune/dune.3.7.1/opam": "opam-version: \"2.0\"\nbuild: [\"ocaml\" \"boot.ml\"]\n" +
			"url { src: \"https://dune.tbz\" checksum: \"" + sha + "\" }\n",
		"repo/packages/lib/lib.1.0/opam": fmt.Sprintf("opam-version: \"2.0\"\ndepends: [\"dune\"]\nbuild: [\"dune\" \"build\"]\n"+
			"dev-repo: \"git+https://example.invalid/lib.git\"\nurl { src: \"%s/lib.tbz\" checksum: \"md5=%x\" }\n", srvURL, md5.Sum([]byte("archive"))),
		"mirage/u-hvt.opam": "# Generated by mirage.v4.9.0\nopam-version: \"2.0\"\ndepends: [ \"lib\" { ?monorepo } ]\n" +
			"install: [ [\"cp\" \"dist/u.hvt\" \"%{bin}%/u.hvt\"] ]\n" +
			"x-mirage-configure: [\"sh\" \"-exc\" \"mirage configure -t hvt\"]\nx-opam-monorepo-opam-provided: []\n",
	})
}

// --prefetch hashes an md5-only vendored source, served on loopback, and
// the duniverse folder gets the hash too; --check then passes, and
// notices a changed repository file.
func TestLockUnikernelPrefetchAndCheck(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/lib.tbz" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "archive")
	}))
	defer srv.Close()
	dir := t.TempDir()
	unikernelRepo(t, dir, srv.URL)
	chdir(t, dir)
	args := []string{"lock", "--repo", "repo", "--prefetch", "--cache", filepath.Join(dir, "cache"), "."}
	if _, errs, code := runCmd(t, args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	p, err := drv.Read(defaultLock)
	if err != nil {
		t.Fatal(err)
	}
	var dirs map[string]unikernel.DuniverseDir
	if err := json.Unmarshal(p.Duniverse, &dirs); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("archive"))
	want := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	if got := dirs["lib"].Source; got == nil || got.Hash != want || len(p.MissingHashes) != 0 {
		t.Fatalf("duniverse/lib source %+v, missing %v; want hash %s", got, p.MissingHashes, want)
	}
	var tg unikernel.Target
	if err := json.Unmarshal(p.Unikernel, &tg); err != nil {
		t.Fatal(err)
	}
	wantTarget := unikernel.Target{Name: "u", Target: "hvt", Artefacts: []string{"dist/u.hvt"}, OpamFile: "mirage/u-hvt.opam",
		ConfigureCommand: []string{"sh", "-exc", "mirage configure -t hvt"}}
	if d := cmp.Diff(wantTarget, tg); d != "" {
		t.Errorf("unikernel header (-want +got):\n%s", d)
	}
	if _, errs, code := runCmd(t, "lock", "--check"); code != exitOK {
		t.Fatalf("check of a fresh unikernel lock: exit %d: %s", code, errs)
	}
	lib := "repo/packages/lib/lib.1.0/opam"
	if err := os.WriteFile(lib, append(mustRead(t, lib), "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runCmd(t, "lock", "--check"); code != exitFailure || !strings.Contains(errs, "repository repo: sha256-") {
		t.Fatalf("check after editing a repository: exit %d: %s", code, errs)
	}
}

// --from-monorepo-lock converts mirage's expected lock (folder 06)
// without solving; the lock file is an input --check compares.
func TestLockFromMonorepoLock(t *testing.T) {
	src, err := filepath.Abs(filepath.Join("..", "..", "pkg", "unikernel", "testdata", "cases", "06-mini-repos"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"unikernel.opam", "expected-unikernel.opam.locked"} {
		if err := os.WriteFile(filepath.Join(dir, f), mustRead(t, filepath.Join(src, f)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	chdir(t, dir)
	args := []string{"lock", "--repo-map", "file://$OPAM_MONOREPO_CWD/mini-opam-overlays=" + filepath.Join(src, "mini-opam-overlays"),
		"--repo-map", "file://$OPAM_MONOREPO_CWD/mini-opam-repository=" + filepath.Join(src, "mini-opam-repository"),
		"--from-monorepo-lock", "expected-unikernel.opam.locked", "unikernel.opam"}
	if _, errs, code := runCmd(t, args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	view := vendoredView(t, defaultLock)
	for _, w := range []string{"zarith 1.12+dune+mirage zarith", "mirage-runtime 4.0.0 mirage", "ocaml-solo5 0.8.0 host"} {
		name, _, _ := strings.Cut(w, " ")
		if view[name] != w {
			t.Errorf("%s is %q, want %q", name, view[name], w)
		}
	}
	p, _ := drv.Read(defaultLock)
	if _, ok := p.Inputs.Files["expected-unikernel.opam.locked"]; !ok {
		t.Errorf("inputs.files %v lacks the monorepo lock", p.Inputs.Files)
	}
	if _, errs, code := runCmd(t, "lock", "--check"); code != exitOK {
		t.Fatalf("check: exit %d: %s", code, errs)
	}
	lock := "expected-unikernel.opam.locked"
	if err := os.WriteFile(lock, append(mustRead(t, lock), "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runCmd(t, "lock", "--check"); code != exitFailure || !strings.Contains(errs, "file expected-unikernel.opam.locked: sha256-") {
		t.Fatalf("check after editing the monorepo lock: exit %d: %s", code, errs)
	}
}

// A repository the opam file names by x-mirage-extra-repo is the --repo
// of the same name; without one, the error names --repo-map.
func TestLockUnikernelNamedRepos(t *testing.T) {
	dir := t.TempDir()
	unikernelRepo(t, dir, "https://example.invalid")
	f := filepath.Join(dir, "mirage", "u-hvt.opam")
	text := string(mustRead(t, f)) + "x-mirage-extra-repo: [ [\"overlay\" \"https://example.invalid/overlay.git\"] ]\n"
	if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	writeTree(t, dir, map[string]string{"overlay/repo": "opam-version: \"2.0\"\n", "overlay/packages/README": ""})
	_, errs, code := runCmd(t, "lock", "--repo", filepath.Join(dir, "repo"), "-o", "-", f)
	if code != exitFailure || !strings.Contains(errs, "https://example.invalid/overlay.git") || !strings.Contains(errs, "-repo-map") {
		t.Fatalf("unmapped: exit %d: %s", code, errs)
	}
	out, errs, code := runCmd(t, "lock", "--repo", "overlay="+filepath.Join(dir, "overlay"), "--repo", filepath.Join(dir, "repo"), "-o", "-", f)
	if code != exitOK {
		t.Fatalf("named: exit %d: %s", code, errs)
	}
	p, err := drv.Decode("stdout", []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range p.Inputs.Repositories {
		names = append(names, r.Name)
	}
	if d := cmp.Diff([]string{"overlay", "repo"}, names); d != "" {
		t.Errorf("repositories (-want +got):\n%s", d)
	}
}

// pin-depends of a unikernel: satisfied from a repository (at the pinned
// version) or from a local folder, with the pin's URL as the source; a
// pin found nowhere is an error that says what to do.
func TestLockUnikernelPins(t *testing.T) {
	dir := t.TempDir()
	unikernelRepo(t, dir, "https://example.invalid")
	f := filepath.Join(dir, "mirage", "u-hvt.opam")
	base := string(mustRead(t, f))
	pin := func(entry string) {
		t.Helper()
		if err := os.WriteFile(f, []byte(base+"pin-depends: [ "+entry+" ]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lock := func() (*drv.Plan, string, int) {
		t.Helper()
		out, errs, code := runCmd(t, "lock", "--repo", filepath.Join(dir, "repo"), "-o", "-", f)
		if code != exitOK {
			return nil, errs, code
		}
		p, err := drv.Decode("stdout", []byte(out))
		if err != nil {
			t.Fatal(err)
		}
		return p, errs, code
	}

	pin(`["lib.2.0" "git+https://example.invalid/lib.git#v2"]`)
	_, errs, code := lock()
	if code != exitFailure || !strings.Contains(errs, "u-hvt.opam:7:16: lib.2.0 git+https://example.invalid/lib.git#v2") ||
		!strings.Contains(errs, "in a local repository given with --repo") {
		t.Fatalf("unresolved pin: exit %d, stderr:\n%s", code, errs)
	}

	pin(`["lib.1.0" "https://example.invalid/lib-1.0.tbz"]`)
	p, errs, code := lock()
	if code != exitOK {
		t.Fatalf("pin from the repository: exit %d: %s", code, errs)
	}
	if got := p.Packages["lib"]; got.Version != "1.0" || got.Source.URLs[0] != "https://example.invalid/lib-1.0.tbz" || got.Source.Hash != "" {
		t.Errorf("pinned lib: version %s, source %+v", got.Version, got.Source)
	}

	writeTree(t, dir, map[string]string{"libsrc/lib.opam": "opam-version: \"2.0\"\ndepends: [\"dune\"]\nbuild: [\"dune\" \"build\"]\n" +
		"dev-repo: \"git+https://example.invalid/lib.git\"\n"})
	pin(`["lib.dev" "git+file://` + filepath.ToSlash(filepath.Join(dir, "libsrc")) + `#main"]`)
	p, errs, code = lock()
	if code != exitOK {
		t.Fatalf("pin of a local folder: exit %d: %s", code, errs)
	}
	want := &drv.Source{Type: drv.SourceGit, URL: "file://" + filepath.ToSlash(filepath.Join(dir, "libsrc")), Ref: "main"}
	if d := cmp.Diff(want, p.Packages["lib"].Source); d != "" || p.Packages["lib"].Version != "dev" {
		t.Errorf("pinned lib %s, source (-want +got):\n%s", p.Packages["lib"].Version, d)
	}
	if _, ok := p.Inputs.Files["../libsrc/lib.opam"]; !ok {
		t.Errorf("inputs.files %v lacks the pinned opam file", p.Inputs.Files)
	}

	pin(`["lib.dev" "` + filepath.ToSlash(filepath.Join(dir, "nowhere")) + `"]`)
	if _, errs, code = lock(); code != exitFailure || !strings.Contains(errs, "pin lib.dev: no lib.opam, opam/lib.opam or opam file in") {
		t.Fatalf("pin of a missing folder: exit %d: %s", code, errs)
	}
}

// A library opam file of the unikernel's own tree (mirage's local_libs)
// given beside the unikernel's file is a local package: its dependencies
// are vendored with the unikernel's, it is never taken from the
// repositories, and it is a project of the lock; its pins are honoured.
func TestLockUnikernelLocalPackages(t *testing.T) {
	dir := t.TempDir()
	unikernelRepo(t, dir, "https://example.invalid")
	// The repository's mylib cannot be installed.
	writeTree(t, dir, map[string]string{
		"repo/packages/mylib/mylib.1/opam": "opam-version: \"2.0\"\ndepends: [\"no-such-package\"]\n",
		"mylib.opam":                       "opam-version: \"2.0\"\ndepends: [\"dune\" \"lib\"]\nbuild: [\"dune\" \"build\"]\n",
	})
	f := filepath.Join(dir, "mirage", "u-hvt.opam")
	if err := os.WriteFile(f, []byte(strings.Replace(string(mustRead(t, f)), `"lib" { ?monorepo }`, `"mylib" { ?monorepo }`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	chdir(t, dir)
	if _, errs, code := runCmd(t, "lock", "--repo", "repo", "mirage/u-hvt.opam", "mylib.opam"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lock := filepath.Join("mirage", defaultLock)
	view := vendoredView(t, lock)
	if view["lib"] != "lib 1.0 lib" || view["mylib"] != "" {
		t.Errorf("lib %q, mylib %q; want lib vendored and no mylib record", view["lib"], view["mylib"])
	}
	out, errs, code := runCmd(t, "why", "--lock", lock, "lib")
	if code != 0 || out != "# lib 1.0\nmylib (../mylib.opam)\nlib 1.0 (run dependency of mylib)\n" {
		t.Fatalf("why lib: exit %d\n%s%s", code, out, errs)
	}
	if _, errs, code := runCmd(t, "lock", "--check", "-o", lock); code != exitOK {
		t.Fatalf("check: exit %d: %s", code, errs)
	}
	// The local package's pins are read too.
	writeTree(t, dir, map[string]string{"mylib.opam": "opam-version: \"2.0\"\ndepends: [\"dune\" \"lib\"]\n" +
		"pin-depends: [[\"lib.3\" \"git+https://example.invalid/lib.git#v3\"]]\n"})
	if _, errs, code := runCmd(t, "lock", "--check", "-o", lock); code != exitFailure || !strings.Contains(errs, "mylib.opam:3:15: lib.3 git+https://example.invalid/lib.git#v3") {
		t.Fatalf("check with a pin in the local package: exit %d: %s", code, errs)
	}
}

// --check compares a unikernel's split too: the same versions vendored
// differently are a change.
func TestLockUnikernelCheckSplit(t *testing.T) {
	miniProject(t)
	if _, errs, code := runCmd(t, miniArgs...); code != 0 {
		t.Fatalf("lock: exit %d\n%s", code, errs)
	}
	p, err := drv.Read(defaultLock)
	if err != nil {
		t.Fatal(err)
	}
	p.Packages["fmt"].Vendor = nil
	if err := drv.WriteFile(defaultLock, p); err != nil {
		t.Fatal(err)
	}
	_, errs, code := runCmd(t, "lock", "--check")
	if code != exitFailure || !strings.Contains(errs, `vendor of fmt: none -> {"dir":"fmt"}`) {
		t.Fatalf("check: exit %d, stderr:\n%s", code, errs)
	}
}
