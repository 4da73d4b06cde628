package resolve

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The test universes are written in a small line format, one case after
// another (blank lines and # comments are ignored):
//
//	case NAME                       starts a case
//	pkg NAME VERSION [avoid] [unavailable] [class=C1,C2] [depends: F] [conflicts: ATOM...]
//	request ATOM...                 requested atoms (opam's command line)
//	root NAME: F                    a project file's depends (opam's -f)
//	want NAME.VERSION...            the expected plan
//	cost A R L C                    the expected Cost (optional)
//	error TEXT                      the expected NoSolutionError text
//
// A formula F is atoms joined by `&` and `|` with parentheses; an atom is a
// name with optional comparisons joined by commas: `ocaml>=4.08,<5`.
// Versions are dotted numbers compared numerically. Positions in errors
// are FILE:LINE:COL of the atom in the test file.

type textCase struct {
	name   string
	pkgs   map[string][]*Candidate
	req    Request
	want   []string
	cost   *Cost
	errMsg string
	line   int
}

// Versions implements Universe.
func (tc *textCase) Versions(n string) ([]*Candidate, error) { return tc.pkgs[n], nil }

// cmpVersion compares dotted numeric versions.
func cmpVersion(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// relConstraint is a conjunction of comparisons such as >=2,<3.
type relConstraint []string

func (r relConstraint) String() string { return strings.Join(r, " & ") }

func (r relConstraint) Allows(v string) bool {
	for _, rel := range r {
		op := rel[:len(rel)-len(strings.TrimLeft(rel, "<>=!"))]
		c := cmpVersion(v, rel[len(op):])
		ok := map[string]bool{"=": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]
		if !ok {
			return false
		}
	}
	return true
}

// formulaParser parses F over the tokens of one line.
type formulaParser struct {
	toks []string
	cols []int
	i    int
	pos  Pos
}

func tokenize(s string, col0 int) ([]string, []int) {
	var toks []string
	var cols []int
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ':
			i++
		case c == '(' || c == ')' || c == '&' || c == '|':
			toks, cols = append(toks, string(c)), append(cols, col0+i)
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" ()&|", rune(s[j])) {
				j++
			}
			toks, cols = append(toks, s[i:j]), append(cols, col0+i)
			i = j
		}
	}
	return toks, cols
}

func (p *formulaParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *formulaParser) or() (Formula, error) {
	f, err := p.and()
	args := []Formula{f}
	for err == nil && p.peek() == "|" {
		p.i++
		f, err = p.and()
		args = append(args, f)
	}
	if len(args) == 1 {
		return f, err
	}
	return Or(args...), err
}

func (p *formulaParser) and() (Formula, error) {
	f, err := p.unit()
	args := []Formula{f}
	for err == nil && p.peek() == "&" {
		p.i++
		f, err = p.unit()
		args = append(args, f)
	}
	if len(args) == 1 {
		return f, err
	}
	return And(args...), err
}

func (p *formulaParser) unit() (Formula, error) {
	t := p.peek()
	switch t {
	case "":
		return Formula{}, fmt.Errorf("formula ends early")
	case "(":
		p.i++
		f, err := p.or()
		if p.peek() != ")" {
			return f, fmt.Errorf("missing )")
		}
		p.i++
		return f, err
	}
	a := p.atom(t, p.cols[p.i])
	p.i++
	return AtomFormula(a), nil
}

func (p *formulaParser) atom(t string, col int) Atom {
	k := strings.IndexAny(t, "<>=!")
	pos := Pos{File: p.pos.File, Line: p.pos.Line, Col: col + 1}
	if k < 0 {
		return Atom{Name: t, Pos: pos}
	}
	return Atom{Name: t[:k], Constraint: relConstraint(strings.Split(t[k:], ",")), Pos: pos}
}

