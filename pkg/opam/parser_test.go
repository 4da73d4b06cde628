package opam

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePrecedence(t *testing.T) {
	tests := []struct{ src, want string }{
		{`a | b & c`, `(| a (& b c))`},
		{`a & b | c`, `(| (& a b) c)`},
		{`a & b & c`, `(& (& a b) c)`},
		{`a | b | c`, `(| (| a b) c)`},
		{`!a & b`, `(& (! a) b)`},
		{`!a = "x"`, `(! (= a "x"))`},
		{`?a | b`, `(| (? a) b)`},
		{`!?a`, `(! (? a))`},
		{`!a {b}`, `(! (opt a b))`},
		{`a & b {c}`, `(& a (opt b c))`},
		{`"x" {>= "1" & < "2"}`, `(opt "x" (& (>= "1") (< "2")))`},
		{`"x" {a} {b c}`, `(opt (opt "x" a) b c)`},
		{`a = b {c}`, `(opt (= a b) c)`},
		{`>= "1" {c}`, `(opt (>= "1") c)`},
		{`(a | b) & c`, `(& (group (| a b)) c)`},
		{`[a "b" 1 -2 true false]`, `(list a "b" 1 -2 true false)`},
		{`["a" >= "1"]`, `(list (>= "a" "1"))`},
		{`[]`, `(list)`},
		{`()`, `(group)`},
		{`[[A = "x"] [B += "y"] [C =+ "z"] [D := "w"] [E =: "v"] [F =+= "u"]]`,
			`(list (list (= A "x")) (list (+= B "y")) (list (=+ C "z")) (list (:= D "w")) (list (=: E "v")) (list (=+= F "u")))`},
		{`a != b`, `(!= a b)`},
		{`a<b`, `(< a b)`},
		{`a<=b`, `(<= a b)`},
		{`a>b`, `(> a b)`},
		{`lwt+ptime:installed & _:name & ocaml:version & pkg:enable`, `(& (& (& lwt+ptime:installed _:name) ocaml:version) pkg:enable)`},
		{`os-version >= 8`, `(>= os-version 8)`},
	}
	for _, tt := range tests {
		got := sexpr(parseValue(t, tt.src))
		if got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestParseItemsAndPositions(t *testing.T) {
	src := "opam-version: \"2.0\"\n# comment\nurl {\n  src: \"https://x/y.tgz\" (* a (* nested *) comment *)\n}\nextra-source \"p.patch\" {\n  src: \"u\"\n}\n"
	f, err := ParseString("p/opam", src)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name, Label string
		Pos         Pos
		Sub         int
	}
	var got []row
	for _, it := range f.Items {
		r := row{Name: it.Name, Pos: it.Pos}
		if it.Section != nil {
			r.Label, r.Sub = it.Section.Label, len(it.Section.Items)
		}
		got = append(got, r)
	}
	want := []row{
		{Name: "opam-version", Pos: NewPos("p/opam", 1, 1)},
		{Name: "url", Pos: NewPos("p/opam", 3, 1), Sub: 1},
		{Name: "extra-source", Label: "p.patch", Pos: NewPos("p/opam", 6, 1), Sub: 1},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("items (-want +got):\n%s", d)
	}
	src2 := f.Items[1].Section.Items[0]
	if want := (NewPos("p/opam", 4, 3)); !src2.Pos.Equal(want) || !src2.Value.Pos.Equal((NewPos("p/opam", 4, 8))) {
		t.Errorf("src at %v, value at %v; want %v and 4:8", src2.Pos, src2.Value.Pos, want)
	}
}

func TestParseValuePositions(t *testing.T) {
	f, err := ParseString("f", "depends: [\n  \"a\" {>= \"1\"}\n\t\"b\"\n]")
	if err != nil {
		t.Fatal(err)
	}
	v := f.Items[0].Value
	got := []Pos{v.Pos, v.Args()[0].Pos, v.Args()[0].Args()[0].Pos, v.Args()[0].Args()[1].Pos, v.Args()[0].Args()[1].Args()[0].Pos, v.Args()[1].Pos}
	want := []Pos{NewPos("f", 1, 10), NewPos("f", 2, 3), NewPos("f", 2, 3), NewPos("f", 2, 8), NewPos("f", 2, 11), NewPos("f", 3, 2)}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("positions (-want +got):\n%s", d)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"missing colon", "name \"x\"\nversion: \"1\"", []string{`f:2:1: expected '{' after section name, found identifier version`}},
		{"recovers at next field", "a: [\"x\" \nb: \"y\"\nc: ]\nd: 1", []string{
			`f:2:1: expected a value or ']', found identifier b`,
			`f:3:4: expected a value, found ']'`,
		}},
		{"bad token", "a: \"x\" $\nb: 1", []string{`f:1:8: "$" is not a valid token`}},
		{"lone dash and byte", "a: - \xc3 1", []string{`f:1:4: "-" is not a valid token`, `f:1:6: "\xc3" is not a valid token`}},
		{"unterminated string", "a: \"abc", []string{`f:1:4: unterminated string`}},
		{"unterminated comment", "a: 1 (* x", []string{`f:1:6: unterminated comment`}},
		{"illegal escape", `a: "\q"`, []string{`f:1:5: illegal escape sequence`}},
		{"decimal escape too big", `a: "\300"`, []string{`f:1:5: illegal escape sequence \300`}},
		{"relop needs atom", "a: >= [\"1\"]", []string{`f:1:7: expected an identifier, string, integer or bool, found '['`}},
		{"chained comparison", "a: x = y = z", []string{`f:1:10: expected field name, found '='`}},
		{"unclosed section", "url {\n src: \"x\"", []string{`f:2:10: expected '}' closing section url, found end of file`}},
		{"stray brace", "}\na: 1", []string{`f:1:1: expected field name, found '}'`}},
		{"bad envop", "a: [X =:= \"y\"]", []string{`f:1:7: "=:=" is not a valid environment update operator`}},
		{"int overflow", "a: 99999999999999999999", []string{`f:1:4: invalid integer 99999999999999999999`, `f:1:24: expected a value, found end of file`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseString("f", tt.src)
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v is not an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Fatalf("errors (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseKeepsItemsAroundErrors(t *testing.T) {
	f, err := ParseString("f", "a: 1\nb: [\nc: \"x\"\n")
	if err == nil {
		t.Fatal("no error")
	}
	var names []string
	for _, it := range f.Items {
		names = append(names, it.Name)
	}
	if d := cmp.Diff([]string{"a", "c"}, names); d != "" {
		t.Fatalf("items (-want +got):\n%s", d)
	}
}

func TestParseDeepNesting(t *testing.T) {
	src := "a: " + string(make([]byte, 0)) + repeat("[", 100000)
	_, err := ParseString("f", src)
	var list ErrorList
	if !errors.As(err, &list) || list[0].Msg != "values nested too deeply" {
		t.Fatalf("err = %v, want nesting error", err)
	}
	_, err = ParseString("f", "a: "+repeat("!", 100000)+"x")
	if !errors.As(err, &list) || list[0].Msg != "values nested too deeply" {
		t.Fatalf("err = %v, want nesting error", err)
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

// TestArgsBound checks that argsBound never undercounts the values of a
// real file, so that each file's values fit in one block.
func TestArgsBound(t *testing.T) {
	var count func(v Value) int
	count = func(v Value) int {
		n := len(v.Args())
		for _, a := range v.Args() {
			n += count(a)
		}
		return n
	}
	var countItems func(its []Item) int
	countItems = func(its []Item) int {
		n := 0
		for _, it := range its {
			if it.Section != nil {
				n += countItems(it.Section.Items)
			} else {
				n += count(it.Value)
			}
		}
		return n
	}
	var total, totalBound int
	for name, src := range subsetFiles(t) {
		f, err := Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		lx := lexer{s: string(src), line: 1}
		bound := argsBound(lx.tokenize(nil))
		n := countItems(f.Items)
		if n > bound {
			t.Errorf("%s: %d values in Args, bound %d", name, n, bound)
		}
		total += n
		totalBound += bound
	}
	// Sections make the bound count up to three values too many each.
	if waste := totalBound - total; waste*10 > total {
		t.Errorf("bound wastes %d of %d values", waste, total)
	}
}

// TestParseConcurrent parses the subset from several goroutines at once
// (run it with -race) and checks each tree against a sequential parse.
func TestParseConcurrent(t *testing.T) {
	files := subsetFiles(t)
	want := map[string]*File{}
	for name, src := range files {
		f, err := Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		want[name] = f
	}
	errs := make(chan string, 4*len(files))
	done := make(chan struct{})
	for range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for name, src := range files {
				f, err := Parse(name, src)
				if err != nil || !EqualItems(f.Items, want[name].Items) {
					errs <- name
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	close(errs)
	for name := range errs {
		t.Errorf("%s: concurrent parse differs", name)
	}
}
