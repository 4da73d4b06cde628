package resolve

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// traceLog collects trace lines, printed only when a case fails.
type traceLog struct{ lines []string }

func (l *traceLog) Tracef(format string, args ...any) {
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func TestText(t *testing.T) {
	for file, cases := range readCases(t) {
		for _, tc := range cases {
			t.Run(file+"/"+tc.name, func(t *testing.T) { runTextCase(t, tc) })
		}
	}
}

func runTextCase(t *testing.T, tc *textCase) {
	tr := &traceLog{}
	defer func() {
		if t.Failed() {
			t.Logf("trace:\n%s", strings.Join(tr.lines, "\n"))
		}
	}()
	sol, err := Solve(tc, &tc.req, &Options{Tracer: tr})
	if tc.errMsg != "" {
		var ns *NoSolutionError
		if !errors.As(err, &ns) {
			t.Fatalf("Solve: got %v, %v; want NoSolutionError %q", sol, err, tc.errMsg)
		}
		if d := cmp.Diff(tc.errMsg, err.Error()); d != "" {
			t.Fatalf("error text (-want +got):\n%s\ngot:\nerror %s", d, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if d := cmp.Diff(tc.want, planStrings(sol.Packages)); d != "" {
		t.Errorf("plan (-want +got):\n%s", d)
	}
	if err := Check(tc, &tc.req, sol.Packages); err != nil {
		t.Errorf("Check: %v", err)
	}
	cost, err := Objective(tc, &tc.req, sol.Packages)
	if err != nil {
		t.Fatalf("Objective: %v", err)
	}
	if cost != sol.Cost {
		t.Errorf("Objective says %v, Solve says %v", cost, sol.Cost)
	}
	if tc.cost != nil && *tc.cost != cost {
		t.Errorf("cost: want %v, got %v", *tc.cost, cost)
	}
}

// TestBoundReached stops the optimisation after one core: the plan must
// still be valid, and marked as not optimal.
func TestBoundReached(t *testing.T) {
	cases, err := parseText("bound.txt", `
case bound
pkg a 1
pkg a 2 depends: b>=3
pkg a 3 depends: b>=3 & c
pkg b 1
pkg b 2
pkg b 3 unavailable
pkg c 1
request a
`)
	if err != nil {
		t.Fatal(err)
	}
	tc := cases[0]
	sol, err := Solve(tc, &tc.req, &Options{MaxCores: 1})
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if sol.Optimal {
		t.Fatalf("Optimal with a bound of one core; stats %+v", sol.Stats)
	}
	if err := Check(tc, &tc.req, sol.Packages); err != nil {
		t.Fatalf("Check: %v", err)
	}
	full, err := Solve(tc, &tc.req, nil)
	if err != nil || !full.Optimal {
		t.Fatalf("Solve without bound: %v, %v", full, err)
	}
	if d := cmp.Diff([]string{"a.1"}, planStrings(full.Packages)); d != "" {
		t.Errorf("plan (-want +got):\n%s", d)
	}
}
