package opam

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// precedenceCases are filters and version formulas whose grouping opam
// decides by operator precedence.
var precedenceCases = []string{
	`a | b & c`,
	`a & b | c`,
	`a | b | c & d & e`,
	`!a & b`,
	`!a | b & !c`,
	`?a = "x" & b`,
	`!a = "x" | b`,
	`!?a`,
	`a = "1" & b != "2" | c < "3" & d >= "4"`,
	`(a | b) & c`,
	`!(a & b) | c`,
	`>= "1" & < "2" | = "3"`,
	`>= "1" & build | < "2" & !with-test`,
	`build & (>= "1" | = "0") & os != "win32"`,
	`!(>= "1" & < "2")`,
	`?x & x = "y" | !?x`,
	`a:installed & b+c:installed | _:foo`,
}

// stringCases are string literals with escapes, as written in a file.
var stringCases = []string{
	`"tab\there"`,
	`"\065\x42\x6a"`,
	"\"line\\\n     continued\"",
	`"quote \" backslash \\ apostrophe \' space\ "`,
	`"\r\b\n"`,
	`"""triple "with" quotes"""`,
	"\"raw\nnewline\"",
	`"100%% %{name}%"`,
}

// TestPrecedenceAgainstOpam asks the installed opam to print formulas
// with every parenthesis explicit and checks that our parser groups them
// the same way. It is skipped when opam is not installed.
func TestPrecedenceAgainstOpam(t *testing.T) {
	opamBin, err := exec.LookPath("opam")
	if err != nil {
		t.Skip("opam is not installed")
	}
	var src bytes.Buffer
	src.WriteString("opam-version: \"2.0\"\nname: \"t\"\nversion: \"1\"\ndepends: [\n")
	for i, c := range precedenceCases {
		src.WriteString("  \"p" + strconv.Itoa(i) + "\" {" + c + "}\n")
	}
	src.WriteString("]\n")
	theirs, ours := opamRoundTrip(t, opamBin, src.Bytes())
	tv, _ := Field(theirs.Items, "depends")
	ov, _ := Field(ours.Items, "depends")
	if len(tv.Args()) != len(ov.Args()) {
		t.Fatalf("opam printed %d atoms, we parsed %d", len(tv.Args()), len(ov.Args()))
	}
	t.Logf("compared %d formulas with %s", len(ov.Args()), opamBin)
	for i := range ov.Args() {
		// opam pushes '!' into version formulas, so compare the
		// decoded constraint formulas rather than the raw trees.
		want := condString(decodeCond(t, tv.Args()[i]))
		got := condString(decodeCond(t, ov.Args()[i]))
		if got != want {
			t.Errorf("{%s}: we read %s, opam reads %s", precedenceCases[i], got, want)
		}
	}
}

// decodeCond decodes one package atom (possibly in opam's extra
// parentheses) and returns its constraint.
func decodeCond(t *testing.T, v Value) *Cond {
	t.Helper()
	for v.Kind == KindGroup && len(v.Args()) == 1 {
		v = v.Args()[0]
	}
	var d decoder
	d.pkg = &Package{}
	dep := d.dep(v)
	if len(d.errs) > 0 {
		t.Fatalf("decoding %s: %v", FormatValue(v), d.errs)
	}
	return dep.Constraint
}

// condString renders a constraint formula with every grouping explicit
// and with the parentheses of the source removed.
func condString(c *Cond) string {
	if c == nil {
		return ""
	}
	switch c.Kind {
	case CondConstraint:
		return c.Op.String() + " " + FormatValue(c.Version)
	case CondFilter:
		return filterString(c.Filter)
	}
	op := " & "
	if c.Kind == CondOr {
		op = " | "
	}
	s := "("
	for i := range c.Args {
		if i > 0 {
			s += op
		}
		s += condString(&c.Args[i])
	}
	return s + ")"
}

