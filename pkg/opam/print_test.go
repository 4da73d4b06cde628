package opam

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// ignorePos compares trees without their positions: it shows a Value to
// go-cmp as a struct of exported fields, whose positions it then ignores.
var ignorePos = cmp.Options{
	cmp.Transformer("value", func(v Value) valueView {
		return valueView{Kind: v.Kind, Op: v.Op, Bool: v.Bool, Str: v.Str(), Args: v.Args(), Pos: v.Pos}
	}),
	cmpopts.IgnoreTypes(Pos{}),
}

// valueView is a Value with its string and Args as fields.
type valueView struct {
	Kind Kind
	Op   Op
	Bool bool
	Str  string
	Args []Value
	Pos  Pos
}

func TestFormatCanonical(t *testing.T) {
	src := `opam-version:"2.0"  # c
depends:["a" {>= "1" & build} "b"]
tags: ["x" "y"]
build: [make "all"]
description: "two
lines with \"quotes\" and \\ and \r"
x: !(a | b) & ?c
url { src: "u" checksum: ["md5=1" "sha256=2"] }
extra-source "f" { src: "s" }
`
	want := `opam-version: "2.0"
depends: [
  "a" {>= "1" & build}
  "b"
]
tags: ["x" "y"]
build: [make "all"]
description: """two
lines with \"quotes\" and \\ and \r"""
x: !(a | b) & ?c
url {
  src: "u"
  checksum: ["md5=1" "sha256=2"]
}
extra-source "f" {
  src: "s"
}
`
	f, err := ParseString("f", src)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, string(Format(f))); d != "" {
		t.Fatalf("Format (-want +got):\n%s", d)
	}
}

func TestFormatRoundTripSubset(t *testing.T) {
	for name, src := range subsetFiles(t) {
		f, err := Parse(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := Format(f)
		g, err := Parse(name, out)
		if err != nil {
			t.Fatalf("%s: reparse: %v\n%s", name, err, out)
		}
		if d := cmp.Diff(f.Items, g.Items, ignorePos); d != "" {
			t.Fatalf("%s: round trip (-parsed +reparsed):\n%s", name, d)
		}
		if again := Format(g); string(again) != string(out) {
			t.Fatalf("%s: Format is not stable", name)
		}
	}
}

func TestFormatAddsNeededParens(t *testing.T) {
	id := func(s string) Value { return NewAtom(KindIdent, s) }
	or := NewComposite(KindLogop, OpOr, Pos{}, []Value{id("a"), id("b")})
	tests := []struct {
		v    Value
		want string
	}{
		{NewComposite(KindLogop, OpAnd, Pos{}, []Value{or, id("c")}), "(a | b) & c"},
		{NewComposite(KindLogop, OpOr, Pos{}, []Value{id("c"), or}), "c | (a | b)"},
		{NewComposite(KindPfxop, OpNot, Pos{}, []Value{or}), "!(a | b)"},
		{NewComposite(KindOption, OpNone, Pos{}, []Value{or, id("f")}), "(a | b) {f}"},
		{NewAtom(KindString, "a\x01\"\\"), `"a\x01\"\\"`},
		{parseValueT("! = \"x\""), `! = "x"`},
		{parseValueT("! = \"x\" {a}"), `! = "x" {a}`},
	}
	for _, tt := range tests {
		got := FormatValue(tt.v)
		if got != tt.want {
			t.Errorf("FormatValue = %s, want %s", got, tt.want)
			continue
		}
		// The printed form must parse, to the same tree when no
		// parentheses were added.
		f, err := ParseString("f", "f: "+got)
		if err != nil {
			t.Errorf("%s does not parse: %v", got, err)
			continue
		}
		if !strings.Contains(got, "(") && !EqualValues(f.Items[0].Value, tt.v) {
			t.Errorf("%s parses back as %s", got, sexpr(f.Items[0].Value))
		}
	}
}

// parseValueT parses "f: src" for table initialisers; it panics on
// errors, which only a broken test table can cause.
func parseValueT(src string) Value {
	f, err := ParseString("t", "f: "+src)
	if err != nil {
		panic(err)
	}
	return f.Items[0].Value
}
