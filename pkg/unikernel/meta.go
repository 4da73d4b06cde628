package unikernel

import "slices"

// Meta is what the monorepo rules read from one package version's opam
// file. A Meta is never modified after it is made; callers may share it.
type Meta struct {
	Name    string
	Version string
	// File is where the opam file was read, for error messages.
	File string
	// Flags and Tags are the values of the flags: and tags: fields.
	Flags []string
	Tags  []string
	// DevRepo is the dev-repo field; HasDevRepo reports whether the field
	// is present (it may be present and empty).
	DevRepo    string
	HasDevRepo bool
	// URL is url.src, "" when the package has no url section.
	URL string
	// Hashes are url.checksum values as opam writes them ("sha256=...").
	Hashes []string
	// HasBuild and HasInstall report whether build: and install: hold at
	// least one command.
	HasBuild, HasInstall bool
	// UsesDune reports whether "dune" appears anywhere in depends: or
	// depopts:, before filters are evaluated.
	UsesDune bool
}

// skipNames are build tools of older build systems that opam-monorepo
// leaves to the build machine.
var skipNames = []string{"dune", "jbuilder", "ocamlbuild", "ocamlmod", "oasis", "ocamlify"}

// compilerNames are the compiler's own package names.
var compilerNames = []string{"ocaml", "ocaml-compiler"}

// HasFlag reports whether m has flag f.
func (m *Meta) HasFlag(f string) bool { return slices.Contains(m.Flags, f) }

// CrossCompile reports whether m is tagged cross-compile.
func (m *Meta) CrossCompile() bool { return slices.Contains(m.Tags, "cross-compile") }

// Virtual reports whether m has nothing to vendor: no url, or the conf
// flag with an absent or empty dev-repo, or no build and no install
// commands.
func (m *Meta) Virtual() bool {
	switch {
	case m.URL == "":
		return true
	case m.HasFlag("conf") && m.DevRepo == "":
		return true
	}
	return !m.HasBuild && !m.HasInstall
}

// Safe reports whether m is never vendored, and why, as a short phrase
// for messages ("" when it may be vendored).
func (m *Meta) Safe() (bool, string) {
	switch {
	case m.HasFlag("compiler"):
		return true, "compiler flag"
	case slices.Contains(compilerNames, m.Name):
		return true, "compiler package"
	case slices.Contains(skipNames, m.Name):
		return true, "provided by the build machine"
	case m.URL == "":
		return true, "no url"
	case m.HasFlag("conf") && m.DevRepo == "":
		return true, "conf package without dev-repo"
	case !m.HasBuild && !m.HasInstall:
		return true, "no build or install commands"
	}
	return false, ""
}

// IsSafe reports whether m is never vendored.
func (m *Meta) IsSafe() bool {
	s, _ := m.Safe()
	return s
}
