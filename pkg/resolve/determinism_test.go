package resolve

import (
	"math/rand"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDeterministic solves the same random universes with one and with
// four threads, twice each, and wants the same plans and explanations.
func TestDeterministic(t *testing.T) {
	answers := func(procs int) []string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		r := rand.New(rand.NewSource(3))
		var out []string
		for i := 0; i < 200; i++ {
			tc := randomCase(r)
			sol, err := Solve(tc, &tc.req, nil)
			if err != nil {
				out = append(out, err.Error())
				continue
			}
			out = append(out, sol.Cost.String())
			out = append(out, planStrings(sol.Packages)...)
		}
		return out
	}
	first := answers(1)
	for _, procs := range []int{4, 1, 2} {
		if d := cmp.Diff(first, answers(procs)); d != "" {
			t.Fatalf("GOMAXPROCS=%d changes the answers (-first +now):\n%s", procs, d)
		}
	}
}
