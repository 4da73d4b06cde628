package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/fetch"
	"golang.org/x/term"
)

// writeLock writes the plan to out, or prints it when out is "-".
func writeLock(ctx *Context, out string, plan *drv.Plan) error {
	if out == "-" {
		data, err := drv.Encode(plan)
		if err != nil {
			return err
		}
		_, err = ctx.Stdout.Write(data)
		return err
	}
	if err := drv.WriteFile(out, plan); err != nil {
		return err
	}
	ctx.Logf("wrote %s", out)
	warnMissingHashes(ctx, out, plan)
	warnDeprecated(ctx, plan)
	return nil
}

// warnDeprecated names the chosen versions flagged deprecated. As in opam
// 2.1 the flag does not change the solve; it only tells the user.
func warnDeprecated(ctx *Context, plan *drv.Plan) {
	names := make([]string, 0, len(plan.Packages))
	for name := range plan.Packages {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := plan.Packages[name]
		for _, f := range p.Flags {
			if f == "deprecated" {
				fmt.Fprintf(ctx.Stderr, "opam2drv: warning: %s.%s is deprecated (flags: deprecated); the lock keeps it, as opam would: look for a replacement or a newer version\n", p.Name, p.Version)
			}
		}
	}
}

// warnMissingHashes says, on stderr, which sources the lock leaves without
// a Nix hash, since Nix cannot fetch them until --prefetch fills them in.
func warnMissingHashes(ctx *Context, out string, plan *drv.Plan) {
	if n := len(plan.MissingHashes); n > 0 {
		fmt.Fprintf(ctx.Stderr, "opam2drv: warning: %s: %d source(s) have no Nix hash yet (md5 only, or git): %s; run the same lock command with --prefetch to download and hash them\n",
			out, n, strings.Join(plan.MissingHashes, " "))
	}
}

// checkLock compares the lock in file out with the plan just made and
// fails, naming each difference, when they differ.
func checkLock(ctx *Context, out string, plan *drv.Plan) error {
	if out == "-" {
		return usagef("--check needs the lock's file: give -o FILE, not -o -")
	}
	old, err := drv.Read(out)
	if err != nil {
		return err
	}
	changes := inputChanges(old, plan)
	if len(changes) == 0 {
		changes = solutionChanges(old, plan)
	}
	if len(changes) == 0 {
		ctx.Logf("%s is up to date", out)
		return nil
	}
	msg := fmt.Sprintf("%s is out of date; regenerate it with: %s\n  %s", out,
		strings.Join(plan.Regenerate, " "), strings.Join(changes, "\n  "))
	return &exitError{code: exitFailure, err: errors.New(msg)}
}

// inputChanges lists how the inputs recorded in old differ from cur's.
func inputChanges(old, cur *drv.Plan) []string {
	var out []string
	out = append(out, mapChanges("file", old.Inputs.Files, cur.Inputs.Files)...)
	out = append(out, mapChanges("variable", old.Env, cur.Env)...)
	oldRepos, curRepos := map[string]string{}, map[string]string{}
	var oldOrder, curOrder []string
	for _, r := range old.Inputs.Repositories {
		oldRepos[r.Name] = r.Identity
		oldOrder = append(oldOrder, r.Name)
	}
	for _, r := range cur.Inputs.Repositories {
		curRepos[r.Name] = r.Identity
		curOrder = append(curOrder, r.Name)
	}
	out = append(out, mapChanges("repository", oldRepos, curRepos)...)
	if o, c := strings.Join(oldOrder, " "), strings.Join(curOrder, " "); o != c && len(out) == 0 {
		out = append(out, fmt.Sprintf("repository order: %s -> %s", o, c))
	}
	if o, c := strings.Join(old.Inputs.Constraints, " "), strings.Join(cur.Inputs.Constraints, " "); o != c {
		out = append(out, fmt.Sprintf("constraints: %q -> %q", o, c))
	}
	if old.Inputs.WithTest != cur.Inputs.WithTest {
		out = append(out, fmt.Sprintf("with-test: %v -> %v", old.Inputs.WithTest, cur.Inputs.WithTest))
	}
	if old.Inputs.WithDoc != cur.Inputs.WithDoc {
		out = append(out, fmt.Sprintf("with-doc: %v -> %v", old.Inputs.WithDoc, cur.Inputs.WithDoc))
	}
	return out
}

