package unikernel

import (
	"strings"
	"testing"

	"github.com/hillingar/hillingar/pkg/opam"
)

// TestMonorepoLockDirNames checks that a duniverse folder of an
// opam-monorepo lock must be one folder name under duniverse/: a path
// that leaves it, an absolute path or an empty name is an error at its
// position.
func TestMonorepoLockDirNames(t *testing.T) {
	src := `opam-version: "2.0"
x-opam-monorepo-version: "0.3"
x-opam-monorepo-duniverse-dirs: [
  ["https://a/a.tgz" "../../etc"]
  ["https://b/b.tgz" "/abs"]
  ["https://c/c.tgz" "a/b"]
  ["https://d/d.tgz" ""]
  ["https://e/e.tgz" "."]
  ["https://f/f.tgz" "x\\y"]
  ["https://g/g.tgz" "fine-name_1.2"]
]
depends: [ "fmt" {= "0.9.0"} ]
`
	f, err := opam.ParseString("u.opam.locked", src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadMonorepoLock(f)
	if err == nil {
		t.Fatal("ReadMonorepoLock accepted folders outside duniverse/")
	}
	for _, pos := range []string{"4:3", "5:3", "6:3", "7:3", "8:3", "9:3"} {
		want := "u.opam.locked:" + pos + `: field "x-opam-monorepo-duniverse-dirs": folder `
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no error at %s; errors:\n%v", pos, err)
		}
	}
	if strings.Contains(err.Error(), "fine-name_1.2") {
		t.Errorf("a valid folder name was refused:\n%v", err)
	}
}
