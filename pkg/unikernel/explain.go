package unikernel

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hillingar/hillingar/pkg/resolve"
)

// RulesError reports a failed joint solve in which some names reached
// from the vendored half have no version the monorepo rules allow. Err is
// the resolver's explanation.
type RulesError struct {
	// Rejected maps each such name to "version: reason" lines, by version.
	Rejected map[string][]string
	Err      error
}

// Error lists the rejected names first, then the resolver's explanation.
func (e *RulesError) Error() string {
	names := make([]string, 0, len(e.Rejected))
	for n := range e.Rejected {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("no version can be vendored of ")
	for i, n := range names {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s (%s)", n, strings.Join(e.Rejected[n], ", "))
	}
	b.WriteString(": add a dune port (opam-overlays) or a cross-compile one (mirage-opam-overlays), or make the package opam-provided")
	if e.Err != nil {
		b.WriteString("\n" + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the resolver's error.
func (e *RulesError) Unwrap() error { return e.Err }

// explain wraps a failed solve's error with the names whose every version
// the rules rejected.
func explain(j *joint, err error) error {
	var ns *resolve.NoSolutionError
	if !errors.As(err, &ns) {
		return err
	}
	rejected := map[string][]string{}
	j.byCopy.Range(func(_, v any) bool {
		vc := v.(*vendorCand)
		if vc.orig.Available && vc.reject != RejectNone {
			rejected[vc.orig.Name] = append(rejected[vc.orig.Name], vc.orig.Version+": "+vc.reject.String())
		}
		return true
	})
	for n, lines := range rejected {
		b := j.base(n)
		if len(lines) < countAvailable(b.cands) {
			delete(rejected, n)
			continue
		}
		sort.Strings(lines)
	}
	if len(rejected) == 0 {
		return err
	}
	return &RulesError{Rejected: rejected, Err: err}
}

// countAvailable counts the available candidates of cs.
func countAvailable(cs []*resolve.Candidate) int {
	n := 0
	for _, c := range cs {
		if c.Available {
			n++
		}
	}
	return n
}