func filterString(v Value) string {
	switch v.Kind {
	case KindGroup:
		if len(v.Args()) == 1 {
			return filterString(v.Args()[0])
		}
	case KindLogop, KindRelop:
		return "(" + filterString(v.Left()) + " " + v.Op.String() + " " + filterString(v.Right()) + ")"
	case KindPfxop:
		return "(" + v.Op.String() + filterString(v.Operand()) + ")"
	case KindInt:
		// opam reads an integer in a filter as its decimal string.
		return strconv.Quote(strconv.FormatInt(v.Int(), 10))
	}
	return FormatValue(v)
}

func TestStringsAgainstOpam(t *testing.T) {
	opamBin, err := exec.LookPath("opam")
	if err != nil {
		t.Skip("opam is not installed")
	}
	var src bytes.Buffer
	src.WriteString("opam-version: \"2.0\"\nname: \"t\"\nversion: \"1\"\nx-strings: [\n")
	for _, c := range stringCases {
		src.WriteString("  " + c + "\n")
	}
	src.WriteString("]\n")
	theirs, ours := opamRoundTrip(t, opamBin, src.Bytes())
	tv, _ := Field(theirs.Items, "x-strings")
	ov, _ := Field(ours.Items, "x-strings")
	if len(tv.Args()) != len(stringCases) || len(ov.Args()) != len(stringCases) {
		t.Fatalf("opam printed %d strings, we parsed %d, want %d", len(tv.Args()), len(ov.Args()), len(stringCases))
	}
	for i := range ov.Args() {
		if tv.Args()[i].Str() != ov.Args()[i].Str() {
			t.Errorf("%s: we read %q, opam reads %q", stringCases[i], ov.Args()[i].Str(), tv.Args()[i].Str())
		}
	}
}

// opamRoundTrip has opam parse and print src, and returns opam's output
// and src as parsed by Parse. It skips the test when opam fails.
func opamRoundTrip(t *testing.T, opamBin string, src []byte) (theirs, ours *File) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "opam")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(opamBin, "show", "--just-file", "--raw", file)
	cmd.Env = append(os.Environ(), "OPAMALLPARENS=1", "OPAMROOT="+filepath.Join(dir, "root"), "OPAMYES=1")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("opam show failed (%v); cannot compare", err)
	}
	theirs, err = ParseString("opam-output", string(out))
	if err != nil {
		t.Fatalf("cannot parse opam's output: %v\n%s", err, out)
	}
	ours, err = Parse("input", src)
	if err != nil {
		t.Fatal(err)
	}
	return theirs, ours
}

// TestSubsetAgainstOpam has opam read every file of the subset and checks
// that our typed view reads the same package formulas and availability.
func TestSubsetAgainstOpam(t *testing.T) {
	opamBin, err := exec.LookPath("opam")
	if err != nil {
		t.Skip("opam is not installed")
	}
	for name, src := range subsetFiles(t) {
		theirs, ours := opamRoundTrip(t, opamBin, src)
		tp, _ := Decode(theirs)
		op, err := Decode(ours)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range []struct {
			field       string
			theirs, our DepFormula
		}{{"depends", tp.Depends, op.Depends}, {"depopts", tp.Depopts, op.Depopts}, {"conflicts", tp.Conflicts, op.Conflicts}} {
			if w, g := depString(f.theirs), depString(f.our); w != g {
				t.Errorf("%s: %s: we read\n%s\nopam reads\n%s", name, f.field, g, w)
			}
		}
		if w, g := filterString(stripGroup(tp.Available)), filterString(stripGroup(op.Available)); w != g {
			t.Errorf("%s: available: we read %s, opam reads %s", name, g, w)
		}
	}
}

func stripGroup(v Value) Value {
	for (v.Kind == KindGroup || v.Kind == KindList) && len(v.Args()) == 1 {
		v = v.Args()[0]
	}
	return v
}

