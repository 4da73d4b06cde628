package build

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// listTree returns "path mode" for every file under dir.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, rel+" "+info.Mode().Perm().String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestInstallFileApply(t *testing.T) {
	build, prefix := t.TempDir(), t.TempDir()
	writeTree(t, build, map[string]string{
		"_build/default/foo.cma":  "cma",
		"_build/default/META":     "meta",
		"_build/default/main.exe": "exe",
		"doc/README.md":           "readme",
		"foo.1":                   "man",
		"data/x.txt":              "x",
		"data/sub/y.txt":          "y",
		"dllfoo.so":               "so",
	})
	src := `lib: [ "_build/default/foo.cma" "_build/default/META" {"META"} "?_build/default/foo.cmxs" ]
bin: [ "_build/default/main.exe" {"foo"} ]
doc: [ "doc/README.md" ]
man: [ "foo.1" "?foo.5" ]
share: [ "data" {"stuff"} ]
share_root: [ "data/x.txt" {"common/x.txt"} ]
stublibs: [ "dllfoo.so" ]
lib_root: [ "_build/default/META" {"foo-extra/META"} ]
`
	f, err := ParseInstallFile("foo.install", src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Apply("foo", build, prefix)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"bin/foo", "doc/foo/README.md", "lib/foo-extra/META", "lib/foo/META", "lib/foo/foo.cma",
		"lib/stublibs/dllfoo.so", "man/man1/foo.1", "share/common/x.txt", "share/foo/stuff",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Apply returned (-want +got):\n%s", d)
	}
	// Executable fields add x bits; everything is readable by all.
	wantTree := []string{
		"bin/foo -rwxr-xr-x", "doc/foo/README.md -rw-r--r--", "lib/foo-extra/META -rw-r--r--",
		"lib/foo/META -rw-r--r--", "lib/foo/foo.cma -rw-r--r--", "lib/stublibs/dllfoo.so -rwxr-xr-x",
		"man/man1/foo.1 -rw-r--r--", "share/common/x.txt -rw-r--r--", "share/foo/stuff/sub/y.txt -rw-r--r--",
		"share/foo/stuff/x.txt -rw-r--r--",
	}
	if d := cmp.Diff(wantTree, listTree(t, prefix)); d != "" {
		t.Fatalf("installed tree (-want +got):\n%s", d)
	}
}

func TestInstallFileRefuses(t *testing.T) {
	build, prefix := t.TempDir(), t.TempDir()
	writeTree(t, build, map[string]string{"a": "a"})
	for _, src := range []string{
		`lib: [ "../outside" ]`,
		`lib: [ "/etc/passwd" ]`,
		`lib: [ "a" {"../../escape"} ]`,
		`share_root: [ "a" {"/abs"} ]`,
		`bin: [ "missing-not-optional" ]`,
		`misc: [ "a" {"/etc/a"} ]`,
	} {
		f, err := ParseInstallFile("x.install", src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if _, err := f.Apply("x", build, prefix); err == nil {
			t.Errorf("Apply(%s): no error", src)
		}
	}
	f, _ := ParseInstallFile("x.install", `lib: [ "../outside" ]`)
	_, err := f.Apply("x", build, prefix)
	var ie *InstallError
	if !errors.As(err, &ie) || !errors.Is(err, ErrEscapes) || ie.Line != 1 || ie.Field != "lib" {
		t.Fatalf("Apply(../outside) = %v, want an *InstallError at line 1 wrapping ErrEscapes", err)
	}
	if got := listTree(t, prefix); len(got) != 0 {
		t.Fatalf("refused entries installed files: %v", got)
	}
}

func TestParseInstallFileErrors(t *testing.T) {
	for _, src := range []string{`lib: [ "a" `, `libz: [ "a" ]`, `lib: [ "a" {"b" "c"} ]`, `lib: [ 42 ]`} {
		if _, err := ParseInstallFile("bad.install", src); err == nil {
			t.Errorf("ParseInstallFile(%q): no error", src)
		}
	}
}

func TestReadConfigFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ocaml.config")
	writeTree(t, dir, map[string]string{"ocaml.config": `opam-version: "2.0"
# comment
variables {
  native: true
  native-dynlink: false
  stubsdir: "/x/lib/stublibs"
}
file-depends: [ ["/usr/bin/ocamlc" "md5=0"] ]
`})
	got, err := ReadConfigFile(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"native": true, "native-dynlink": false, "stubsdir": "/x/lib/stublibs"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("ReadConfigFile (-want +got):\n%s", d)
	}
}
