package unikernel

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
)

// A local package (mirage's local_libs) wins over the repository's
// version of its name, and its dependencies join the unikernel's.
func TestLockLocalPackages(t *testing.T) {
	fs := newFolders("testdata/cases/08-opam-provided/minimal-repo")
	fs.add(t, "lib", "1", "opam-version: \"2.0\"\ndepends: [\"dune\"]\nbuild: [\"dune\" \"build\"]\n"+
		"dev-repo: \"git+https://example.invalid/lib.git\"\nurl { src: \"https://example.invalid/lib-1.tbz\" }\n")
	// The repository's mylib cannot be installed: choosing it fails.
	fs.add(t, "mylib", "1", "opam-version: \"2.0\"\ndepends: [\"no-such-package\"]\n")
	src := "opam-version: \"2.0\"\ndepends: [\"dune\" \"mylib\" {?monorepo}]\n"
	f, _ := opam.ParseString("u-hvt.opam", src)
	mylib, _ := opam.ParseString("mylib.opam", "opam-version: \"2.0\"\ndepends: [\"dune\" \"lib\" \"mylib\" {with-test}]\n")

	if _, _, err := Lock(fs, "u-hvt", f, []byte(src), LockOptions{}); err == nil {
		t.Fatal("the repository's mylib was solvable; the test would prove nothing")
	}
	plan, _, err := Lock(fs, "u-hvt", f, []byte(src), LockOptions{Local: map[string]*opam.File{"mylib": mylib}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"base-bigarray.base", "base-threads.base", "base-unix.base", "dune.2.9.1", "lib.1 vendor",
		"ocaml.4.13.1", "ocaml-base-compiler.4.13.1", "ocaml-config.2", "ocaml-options-vanilla.1"}
	if d := cmp.Diff(want, lockedView(plan)); d != "" {
		t.Errorf("plan (-want +got):\n%s", d)
	}
	// The local package's conflicts hold against the vendored half.
	conflicting, _ := opam.ParseString("mylib.opam", "opam-version: \"2.0\"\ndepends: [\"dune\" \"lib\"]\nconflicts: [\"lib\" {>= \"1\"}]\n")
	if _, _, err := Lock(fs, "u-hvt", f, []byte(src), LockOptions{Local: map[string]*opam.File{"mylib": conflicting}}); err == nil {
		t.Fatal("a local package's conflict with its own dependency was ignored")
	}
	// So do the unikernel's own.
	csrc := src + "conflicts: [\"lib\"]\n"
	cf, _ := opam.ParseString("u-hvt.opam", csrc)
	if _, _, err := Lock(fs, "u-hvt", cf, []byte(csrc), LockOptions{Local: map[string]*opam.File{"mylib": mylib}}); err == nil {
		t.Fatal("the unikernel's conflict with a vendored library was ignored")
	}
	bad, _ := opam.ParseString("bad.opam", "opam-version: \"2.0\"\ndepends: [\"lib.1\"]\n")
	if _, _, err := Lock(fs, "u-hvt", f, []byte(src), LockOptions{Local: map[string]*opam.File{"mylib": bad}}); err == nil {
		t.Fatal("an invalid name in a local package was accepted")
	}
}
