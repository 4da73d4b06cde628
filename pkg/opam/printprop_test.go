package opam

import (
	"math/rand/v2"
	"testing"
)

// randomValue builds a random value of the shapes the grammar allows
// (comparisons and environment updates between atoms), with depth at
// most d.
func randomValue(r *rand.Rand, d int) Value {
	if d == 0 || r.IntN(3) == 0 {
		return randomAtom(r)
	}
	two := func(kind Kind, op Op, a, b Value) Value { return NewComposite(kind, op, Pos{}, []Value{a, b}) }
	switch r.IntN(9) {
	case 0:
		return NewComposite(KindList, OpNone, Pos{}, randomValues(r, d-1))
	case 1:
		return NewComposite(KindGroup, OpNone, Pos{}, randomValues(r, d-1))
	case 2:
		return NewComposite(KindOption, OpNone, Pos{}, append([]Value{randomValue(r, d-1)}, randomValues(r, d-1)...))
	case 3:
		return two(KindRelop, Op(int(OpEq)+r.IntN(6)), randomAtom(r), randomAtom(r))
	case 4:
		return NewComposite(KindPrefixRelop, Op(int(OpEq)+r.IntN(6)), Pos{}, []Value{randomAtom(r)})
	case 5:
		return two(KindLogop, []Op{OpAnd, OpOr}[r.IntN(2)], randomValue(r, d-1), randomValue(r, d-1))
	case 6:
		return NewComposite(KindPfxop, []Op{OpNot, OpDefined}[r.IntN(2)], Pos{}, []Value{randomValue(r, d-1)})
	case 7:
		return two(KindEnvBinding, Op(int(OpPlusEq)+r.IntN(5)), randomAtom(r), randomAtom(r))
	}
	return randomAtom(r)
}

func randomValues(r *rand.Rand, d int) []Value {
	n := r.IntN(4)
	if n == 0 {
		return nil
	}
	vs := make([]Value, n)
	for i := range vs {
		vs[i] = randomValue(r, d)
	}
	return vs
}

var randomIdents = []string{"a", "os", "with-test", "ocaml:version", "_:name", "a+b:installed", "x_1", "-a", "1a"}

func randomAtom(r *rand.Rand) Value {
	switch r.IntN(4) {
	case 0:
		return Value{Kind: KindBool, Bool: r.IntN(2) == 0}
	case 1:
		return NewInt(int64(r.IntN(2001) - 1000))
	case 2:
		return NewAtom(KindIdent, randomIdents[r.IntN(len(randomIdents))])
	}
	const alphabet = "a\"\\\n\r\t%{}#(*) \x00\xff"
	b := make([]byte, r.IntN(8))
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return NewAtom(KindString, string(b))
}

// TestFormatRandomTrees prints random trees and checks that the text
// parses, and that parsing it and printing again gives the same text
// (and the same tree where the printer needed no parentheses).
func TestFormatRandomTrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		sec := &Section{Items: []Item{{Name: "h", Value: randomAtom(r)}}}
		if i%2 == 0 {
			sec.Label, sec.HasLabel = randomAtom(r).Str(), true
		}
		f := &File{Items: []Item{{Name: "f", Value: randomValue(r, 4)}, {Name: "g", Section: sec}}}
		out := Format(f)
		g, err := Parse("random", out)
		if err != nil {
			t.Fatalf("printed tree does not parse: %v\n%s", err, out)
		}
		again := Format(g)
		if string(again) != string(out) {
			t.Fatalf("printing is not stable:\n%s\nthen\n%s", out, again)
		}
		// g came from the parser, so it must round-trip exactly.
		if h, err := Parse("again", again); err != nil || !EqualItems(g.Items, h.Items) {
			t.Fatalf("parsed tree does not round-trip (%v):\n%s", err, again)
		}
		// Parentheses the printer adds are the only difference.
		if !EqualItems(ungroupItems(f.Items), ungroupItems(g.Items)) {
			t.Fatalf("printed tree reads back differently:\n%s\n%s\n%s", out, sexpr(f.Items[0].Value), sexpr(g.Items[0].Value))
		}
	}
}

// ungroup removes the one-element groups of v, recursively.
func ungroup(v Value) Value {
	for v.Kind == KindGroup && len(v.Args()) == 1 {
		v = v.Args()[0]
	}
	if len(v.Args()) == 0 {
		return v
	}
	args := make([]Value, len(v.Args()))
	for i, a := range v.Args() {
		args[i] = ungroup(a)
	}
	return NewComposite(v.Kind, v.Op, v.Pos, args)
}

func ungroupItems(items []Item) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		it.Value = ungroup(it.Value)
		if it.Section != nil {
			sec := *it.Section
			sec.Items = ungroupItems(sec.Items)
			it.Section = &sec
		}
		out[i] = it
	}
	return out
}
