package unikernel

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
)

// The mirage tool's own test (folder 06): the lock it expects.
func TestMirageMiniRepos(t *testing.T) {
	dir := "testdata/cases/06-mini-repos"
	plan, _, err := lockProject(t, filepath.Join(dir, "unikernel.opam"), LockOptions{RequireCrossCompile: true})
	if err != nil {
		t.Fatal(err)
	}
	lf, _ := readOpam(t, filepath.Join(dir, "expected-unikernel.opam.locked"))
	want, err := ReadMonorepoLock(lf)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(lockView(want), lockedView(plan)); d != "" {
		t.Errorf("packages (-expected lock +ours):\n%s", d)
	}
	var wantDirs, gotDirs []string
	for _, d := range want.Dirs {
		wantDirs = append(wantDirs, d.Dir+" "+d.URL+" "+strings.Join(d.Packages, ","))
	}
	for _, d := range plan.Dirs {
		gotDirs = append(gotDirs, d.Name+" "+d.URL+" "+strings.Join(d.PackageNames(), ","))
	}
	if d := cmp.Diff(wantDirs, gotDirs); d != "" {
		t.Errorf("duniverse (-expected lock +ours):\n%s", d)
	}
}

// opam-monorepo's opam-provided.t (folder 08): which packages are vendored.
func TestOpamProvidedFixtures(t *testing.T) {
	dir := "testdata/cases/08-opam-provided"
	base := []string{
		"base-bigarray.base", "base-threads.base", "base-unix.base", "dune.2.9.1", "ocaml.4.13.1",
		"ocaml-base-compiler.4.13.1", "ocaml-config.2", "ocaml-options-vanilla.1",
	}
	with := func(extra ...string) []string {
		out := append(append([]string(nil), base...), extra...)
		sortByName(out)
		return out
	}
	want := map[string][]string{
		"vendored":           with("b.1 vendor"),
		"opam-provided":      with("b.1"),
		"transitive":         with("b.1", "depends-on-b.1 vendor"),
		"reverse-transitive": with("b.1", "depends-on-b.1"),
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			plan, _, err := lockProject(t, filepath.Join(dir, name+".opam"), LockOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(w, lockedView(plan)); d != "" {
				t.Errorf("lock (-run.t +ours):\n%s", d)
			}
		})
	}
}

// sortByName sorts "name.version ..." strings by name, as locks list them.
func sortByName(ss []string) {
	name := func(s string) string {
		n, _, _ := strings.Cut(s, ".")
		return n
	}
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && name(ss[j]) < name(ss[j-1]); j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
}

// The invalid x-opam-monorepo-opam-provided values of folder 08: errors at
// the offending value, as opam-monorepo's test expected.
func TestOpamProvidedInvalid(t *testing.T) {
	dir := "testdata/cases/08-opam-provided"
	want := map[string]string{
		"warning.opam":      `testdata/cases/08-opam-provided/warning.opam:8:32: field "x-opam-monorepo-opam-provided": expected a string or a list of strings, got 42`,
		"warning-list.opam": `testdata/cases/08-opam-provided/warning-list.opam:8:33: field "x-opam-monorepo-opam-provided": expected a string or a list of strings, got 42`,
	}
	for file, msg := range want {
		f, src := readOpam(t, filepath.Join(dir, file))
		_, err := ReadConfig(f, src)
		var fe *opam.FieldError
		if !errors.As(err, &fe) || err.Error() != msg {
			t.Errorf("%s: got %v\nwant %s", file, err, msg)
		}
	}
	f, src := readOpam(t, filepath.Join(dir, "opam-provided.opam"))
	pc, err := ReadConfig(f, src)
	if err != nil || !cmp.Equal(pc.OpamProvided, []string{"b"}) {
		t.Errorf("bare string: got %v, %v; want [b]", pc.OpamProvided, err)
	}
}

// opam-monorepo's require-cross-compiling-packages.t (folder 08), step by
// step, with b.0.2 added in memory as the test adds it to its repository.
func TestRequireCrossCompileFixtures(t *testing.T) {
	dir := "testdata/cases/08-cross"
	b02 := `opam-version: "2.0"
dev-repo: "git+https://b.com/b.git"
depends: [ "dune" ]
build: [ "dune" "build" ]
url {
  src: "https://b.com/b.0.2.tbz"
  checksum: "sha256=0000000000000000000000000000000000000000000000000000000000000003"
}
`
	steps := []struct {
		name, file string
		cross      bool
		add        string
		want       string
	}{
		{"without mirage", "without-mirage", false, "", "0.1+dune"},
		{"with mirage", "with-mirage", false, "", "0.1+dune+mirage"},
		{"0.2 released, without mirage", "without-mirage", false, b02, "0.2"},
		{"0.2 released, with mirage", "with-mirage", false, b02, "0.2"},
		{"0.2, cross, without mirage", "without-mirage", true, b02, "0.2"},
		{"0.2, cross, with mirage", "with-mirage", true, b02, "0.1+dune+mirage"},
		{"0.2 tagged, cross, with mirage", "with-mirage", true, b02 + "tags: [\"cross-compile\"]\n", "0.2"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			path := filepath.Join(dir, s.file+".opam")
			f, src := readOpam(t, path)
			pc, _ := ReadConfig(f, src)
			rel, err := MapRepositories(path, pc.Repositories, nil)
			if err != nil {
				t.Fatal(err)
			}
			var roots []string
			for _, r := range rel {
				roots = append(roots, filepath.Join(dir, r))
			}
			fs := newFolders(roots...)
			if s.add != "" {
				fs.add(t, "b", "0.2", s.add)
			}
			plan, _, err := Lock(fs, s.file, f, src, LockOptions{RequireCrossCompile: s.cross})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, p := range plan.Packages {
				if p.Candidate.Name == "b" && p.Vendored {
					got = p.Candidate.Version
				}
			}
			if got != s.want {
				t.Errorf("vendored b = %q, want %q", got, s.want)
			}
		})
	}
}
