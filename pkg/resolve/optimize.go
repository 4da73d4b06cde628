package resolve

import (
	"fmt"
	"sort"

	"github.com/go-air/gini/logic"
	"github.com/go-air/gini/z"
)

// An output is a soft literal made by a cardinality network: "at least k
// of the network's inputs are true".
type output struct {
	cs *logic.CardSort
	k  int
}

// oll minimises the number of true literals among softs by core-guided
// search, keeping fixed assumed. It returns the minimum and the
// assumptions that hold it there, to be kept by later criteria. A soft
// literal is made false by assuming its negation.
func (e *encoding) oll(fixed, softs []z.Lit, budget *int) (int, []z.Lit, error) {
	cur := map[z.Lit]bool{} // negations of the current soft literals
	for _, s := range softs {
		cur[s.Not()] = true
	}
	outs := map[z.Lit]output{} // keyed by assumption (negated output)
	cost := 0
	for {
		assume := append(append([]z.Lit(nil), fixed...), sortedLits(cur)...)
		ok, core := e.solve(assume)
		if ok {
			return cost, assume, nil
		}
		var mine []z.Lit
		for _, m := range core {
			if cur[m] {
				mine = append(mine, m)
			}
		}
		if len(mine) == 0 {
			return 0, nil, fmt.Errorf("internal error: a criterion contradicts the ones fixed before it")
		}
		if *budget--; *budget < 0 {
			return 0, nil, errBudget
		}
		e.cores++
		cost++
		e.relax(mine, cur, outs)
	}
}

// relax replaces the soft literals of a core (given as their assumed
// negations) by "at least 2 of them", and each network output "at least k"
// in the core by "at least k+1".
func (e *encoding) relax(core []z.Lit, cur map[z.Lit]bool, outs map[z.Lit]output) {
	var roots []z.Lit
	ins := make([]z.Lit, len(core))
	for i, m := range core {
		delete(cur, m)
		ins[i] = m.Not()
		if o, ok := outs[m]; ok && o.k+1 <= o.cs.N() {
			next := o.cs.Geq(o.k + 1)
			cur[next.Not()] = true
			outs[next.Not()] = output{o.cs, o.k + 1}
			roots = append(roots, next)
		}
	}
	if len(ins) > 1 {
		cs := e.c.CardSort(ins)
		g := cs.Geq(2)
		cur[g.Not()] = true
		outs[g.Not()] = output{cs, 2}
		roots = append(roots, g)
	}
	if len(roots) > 0 {
		e.addCircuit(roots...)
	}
}

// sortedLits returns the true keys of set, sorted.
func sortedLits(set map[z.Lit]bool) []z.Lit {
	out := make([]z.Lit, 0, len(set))
	for m, in := range set {
		if in {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
