package opam

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// formulaString renders a reduced formula compactly for assertions.
func formulaString(f Formula) string {
	switch {
	case f.Conn == Leaf:
		s := f.Atom.Name
		if f.Atom.Constraint != nil {
			s += " {" + constraintString(*f.Atom.Constraint) + "}"
		}
		return s
	case f.Empty():
		return "<empty>"
	}
	sep := " & "
	if f.Conn == Or {
		sep = " | "
	}
	var parts []string
	for _, a := range f.Args {
		parts = append(parts, "("+formulaString(a)+")")
	}
	return strings.Join(parts, sep)
}

func constraintString(c VersionConstraint) string {
	if c.Conn == Leaf {
		return c.Op.String() + " " + c.Version
	}
	sep := " & "
	if c.Conn == Or {
		sep = " | "
	}
	var parts []string
	for _, a := range c.Args {
		parts = append(parts, "("+constraintString(a)+")")
	}
	return strings.Join(parts, sep)
}

func decodeDepends(t *testing.T, src string) DepFormula {
	t.Helper()
	f, err := ParseString("f", "depends: "+src)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return p.Depends
}

func TestReduce(t *testing.T) {
	env := MapEnv{"os": StringValue("linux"), "build": BoolValue(true), "with-test": BoolValue(false),
		"ocaml:version": StringValue("4.14.1"), "version": StringValue("0.9")}
	tests := []struct{ src, want string }{
		{`["a-base" {= version} "b" {>= "1" & < version}]`, `(a-base {= 0.9}) & (b {(>= 1) & (< 0.9)})`},
		{`["a" "b"]`, `(a) & (b)`},
		{`["a" {>= "1.0" & < "2.0"}]`, `a {(>= 1.0) & (< 2.0)}`},
		{`["a" {build & >= "1"}]`, `a {>= 1}`},
		{`["a" {build}]`, `a`},
		{`["a" {with-test} "b"]`, `b`},
		{`["a" {undef-var} "b"]`, `b`},
		{`["a" {os = "macos"} | "b"]`, `b`},
		{`["a" {os = "linux"} | "b"]`, `(a) | (b)`},
		{`[("a" | "b" {with-test}) "c"]`, `(a) & (c)`},
		{`["a" {with-test | >= "2"}]`, `a {>= 2}`},
		{`["a" {!(>= "1" & < "2")}]`, `a {(< 1) | (>= 2)}`},
		{`["a" {!with-test & >= "1"}]`, `a {>= 1}`},
		{`["a" {= "%{ocaml:version}%"}]`, `a {= 4.14.1}`},
		{`["a" {= undef-ver}]`, `a`},
		{`["a" {with-test}]`, `<empty>`},
		{`[]`, `<empty>`},
		{`[("a" | "b") & "c" ("d")]`, `((a) | (b)) & (c) & (d)`},
	}
	for _, tt := range tests {
		got := formulaString(Reduce(decodeDepends(t, tt.src), env))
		if got != tt.want {
			t.Errorf("Reduce(%s) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestReduceVars(t *testing.T) {
	env := MapEnv{"with-test": BoolValue(true), "build": BoolValue(true)}
	dep := decodeDepends(t, `["alcotest" {with-test & >= "1.0"} "dune" {build} "fmt" "odoc" {with-doc}]`)
	var got [][]string
	var names []string
	for _, a := range Reduce(dep, env).Atoms() {
		names = append(names, a.Name)
		got = append(got, a.Vars)
	}
	if d := cmp.Diff([]string{"alcotest", "dune", "fmt"}, names); d != "" {
		t.Fatalf("atoms (-want +got):\n%s", d)
	}
	if d := cmp.Diff([][]string{{"with-test"}, {"build"}, nil}, got); d != "" {
		t.Fatalf("vars (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"build", "with-doc", "with-test"}, dep.Vars()); d != "" {
		t.Fatalf("DepFormula.Vars (-want +got):\n%s", d)
	}
}

func TestVersionConstraintHolds(t *testing.T) {
	dep := decodeDepends(t, `["a" {>= "4.08" & (< "5.0" | = "5.1.0~rc1")}]`)
	c := Reduce(dep, EmptyEnv).Atom.Constraint
	for v, want := range map[string]bool{"4.08.0": true, "4.07": false, "4.14.2": true, "5.0.0": false, "5.1.0~rc1": true, "5.0~alpha": true} {
		if got := c.Holds(v); got != want {
			t.Errorf("Holds(%s) = %v, want %v", v, got, want)
		}
	}
	var none *VersionConstraint
	if !none.Holds("1") {
		t.Error("nil constraint does not hold")
	}
}