// depString renders a package formula with nested same connectives
// flattened, every grouping explicit.
func depString(f DepFormula) string {
	switch f.Conn {
	case Leaf:
		s := f.Dep.Name
		if c := f.Dep.Constraint; c != nil {
			s += " {" + condString(flattenCond(c)) + "}"
		}
		return s
	}
	op := " & "
	if f.Conn == Or {
		op = " | "
	}
	var parts []string
	var walk func(f DepFormula)
	walk = func(g DepFormula) {
		if g.Conn == f.Conn {
			for _, a := range g.Args {
				walk(a)
			}
			return
		}
		parts = append(parts, depString(g))
	}
	walk(f)
	s := "("
	for i, p := range parts {
		if i > 0 {
			s += op
		}
		s += p
	}
	return s + ")"
}

// flattenCond merges nested And (or Or) nodes into their parent.
func flattenCond(c *Cond) *Cond {
	if c.Kind != CondAnd && c.Kind != CondOr {
		return c
	}
	out := &Cond{Kind: c.Kind}
	for i := range c.Args {
		a := flattenCond(&c.Args[i])
		if a.Kind == c.Kind {
			out.Args = append(out.Args, a.Args...)
		} else {
			out.Args = append(out.Args, *a)
		}
	}
	if len(out.Args) == 1 {
		return &out.Args[0]
	}
	return out
}

// lexCases are field values at the edges of opam's lexical rules.
var lexCases = []string{
	`-_`, `_`, `1_000`, `-12`, `a+b`, `a:b:c`, `_:x`, `a+_:x`, `-1a`, `1a`, `true-ish`, `a-`,
	`"\x4"`, `"\999"`, `"\255"`, `"\q"`, `'a'`, "\"a\\\r\n  b\"", "a\rb", "a\fb",
	`!`, `"a" {}`, `>= "1" >= "2"`, `a = b = c`, `[a = b]`, `[A += "x"]`, `[A =+= "x"]`, `[A =: "x"]`,
	`[A := "x"]`, `[A =:= "x"]`, `(* (* *) *) 1`, `(* "*)" *) 1`, `"#" # c`, `[] {a}`, `!a {b}`,
	`"""a""""`, `""""`, `a ? b`, `?`, `a & & b`, `(a b)`, `!(a) {b}`, `{a}`,
}

// TestLexerAgainstOpam checks that Parse accepts exactly the values that
// the installed opam accepts, and reads them the same.
func TestLexerAgainstOpam(t *testing.T) {
	opamBin, err := exec.LookPath("opam")
	if err != nil {
		t.Skip("opam is not installed")
	}
	dir := t.TempDir()
	accepted := 0
	defer func() { t.Logf("opam and Parse agree on %d cases, %d accepted", len(lexCases), accepted) }()
	for i, c := range lexCases {
		src := "opam-version: \"2.0\"\nname: \"t\"\nversion: \"1\"\nx-v: " + c + "\nx-end: 0\n"
		file := filepath.Join(dir, "opam"+strconv.Itoa(i))
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(opamBin, "show", "--just-file", "--raw", file)
		cmd.Env = append(os.Environ(), "OPAMROOT="+filepath.Join(dir, "root"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, opamErr := cmd.Output()
		if opamErr != nil && !bytes.Contains(stderr.Bytes(), []byte("Parsing error")) {
			// Not a verdict on the file: opam itself failed.
			t.Skipf("%q: opam failed without a parsing error (%v): %s", c, opamErr, stderr.Bytes())
		}
		ours, ourErr := ParseString("input", src)
		if (opamErr != nil) != (ourErr != nil) {
			t.Errorf("%q: opam error %v, our error %v", c, opamErr, ourErr)
			continue
		}
		if opamErr != nil {
			continue
		}
		accepted++
		theirs, err := ParseString("opam-output", string(out))
		if err != nil {
			t.Fatalf("%q: cannot parse opam's output: %v\n%s", c, err, out)
		}
		tv, _ := Field(theirs.Items, "x-v")
		ov, _ := Field(ours.Items, "x-v")
		if !EqualValues(tv, ov) {
			t.Errorf("%q: we read %s, opam reads %s", c, sexpr(ov), sexpr(tv))
		}
	}
}
