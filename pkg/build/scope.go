package build

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hillingar/hillingar/pkg/drv"
)

// Val is the value of an opam variable or filter: a string, a bool, or
// undefined (the zero Val).
type Val struct {
	Defined bool
	IsBool  bool
	B       bool
	S       string
}

// Str returns a defined string value.
func Str(s string) Val { return Val{Defined: true, S: s} }

// Bool returns a defined bool value.
func Bool(b bool) Val { return Val{Defined: true, IsBool: true, B: b} }

// String renders v as opam does in interpolation: bools as true/false,
// undefined as the empty string.
func (v Val) String() string {
	if v.IsBool {
		return strconv.FormatBool(v.B)
	}
	return v.S
}

// AsBool converts v to a bool: a bool, or the strings "true"/"false".
func (v Val) AsBool() (bool, bool) {
	switch {
	case !v.Defined:
		return false, false
	case v.IsBool:
		return v.B, true
	case v.S == "true" || v.S == "false":
		return v.S == "true", true
	}
	return false, false
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
// itself), or pkg1+pkg2:var.
func (s *Scope) Lookup(name string) Val {
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
func (s *Scope) multiVar(pkgs []string, v string) Val {
	all := true
	for _, p := range pkgs {
		b, ok := s.pkgVar(p, v).AsBool()
		if v == "enable" {
			b, ok = s.pkgVar(p, "installed").AsBool()
		}
		if !ok {
			return Val{}
		}
		all = all && b
	}
	if v == "enable" {
		if all {
			return Str("enable")
		}
		return Str("disable")
	}
	return Bool(all)
}

func (s *Scope) global(name string) Val {
	p := s.Prefix
	dirs := map[string]string{
		"prefix": p, "switch": p, "root": p, "lib": p + "/lib", "libexec": p + "/lib",
		"bin": p + "/bin", "sbin": p + "/sbin", "share": p + "/share", "doc": p + "/doc",
		"etc": p + "/etc", "man": p + "/man", "toplevel": p + "/lib/toplevel",
		"stublibs": p + "/lib/stublibs",
	}
	if d, ok := dirs[name]; ok {
		return Str(d)
	}
	switch name {
	case "name", "version", "build", "hash", "dev", "pinned", "opamfile", "depends":
		return s.pkgVar("_", name)
	case "jobs":
		return Str(strconv.Itoa(s.Jobs))
	case "make":
		return Str("make")
	case "with-test":
		return Bool(s.Ctx.WithTest)
	case "with-doc":
		return Bool(s.Ctx.WithDoc)
	case "opam-version":
		return Str("2.1.2")
	case "user", "group":
		return Str("nixbld")
	case "ocaml-native":
		return s.pkgVar("ocaml", "native")
	case "sys-ocaml-version":
		if m := s.Visible.Pkgs["ocaml"]; m != nil {
			return Str(m.Version)
		}
	}
	if v, ok := s.Ctx.Env[name]; ok {
		return Str(v)
	}
	return Val{}
}

// pkgVar resolves one package's variable; "_" is the package being built.
func (s *Scope) pkgVar(pkg, v string) Val {
	if pkg == "_" || pkg == s.Rec.Name {
		return s.selfVar(v)
	}
	m, ok := s.Visible.Pkgs[pkg]
	switch v {
	case "installed":
		return Bool(ok)
	case "enable":
		if ok {
			return Str("enable")
		}
		return Str("disable")
	}
	if !ok {
		return Val{}
	}
	if val, ok := pkgDirVar(s.Visible.Path[pkg], pkg, v); ok {
		return val
	}
	switch v {
	case "name":
		return Str(m.Name)
	case "version":
		return Str(m.Version)
	case "dev", "pinned":
		return Bool(false)
	}
	return fromAny(m.Vars[v])
}

func (s *Scope) selfVar(v string) Val {
	switch v {
	case "installed":
		return Bool(s.SelfVars != nil)
	case "enable":
		return Str("enable")
	case "name":
		return Str(s.Rec.Name)
	case "version":
		return Str(s.Rec.Version)
	case "build":
		return Str(s.BuildDir)
	case "dev", "pinned":
		return Bool(false)
	}
	if val, ok := pkgDirVar(s.Prefix, s.Rec.Name, v); ok {
		return val
	}
	if val := fromAny(s.SelfVars[v]); val.Defined {
		return val
	}
	return fromAny(s.Ctx.Vars[v])
}

// pkgDirVar answers the directory variables of package pkg installed at
// prefix, laid out as in an opam switch.
func pkgDirVar(prefix, pkg, v string) (Val, bool) {
	rel := map[string]string{
		"lib": "lib/" + pkg, "libexec": "lib/" + pkg, "share": "share/" + pkg,
		"doc": "doc/" + pkg, "etc": "etc/" + pkg, "bin": "bin", "sbin": "sbin",
		"man": "man", "toplevel": "lib/toplevel", "stublibs": "lib/stublibs",
	}
	r, ok := rel[v]
	if !ok {
		return Val{}, false
	}
	return Str(filepath.Join(prefix, r)), true
}

func fromAny(x any) Val {
	switch t := x.(type) {
	case string:
		return Str(t)
	case bool:
		return Bool(t)
	case float64:
		return Str(strconv.FormatFloat(t, 'f', -1, 64))
	}
	return Val{}
}

// Part expands one argument part.
func (s *Scope) Part(p drv.Part) string {
	if p.Var == "" {
		return p.Text
	}
	v := s.Lookup(p.Var)
	if p.Then == nil && p.Else == nil {
		return v.String()
	}
	if b, ok := v.AsBool(); ok && b {
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
