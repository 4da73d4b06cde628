package unikernel

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
)

func TestReadMonorepoLockMirage(t *testing.T) {
	f, _ := readOpam(t, "testdata/cases/06-mini-repos/expected-unikernel.opam.locked")
	l, err := ReadMonorepoLock(f)
	if err != nil {
		t.Fatal(err)
	}
	want := &MonorepoLock{
		File:         f.Name,
		RootPackages: []string{"unikernel"},
		OpamProvided: []string{"ocaml-solo5"},
		Repositories: []string{"file://$OPAM_MONOREPO_CWD/mini-opam-overlays", "file://$OPAM_MONOREPO_CWD/mini-opam-repository"},
		CLIArgs:      []string{"--require-cross-compile"},
		Dirs: []LockedDir{
			{Dir: "fmt", URL: "https://fmt.src", Packages: []string{"fmt"}},
			{Dir: "gmp", URL: "https://gmp.src", Packages: []string{"gmp"}},
			{Dir: "mirage", URL: "https://mirage.src", Packages: []string{"mirage-runtime"}},
			{Dir: "zarith", URL: "https://github.com/ocaml/zarith.git", Packages: []string{"zarith"}},
		},
	}
	got := *l
	got.Packages = nil
	if d := cmp.Diff(want, &got); d != "" {
		t.Errorf("lock (-want +got):\n%s", d)
	}
	wantPkgs := []string{"dune.3.0.0", "fmt.0.9.0+dune vendor", "gmp.6.2.9+dune vendor", "mirage-runtime.4.0.0 vendor",
		"ocaml-base-compiler.4.13.1", "ocaml-solo5.0.8.0", "solo5.0.7.1", "zarith.1.12+dune+mirage vendor"}
	if d := cmp.Diff(wantPkgs, lockView(l)); d != "" {
		t.Errorf("packages (-want +got):\n%s", d)
	}
}

func TestReadMonorepoLockErrors(t *testing.T) {
	src := `opam-version: "2.0"
depends: [
  "a" {= "1" & ?vendor}
  "b" {>= "1"}
  "c" {= "2" & ?vendor}
]
pin-depends: [
  ["a.1" "https://a.src"]
  ["c.3" "https://c.src"]
]
x-opam-monorepo-duniverse-dirs: [
  ["https://a.src" "a"]
  "oops"
]
x-opam-monorepo-version: "0.2"
`
	f, err := opam.ParseString("bad.opam.locked", src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadMonorepoLock(f)
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *opam.FieldError
		if !errors.As(e, &fe) {
			t.Errorf("not a *opam.FieldError: %v", e)
		}
		got = append(got, e.Error())
	}
	want := []string{
		`bad.opam.locked:4:3: field "depends": expected "NAME" {= "VERSION"} or "NAME" {= "VERSION" & ?vendor}, got "b" {...}`,
		`bad.opam.locked:5:3: field "depends": c is vendored but has no pin-depends entry giving its source`,
		`bad.opam.locked:9:3: field "pin-depends": c.3 is pinned to https://c.src, which x-opam-monorepo-duniverse-dirs does not list`,
		`bad.opam.locked:13:3: field "x-opam-monorepo-duniverse-dirs": expected ["URL" "DIR"] or ["URL" "DIR" ["ALGO=HEX" ...]], got "oops"`,
		`bad.opam.locked:15:26: field "x-opam-monorepo-version": lock format "0.2" is not supported (want "0.3"); regenerate the lock with opam-monorepo 0.3 or later`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
}

// The real locks of folders 01, 03 and 07 read without error, every
// vendored package in exactly one folder.
func TestReadMonorepoLockReal(t *testing.T) {
	shared := sharedDir(t)
	cases := map[string]struct{ packages, vendored, dirs int }{
		"01-pizie-between-blocks-unix-mirage-4.3.6/mirage_between_blocks-unix.opam.locked": {54, 37, 33},
		"03-hannesm-hello-hvt-mirage-4.10.4/mirage_hello-hvt.opam.locked":                  {63, 31, 27},
		"07-opam-monorepo-self-lockfile/opam-monorepo.opam.locked":                         {55, 42, 0},
	}
	for file, want := range cases {
		f, _ := readOpam(t, filepath.Join(shared, "cases", file))
		l, err := ReadMonorepoLock(f)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		in := map[string]int{}
		for _, d := range l.Dirs {
			for _, p := range d.Packages {
				in[p]++
			}
		}
		for _, p := range l.Vendored() {
			if in[p] != 1 {
				t.Errorf("%s: %s is in %d folders", file, p, in[p])
			}
		}
		got := struct{ packages, vendored, dirs int }{len(l.Packages), len(l.Vendored()), len(l.Dirs)}
		if want.dirs == 0 {
			want.dirs = got.dirs
		}
		if got != want {
			t.Errorf("%s: got %+v, want %+v", file, got, want)
		}
		if strings.HasPrefix(file, "03") {
			dirs := map[string][]string{}
			for _, d := range l.Dirs {
				dirs[d.Dir] = d.Packages
			}
			if d := cmp.Diff([]string{"dune-configurator"}, dirs["dune_"]); d != "" {
				t.Errorf("03: duniverse/dune_ (-want +got):\n%s", d)
			}
		}
	}
}

// FromMonorepoLock reports, rather than trips on, a lock that
// ReadMonorepoLock already found wrong.
func TestFromMonorepoLockUnpinned(t *testing.T) {
	l := &MonorepoLock{File: "x.opam.locked", Packages: []LockedPackage{
		{Name: "fmt", Version: "0.9.0", Vendored: true, Pos: opam.NewPos("x.opam.locked", 3, 3)},
		{Name: "mirage", Version: "4.5.0"},
	}}
	_, _, err := FromMonorepoLock(l, newFolders(), nil)
	var fe *opam.FieldError
	var nr *NotInRepositoriesError
	if !errors.As(err, &fe) || !errors.As(err, &nr) || fe.Pos.Line != 3 || !cmp.Equal(nr.Packages, []string{"mirage.4.5.0"}) {
		t.Fatalf("got %v", err)
	}
}

// x-opam-monorepo-global-opam-vars in a lock is read as in a project
// file; a list value is an error at its position.
func TestReadMonorepoLockGlobalVars(t *testing.T) {
	src := `opam-version: "2.0"
depends: [ "a" {= "1"} ]
x-opam-monorepo-global-opam-vars: [ ["os" "freebsd"] ["os-version" "14.1"] ["with-stubs" true] ]
x-opam-monorepo-version: "0.3"
`
	f, err := opam.Parse("vars.opam.locked", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	l, err := ReadMonorepoLock(f)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"os": "freebsd", "os-version": "14.1", "with-stubs": "true"}
	if d := cmp.Diff(want, l.GlobalVars); d != "" {
		t.Errorf("global vars (-want +got):\n%s", d)
	}
	bad := strings.Replace(src, `["with-stubs" true]`, `["opam-version" ["2.1"]]`, 1)
	if f, err = opam.Parse("bad.opam.locked", []byte(bad)); err != nil {
		t.Fatal(err)
	}
	_, err = ReadMonorepoLock(f)
	if err == nil || !strings.Contains(err.Error(), "bad.opam.locked:3:") || !strings.Contains(err.Error(), "list values cannot be pinned") {
		t.Fatalf("list value: got %v", err)
	}
}
