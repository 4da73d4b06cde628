package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/repository"
)

var showRepos listFlag

func init() {
	c := &Command{
		Name:      "show",
		UsageLine: "show NAME[.VERSION] -repo PATH [-repo PATH]...",
		Short:     "print a package of the repositories as JSON",
		Long: `
Show reads one package version from the repositories and prints its typed
fields as indented JSON, with sorted keys, so that the output of two runs
can be compared byte for byte. Without a VERSION it shows the newest
version. Each -repo is a repository folder, or a .tar.gz or .tar of one;
the first has the highest priority, and the JSON's "repository" and "path"
say which file was read.

Filters, constraints and command arguments are printed as opam text, as
written in the file; "files" lists the package's files/ folder. Fields
absent from the file are left out.

Show exits with 1 when the package does not exist or its files do not
parse (printing each error with its file:line:col), and with 2 on bad
usage.

Example:

	$ opam2drv show seq.base -repo ../shared/opam-repository/2024-06-01.tar.gz
	{
	  "bugReports": [
	    "https://caml.inria.fr/mantis/main_page.php"
	  ],
	  "depends": {
	    "name": "ocaml",
	    "constraint": ">= \"4.07.0\""
	  },
	  ...
	  "name": "seq",
	  "path": "packages/seq/seq.base/opam",
	  ...
	}
`,
		Run: runShow,
	}
	c.Flags = flag.NewFlagSet(c.Name, flag.ContinueOnError)
	c.Flags.Var(&showRepos, "repo", "opam repository folder or archive, highest priority first (repeatable, required)")
	register(c)
}

