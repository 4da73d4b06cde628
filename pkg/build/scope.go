package build

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
)

// str is v's text as opam interpolates it: bools as true/false,
// undefined as the empty string.
func str(v opam.FilterValue) string {
	s, _ := v.String()
	return s
}

// Scope resolves opam variables for the build of one package.
type Scope struct {
	Rec     *drv.Package
	Ctx     *Context
	Visible *Visible
	// Prefix is the package's own output (opam's switch prefix for it).
	Prefix string
	// BuildDir is the unpacked source, opam's %{build}%.
	BuildDir string
	// Jobs is %{jobs}%.
	Jobs int
	// SelfVars are the package's own .config variables once built.
	SelfVars map[string]any
}

// Lookup resolves an opam variable name: a global (jobs, prefix, lib,
// with-test, os...), a package variable pkg:var (_ for the package
// itself), or pkg1+pkg2:var. It returns opam.Undefined for a variable
// that has no value here.
func (s *Scope) Lookup(name string) opam.FilterValue {
	i := strings.LastIndexByte(name, ':')
	if i < 0 {
		return s.global(name)
	}
	pkgs, v := name[:i], name[i+1:]
	if !strings.Contains(pkgs, "+") {
		return s.pkgVar(pkgs, v)
	}
	return s.multiVar(strings.Split(pkgs, "+"), v)
}

// multiVar is opam's p1+p2:var: the conjunction for installed/enable and
// other bools, undefined otherwise.
func (s *Scope) multiVar(pkgs []string, v string) opam.FilterValue {
	all := true
	for _, p := range pkgs {
		b, ok := s.pkgVar(p, v).Bool()
		if v == "enable" {
			b, ok = s.pkgVar(p, "installed").Bool()
		}
		if !ok {
			return opam.Undefined
		}
		all = all && b
	}
	if v == "enable" {
		if all {
			return opam.StringValue("enable")
		}
		return opam.StringValue("disable")
	}
	return opam.BoolValue(all)
}

func (s *Scope) global(name string) opam.FilterValue {
	p := s.Prefix
	dirs := map[string]string{
		"prefix": p, "switch": p, "root": p, "lib": p + "/lib", "libexec": p + "/lib",
		"bin": p + "/bin", "sbin": p + "/sbin", "share": p + "/share", "doc": p + "/doc",
		"etc": p + "/etc", "man": p + "/man", "toplevel": p + "/lib/toplevel",
		"stublibs": p + "/lib/stublibs",
	}
	if d, ok := dirs[name]; ok {
		return opam.StringValue(d)
	}
	switch name {
	case "name", "version", "build", "hash", "dev", "pinned", "opamfile", "depends":
		return s.pkgVar("_", name)
	case "jobs":
		return opam.StringValue(strconv.Itoa(s.Jobs))
	case "make":
		return opam.StringValue("make")
	case "with-test":
		return opam.BoolValue(s.Ctx.WithTest)
	case "with-doc":
		return opam.BoolValue(s.Ctx.WithDoc)
	case "opam-version":
		return opam.StringValue(opam.EmulatedVersion)
	case "user", "group":
		return opam.StringValue("nixbld")
	case "ocaml-native":
		return s.pkgVar("ocaml", "native")
	case "sys-ocaml-version":
		if m := s.Visible.Pkgs["ocaml"]; m != nil {
			return opam.StringValue(m.Version)
		}
	}
	if v, ok := s.Ctx.Env[name]; ok {
		return opam.StringValue(v)
	}
	return opam.Undefined
}

// pkgVar resolves one package's variable; "_" is the package being built.
func (s *Scope) pkgVar(pkg, v string) opam.FilterValue {
	if pkg == "_" || pkg == s.Rec.Name {
		return s.selfVar(v)
	}
	m, ok := s.Visible.Pkgs[pkg]
	switch v {
	case "installed":
		return opam.BoolValue(ok)
	case "enable":
		if ok {
			return opam.StringValue("enable")
		}
		return opam.StringValue("disable")
	}
	if !ok {
		return opam.Undefined
	}
	if val, ok := pkgDirVar(s.Visible.Path[pkg], pkg, v); ok {
		return val
	}
	switch v {
	case "name":
		return opam.StringValue(m.Name)
	case "version":
		return opam.StringValue(m.Version)
	case "dev", "pinned":
		return opam.BoolValue(false)
	}
	return fromAny(m.Vars[v])
}

func (s *Scope) selfVar(v string) opam.FilterValue {
	switch v {
	case "installed":
		return opam.BoolValue(s.SelfVars != nil)
	case "enable":
		return opam.StringValue("enable")
	case "name":
		return opam.StringValue(s.Rec.Name)
	case "version":
		return opam.StringValue(s.Rec.Version)
	case "build":
		return opam.StringValue(s.BuildDir)
	case "dev", "pinned":
		return opam.BoolValue(false)
	}
	if val, ok := pkgDirVar(s.Prefix, s.Rec.Name, v); ok {
		return val
	}
	if val := fromAny(s.SelfVars[v]); val.Defined() {
		return val
	}
	return fromAny(s.Ctx.Vars[v])
}

// pkgDirVar answers the directory variables of package pkg installed at
// prefix, laid out as in an opam switch.
func pkgDirVar(prefix, pkg, v string) (opam.FilterValue, bool) {
	rel := map[string]string{
		"lib": "lib/" + pkg, "libexec": "lib/" + pkg, "share": "share/" + pkg,
		"doc": "doc/" + pkg, "etc": "etc/" + pkg, "bin": "bin", "sbin": "sbin",
		"man": "man", "toplevel": "lib/toplevel", "stublibs": "lib/stublibs",
	}
	r, ok := rel[v]
	if !ok {
		return opam.Undefined, false
	}
	return opam.StringValue(filepath.Join(prefix, r)), true
}

func fromAny(x any) opam.FilterValue {
	switch t := x.(type) {
	case string:
		return opam.StringValue(t)
	case bool:
		return opam.BoolValue(t)
	case float64:
		return opam.StringValue(strconv.FormatFloat(t, 'f', -1, 64))
	}
	return opam.Undefined
}

// Part expands one argument part.
func (s *Scope) Part(p drv.Part) string {
	if p.Var == "" {
		return p.Text
	}
	v := s.Lookup(p.Var)
	if p.Then == nil && p.Else == nil {
		return str(v)
	}
	if b, ok := v.Bool(); ok && b {
		return deref(p.Then)
	}
	return deref(p.Else)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Arg expands an argument. It reports false when the argument's filter
// drops it.
func (s *Scope) Arg(a drv.Arg) (string, bool, error) {
	if a.Filter != nil {
		keep, err := s.EvalFilter(a.Filter)
		if err != nil || !keep {
			return "", false, err
		}
	}
	var b strings.Builder
	for _, p := range a.Parts {
		b.WriteString(s.Part(p))
	}
	return b.String(), true, nil
}

// Command expands a step into an argv. It returns nil when the step's
// filter is false or every argument was dropped.
func (s *Scope) Command(st drv.Step) ([]string, error) {
	if st.Filter != nil {
		ok, err := s.EvalFilter(st.Filter)
		if err != nil || !ok {
			return nil, err
		}
	}
	var argv []string
	for i, a := range st.Args {
		v, keep, err := s.Arg(a)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		if keep {
			argv = append(argv, v)
		}
	}
	return argv, nil
}
