package unikernel

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
)

func TestReadConfigGenerated(t *testing.T) {
	type view struct {
		Provided []string
		Repos    []string
		Gen      string
	}
	read := func(file string) view {
		f, src := readOpam(t, "testdata/cases/generated/"+file)
		pc, err := ReadConfig(f, src)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		v := view{Provided: pc.OpamProvided, Gen: pc.GeneratedBy}
		for _, r := range pc.Repositories {
			v.Repos = append(v.Repos, r.Pos.String()+" "+r.Name+" "+r.URL)
		}
		return v
	}
	overlays := func(file string, line int32) []string {
		p := opam.Pos{File: "testdata/cases/generated/" + file, Line: line, Col: 1}
		q := p
		q.Line += 2
		return []string{
			p.String() + " opam-overlays https://github.com/dune-universe/opam-overlays.git",
			q.String() + " mirage-overlays https://github.com/dune-universe/mirage-opam-overlays.git",
		}
	}
	got := map[string]view{
		"01": read("mirage_between_blocks-unix.opam"),
		"03": read("mirage_hello-hvt.opam"),
		"05": read("noop-hvt.mirage-4.2.0.opam"),
	}
	want := map[string]view{
		"01": {[]string{"mirage", "opam-monorepo"}, overlays("mirage_between_blocks-unix.opam", 43), "4.3.6"},
		"03": {[]string{"mirage", "ocaml-solo5", "opam-monorepo", "solo5"}, overlays("mirage_hello-hvt.opam", 46), "4.10.4"},
		// 4.2.0 wrote "ocaml""ocaml-solo5" with no space, and no header.
		"05": {[]string{"mirage", "ocaml", "ocaml-solo5", "opam-monorepo"}, overlays("noop-hvt.mirage-4.2.0.opam", 39), ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("configs (-want +got):\n%s", d)
	}
}

func TestMapRepositories(t *testing.T) {
	f, src := readOpam(t, "testdata/cases/generated/mirage_hello-hvt.opam")
	pc, _ := ReadConfig(f, src)
	paths, err := MapRepositories(f.Name, pc.Repositories, map[string]string{
		"opam-overlays": "/snap/opam-overlays.tar.gz",
		"https://github.com/dune-universe/mirage-opam-overlays.git": "/snap/mirage.tar.gz",
	})
	if err != nil || !cmp.Equal(paths, []string{"/snap/opam-overlays.tar.gz", "/snap/mirage.tar.gz"}) {
		t.Errorf("mapped: %v, %v", paths, err)
	}

	_, err = MapRepositories(f.Name, pc.Repositories, nil)
	var ue *UnmappedRepoError
	if !errors.As(err, &ue) || len(ue.Repos) != 2 {
		t.Fatalf("want an *UnmappedRepoError for both overlays, got %v", err)
	}
	want := "testdata/cases/generated/mirage_hello-hvt.opam names repositories that are never fetched: " +
		"map each to a local copy with --repo-map URL=PATH (or NAME=PATH):\n" +
		"  testdata/cases/generated/mirage_hello-hvt.opam:46:1: https://github.com/dune-universe/opam-overlays.git (opam-overlays)\n" +
		"  testdata/cases/generated/mirage_hello-hvt.opam:48:1: https://github.com/dune-universe/mirage-opam-overlays.git (mirage-overlays)"
	if err.Error() != want {
		t.Errorf("message:\n%s\nwant:\n%s", err, want)
	}

	f, src = readOpam(t, "testdata/cases/generated/bad-name.opam")
	pc, _ = ReadConfig(f, src)
	_, err = MapRepositories(f.Name, pc.Repositories, nil)
	var fe *opam.FieldError
	if !errors.As(err, &fe) || !errors.As(err, &ue) || fe.Pos.Line != 9 || ue.Repos[0].URL != "https://example.org/repo.git" {
		t.Errorf("want a misplaced $OPAM_MONOREPO_CWD at line 9 and one unmapped URL, got %v", err)
	}
}

// Invalid names are found whatever their filter, inside formulas too.
func TestCheckNames(t *testing.T) {
	f, _ := readOpam(t, "testdata/cases/generated/bad-name-filtered.opam")
	err := CheckNames(f)
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		got = append(got, e.(*NameError).Pos+" "+e.(*NameError).Name)
	}
	want := []string{
		"testdata/cases/generated/bad-name-filtered.opam:4:3 dns-client.mirage",
		"testdata/cases/generated/bad-name-filtered.opam:5:12 mirage-crypto.rng",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// A findlib name in depends stops the lock with its position.
func TestLockRejectsBadName(t *testing.T) {
	f, src := readOpam(t, "testdata/cases/generated/bad-name.opam")
	var files opamuniverse.Source = newFolders("testdata/cases/08-opam-provided/minimal-repo")
	_, _, err := Lock(files, "bad-name", f, src, LockOptions{})
	var ne *NameError
	if !errors.As(err, &ne) || ne.Pos != "testdata/cases/generated/bad-name.opam:5:3" || ne.Name != "dns-client.mirage" {
		t.Fatalf("want a *NameError at 5:3, got %v", err)
	}
}
