package unikernel

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hillingar/hillingar/pkg/opam"
)

// FuzzReaders checks that the readers of opam files return errors, never
// panic, on any file the parser accepts.
func FuzzReaders(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/cases/*/*.opam*")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := opam.Parse("fuzz.opam", b)
		if err != nil {
			return
		}
		ReadConfig(file, b)
		CheckNames(file)
		MetaFromFile("p", "1", file)
		if l, err := ReadMonorepoLock(file); err == nil {
			FromMonorepoLock(l, newFolders(), nil)
		}
	})
}
