package resolve

import (
	"fmt"
	"sort"

	"github.com/go-air/gini/logic"
	"github.com/go-air/gini/z"
)

// An output is a soft literal that stands for "at least k units of a
// counter": either output k of a cardinality network, or literal k of a
// unary counter given as a chain (chain[k-1] is "at least k", each
// implying the one before). When an output is in a core, the next one,
// k+1, becomes soft.
type output struct {
	cs    *logic.CardSort
	chain []z.Lit
	k     int
}

// next returns output k+1, if there is one.
func (o output) next() (z.Lit, bool) {
	if o.chain != nil {
		if o.k < len(o.chain) {
			return o.chain[o.k], true
		}
		return 0, false
	}
	if o.k+1 <= o.cs.N() {
		return o.cs.Geq(o.k + 1), true
	}
	return 0, false
}

// A soft is the objective of one criterion: plain literals, each costing
// one when true, and unary counters given as chains, costing the number
// of their true literals.
type soft struct {
	lits   []z.Lit
	chains [][]z.Lit
}

// oll minimises the cost of sf by core-guided search (OLL): each core
// raises the lower bound by one. It returns the minimum and the
// assumptions that hold the cost there; the caller keeps them for later
// criteria. A soft literal is made false by assuming its negation.
func (e *encoding) oll(sf soft, budget *int) (int, []z.Lit, error) {
	cur := map[z.Lit]bool{} // negations of the current soft literals
	for _, s := range sf.lits {
		cur[s.Not()] = true
	}
	outs := map[z.Lit]output{} // keyed by assumption (negated output)
	for _, ch := range sf.chains {
		if len(ch) > 0 {
			cur[ch[0].Not()] = true
			outs[ch[0].Not()] = output{chain: ch, k: 1}
		}
	}
	cost := 0
	for {
		assume := sortedLits(cur)
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
		o, isOut := outs[m]
		if !isOut {
			continue
		}
		if next, ok := o.next(); ok {
			cur[next.Not()] = true
			outs[next.Not()] = output{cs: o.cs, chain: o.chain, k: o.k + 1}
			if o.cs != nil {
				roots = append(roots, next)
			}
		}
	}
	if len(ins) > 1 {
		cs := e.c.CardSort(ins)
		g := cs.Geq(2)
		cur[g.Not()] = true
		outs[g.Not()] = output{cs: cs, k: 2}
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
