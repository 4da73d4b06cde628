package unikernel

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGroup(t *testing.T) {
	dune := lib("dune-configurator", "3.20.2")
	dune.DevRepo = "git+https://github.com/ocaml/dune.git"
	h2 := lib("h2", "0.8.0")
	hpack := lib("hpack", "0.8.0")
	h2.DevRepo, hpack.DevRepo = "git+https://github.com/anmonteiro/ocaml-h2.git", "https://github.com/anmonteiro/ocaml-h2"
	h2.Hashes = []string{"sha256=aa"}
	hpack.Hashes = []string{"md5=bb", "sha256=aa"}
	hpack.URL = "https://mirror/other-url.tbz"

	dirs, err := Group([]*Meta{hpack, lib("fmt", "0.9.0"), dune, h2})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, d := range dirs {
		got[d.Name] = d.PackageNames()
	}
	want := map[string][]string{
		"dune_":    {"dune-configurator"},
		"fmt":      {"fmt"},
		"ocaml-h2": {"h2", "hpack"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("folders (-want +got):\n%s", d)
	}
	if dirs[2].DevRepo != h2.DevRepo || dirs[2].URL != h2.URL {
		t.Fatalf("ocaml-h2 takes its dev-repo and source from h2, got %q %q", dirs[2].DevRepo, dirs[2].URL)
	}
}

func TestGroupErrors(t *testing.T) {
	// The three dev-repos of opam-monorepo's error-on-directory-conflict.t.
	a, b, c := lib("a", "1"), lib("b", "1"), lib("c", "1")
	a.DevRepo = "git+https://github.com/foo/project.git#branch"
	b.DevRepo = "git+https://github.com/foo/project"
	c.DevRepo = "git+https://github.com/bar/project"
	none := lib("no-dev-repo", "1")
	none.DevRepo, none.File = "", "repo/packages/no-dev-repo/no-dev-repo.1/opam"
	h2, hpack := lib("h2", "0.9.0"), lib("hpack", "0.8.0")
	h2.DevRepo, hpack.DevRepo = "git+https://github.com/x/h2.git", "git+https://github.com/x/h2.git"
	empty := lib("dummy", "1")
	empty.DevRepo = "git://dummy"

	_, err := Group([]*Meta{a, b, c, none, h2, hpack, empty})
	var clash *DirClashError
	var nodev *NoDevRepoError
	var mismatch *SourceMismatchError
	var bad *DevRepoError
	if !errors.As(err, &clash) || !errors.As(err, &nodev) || !errors.As(err, &mismatch) || !errors.As(err, &bad) {
		t.Fatalf("want all four error kinds, got:\n%v", err)
	}
	if d := cmp.Diff([]string{c.DevRepo, b.DevRepo, a.DevRepo}, clash.DevRepos); d != "" {
		t.Errorf("clash dev-repos (-want +got):\n%s", d)
	}
	if clash.Dir != "project" || nodev.Package != "no-dev-repo.1" || nodev.File != none.File || bad.Package != "dummy.1" {
		t.Errorf("wrong details: %+v %+v %+v", clash, nodev, bad)
	}
	wantSrc := []string{"h2.0.9.0: https://x/h2-0.9.0.tbz", "hpack.0.8.0: https://x/hpack-0.8.0.tbz"}
	if d := cmp.Diff(wantSrc, mismatch.Sources); d != "" {
		t.Errorf("mismatch sources (-want +got):\n%s", d)
	}
	want := "several dev-repos would be vendored into duniverse/project: " +
		"git+https://github.com/bar/project, git+https://github.com/foo/project, git+https://github.com/foo/project.git#branch"
	if clash.Error() != want {
		t.Errorf("clash message:\n got %s\nwant %s", clash.Error(), want)
	}
}
