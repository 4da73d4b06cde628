package main

import (
	"errors"
	"flag"
	"fmt"
	"sort"

	"github.com/hillingar/hillingar/pkg/drv"
)

// defaultLock is the lock's file name when no -o or --lock is given.
const defaultLock = "opam2drv.lock.json"

func init() {
	c := &Command{
		Flags:     flag.NewFlagSet("why", flag.ContinueOnError),
		Name:      "why",
		UsageLine: "why [--lock FILE] NAME...",
		Short:     "show why a package is in a lock",
		Long: `
why prints, for each NAME, the shortest chain of dependencies from one of
the project's opam files to NAME in the lock, one package per line with
the kind of the dependency that brought it in (run, build, post, test,
doc, or depopt). When several chains are equally short, the one through
the alphabetically first names is shown, so the output is stable.

A package of the lock that no project reaches is reported as such; a NAME
that is not in the lock is an error (exit 1).

Example:

	$ opam2drv why --lock opam2drv.lock.json conf-gmp
	# conf-gmp 4
	hello (project/hello.opam)
	zarith 1.13 (run dependency of hello)
	conf-gmp 4 (run dependency of zarith)
`,
	}
	lock := c.Flags.String("lock", defaultLock, "the lock `FILE` to read")
	c.Run = func(ctx *Context, args []string) error { return runWhy(ctx, *lock, args) }
	register(c)
}

func runWhy(ctx *Context, lock string, names []string) error {
	if len(names) == 0 {
		return usagef("name the package to explain")
	}
	p, err := drv.Read(lock)
	if err != nil {
		return err
	}
	g := newGraph(p)
	var errs []error
	for i, name := range names {
		if i > 0 {
			fmt.Fprintln(ctx.Stdout)
		}
		pkg := p.Packages[name]
		if pkg == nil {
			errs = append(errs, fmt.Errorf("%s: %s is not in the lock", lock, name))
			continue
		}
		fmt.Fprintf(ctx.Stdout, "# %s %s\n", name, pkg.Version)
		chain := g.shortest(name)
		if chain == nil {
			fmt.Fprintf(ctx.Stdout, "(no project of the lock depends on %s)\n", name)
			continue
		}
		for j, step := range chain {
			if j == 0 {
				fmt.Fprintf(ctx.Stdout, "%s (%s)\n", step.name, p.Projects[step.name].File)
				continue
			}
			fmt.Fprintf(ctx.Stdout, "%s %s (%s of %s)\n", step.name, p.Packages[step.name].Version, step.kind, chain[j-1].name)
		}
	}
	return errors.Join(errs...)
}

// edge is a dependency of a given kind.
type edge struct{ name, kind string }

// graph is the lock's dependency graph: projects and packages share one
// name space, projects being looked up first.
type graph struct {
	roots []string
	out   map[string][]edge // node -> dependencies, sorted by name
}

func newGraph(p *drv.Plan) *graph {
	g := &graph{out: map[string][]edge{}}
	for name, pr := range p.Projects {
		g.roots = append(g.roots, name)
		g.out["project:"+name] = depEdges(pr.Depends, nil)
	}
	sort.Strings(g.roots)
	for name, pkg := range p.Packages {
		g.out[name] = depEdges(pkg.Depends, pkg.Depopts)
	}
	return g
}

// depEdges lists a record's dependencies, each name once with its kind.
func depEdges(d drv.Depends, depopts []string) []edge {
	var es []edge
	for _, k := range []struct {
		kind  string
		names []string
	}{{"run dependency", d.Run}, {"build dependency", d.Build}, {"post dependency", d.Post},
		{"test dependency", d.Test}, {"doc dependency", d.Doc}, {"optional dependency", depopts}} {
		for _, n := range k.names {
			es = append(es, edge{n, k.kind})
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].name < es[j].name })
	return es
}

// shortest returns the chain from a project to target found by a
// breadth-first search that visits roots and neighbours in name order;
// the first element is the project. It returns nil when none reaches it.
func (g *graph) shortest(target string) []edge {
	type node struct {
		edge
		key  string
		prev int
	}
	var queue []node
	for _, r := range g.roots {
		queue = append(queue, node{edge: edge{name: r}, key: "project:" + r, prev: -1})
	}
	seen := map[string]bool{}
	for i := 0; i < len(queue); i++ {
		if queue[i].prev >= 0 && queue[i].key == target {
			var chain []edge
			for k := i; k >= 0; k = queue[k].prev {
				chain = append([]edge{queue[k].edge}, chain...)
			}
			return chain
		}
		for _, e := range g.out[queue[i].key] {
			if !seen[e.name] {
				seen[e.name] = true
				queue = append(queue, node{edge: e, key: e.name, prev: i})
			}
		}
	}
	return nil
}