func runShow(ctx *Context, args []string) error {
	defer func() { showRepos = nil }()
	if len(args) != 1 {
		return usagef("want exactly one NAME or NAME.VERSION, got %d arguments", len(args))
	}
	if len(showRepos) == 0 {
		return usagef("give at least one -repo")
	}
	stack, err := openRepos(ctx, showRepos, false)
	if err != nil {
		return err
	}
	name, ver, hasVer := strings.Cut(args[0], ".")
	if !opam.ValidName(name) {
		return usagef("%q is not NAME or NAME.VERSION: a package name has %s", args[0], opam.NameRule)
	}
	if !hasVer {
		vs := stack.Versions(name)
		if len(vs) == 0 {
			_, err := stack.Package(name, "")
			return err
		}
		ver = vs[len(vs)-1]
	}
	p, err := stack.Package(name, ver)
	if err != nil {
		return err
	}
	view, decodeErr := packageJSON(p)
	enc := json.NewEncoder(ctx.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(view); err != nil {
		return err
	}
	return decodeErr
}

// openRepos opens each path as a repository and stacks them in order;
// parseAll parses whole archives while reading them.
func openRepos(ctx *Context, paths []string, parseAll bool) (*repository.Stack, error) {
	var repos []*repository.Repo
	var errs []error
	for _, p := range paths {
		r, err := repository.OpenWith(p, repository.Options{ParseAll: parseAll})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ctx.Logf("opened %s", p)
		repos = append(repos, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return repository.NewStack(repos...), nil
}

// packageJSON returns the JSON view of p and the errors of its typed
// decoding, if any.
func packageJSON(p *repository.Package) (map[string]any, error) {
	t, err := opam.Decode(p.File)
	if err != nil {
		err = fmt.Errorf("%s: %w", p.Repo, err)
	}
	m := map[string]any{"name": p.Name, "version": p.Version, "repository": p.Repo, "path": p.Path}
	if t == nil {
		return m, err
	}
	setStrings(m, t)
	setFormulas(m, t)
	setCommands(m, t)
	setSources(m, t)
	setEnv(m, t)
	setExtra(m, t)
	if names, ferr := p.FileNames(); ferr != nil {
		err = errors.Join(err, ferr)
	} else if len(names) > 0 {
		m["files"] = names
	}
	return m, err
}

// put sets m[k] = v unless v is empty.
func put[T any](m map[string]any, k string, v []T) {
	if len(v) > 0 {
		m[k] = v
	}
}

// putString sets m[k] = s unless s is empty.
func putString(m map[string]any, k, s string) {
	if s != "" {
		m[k] = s
	}
}

func setStrings(m map[string]any, t *opam.Package) {
	putString(m, "opamVersion", t.OpamVersion)
	putString(m, "synopsis", t.Synopsis)
	putString(m, "description", t.Description)
	putString(m, "devRepo", t.DevRepo)
	put(m, "maintainer", t.Maintainer)
	put(m, "authors", t.Authors)
	put(m, "license", t.License)
	put(m, "tags", t.Tags)
	put(m, "homepage", t.Homepage)
	put(m, "doc", t.Doc)
	put(m, "bugReports", t.BugReports)
	put(m, "conflictClass", t.ConflictClass)
	put(m, "flags", t.Flags)
	put(m, "substs", t.Substs)
	if t.Available.Kind != opam.KindInvalid {
		m["available"] = opam.FormatValue(t.Available)
	}
}

// setFormulas renders depends, depopts and conflicts as lists of
// conjuncts, as they are written.
func setFormulas(m map[string]any, t *opam.Package) {
	for k, f := range map[string]opam.DepFormula{"depends": t.Depends, "depopts": t.Depopts, "conflicts": t.Conflicts} {
		var list []any
		if f.Conn == opam.And {
			for _, a := range f.Args {
				if v := formulaJSON(a); v != nil {
					list = append(list, v)
				}
			}
		} else if v := formulaJSON(f); v != nil {
			list = append(list, v)
		}
		put(m, k, list)
	}
}

// formulaJSON renders a package formula: {"name", "constraint"} for an
// atom, {"and": [...]} or {"or": [...]} otherwise; nil when empty.
func formulaJSON(f opam.DepFormula) any {
	switch f.Conn {
	case opam.Leaf:
		if f.Dep.Name == "" {
			return nil
		}
		atom := map[string]any{"name": f.Dep.Name}
		if f.Dep.Constraint != nil {
			atom["constraint"] = condText(*f.Dep.Constraint, false)
		}
		return atom
	}
	var args []any
	for _, a := range f.Args {
		if v := formulaJSON(a); v != nil {
			args = append(args, v)
		}
	}
	if len(args) == 0 {
		return nil
	}
	if f.Conn == opam.Or {
		return map[string]any{"or": args}
	}
	return map[string]any{"and": args}
}

// condText prints a filtered version formula as opam text.
func condText(c opam.Cond, nested bool) string {
	switch c.Kind {
	case opam.CondConstraint:
		return c.Op.String() + " " + opam.FormatValue(c.Version)
	case opam.CondFilter:
		return opam.FormatValue(c.Filter)
	}
	sep := " & "
	if c.Kind == opam.CondOr {
		sep = " | "
	}
	parts := make([]string, len(c.Args))
	for i, a := range c.Args {
		parts[i] = condText(a, true)
	}
	s := strings.Join(parts, sep)
	if nested {
		s = "(" + s + ")"
	}
	return s
}

func setCommands(m map[string]any, t *opam.Package) {
	for k, cs := range map[string][]opam.Command{
		"build": t.Build, "install": t.Install, "remove": t.Remove,
		"runTest": t.RunTest, "buildDoc": t.BuildDoc, "buildTest": t.BuildTest,
	} {
		var out []any
		for _, c := range cs {
			args := make([]string, len(c.Args))
			for i, a := range c.Args {
				args[i] = withFilter(argText(a.Value), a.Filter)
			}
			cmd := map[string]any{"args": args}
			putString(cmd, "filter", filterText(c.Filter))
			out = append(out, cmd)
		}
		put(m, k, out)
	}
}

// argText prints a command argument: a string as itself, a variable as
// opam's interpolation %{name}%, anything else as opam text.
func argText(v opam.Value) string {
	switch v.Kind {
	case opam.KindString:
		return v.Str()
	case opam.KindIdent:
		return "%{" + v.Str() + "}%"
	}
	return opam.FormatValue(v)
}

// filterText prints the values of an option filter, or "".
func filterText(fs []opam.Value) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = opam.FormatValue(f)
	}
	return strings.Join(parts, " ")
}

// withFilter appends an option filter to s as opam writes it.
func withFilter(s string, fs []opam.Value) string {
	if len(fs) == 0 {
		return s
	}
	return s + " {" + filterText(fs) + "}"
}

func setSources(m map[string]any, t *opam.Package) {
	if t.URL != nil {
		m["url"] = urlJSON(*t.URL)
	}
	var extra []any
	for _, es := range t.ExtraSources {
		extra = append(extra, map[string]any{"name": es.Name, "url": urlJSON(es.URL)})
	}
	put(m, "extraSources", extra)
	var ef []any
	for _, f := range t.ExtraFiles {
		ef = append(ef, map[string]any{"name": f.Name, "checksum": f.Checksum})
	}
	put(m, "extraFiles", ef)
	var pins []any
	for _, p := range t.PinDepends {
		pins = append(pins, map[string]any{"package": p.Package, "url": p.URL})
	}
	put(m, "pinDepends", pins)
}

func urlJSON(u opam.URL) map[string]any {
	m := map[string]any{}
	putString(m, "src", u.Src)
	putString(m, "kind", u.Kind)
	put(m, "checksum", u.Checksum)
	put(m, "mirrors", u.Mirrors)
	if len(u.Unknown) > 0 {
		m["unknown"] = itemsJSON(u.Unknown)
	}
	return m
}

func setEnv(m map[string]any, t *opam.Package) {
	for k, ups := range map[string][]opam.EnvUpdate{"setenv": t.Setenv, "buildEnv": t.BuildEnv} {
		var out []any
		for _, u := range ups {
			out = append(out, map[string]any{"var": u.Var, "op": u.Op.String(), "value": u.Value})
		}
		put(m, k, out)
	}
	var dx []any
	for _, d := range t.Depexts {
		e := map[string]any{"names": d.Names}
		putString(e, "filter", filterText(d.Filter))
		dx = append(dx, e)
	}
	put(m, "depexts", dx)
}

func setExtra(m map[string]any, t *opam.Package) {
	for k, fs := range map[string][]opam.FilteredString{"patches": t.Patches, "messages": t.Messages, "postMessages": t.PostMessages} {
		var out []string
		for _, f := range fs {
			out = append(out, withFilter(f.Value, f.Filter))
		}
		put(m, k, out)
	}
	if len(t.Extensions) > 0 {
		m["extensions"] = itemsJSON(t.Extensions)
	}
	if len(t.Unknown) > 0 {
		m["unknown"] = itemsJSON(t.Unknown)
	}
}

// itemsJSON renders fields (their value) and sections (whole) verbatim as
// opam text, keyed by name; the texts of a repeated name are joined by
// newlines, in file order.
func itemsJSON(items []opam.Item) map[string]string {
	out := map[string]string{}
	for _, it := range items {
		text := opam.FormatValue(it.Value)
		if it.Section != nil {
			text = strings.TrimSpace(string(opam.Format(&opam.File{Items: []opam.Item{it}})))
		}
		if prev, ok := out[it.Name]; ok {
			text = prev + "\n" + text
		}
		out[it.Name] = text
	}
	return out
}
