package unikernel

import (
	"github.com/hillingar/hillingar/pkg/opam"
)

// MetaFromFile reads what the monorepo rules need from a parsed opam file
// of name.version. It never fails: fields of the wrong kind count as
// absent (the opam reader reports them elsewhere).
func MetaFromFile(name, version string, f *opam.File) *Meta {
	m := &Meta{Name: name, Version: version, File: f.Name}
	if v, ok := opam.Field(f.Items, "flags"); ok {
		m.Flags = words(v)
	}
	if v, ok := opam.Field(f.Items, "tags"); ok {
		m.Tags = words(v)
	}
	if v, ok := opam.Field(f.Items, "dev-repo"); ok && v.Kind == opam.KindString {
		m.DevRepo, m.HasDevRepo = v.Str(), true
	}
	for _, it := range f.Items {
		if it.Section != nil && it.Name == "url" {
			if v, ok := opam.Field(it.Section.Items, "src"); ok && v.Kind == opam.KindString {
				m.URL = v.Str()
			}
			if v, ok := opam.Field(it.Section.Items, "checksum"); ok {
				m.Hashes = words(v)
			}
		}
	}
	if v, ok := opam.Field(f.Items, "build"); ok {
		m.HasBuild = len(v.Items()) > 0
	}
	if v, ok := opam.Field(f.Items, "install"); ok {
		m.HasInstall = len(v.Items()) > 0
	}
	for _, field := range []string{"depends", "depopts"} {
		if v, ok := opam.Field(f.Items, field); ok && mentionsPackage(v, "dune") {
			m.UsesDune = true
		}
	}
	return m
}

// words returns the strings and identifiers among v's items.
func words(v opam.Value) []string {
	var out []string
	for _, it := range v.Items() {
		if it.Kind == opam.KindString || it.Kind == opam.KindIdent {
			out = append(out, it.Str())
		}
	}
	return out
}

// mentionsPackage reports whether the package formula v names pkg as a
// package (not inside a version constraint or filter).
func mentionsPackage(v opam.Value, pkg string) bool {
	found := false
	walkPackages(v, func(name opam.Value) {
		if name.Str() == pkg {
			found = true
		}
	})
	return found
}

// walkPackages calls fn on each package-name string of the package formula
// v, in order.
func walkPackages(v opam.Value, fn func(opam.Value)) {
	switch v.Kind {
	case opam.KindString:
		fn(v)
	case opam.KindOption:
		walkPackages(v.Left(), fn)
	case opam.KindList, opam.KindGroup:
		for _, a := range v.Args() {
			walkPackages(a, fn)
		}
	case opam.KindLogop:
		walkPackages(v.Left(), fn)
		walkPackages(v.Right(), fn)
	}
}
