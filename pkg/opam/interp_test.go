package opam

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseInterpolation(t *testing.T) {
	at := func(line, col int32) Pos { return NewPos("f", line, col) }
	tests := []struct {
		s    string
		want []Part
		errs int
	}{
		{"plain", []Part{{Pos: at(1, 2), Text: "plain"}}, 0},
		{"%{name}%", []Part{{Pos: at(1, 2), Text: "name", IsVar: true, Var: Var{Name: "name"}}}, 0},
		{"-I %{lib}%/x", []Part{
			{Pos: at(1, 2), Text: "-I "},
			{Pos: at(1, 5), Text: "lib", IsVar: true, Var: Var{Name: "lib"}},
			{Pos: at(1, 12), Text: "/x"},
		}, 0},
		{"%{ocaml:version}%", []Part{{Pos: at(1, 2), Text: "ocaml:version", IsVar: true, Var: Var{Pkgs: []string{"ocaml"}, Name: "version"}}}, 0},
		{"%{lwt+ptime:installed}%", []Part{{Pos: at(1, 2), Text: "lwt+ptime:installed", IsVar: true, Var: Var{Pkgs: []string{"lwt", "ptime"}, Name: "installed"}}}, 0},
		{"%{_:doc}%", []Part{{Pos: at(1, 2), Text: "_:doc", IsVar: true, Var: Var{Pkgs: []string{"_"}, Name: "doc"}}}, 0},
		{"--%{conf-gmp:installed?with:without}%-gmp", []Part{
			{Pos: at(1, 2), Text: "--"},
			{Pos: at(1, 4), Text: "conf-gmp:installed?with:without", IsVar: true, Var: Var{Pkgs: []string{"conf-gmp"}, Name: "installed"}, HasConv: true, Then: "with", Else: "without"},
			{Pos: at(1, 39), Text: "-gmp"},
		}, 0},
		{"%{with-test?yes:}%", []Part{{Pos: at(1, 2), Text: "with-test?yes:", IsVar: true, Var: Var{Name: "with-test"}, HasConv: true, Then: "yes"}}, 0},
		{"100%% and %x", []Part{{Pos: at(1, 2), Text: "100% and %x"}}, 0},
		{"a\n%{b}%", []Part{{Pos: at(1, 2), Text: "a\n"}, {Pos: at(2, 1), Text: "b", IsVar: true, Var: Var{Name: "b"}}}, 0},
		{"x %{unclosed", []Part{{Pos: at(1, 2), Text: "x %{unclosed"}}, 1},
		{"%{a\n}%", []Part{{Pos: at(1, 2), Text: "%{a\n}%"}}, 1},
		{"%{:x}%", []Part{{Pos: at(1, 2), Text: "%{:x}%"}}, 1},
		{"%{}%", []Part{{Pos: at(1, 2), Text: "%{}%"}}, 1},
	}
	for _, tt := range tests {
		got, err := ParseInterpolation(tt.s, at(1, 1))
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("ParseInterpolation(%q) (-want +got):\n%s", tt.s, d)
		}
		var n int
		if list, ok := err.(ErrorList); ok {
			n = len(list)
		}
		if n != tt.errs {
			t.Errorf("ParseInterpolation(%q): %d errors (%v), want %d", tt.s, n, err, tt.errs)
		}
	}
}

func TestInterpolationErrorMessage(t *testing.T) {
	_, err := ParseInterpolation("ab %{x", NewPos("o", 3, 7))
	want := `o:3:11: unclosed variable interpolation "%{x"`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}

func TestExpand(t *testing.T) {
	env := MapEnv{
		"name":               StringValue("foo"),
		"ocaml:version":      StringValue("4.14.1"),
		"conf-gmp:installed": BoolValue(true),
		"lwt:installed":      BoolValue(true),
		"ptime:installed":    BoolValue(false),
		"with-test":          BoolValue(false),
	}
	tests := []struct{ s, want string }{
		{"%{name}%.install", "foo.install"},
		{"v%{ocaml:version}%", "v4.14.1"},
		{"%{undefined}%x", "x"},
		{"--%{conf-gmp:installed?with:without}%-gmp", "--with-gmp"},
		{"%{missing:installed?yes:no}%", "no"},
		{"%{conf-gmp:enable}%-gmp", "enable-gmp"},
		{"%{missing:enable}%", "disable"},
		{"%{lwt+ptime:installed}%", "false"},
		{"%{lwt+conf-gmp:installed}%", "true"},
		{"%{with-test}%", "false"},
		{"50%%", "50%"},
		{"%{broken", "%{broken"},
	}
	for _, tt := range tests {
		if got := Expand(tt.s, env); got != tt.want {
			t.Errorf("Expand(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
