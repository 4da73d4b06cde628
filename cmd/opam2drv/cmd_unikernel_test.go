package main

import (
	"bytes"
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

// lock-unikernel on the mirage tool's own test case (folder 06), whose
// opam file names both its repositories.
func TestLockUnikernelMirageCase(t *testing.T) {
	path := filepath.Join("..", "..", "pkg", "unikernel", "testdata", "cases", "06-mini-repos", "unikernel.opam")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"lock-unikernel", "-o", "-", path}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	p, err := drv.Decode("stdout", stdout.Bytes())
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
	var dirs map[string]struct{ Packages []string }
	if err := json.Unmarshal(p.Duniverse, &dirs); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"mirage-runtime"}, dirs["mirage"].Packages); d != "" || len(dirs) != 4 {
		t.Errorf("duniverse: %d folders, mirage (-want +got):\n%s", len(dirs), d)
	}
}

// A library with no dune version cannot be vendored: exit 3, and the
// message names it and why.
func TestLockUnikernelNoDunePort(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("repo/repo", "opam-version: \"2.0\"\n")
	write("repo/packages/ocaml-base-compiler/ocaml-base-compiler.4.14.2/opam",
		"opam-version: \"2.0\"\nflags: compiler\nbuild: [make]\nurl { src: \"https://ocaml/4.14.2.tgz\" }\n")
	write("repo/packages/ptime/ptime.1.1.0/opam",
		"opam-version: \"2.0\"\ndepends: [\"topkg\" {build}]\nbuild: [\"ocaml\" \"pkg/pkg.ml\" \"build\"]\n"+
			"dev-repo: \"git+https://erratique.ch/repos/ptime.git\"\nurl { src: \"https://ptime/1.1.0.tbz\" }\n")
	write("repo/packages/topkg/topkg.1.0.7/opam", "opam-version: \"2.0\"\nbuild: [\"ocaml\" \"pkg.ml\"]\nurl { src: \"https://topkg.tbz\" }\n")
	write("u.opam", "opam-version: \"2.0\"\ndepends: [ \"ptime\" { ?monorepo } ]\n")
	var stdout, stderr bytes.Buffer
	code := run([]string{"lock-unikernel", "-repo", filepath.Join(dir, "repo"), "-o", "-", filepath.Join(dir, "u.opam")}, &stdout, &stderr)
	if code != exitNoSolution || !strings.Contains(stderr.String(), "no version can be vendored of ptime (1.1.0: does not build with dune)") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
}

// -prefetch hashes an md5-only vendored source, served on loopback, and
// the duniverse folder gets the hash too.
func TestLockUnikernelPrefetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/lib.tbz" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "archive")
	}))
	defer srv.Close()
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("repo/repo", "opam-version: \"2.0\"\n")
	write("repo/packages/ocaml-base-compiler/ocaml-base-compiler.4.14.2/opam",
		"opam-version: \"2.0\"\nflags: compiler\nbuild: [make]\nurl { src: \"https://ocaml/4.14.2.tgz\" checksum: \"sha256=194c7988cc1fd1c64f53f32f2f7551e5309e44d914d6efc7e2e4d002296aeac4\" }\n")
	write("repo/packages/dune/dune.3.7.1/opam", "opam-version: \"2.0\"\nbuild: [\"ocaml\" \"boot.ml\"]\n"+
		"url { src: \"https://dune.tbz\" checksum: \"sha256=194c7988cc1fd1c64f53f32f2f7551e5309e44d914d6efc7e2e4d002296aeac4\" }\n")
	write("repo/packages/lib/lib.1.0/opam", fmt.Sprintf("opam-version: \"2.0\"\ndepends: [\"dune\"]\nbuild: [\"dune\" \"build\"]\n"+
		"dev-repo: \"git+https://example.invalid/lib.git\"\nurl { src: \"%s/lib.tbz\" checksum: \"md5=%x\" }\n", srv.URL, md5.Sum([]byte("archive"))))
	write("u.opam", "opam-version: \"2.0\"\ndepends: [ \"lib\" { ?monorepo } ]\n")
	var stdout, stderr bytes.Buffer
	args := []string{"lock-unikernel", "-repo", filepath.Join(dir, "repo"), "-prefetch", "-cache", filepath.Join(dir, "cache"), "-o", "-", filepath.Join(dir, "u.opam")}
	if code := run(args, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	p, err := drv.Decode("stdout", stdout.Bytes())
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
}
