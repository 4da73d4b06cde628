package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/hillingar/hillingar/pkg/repository"
)

var statsRepos listFlag

func init() {
	c := &Command{
		Name:      "stats",
		UsageLine: "stats -repo PATH [-repo PATH]...",
		Short:     "read whole repositories and count what they hold",
		Long: `
Stats reads every package of the repositories, parsing every opam file, and
prints what it found: the number of repositories, package names, package
versions (a NAME.VERSION in a higher repository shadows the same one below
it, and is counted once), files read (opam files, old-style url files, and
the files/ folders' content), files that fail to parse, and other problems
(misplaced folders, links in archives). Each -repo is a repository folder,
or a .tar.gz or .tar of one; the first has the highest priority.

Every parse error and problem is printed on stderr with its file:line:col.
They do not change the exit status, which is 1 only when a repository
cannot be opened, and 2 on bad usage. With -v, stats also prints how long
opening and parsing took.

Example:

	$ opam2drv -v stats -repo ../shared/opam-repository/2024-06-01.tar.gz
	opam2drv: opened ../shared/opam-repository/2024-06-01.tar.gz
	opam2drv: opened and parsed in 0.71s
	repositories  1
	names         4730
	versions      31415
	shadowed      0
	files         32031
	parse errors  0
	problems      0
`,
		Run: runStats,
	}
	c.Flags = flag.NewFlagSet(c.Name, flag.ContinueOnError)
	c.Flags.Var(&statsRepos, "repo", "opam repository folder or archive, highest priority first (repeatable, required)")
	register(c)
}

// repoStats are the counts stats prints.
type repoStats struct {
	repos, names, versions, shadowed, files, parseErrors, problems int
}

func runStats(ctx *Context, args []string) error {
	defer func() { statsRepos = nil }()
	if len(args) != 0 {
		return usagef("stats takes no arguments, got %q", args)
	}
	if len(statsRepos) == 0 {
		return usagef("give at least one -repo")
	}
	start := time.Now()
	stack, err := openRepos(ctx, statsRepos, true)
	if err != nil {
		return err
	}
	loadErr := stack.LoadAll()
	ctx.Logf("opened and parsed in %.2fs", time.Since(start).Seconds())
	st, err := countStack(stack)
	if err != nil {
		return err
	}
	st.parseErrors = len(flatten(loadErr))
	for _, e := range flatten(loadErr) {
		printLines(ctx, e)
	}
	for _, r := range stack.Repos() {
		for _, p := range r.Problems() {
			st.problems++
			printLines(ctx, p)
		}
	}
	for _, row := range []struct {
		k string
		v int
	}{
		{"repositories", st.repos}, {"names", st.names}, {"versions", st.versions},
		{"shadowed", st.shadowed}, {"files", st.files},
		{"parse errors", st.parseErrors}, {"problems", st.problems},
	} {
		fmt.Fprintf(ctx.Stdout, "%-13s %d\n", row.k, row.v)
	}
	return nil
}

// countStack counts the stack's names, versions, shadowed copies and the
// files of every package that loaded.
func countStack(s *repository.Stack) (repoStats, error) {
	st := repoStats{repos: len(s.Repos())}
	names := s.Names()
	st.names = len(names)
	for _, n := range names {
		vs := s.Versions(n)
		st.versions += len(vs)
		for _, r := range s.Repos() {
			st.shadowed += len(r.Versions(n))
		}
		for _, v := range vs {
			p, err := s.Package(n, v)
			if err != nil {
				continue // counted as a parse error
			}
			files, err := p.FileNames()
			if err != nil {
				return st, err
			}
			st.files += len(p.Sources()) + len(files)
		}
	}
	st.shadowed -= st.versions
	return st, nil
}

// printLines prints err on stderr, one "opam2drv: " line per line of its
// message.
func printLines(ctx *Context, err error) {
	for _, l := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		fmt.Fprintf(ctx.Stderr, "opam2drv: %s\n", l)
	}
}

// flatten returns the errors joined in err, recursively, in order.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}