// mapChanges describes added, removed and changed entries, sorted.
func mapChanges(what string, old, cur map[string]string) []string {
	var out []string
	for k, v := range old {
		w, ok := cur[k]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s %s: removed (was %s)", what, k, v))
		case v != w:
			out = append(out, fmt.Sprintf("%s %s: %s -> %s", what, k, v, w))
		}
	}
	for k, w := range cur {
		if _, ok := old[k]; !ok {
			out = append(out, fmt.Sprintf("%s %s: added (%s)", what, k, w))
		}
	}
	sort.Strings(out)
	return out
}

// solutionChanges lists package versions, and for a unikernel the
// vendored folders, that differ although the inputs are the same
// (another opam2drv, for example).
func solutionChanges(old, cur *drv.Plan) []string {
	o, c := map[string]string{}, map[string]string{}
	ov, cv := map[string]string{}, map[string]string{}
	for n, p := range old.Packages {
		o[n] = p.Version
		ov[n] = vendorText(p.Vendor)
	}
	for n, p := range cur.Packages {
		c[n] = p.Version
		cv[n] = vendorText(p.Vendor)
	}
	changes := mapChanges("package", o, c)
	for n := range ov {
		if _, both := cv[n]; !both {
			delete(ov, n)
		}
	}
	for n := range cv {
		if _, both := ov[n]; !both {
			delete(cv, n)
		}
	}
	changes = append(changes, mapChanges("vendor of", ov, cv)...)
	if len(changes) > 0 && old.Generator != cur.Generator {
		changes = append([]string{fmt.Sprintf("generator: %s -> %s", old.Generator, cur.Generator)}, changes...)
	}
	return changes
}

// prefetch downloads the plan's sources that have no Nix hash and
// records their hashes. Sources that fail stay in missingHashes; their
// errors are returned joined.
func prefetch(ctx *Context, lf *lockFlags, plan *drv.Plan) error {
	pending := plan.Pending()
	if len(pending) == 0 {
		return nil
	}
	jobs := make([]fetch.Job, len(pending))
	for i, q := range pending {
		key := q.Package
		if q.Extra != "" {
			key += " (" + q.Extra + ")"
		}
		jobs[i] = fetch.Job{Key: key, URLs: q.URLs, Sums: q.Sums, Git: q.Git}
	}
	f := &fetch.Fetcher{CacheDir: lf.cacheDir, Retries: 2}
	ctx.Logf("prefetching %d sources", len(jobs))
	results := f.All(context.Background(), jobs, lf.jobs, progressBar(ctx.Stderr))
	var errs []error
	for i, r := range results {
		var err error
		switch {
		case r.Err != nil:
			err = r.Err
		case r.Tree != nil:
			err = plan.Fill(pending[i], r.Tree.Hash, r.Tree.Rev)
		default:
			err = plan.Fill(pending[i], r.File.Hash, "")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("prefetch %s: %w", r.Key, err))
		}
	}
	return errors.Join(errs...)
}

// progressBar returns a progress callback that draws a bar on w when w is
// a terminal, and nil otherwise.
func progressBar(w io.Writer) func(fetch.Progress) {
	if !isTerminal(w) {
		return nil
	}
	return func(p fetch.Progress) { drawProgress(w, p) }
}

// drawProgress redraws the progress bar line for p, ending the line when
// every job is done.
func drawProgress(w io.Writer, p fetch.Progress) {
	const width = 30
	done := width * p.Done / max(p.Total, 1)
	fmt.Fprintf(w, "\r[%s%s] %d/%d %-40.40s", strings.Repeat("#", done), strings.Repeat(" ", width-done), p.Done, p.Total, p.Key)
	if p.Done == p.Total {
		fmt.Fprintln(w)
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// vendorText is a record's vendor object in compact JSON, "none" when
// the package is not vendored.
func vendorText(v json.RawMessage) string {
	if len(v) == 0 {
		return "none"
	}
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return string(v)
	}
	return b.String()
}
