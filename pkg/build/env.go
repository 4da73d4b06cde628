package build

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Environ is a process environment as an ordered map.
type Environ map[string]string

// EnvironFrom reads KEY=VALUE pairs.
func EnvironFrom(kv []string) Environ {
	e := Environ{}
	for _, s := range kv {
		if k, v, ok := strings.Cut(s, "="); ok {
			e[k] = v
		}
	}
	return e
}

// List returns the environment as sorted KEY=VALUE pairs.
func (e Environ) List() []string {
	out := make([]string, 0, len(e))
	for _, k := range sortedKeys(e) {
		out = append(out, k+"="+e[k])
	}
	return out
}

// Apply performs one opam environment update: = sets, += and := prepend,
// =+ and =: append (:= and =: keep an empty element when the variable was
// empty, as opam does), =+= prepends.
func (e Environ) Apply(name, op, val string) {
	old := e[name]
	sep := string(os.PathListSeparator)
	switch op {
	case "=":
		e[name] = val
	case "+=", "=+=":
		e[name] = join(val, old, sep)
	case "=+":
		e[name] = join(old, val, sep)
	case ":=":
		e[name] = val + sep + old
	case "=:":
		e[name] = old + sep + val
	}
}

// join joins two list values, leaving out an empty one.
func join(a, b, sep string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + sep + b
}

// prependPaths prepends dirs that exist to the list variable name.
func (e Environ) prependPaths(name string, dirs []string) {
	for i := len(dirs) - 1; i >= 0; i-- {
		if st, err := os.Stat(dirs[i]); err == nil && st.IsDir() {
			e.Apply(name, "+=", dirs[i])
		}
	}
}

// BuildEnv returns the environment for the package's commands: base, then
// PATH, OCAMLPATH, CAML_LD_LIBRARY_PATH and OCAMLTOP_INCLUDE_PATH over
// every visible package (sorted by name, then system inputs), opam's own
// variables, each visible package's setenv, and the package's build-env.
// shimDir, when not empty, goes first on PATH (it holds the opam shim).
func (s *Scope) BuildEnv(base Environ, shimDir string) Environ {
	e := Environ{}
	for k, v := range base {
		e[k] = v
	}
	var bins, libs, stubs, tops []string
	for _, n := range s.Visible.Names() {
		p := s.Visible.Path[n]
		bins = append(bins, filepath.Join(p, "bin"))
		libs = append(libs, filepath.Join(p, "lib"))
		stubs = append(stubs, filepath.Join(p, "lib", "stublibs"))
		tops = append(tops, filepath.Join(p, "lib", "toplevel"))
	}
	for _, p := range s.Visible.System {
		bins = append(bins, filepath.Join(p, "bin"))
	}
	e.prependPaths("PATH", bins)
	if shimDir != "" {
		e.Apply("PATH", "+=", shimDir)
	}
	e.prependPaths("OCAMLPATH", libs)
	e.prependPaths("CAML_LD_LIBRARY_PATH", stubs)
	e.prependPaths("OCAMLTOP_INCLUDE_PATH", tops)
	// Nix gives builds an unwritable HOME; tools that write there (dune's
	// cache, opam's own files) get a folder of the build, and dune's shared
	// cache stays off so that builds depend on their inputs only.
	if h := e["HOME"]; h == "" || h == "/homeless-shelter" {
		e["HOME"] = filepath.Join(os.TempDir(), "opam2drv-home")
	}
	if _, ok := e["DUNE_CACHE"]; !ok {
		e["DUNE_CACHE"] = "disabled"
	}
	e["OCAMLFIND_DESTDIR"] = filepath.Join(s.Prefix, "lib")
	e["OCAMLFIND_LDCONF"] = "ignore"
	e["OPAM_SWITCH_PREFIX"] = s.Prefix
	e["OPAM_PACKAGE_NAME"] = s.Rec.Name
	e["OPAM_PACKAGE_VERSION"] = s.Rec.Version
	for _, n := range s.Visible.Names() {
		for _, u := range s.Visible.Pkgs[n].Setenv {
			e.Apply(u.Var, u.Op, u.Value)
		}
	}
	for _, u := range s.Rec.BuildEnv {
		v, _, _ := s.Arg(u.Value)
		e.Apply(u.Var, u.Op, v)
	}
	return e
}

// lookPath finds an executable in the PATH of env, as execvp would.
func lookPath(file string, env Environ) string {
	if strings.Contains(file, "/") {
		return file
	}
	for _, dir := range filepath.SplitList(env["PATH"]) {
		p := filepath.Join(dir, file)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// sortedStrings returns a sorted copy.
func sortedStrings(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
