package resolve

import (
	"sort"

	"github.com/go-air/gini/z"
)

// The selectors are assumed for the first solve only, which decides
// whether the request can be satisfied at all (and, if not, yields the
// failed selectors that explain why). Once it is satisfiable every
// selector is added as a unit clause: the optimisation then assumes only
// its own soft literals, and clauses can be added at any time. This is
// faster than holding the selectors in a gini Test scope, which has to be
// closed and reopened around every added clause.

// enableAll makes every input constraint hard.
func (e *encoding) enableAll() {
	for _, s := range e.sels {
		e.clause(s)
	}
}

// addCircuit adds the circuit gates under roots that are not yet clauses.
func (e *encoding) addCircuit(roots ...z.Lit) {
	e.marks, _ = e.c.CnfSince(e.g, e.marks, roots...)
}

// solve solves under the assumptions ms. It returns whether the
// problem is satisfiable and, if not, the failed assumptions among ms,
// sorted. On success the model is saved in e.model.
func (e *encoding) solve(ms []z.Lit) (bool, []z.Lit) {
	e.solves++
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
		for i, c := range v.cand {
			if e.g.Value(v.lit[i]) {
				e.model = append(e.model, c)
			}
		}
	}
}