// parseText reads the cases of a test file.
func parseText(file, text string) ([]*textCase, error) {
	var cases []*textCase
	var tc *textCase
	for n, line := range strings.Split(text, "\n") {
		pos := Pos{File: file, Line: n + 1}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s: %s", pos, fmt.Sprintf(format, args...))
		}
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		if verb == "case" {
			tc = &textCase{name: rest, pkgs: map[string][]*Candidate{}, line: n + 1}
			cases = append(cases, tc)
			continue
		}
		if tc == nil {
			return nil, fail("%s before the first case", verb)
		}
		col0 := len(verb) + 1
		var err error
		switch verb {
		case "pkg":
			err = tc.parsePkg(rest, col0, pos)
		case "request":
			toks, cols := tokenize(rest, col0)
			fp := &formulaParser{pos: pos}
			for i, t := range toks {
				tc.req.Atoms = append(tc.req.Atoms, fp.atom(t, cols[i]))
			}
		case "root":
			name, f, _ := strings.Cut(rest, ": ")
			var dep Formula
			dep, err = parseFormula(f, col0+len(name)+2, pos)
			tc.req.Roots = append(tc.req.Roots, Root{Name: name, Depends: dep, Source: pos})
		case "want":
			tc.want = strings.Fields(rest)
		case "cost":
			var c Cost
			_, err = fmt.Sscan(rest, &c.AvoidVersion, &c.RequestLag, &c.Lag, &c.Changed)
			tc.cost = &c
		case "error":
			tc.errMsg = rest
		default:
			err = fmt.Errorf("unknown line %q", verb)
		}
		if err != nil {
			return nil, fail("%v", err)
		}
	}
	for _, tc := range cases {
		tc.rank()
	}
	return cases, nil
}

func parseFormula(s string, col0 int, pos Pos) (Formula, error) {
	toks, cols := tokenize(s, col0)
	p := &formulaParser{toks: toks, cols: cols, pos: pos}
	f, err := p.or()
	if err == nil && p.i != len(toks) {
		err = fmt.Errorf("unexpected %q", p.peek())
	}
	return f, err
}

// parsePkg reads `NAME VERSION [flags] [depends: F] [conflicts: ATOM...]`.
func (tc *textCase) parsePkg(rest string, col0 int, pos Pos) error {
	head, confl, _ := strings.Cut(rest, " conflicts: ")
	confCol := col0 + len(head) + len(" conflicts: ")
	head, deps, hasDeps := strings.Cut(head, " depends: ")
	depCol := col0 + len(head) + len(" depends: ")
	f := strings.Fields(head)
	if len(f) < 2 {
		return fmt.Errorf("pkg needs a name and a version")
	}
	c := &Candidate{Name: f[0], Version: f[1], Available: true, Source: pos}
	for _, flag := range f[2:] {
		switch {
		case flag == "avoid":
			c.AvoidVersion = true
		case flag == "unavailable":
			c.Available = false
		case strings.HasPrefix(flag, "class="):
			c.ConflictClass = strings.Split(flag[len("class="):], ",")
		default:
			return fmt.Errorf("unknown flag %q", flag)
		}
	}
	if hasDeps {
		var err error
		if c.Depends, err = parseFormula(deps, depCol, pos); err != nil {
			return err
		}
	}
	if confl != "" {
		toks, cols := tokenize(confl, confCol)
		fp := &formulaParser{pos: pos}
		for i, t := range toks {
			c.Conflicts = append(c.Conflicts, fp.atom(t, cols[i]))
		}
	}
	tc.pkgs[c.Name] = append(tc.pkgs[c.Name], c)
	return nil
}

// rank numbers each name's versions in version order.
func (tc *textCase) rank() {
	for _, cs := range tc.pkgs {
		sort.SliceStable(cs, func(i, j int) bool { return cmpVersion(cs[i].Version, cs[j].Version) < 0 })
		for i, c := range cs {
			c.Rank = i
		}
	}
}

func planStrings(ps []*Candidate) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func readCases(t *testing.T) map[string][]*textCase {
	t.Helper()
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test universes in testdata/*.txt (%v)", err)
	}
	out := map[string][]*textCase{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("%v", err)
		}
		cases, err := parseText(filepath.Base(f), string(data))
		if err != nil {
			t.Fatalf("%v", err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".txt")] = cases
	}
	return out
}
