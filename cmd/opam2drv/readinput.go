package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hillingar/hillingar/internal/boundedfile"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/unikernel"
)

// maxInputSize bounds an opam file or opam-monorepo lock given on the
// command line; the largest opam file of opam-repository is under 200 KiB.
const maxInputSize = 16 << 20

// readInputFile reads an opam file or opam-monorepo lock named on the
// command line. It refuses a folder, a device or a socket, and reads no
// more than maxInputSize bytes, so that a mistyped path such as /dev/zero
// fails at once with the file's name.
func readInputFile(path string) ([]byte, error) {
	data, err := boundedfile.ReadFile(path, maxInputSize)
	var tooLarge *boundedfile.TooLargeError
	switch {
	case errors.Is(err, boundedfile.ErrNotRegular):
		return nil, fmt.Errorf("%s: not a regular file; name an opam file", path)
	case errors.As(err, &tooLarge):
		return nil, fmt.Errorf("%s: larger than %d MiB, which no opam file is; name an opam file", path, maxInputSize>>20)
	}
	return data, err
}

// checkProjectNames returns an error at its position for the name field
// of the project file f, or the name its file name gives (fileName) when
// it has none, and for each dependency name, that opam refuses.
func checkProjectNames(path string, f *opam.File, fileName string) error {
	var errs []error
	if v, ok := opam.Field(f.Items, "name"); ok && v.Kind == opam.KindString {
		if !opam.ValidName(v.Str()) {
			errs = append(errs, fmt.Errorf("%s: field \"name\": %q is not a valid opam package name (%s); fix the name field",
				v.Pos, v.Str(), opam.NameRule))
		}
	} else if !opam.ValidName(fileName) {
		errs = append(errs, fmt.Errorf("%s: the package name %q taken from the file name is not a valid opam package name (%s); rename the file or add a name field",
			filepath.ToSlash(path), fileName, opam.NameRule))
	}
	if err := unikernel.CheckNames(f); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// checkOutput returns a usage error when the lock file out would replace
// a repository's archive or land inside a repository folder of specs
// (--repo values), which would change an input of the solve.
func checkOutput(out string, specs []string) error {
	if out == "" || out == "-" {
		return nil
	}
	o := realPath(out)
	for _, s := range specs {
		r, err := parseRepoSpec(s)
		if err != nil {
			return err
		}
		p := realPath(r.path)
		if o == p || strings.HasPrefix(o, p+string(filepath.Separator)) {
			return usagef("-o %s: the lock would be written inside the repository %s; write it elsewhere", out, r.path)
		}
	}
	return nil
}

// realPath returns the absolute form of p with the links of its folder
// resolved, as far as they exist.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(d, filepath.Base(abs))
	}
	return abs
}
