package resolve

import (
	"sort"

	"github.com/go-air/gini/z"
)

// The selectors are held in a gini Test scope: they stay assumed across
// every Solve, which is much faster than assuming them again each time.
// Adding clauses needs the scope closed (gini panics otherwise), so
// addCircuit closes it, adds and reopens it.

// openScope assumes every selector and opens a Test scope. It reports
// whether the scope is consistent under unit propagation.
func (e *encoding) openScope() bool {
	e.g.Assume(e.sels...)
	res, _ := e.g.Test(make([]z.Lit, 0, 64))
	e.scopeBad = res == -1
	return !e.scopeBad
}

// closeScope closes the Test scope.
func (e *encoding) closeScope() { e.g.Untest() }

// addCircuit adds the circuit gates under roots that are not yet clauses.
func (e *encoding) addCircuit(roots ...z.Lit) {
	e.closeScope()
	e.marks, _ = e.c.CnfSince(e.g, e.marks, roots...)
	e.openScope()
}

// solve solves under the scope and assumptions ms. It returns whether the
// problem is satisfiable and, if not, the failed assumptions among ms,
// sorted. On success the model is saved in e.model.
func (e *encoding) solve(ms []z.Lit) (bool, []z.Lit) {
	e.solves++
	if e.scopeBad {
		return false, nil
	}
	e.g.Assume(ms...)
	if e.g.Solve() == 1 {
		e.saveModel()
		return true, nil
	}
	in := make(map[z.Lit]bool, len(ms))
	for _, m := range ms {
		in[m] = true
	}
	var failed []z.Lit
	for _, m := range e.g.Why(nil) {
		if in[m] {
			failed = append(failed, m)
			in[m] = false
		}
	}
	sort.Slice(failed, func(i, j int) bool { return failed[i] < failed[j] })
	return false, failed
}

// saveModel records which available versions the last model installs.
func (e *encoding) saveModel() {
	e.model = e.model[:0]
	for _, n := range e.order {
		v := e.names[n]
		for i, c := range v.avail {
			if e.g.Value(v.lit[i]) {
				e.model = append(e.model, c)
			}
		}
	}
}
