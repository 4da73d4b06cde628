package build

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// InstallEntry is one line of an .install file field: a source relative
// to the build directory, optional when written "?src", and an optional
// destination relative to the field's directory.
type InstallEntry struct {
	Src      string
	Dest     string
	Optional bool
	Line     int
}

// InstallFile is a parsed opam .install file: entries by field (lib, bin,
// libexec, stublibs, share, share_root, doc, man, etc, toplevel,
// lib_root, libexec_root, sbin, misc).
type InstallFile struct {
	Path   string
	Fields map[string][]InstallEntry
}

// installDirs maps each field to its directory under the prefix
// (%s is the package name) and whether installed files are executable.
var installDirs = map[string]struct {
	dir  string
	exec bool
}{
	"lib": {"lib/%s", false}, "lib_root": {"lib", false},
	"libexec": {"lib/%s", true}, "libexec_root": {"lib", true},
	"bin": {"bin", true}, "sbin": {"sbin", true},
	"toplevel": {"lib/toplevel", false}, "stublibs": {"lib/stublibs", true},
	"share": {"share/%s", false}, "share_root": {"share", false},
	"etc": {"etc/%s", false}, "doc": {"doc/%s", false}, "man": {"man", false},
}

// ParseInstallFile parses the content of an .install file named path.
func ParseInstallFile(path, src string) (*InstallFile, error) {
	items, err := parseOpamFile(path, src)
	if err != nil {
		return nil, err
	}
	f := &InstallFile{Path: path, Fields: map[string][]InstallEntry{}}
	var errs []error
	for _, it := range items {
		if _, ok := installDirs[it.Name]; !ok && it.Name != "misc" {
			errs = append(errs, fmt.Errorf("%s:%d: unknown field %q", path, it.Line, it.Name))
			continue
		}
		entries := it.Value.List
		if it.Value.Kind != "list" {
			entries = []value{it.Value}
		}
		for _, v := range entries {
			e, err := installEntry(path, v)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			f.Fields[it.Name] = append(f.Fields[it.Name], e)
		}
	}
	return f, errors.Join(errs...)
}

func installEntry(path string, v value) (InstallEntry, error) {
	if v.Kind != "string" {
		return InstallEntry{}, fmt.Errorf("%s:%d: want a file name string", path, v.Line)
	}
	e := InstallEntry{Src: v.S, Line: v.Line}
	if strings.HasPrefix(e.Src, "?") {
		e.Src, e.Optional = e.Src[1:], true
	}
	switch {
	case len(v.Opts) == 1 && v.Opts[0].Kind == "string":
		e.Dest = v.Opts[0].S
	case len(v.Opts) > 0:
		return e, fmt.Errorf("%s:%d: %q: the destination must be one string in braces", path, v.Line, v.S)
	}
	return e, nil
}

// InstallError reports an .install entry that cannot be installed.
type InstallError struct {
	File  string
	Line  int
	Field string
	Src   string
	Err   error
}

func (e *InstallError) Error() string {
	return fmt.Sprintf("%s:%d: %s entry %q: %v", e.File, e.Line, e.Field, e.Src, e.Err)
}

func (e *InstallError) Unwrap() error { return e.Err }

// ErrEscapes is returned for an .install path that leaves its directory.
var ErrEscapes = errors.New("path leaves its directory (absolute or with ..)")

// Apply installs the file's entries for package pkg from buildDir into
// prefix. Missing optional sources are skipped; misc entries are refused
// (they would write outside the prefix). It returns the installed paths
// relative to prefix, sorted.
func (f *InstallFile) Apply(pkg, buildDir, prefix string) ([]string, error) {
	var done []string
	var errs []error
	for _, field := range sortedKeys(f.Fields) {
		for _, e := range f.Fields[field] {
			rel, err := f.applyOne(pkg, field, e, buildDir, prefix)
			if err != nil {
				errs = append(errs, &InstallError{File: f.Path, Line: e.Line, Field: field, Src: e.Src, Err: err})
			} else if rel != "" {
				done = append(done, rel)
			}
		}
	}
	sort.Strings(done)
	return done, errors.Join(errs...)
}

func (f *InstallFile) applyOne(pkg, field string, e InstallEntry, buildDir, prefix string) (string, error) {
	spec, ok := installDirs[field]
	if !ok {
		return "", errors.New("misc files install outside the package's prefix; not supported in a Nix build")
	}
	if !local(e.Src) || (e.Dest != "" && !local(e.Dest)) {
		return "", ErrEscapes
	}
	src := filepath.Join(buildDir, e.Src)
	st, err := os.Stat(src)
	if err != nil {
		if e.Optional && errors.Is(err, os.ErrNotExist) {
			return "", nil
		}
		return "", err
	}
	dest := e.Dest
	if dest == "" {
		dest = filepath.Base(e.Src)
		if field == "man" {
			dest = manDest(dest)
		}
	}
	dir := spec.dir
	if strings.Contains(dir, "%s") {
		dir = fmt.Sprintf(dir, pkg)
	}
	rel := filepath.Join(dir, dest)
	mode := st.Mode().Perm() | 0o444
	if spec.exec {
		mode |= 0o111
	}
	return rel, copyTree(src, filepath.Join(prefix, rel), mode)
}

// local reports whether p is relative and stays below its directory.
func local(p string) bool {
	return p != "" && filepath.IsLocal(p)
}

// manDest puts a man page without an explicit destination in manN/ after
// its section suffix, as opam does (foo.1 goes to man1/foo.1).
func manDest(base string) string {
	ext := filepath.Ext(base)
	if len(ext) >= 2 && ext[1] >= '0' && ext[1] <= '9' {
		return "man" + ext[1:2] + "/" + base
	}
	return base
}

// copyTree copies a file (with mode) or a directory tree.
func copyTree(src, dst string, mode os.FileMode) error {
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return copyFile(src, dst, mode)
	}
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		return copyFile(p, filepath.Join(dst, rel), info.Mode().Perm()|0o444)
	})
}

func copyFile(src, dst string, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, mode)
}

// ReadConfigFile reads the variables section of an opam .config file
// (variables { name: value ... }) into string and bool values.
func ReadConfigFile(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	items, err := parseOpamFile(path, string(data))
	if err != nil {
		return nil, err
	}
	vars := map[string]any{}
	for _, it := range items {
		if it.Name != "variables" {
			continue
		}
		for _, v := range it.Section {
			switch v.Value.Kind {
			case "bool":
				vars[v.Name] = v.Value.B
			case "string", "int", "ident":
				vars[v.Name] = v.Value.S
			default:
				return nil, fmt.Errorf("%s:%d: variable %q: want a string or a bool", path, v.Line, v.Name)
			}
		}
	}
	return vars, nil
}
