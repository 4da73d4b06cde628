package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/version"
)

func init() {
	register(&Command{
		Name:      "diff",
		UsageLine: "diff OLD NEW",
		Short:     "show what changes between two locks",
		Long: `
diff compares two locks package by package, in name order, and prints one
line per change:

	added       NAME VERSION
	removed     NAME VERSION
	upgraded    NAME OLD -> NEW
	downgraded  NAME OLD -> NEW
	changed     NAME VERSION: what changed in its source

Upgrades and downgrades follow opam's version order. A source change
(other URLs, revision or hash) at the same version is worth a review. A
summary line ends the output. diff exits 0 whether or not the locks
differ; it exits 1 when a lock cannot be read.

Example, reviewing the update of a noop unikernel's lock from mirage 4.5
(2024-06-01 snapshot) to mirage 4.9 (2026-08-22), lines elided:

	$ git show HEAD~1:opam2drv.lock.json > old.json
	$ opam2drv diff old.json opam2drv.lock.json
	upgraded    angstrom 0.16.0 -> 0.16.1
	added       base-domains base
	...
	downgraded  cmdliner 2.1.1+dune -> 1.3.0+dune
	...
	upgraded    mirage 4.5.1 -> 4.9.0
	...
	5 added, 4 removed, 20 upgraded, 2 downgraded, 0 changed
`,
		Run: runDiff,
	})
}

func runDiff(ctx *Context, args []string) error {
	if len(args) != 2 {
		return usagef("want two locks, OLD and NEW")
	}
	old, err := drv.Read(args[0])
	if err != nil {
		return err
	}
	cur, err := drv.Read(args[1])
	if err != nil {
		return err
	}
	writeDiff(ctx.Stdout, old, cur)
	return nil
}

// writeDiff prints the changes from old to cur, one line each, then a
// summary.
func writeDiff(w io.Writer, old, cur *drv.Plan) {
	names := map[string]bool{}
	for n := range old.Packages {
		names[n] = true
	}
	for n := range cur.Packages {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	counts := map[string]int{}
	for _, n := range sorted {
		a, b := old.Packages[n], cur.Packages[n]
		kind, text := diffPackage(n, a, b)
		if kind == "" {
			continue
		}
		counts[kind]++
		fmt.Fprintf(w, "%-11s %s\n", kind, text)
	}
	fmt.Fprintf(w, "%d added, %d removed, %d upgraded, %d downgraded, %d changed\n",
		counts["added"], counts["removed"], counts["upgraded"], counts["downgraded"], counts["changed"])
}

// diffPackage classifies the change of one package; kind is "" when
// there is none.
func diffPackage(n string, a, b *drv.Package) (kind, text string) {
	switch {
	case a == nil:
		return "added", n + " " + b.Version
	case b == nil:
		return "removed", n + " " + a.Version
	case a.Version != b.Version:
		kind = "upgraded"
		if version.Compare(b.Version, a.Version) < 0 {
			kind = "downgraded"
		}
		return kind, fmt.Sprintf("%s %s -> %s", n, a.Version, b.Version)
	}
	if d := sourceDiff(a.Source, b.Source); d != "" {
		return "changed", fmt.Sprintf("%s %s: %s", n, a.Version, d)
	}
	return "", ""
}

// sourceDiff describes how a source changed, or returns "".
func sourceDiff(a, b *drv.Source) string {
	if a == nil || b == nil {
		if a == b {
			return ""
		}
		return fmt.Sprintf("source %s -> %s", describeSource(a), describeSource(b))
	}
	var parts []string
	field := func(name, x, y string) {
		if x != y {
			parts = append(parts, fmt.Sprintf("%s %s -> %s", name, orNone(x), orNone(y)))
		}
	}
	field("type", a.Type, b.Type)
	field("urls", strings.Join(a.URLs, " "), strings.Join(b.URLs, " "))
	field("url", a.URL, b.URL)
	field("rev", a.Rev, b.Rev)
	field("subdir", a.Subdir, b.Subdir)
	field("hash", a.Hash, b.Hash)
	return strings.Join(parts, ", ")
}

func describeSource(s *drv.Source) string {
	if s == nil {
		return "none"
	}
	return s.Type
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
