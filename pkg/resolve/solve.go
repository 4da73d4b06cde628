package resolve

import (
	"errors"
	"fmt"

	"github.com/go-air/gini/z"
)

// A Tracer receives debugging events from [Solve]. Methods are called from
// the solving goroutine only.
type Tracer interface {
	Tracef(format string, args ...any)
}

type noTracer struct{}

func (noTracer) Tracef(string, ...any) {}

// Options tune [Solve]. The zero value is ready to use.
type Options struct {
	// Tracer receives debugging events; nil means none.
	Tracer Tracer
	// MaxCores bounds the optimisation, counted in unsatisfiable cores
	// (solver work, never time, so answers do not depend on the machine).
	// Zero means DefaultMaxCores. When the bound is reached Solve returns
	// the best plan found so far with Solution.Optimal false.
	MaxCores int
}

// DefaultMaxCores is the default bound on the optimisation's cores.
const DefaultMaxCores = 200000

var errBudget = errors.New("optimisation bound reached")

// Cost is opam 2.1's default install criteria for a plan made from an
// empty switch, in order of importance: every field is minimised, the
// first one first. (opam's "removed" and "missing-depexts" criteria are
// always zero here and left out.)
type Cost struct {
	AvoidVersion int // installed versions flagged avoid-version
	RequestLag   int // summed version lag of the requested names
	Lag          int // summed version lag of every installed name
	Changed      int // installed packages
}

// String formats c as (avoid-version, request lag, lag, changed).
func (c Cost) String() string {
	return fmt.Sprintf("(avoid-version %d, request lag %d, lag %d, changed %d)",
		c.AvoidVersion, c.RequestLag, c.Lag, c.Changed)
}

// Less reports whether c is better than d.
func (c Cost) Less(d Cost) bool {
	a := [...]int{c.AvoidVersion, c.RequestLag, c.Lag, c.Changed}
	b := [...]int{d.AvoidVersion, d.RequestLag, d.Lag, d.Changed}
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// A Solution is a plan: one version per installed name.
type Solution struct {
	// Packages are the chosen versions, sorted by name. They are the
	// universe's own *Candidate values.
	Packages []*Candidate
	// Cost is the plan's cost as the optimisation measured it.
	Cost Cost
	// Optimal reports whether the optimisation finished within its bound.
	Optimal bool
	// Stats describe the work done.
	Stats Stats
}

// Stats count the work of one Solve.
type Stats struct {
	Names     int // names reached
	Versions  int // versions that may be installed (see Solve)
	Selectors int // input constraints
	Solves    int // SAT solver calls
	Cores     int // unsatisfiable cores
}

// Solve chooses one version per needed name so that every constraint of
// req holds, with the smallest [Cost]. When the constraints cannot all
// hold it returns a *NoSolutionError. Versions of u may be called from
// several goroutines at once. The answer depends only on u and req.
func Solve(u Universe, req *Request, opts *Options) (*Solution, error) {
	if opts == nil {
		opts = &Options{}
	}
	tr := opts.Tracer
	if tr == nil {
		tr = noTracer{}
	}
	reached, order, err := reach(u, req)
	if err != nil {
		return nil, err
	}
	tr.Tracef("read %d names", len(order))
	e := encode(req, reached, order)
	tr.Tracef("reached %d names, %d selectors", len(order), len(e.sels))
	if ok, _ := e.solveSelectors(e.sels); !ok {
		return nil, e.explain()
	}
	e.enableAll()
	budget := opts.MaxCores
	if budget <= 0 {
		budget = DefaultMaxCores
	}
	sol := &Solution{Optimal: true}
	for i, sf := range e.criteria(req) {
		cost, keep, err := e.oll(sf, &budget)
		if errors.Is(err, errBudget) {
			sol.Optimal = false
			tr.Tracef("criterion %d: bound reached", i)
			e.solve(nil) // the last plan meeting the criteria fixed so far
			break
		}
		if err != nil {
			return nil, err
		}
		tr.Tracef("criterion %d: minimum %d after %d cores", i, cost, e.cores)
		e.fix(keep)
	}
	sol.Packages = append([]*Candidate(nil), e.model...)
	sol.Cost = costOfModel(e, req)
	sol.Stats = e.stats()
	return sol, nil
}

// fix adds ms as unit clauses: a finished criterion stays at its minimum.
func (e *encoding) fix(ms []z.Lit) {
	for _, m := range ms {
		e.clause(m)
	}
}

// criteria returns the objective of each criterion, in order.
func (e *encoding) criteria(req *Request) []soft {
	var avoid, inst []z.Lit
	var reqLag, lag [][]z.Lit
	requested := map[string]bool{}
	for _, a := range req.Atoms {
		requested[a.Name] = true
	}
	for _, n := range e.order {
		v := e.names[n]
		for i, c := range v.cand {
			if c.AvoidVersion {
				avoid = append(avoid, v.lit[i])
			}
		}
		if requested[n] {
			reqLag = append(reqLag, v.lagLits)
		}
		lag = append(lag, v.lagLits)
		if len(v.cand) > 0 {
			inst = append(inst, v.inst)
		}
	}
	return []soft{{lits: avoid}, {chains: reqLag}, {chains: lag}, {lits: inst}}
}

// costOfModel measures the last model with the encoder's own lag tables.
func costOfModel(e *encoding, req *Request) Cost {
	requested := map[string]bool{}
	for _, a := range req.Atoms {
		requested[a.Name] = true
	}
	var c Cost
	for _, p := range e.model {
		ordered, lag := lagOrder(e.names[p.Name].avail)
		for i, q := range ordered {
			if q == p {
				c.Lag += lag[i]
				if requested[p.Name] {
					c.RequestLag += lag[i]
				}
			}
		}
		if p.AvoidVersion {
			c.AvoidVersion++
		}
		c.Changed++
	}
	return c
}

func (e *encoding) stats() Stats {
	s := Stats{Names: len(e.order), Selectors: len(e.sels), Solves: e.solves, Cores: e.cores}
	for _, n := range e.order {
		s.Versions += len(e.names[n].cand)
	}
	return s
}
