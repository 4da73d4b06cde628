package opam

import (
	"testing"
)

func TestLexStrings(t *testing.T) {
	tests := []struct{ src, want string }{
		{`"plain"`, "plain"},
		{`"a\nb\tc\\d\"e\'f\bg\rh\ i"`, "a\nb\tc\\d\"e'f\bg\rh i"},
		{`"\065\066\x43\x6a"`, "ABCj"},
		{"\"line1\\\n     line2\"", "line1line2"},
		{"\"crlf\\\r\n\tnext\"", "crlfnext"},
		{"\"raw\nnewline\"", "raw\nnewline"},
		{`"""triple "quoted" text"""`, `triple "quoted" text`},
		{"\"\"\"multi\nline \\\"\"\"\"", "multi\nline \""},
		{`""`, ""},
		{`"%{name}%"`, "%{name}%"},
	}
	for _, tt := range tests {
		v := parseValue(t, tt.src)
		if v.Kind != KindString || v.Str() != tt.want {
			t.Errorf("%s: got %v %q, want string %q", tt.src, v.Kind, v.Str(), tt.want)
		}
	}
}

func TestLexWords(t *testing.T) {
	tests := []struct {
		src  string
		kind Kind
		want string
	}{
		{"true", KindBool, "true"},
		{"false", KindBool, "false"},
		{"trueish", KindIdent, "trueish"},
		{"true-x", KindIdent, "true-x"},
		{"42", KindInt, "42"},
		{"-7", KindInt, "-7"},
		{"1_000", KindInt, "1000"},
		{"1a", KindIdent, "1a"},
		{"os", KindIdent, "os"},
		{"ocaml:version", KindIdent, "ocaml:version"},
		{"_:name", KindIdent, "_:name"},
		{"lwt+ptime:installed", KindIdent, "lwt+ptime:installed"},
		{"a+_+b:x", KindIdent, "a+_+b:x"},
		{"with-test", KindIdent, "with-test"},
		{"conf-g++:installed", KindIdent, "conf-g"}, // "++" is not part of an identifier
	}
	for _, tt := range tests {
		f, _ := ParseString("f", "f: "+tt.src)
		if len(f.Items) == 0 {
			t.Errorf("%s: no item", tt.src)
			continue
		}
		v := f.Items[0].Value
		var got string
		switch v.Kind {
		case KindBool, KindInt:
			got = sexpr(v)
		default:
			got = v.Str()
		}
		if v.Kind != tt.kind || got != tt.want {
			t.Errorf("%s: got %v %s, want %v %s", tt.src, v.Kind, got, tt.kind, tt.want)
		}
	}
}

func TestLexLineEndings(t *testing.T) {
	f, err := ParseString("f", "a: 1\r\nb: \"x\ny\"\r\nc: 3 # end\n(* multi\nline *) d: 4")
	if err != nil {
		t.Fatal(err)
	}
	want := []Pos{NewPos("f", 1, 1), NewPos("f", 2, 1), NewPos("f", 4, 1), NewPos("f", 6, 9)}
	for i, it := range f.Items {
		if !it.Pos.Equal(want[i]) {
			t.Errorf("item %s at %v, want %v", it.Name, it.Pos, want[i])
		}
	}
}

func TestLexStringWithEscapeKeepsLines(t *testing.T) {
	f, err := ParseString("f", "a: \"x\ny\\n\"\nb: 1")
	if err != nil {
		t.Fatal(err)
	}
	if p := f.Items[1].Pos; !p.Equal((NewPos("f", 3, 1))) {
		t.Fatalf("b at %v, want f:3:1", p)
	}
}

func TestParseSharesNoInput(t *testing.T) {
	src := []byte(`a: "value"`)
	f, err := Parse("f", src)
	if err != nil {
		t.Fatal(err)
	}
	copy(src, "XXXXXXXXXX")
	if got := f.Items[0].Value.Str(); got != "value" {
		t.Fatalf("after changing the input, value is %q", got)
	}
}
