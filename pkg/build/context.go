package build

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Context is what the Nix library tells the build about its surroundings.
type Context struct {
	// Deps maps the name of each dependency visible at build time (build,
	// run, depopts, and test/doc ones when switched on) to its store path.
	Deps map[string]string `json:"deps"`
	// Run names the dependencies whose run-time closures the built
	// package passes on to its dependents (run dependencies and depopts,
	// not build-only ones).
	Run []string `json:"run"`
	// System lists store paths of non-opam inputs (depexts, a system
	// compiler) whose bin/ goes on PATH; they are passed on to dependents.
	System []string `json:"system"`
	// Vars are extra variables of this package (used for packages taken
	// from pkgs rather than built, such as ocaml-system).
	Vars map[string]any `json:"vars"`
	// ExtraSources maps a file name (relative to the source root) to the
	// store path of the fetched extra-source, copied in by Prepare.
	ExtraSources map[string]string `json:"extraSources"`
	// WithTest and WithDoc switch the with-test and with-doc variables.
	WithTest bool `json:"withTest"`
	WithDoc  bool `json:"withDoc"`
	// Env holds the plan's platform variables (arch, os, os-distribution...).
	Env map[string]string `json:"env"`
}

// MetaPath is where a built package keeps its [Meta], relative to its
// output.
const MetaPath = "nix-support/opam2drv.json"

// Meta describes a built package to its dependents.
type Meta struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Vars are the package's .config variables (string or bool values).
	Vars map[string]any `json:"vars"`
	// Setenv holds the package's setenv updates, values already expanded.
	Setenv []ResolvedUpdate `json:"setenv"`
	// Closure maps every opam package this one needs at run time,
	// itself included, to its store path.
	Closure map[string]string `json:"closure"`
	// System lists the non-opam store paths dependents need on PATH.
	System []string `json:"system"`
}

// ResolvedUpdate is an environment update with its value expanded.
type ResolvedUpdate struct {
	Var   string `json:"var"`
	Op    string `json:"op"`
	Value string `json:"value"`
}

// ReadMeta reads the metadata of the package built at prefix.
func ReadMeta(prefix string) (*Meta, error) {
	data, err := os.ReadFile(filepath.Join(prefix, MetaPath))
	if err != nil {
		return nil, fmt.Errorf("dependency %s is not an opam2drv package (no %s): %w", prefix, MetaPath, err)
	}
	var m Meta
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(prefix, MetaPath), err)
	}
	return &m, nil
}

// Visible is the set of packages a build sees: the closure of its
// dependencies.
type Visible struct {
	// Pkgs maps a package name to its metadata.
	Pkgs map[string]*Meta
	// Path maps a package name to its store path (its prefix).
	Path map[string]string
	// System is the sorted, deduplicated list of system store paths.
	System []string
}

// LoadVisible reads the metadata of every dependency in ctx and of their
// run-time closures. Two different store paths for one name is an error.
func LoadVisible(ctx *Context) (*Visible, error) {
	v := &Visible{Pkgs: map[string]*Meta{}, Path: map[string]string{}}
	sys := map[string]bool{}
	for _, s := range ctx.System {
		sys[s] = true
	}
	for _, name := range sortedKeys(ctx.Deps) {
		m, err := ReadMeta(ctx.Deps[name])
		if err != nil {
			return nil, err
		}
		for _, s := range m.System {
			sys[s] = true
		}
		for _, n := range sortedKeys(m.Closure) {
			if err := v.add(n, m.Closure[n]); err != nil {
				return nil, err
			}
		}
	}
	for s := range sys {
		v.System = append(v.System, s)
	}
	sort.Strings(v.System)
	return v, nil
}

func (v *Visible) add(name, prefix string) error {
	if old, ok := v.Path[name]; ok {
		if old != prefix {
			return fmt.Errorf("package %s is visible twice, as %s and %s: the plan's dependencies disagree", name, old, prefix)
		}
		return nil
	}
	m, err := ReadMeta(prefix)
	if err != nil {
		return err
	}
	v.Pkgs[name], v.Path[name] = m, prefix
	return nil
}

// Names returns the visible package names, sorted.
func (v *Visible) Names() []string { return sortedKeys(v.Path) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
