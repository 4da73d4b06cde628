package opam

import (
	"testing"
)

func TestEvalFilter(t *testing.T) {
	env := MapEnv{
		"os":                 StringValue("linux"),
		"os-version":         StringValue("12.1"),
		"build":              BoolValue(true),
		"with-test":          BoolValue(false),
		"strtrue":            StringValue("true"),
		"name":               StringValue("foo"),
		"conf-gmp:installed": BoolValue(true),
		"lwt:installed":      BoolValue(true),
		"ptime:installed":    StringValue("false"),
		"_:version":          StringValue("1.2"),
	}
	T, F, U := BoolValue(true), BoolValue(false), Undefined
	tests := []struct {
		src  string
		want FilterValue
	}{
		{`os = "linux"`, T},
		{`os != "linux"`, F},
		{`undef = "linux"`, U},
		{`"linux" = undef`, U},
		{`?undef`, F},
		{`?os`, T},
		{`?(undef = "x")`, F},
		{`!undef`, U},
		{`!build`, F},
		{`!strtrue`, F},
		{`!os`, U},
		{`os-version >= "12"`, T},
		{`os-version >= "9"`, T},
		{`os-version < "12.1~rc"`, F},
		{`os-version >= 8`, T},
		{`false & undef`, F},
		{`undef & false`, F},
		{`true & undef`, U},
		{`undef & true`, U},
		{`true | undef`, T},
		{`undef | true`, T},
		{`undef | false`, U},
		{`strtrue & build`, T},
		{`os & true`, U},
		{`os | true`, T},
		{`build = true`, T},
		{`with-test = "false"`, T},
		{`(with-test | build) & os = "linux"`, T},
		{`"%{name}%" = "foo"`, T},
		{`"%{nothing}%x" = "x"`, T},
		{`conf-gmp:installed`, T},
		{`conf-gmp:enable = "enable"`, T},
		{`missing:enable = "disable"`, T},
		{`lwt+conf-gmp:installed`, T},
		{`lwt+ptime:installed`, F},
		{`lwt+missing:installed`, U},
		{`missing+ptime:installed`, F},
		{`_:version = "1.2"`, T},
		{`"a"`, StringValue("a")},
		{`os`, StringValue("linux")},
	}
	for _, tt := range tests {
		got := EvalFilter(parseValue(t, tt.src), env)
		if got != tt.want {
			t.Errorf("EvalFilter(%s) = %#v, want %#v", tt.src, got, tt.want)
		}
	}
}

func TestEvalAvailable(t *testing.T) {
	env := MapEnv{"os": StringValue("linux"), "arch": StringValue("x86_64")}
	tests := []struct {
		src  string
		want bool
	}{
		{`os = "linux"`, true},
		{`os = "macos"`, false},
		{`opam-version >= "2.1"`, false},
		{`[os = "linux" arch = "x86_64"]`, true},
		{`[os = "linux" arch = "arm64"]`, false},
		{`"linux"`, false},
	}
	for _, tt := range tests {
		if got := EvalAvailable(parseValue(t, tt.src), env); got != tt.want {
			t.Errorf("EvalAvailable(%s) = %v, want %v", tt.src, got, tt.want)
		}
	}
	if !EvalAvailable(Value{}, env) {
		t.Error("EvalAvailable of an absent field = false, want true")
	}
}

func TestParseVar(t *testing.T) {
	tests := []struct {
		s    string
		want string
		pkgs int
		err  bool
	}{
		{"os", "os", 0, false},
		{"ocaml:version", "ocaml:version", 1, false},
		{"a+b+c:installed", "a+b+c:installed", 3, false},
		{"_:name", "_:name", 1, false},
		{"", "", 0, true},
		{"a:", "", 0, true},
		{":a", "", 0, true},
		{"a++b:x", "", 0, true},
	}
	for _, tt := range tests {
		v, err := ParseVar(tt.s)
		if (err != nil) != tt.err {
			t.Errorf("ParseVar(%q) error = %v, want error %v", tt.s, err, tt.err)
			continue
		}
		if err == nil && (v.String() != tt.want || len(v.Pkgs) != tt.pkgs) {
			t.Errorf("ParseVar(%q) = %v (%d packages), want %s (%d)", tt.s, v, len(v.Pkgs), tt.want, tt.pkgs)
		}
	}
}
