package opam

import (
	"testing"
)

// FuzzParse checks that Parse, Decode and evaluation never panic, and
// that whatever parses without error prints to text that parses again to
// the same tree, which prints the same.
func FuzzParse(f *testing.F) {
	for _, src := range subsetFiles(f) {
		f.Add(src)
	}
	for _, s := range []string{
		`a: "x" {b & !c | ?d}`,
		"a: \"\"\"t\\n\"\"\" (* c (* d *) *) # e",
		`a: [X += "y" Y =+= "z"] b { c: 1 } d "e" { }`,
		`a: "%{x?y:z}%"`,
		`a: ! = "x" {! = y}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := Parse("fuzz", src)
		if file == nil {
			t.Fatal("Parse returned a nil File")
		}
		// Decode and evaluation must not panic either, whatever the
		// tree holds.
		env := MapEnv{"os": StringValue("linux"), "build": BoolValue(true), "a:installed": BoolValue(true)}
		if pkg, _ := Decode(file); pkg != nil {
			for _, f := range []DepFormula{pkg.Depends, pkg.Depopts, pkg.Conflicts} {
				for _, a := range Reduce(f, env).Atoms() {
					_ = a.Constraint.Holds("1.0")
				}
			}
			_ = EvalAvailable(pkg.Available, env)
		}
		for _, it := range file.Items {
			_ = EvalFilter(it.Value, env)
			if it.Value.Kind == KindString {
				_ = Expand(it.Value.Str(), env)
			}
		}
		if err != nil {
			return
		}
		out := Format(file)
		again, err := Parse("fuzz", out)
		if err != nil {
			t.Fatalf("printed file does not parse: %v\ninput: %q\nprinted: %q", err, src, out)
		}
		if !EqualItems(file.Items, again.Items) {
			t.Fatalf("round trip changed the tree\ninput: %q\nprinted: %q", src, out)
		}
		if string(Format(again)) != string(out) {
			t.Fatalf("printing is not stable for %q", src)
		}
	})
}

// FuzzInterpolation checks that ParseInterpolation and Expand never panic
// and that literal parts keep all text outside references.
func FuzzInterpolation(f *testing.F) {
	for _, s := range []string{"%{a}%", "%{a:b?c:d}%x", "%%{", "%{a\n}%", "a}%%{b}}%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts, _ := ParseInterpolation(s, Pos{Line: 1, Col: 1})
		for _, p := range parts {
			if !p.IsVar && p.Text == "" {
				t.Fatalf("empty literal part in %q", s)
			}
		}
		_ = Expand(s, MapEnv{"a": BoolValue(true)})
	})
}
