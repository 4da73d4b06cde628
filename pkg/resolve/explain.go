package resolve

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-air/gini/z"
)

// A Conflict is one input constraint of a [NoSolutionError].
type Conflict struct {
	// Text is the constraint in a person's terms, e.g.
	// "mirage 4.5.0 requires ocaml >= 4.08".
	Text string
	// Pos is where the constraint was written (may be zero).
	Pos Pos
}

// A NoSolutionError reports that the request cannot be satisfied. Conflicts
// is a minimal set of constraints that cannot hold together: leaving any
// one of them out would make them satisfiable. They are ordered as a chain
// from the request to the constraint that breaks it.
type NoSolutionError struct {
	Conflicts []Conflict
}

// Error writes the chain on one line, constraints separated by "; ".
func (e *NoSolutionError) Error() string {
	parts := make([]string, len(e.Conflicts))
	for i, c := range e.Conflicts {
		parts[i] = c.Text
		if p := c.Pos.String(); p != "" {
			parts[i] += " (" + p + ")"
		}
	}
	return "no solution: " + strings.Join(parts, "; ")
}

// explain finds a minimal set of selectors that cannot all hold and turns
// it into a *NoSolutionError.
func (e *encoding) explain() error {
	core := e.minimalCore()
	idx := make(map[z.Lit]int, len(e.sels))
	for i, s := range e.sels {
		idx[s] = i
	}
	var cons []constraint
	for _, s := range core {
		cons = append(cons, e.cons[idx[s]])
	}
	return &NoSolutionError{Conflicts: e.chain(cons)}
}

// minimalCore returns a set of selectors that cannot all hold, from which
// no member can be left out.
func (e *encoding) minimalCore() []z.Lit {
	core := e.sels
	if ok, why := e.solveSelectors(core); !ok && why != nil {
		core = why
	}
	// Deletion: drop each selector whose absence keeps the set unsatisfiable.
	for i := 0; i < len(core); {
		trial := append(append([]z.Lit(nil), core[:i]...), core[i+1:]...)
		if ok, why := e.solveSelectors(trial); !ok {
			core = restrict(trial, why)
			continue
		}
		i++
	}
	return core
}

// solveSelectors solves with exactly the selectors ms assumed, outside the
// On failure it returns the failed ones, in ms's order.
func (e *encoding) solveSelectors(ms []z.Lit) (bool, []z.Lit) {
	e.solves++
	e.g.Assume(ms...)
	if e.g.Solve() == 1 {
		return true, nil
	}
	return false, restrict(ms, e.g.Why(nil))
}

// restrict returns the literals of ms that are in why, in ms's order; all
// of ms when why names none of them.
func restrict(ms, why []z.Lit) []z.Lit {
	in := make(map[z.Lit]bool, len(why))
	for _, m := range why {
		in[m] = true
	}
	var out []z.Lit
	for _, m := range ms {
		if in[m] {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return ms
	}
	return out
}

// chain orders constraints from the request outward: request atoms and
// project files first, then the constraints of each package in the order
// the earlier ones mention it. Constraints that differ only by version are
// merged into one line listing the versions.
func (e *encoding) chain(cons []constraint) []Conflict {
	sort.SliceStable(cons, func(i, j int) bool { return cons[i].kind <= kindRoot && cons[j].kind > kindRoot })
	groups := groupByText(cons)
	var out []Conflict
	done := make([]bool, len(groups))
	mentioned := map[string]bool{}
	emit := func(i int) {
		done[i] = true
		out = append(out, e.describe(groups[i]))
		for _, w := range strings.FieldsFunc(groups[i][0].text, notNameChar) {
			mentioned[w] = true
		}
	}
	for i, g := range groups {
		if g[0].kind <= kindRoot {
			emit(i)
		}
	}
	for progress := true; progress; {
		progress = false
		for i, g := range groups {
			if !done[i] && mentioned[g[0].who] {
				emit(i)
				progress = true
			}
		}
	}
	for i := range groups {
		if !done[i] {
			emit(i)
		}
	}
	return out
}

// groupByText groups constraints of the same kind, package and text, in
// first-seen order.
func groupByText(cons []constraint) [][]constraint {
	var groups [][]constraint
	at := map[string]int{}
	for _, c := range cons {
		key := fmt.Sprint(c.kind, "\x00", c.who, "\x00", c.text)
		if i, ok := at[key]; ok {
			groups[i] = append(groups[i], c)
			continue
		}
		at[key] = len(groups)
		groups = append(groups, []constraint{c})
	}
	return groups
}

func notNameChar(r rune) bool {
	return !(r == '-' || r == '_' || r == '+' || r == '.' ||
		r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
}

// describe writes one group of constraints in a person's terms.
func (e *encoding) describe(g []constraint) Conflict {
	c := g[0]
	var versions []string
	for _, x := range g {
		versions = append(versions, x.version)
	}
	subject := c.who
	if c.version != "" {
		subject += " " + strings.Join(versions, ", ")
	}
	var text string
	switch c.kind {
	case kindRequest:
		text = "the request asks for " + c.text
	case kindRoot:
		text = c.who + " requires " + c.text
	case kindDepends:
		text = subject + " requires " + c.text
	case kindConflict:
		text = subject + " conflicts with " + c.text
	case kindClass:
		text = "at most one of " + c.members + " can be installed (conflict class " + c.text + ")"
	}
	if c.empty {
		text += " (no available version matches)"
	}
	return Conflict{Text: text, Pos: c.pos}
}
