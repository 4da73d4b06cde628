package opamuniverse

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
)

// memSource is a Source over opam texts keyed by name.version.
type memSource map[string]string

func (m memSource) Versions(name string) []string {
	var out []string
	for k := range m {
		if n, v, _ := strings.Cut(k, "."); n == name {
			out = append(out, v)
		}
	}
	return out
}

func (m memSource) File(name, ver string) (*opam.File, error) {
	return opam.ParseString("packages/"+name+"/"+name+"."+ver+"/opam", m[name+"."+ver])
}

func solve(t *testing.T, src memSource, opts Options, atoms ...string) []string {
	t.Helper()
	u := New(src, opts)
	req := &resolve.Request{}
	for _, s := range atoms {
		a, err := ParseAtom(s)
		if err != nil {
			t.Fatalf("ParseAtom(%q): %v", s, err)
		}
		req.Atoms = append(req.Atoms, a)
	}
	sol, err := resolve.Solve(u, req, nil)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if err := resolve.Check(u, req, sol.Packages); err != nil {
		t.Fatalf("Check: %v", err)
	}
	var out []string
	for _, p := range sol.Packages {
		out = append(out, p.String())
	}
	return out
}

func TestSemantics(t *testing.T) {
	tests := []struct {
		name  string
		src   memSource
		env   map[string]string
		test  []string
		atoms []string
		want  []string
	}{
		{"depopts take no part", memSource{
			"a.1": ``, "a.2": ``,
			"b.1": `depopts: ["a" {< "2"}]`,
		}, nil, nil, []string{"b", "a"}, []string{"a.2", "b.1"}},
		{"undefined filters drop the dependency", memSource{
			"x.1": `available: false`,
			"p.1": `depends: ["x" {foo} "x" {!foo} "x" {foo = "v"} "x" {foo != "v"} "x" {with-dev-setup}]`,
		}, nil, nil, []string{"p"}, []string{"p.1"}},
		{"defined user variable keeps the dependency", memSource{
			"x.1": ``, "x.2": ``,
			"p.1": `depends: ["x" {?monorepo & < "2"} "y" {!monorepo}]`,
		}, map[string]string{"monorepo": "opam-monorepo"}, nil, []string{"p"}, []string{"p.1", "x.1"}},
		{"?var of an undefined variable is false", memSource{
			"x.1": ``,
			"p.1": `depends: ["x" {?monorepo}]`,
		}, nil, nil, []string{"p"}, []string{"p.1"}},
		{"undefined available makes a version unavailable", memSource{
			"a.1": ``, "a.2": `available: foo = "x"`,
		}, nil, nil, []string{"a"}, []string{"a.1"}},
		{"platform variables in available", memSource{
			"a.1": ``, "a.2": `available: os = "linux" & arch != "arm32"`, "a.3": `available: [os = "macos"]`,
		}, map[string]string{"os": "linux", "arch": "x86_64"}, nil, []string{"a"}, []string{"a.2"}},
		{"with-test only for the names asked", memSource{
			"t.1": ``, "u.1": ``,
			"p.1": `depends: ["t" {with-test} "q"]`,
			"q.1": `depends: ["u" {with-test}]`,
		}, nil, []string{"p"}, []string{"p"}, []string{"p.1", "q.1", "t.1"}},
		{"deprecated does not change the answer", memSource{
			"c.1": ``, "c.2": `flags: deprecated`,
		}, nil, nil, []string{"c"}, []string{"c.2"}},
		{"avoid-version", memSource{
			"c.1": ``, "c.2": `flags: [avoid-version]`,
		}, nil, nil, []string{"c"}, []string{"c.1"}},
		{"build and post filters are true", memSource{
			"d.1": ``, "d.2": ``, "e.1": ``,
			"p.1": `depends: ["d" {build & < "2"} "e" {post}]`,
		}, nil, nil, []string{"p"}, []string{"d.1", "e.1", "p.1"}},
		{"alternatives and version of the package itself", memSource{
			"b.1": ``, "c.1": ``, "c.2": ``,
			"a.2": `depends: [("b" {> "5"} | "c" {= version}) "c" {>= "1"}]`,
		}, nil, nil, []string{"a"}, []string{"a.2", "c.2"}},
		{"conflicts with filters", memSource{
			"a.1": ``, "a.2": `conflicts: ["b" {>= "2"} "z" {foo}]`,
			"b.1": ``, "b.2": ``, "c.1": `depends: ["b" {>= "2"}]`,
		}, nil, nil, []string{"a", "c"}, []string{"a.1", "b.2", "c.1"}},
		{"negated version constraint", memSource{
			"a.1": ``, "a.2": ``, "a.3": ``,
			"p.1": `conflicts: ["a" {!(>= "2" & < "3")}] depends: ["b" {!(os = "linux")}]`,
		}, map[string]string{"os": "linux"}, nil, []string{"p", "a"}, []string{"a.2", "p.1"}},
		{"several values in parentheses are a conjunction; integers are strings", memSource{
			"c.1": ``, "c.2": ``, "c.3": ``, "c.4": `available: os-version > 12`,
			"p.1": `depends: ["c" {(>= "2" < "3") | = "9"}] available: os-version >= 8`,
		}, map[string]string{"os-version": "12"}, nil, []string{"p", "c"}, []string{"c.2", "p.1"}},
		{"conflict-class", memSource{
			"v.1": `conflict-class: "k"`, "w.1": `conflict-class: ["k"]`,
			"p.1": `depends: ["v" | "w"]`, "q.1": `depends: ["w"]`,
		}, nil, nil, []string{"p", "q"}, []string{"p.1", "q.1", "w.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := solve(t, tt.src, Options{Env: tt.env, WithTest: tt.test}, tt.atoms...)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Fatalf("plan (-want +got):\n%s", d)
			}
		})
	}
}

func TestExplanationPositions(t *testing.T) {
	src := memSource{
		"hello.1":                    `depends: ["a" {>= "2" & < "3"}]`,
		"a.2.0":                      `depends: ["ocaml" {< "5.0"}]`,
		"a.3.0":                      ``,
		"ocaml.4.14.2":               `depends: ["ocaml-base-compiler" {= "4.14.2"}]`,
		"ocaml.5.2.0":                `depends: ["ocaml-base-compiler" {= "5.2.0"}]`,
		"ocaml-base-compiler.4.14.2": ``,
		"ocaml-base-compiler.5.2.0":  ``,
	}
	u := New(src, Options{})
	var req resolve.Request
	for _, s := range []string{"hello", "ocaml-base-compiler.5.2.0"} {
		a, _ := ParseAtom(s)
		req.Atoms = append(req.Atoms, a)
	}
	_, err := resolve.Solve(u, &req, nil)
	want := "no solution: the request asks for hello (command line); " +
		"the request asks for ocaml-base-compiler = 5.2.0 (command line); " +
		"hello 1 requires a >= 2 & < 3 (packages/hello/hello.1/opam:1:11); " +
		"a 2.0 requires ocaml < 5.0 (packages/a/a.2.0/opam:1:11); " +
		"ocaml 4.14.2 requires ocaml-base-compiler = 4.14.2 (packages/ocaml/ocaml.4.14.2/opam:1:11)"
	if err == nil || err.Error() != want {
		t.Fatalf("got error\n%v\nwant\n%s", err, want)
	}
}

func TestParseAtom(t *testing.T) {
	for in, want := range map[string]string{
		"lwt": "lwt", "mirage>=4.5": "mirage >= 4.5", "ocaml<4.08": "ocaml < 4.08",
		"ocaml-base-compiler.4.02.3": "ocaml-base-compiler = 4.02.3", "a != 1": "a != 1",
	} {
		a, err := ParseAtom(in)
		if err != nil || a.String() != want {
			t.Errorf("ParseAtom(%q) = %q, %v; want %q", in, a.String(), err, want)
		}
	}
	for _, bad := range []string{"", "a>=", ">=1", "a b", "a=>1"} {
		if _, err := ParseAtom(bad); err == nil {
			t.Errorf("ParseAtom(%q) succeeded", bad)
		}
	}
}

func TestLocalPackageWins(t *testing.T) {
	src := memSource{"lib.1": ``, "lib.2": ``, "app.1": `depends: ["lib" {>= "2"}]`}
	local, err := opam.ParseString("lib.opam", `version: "1.5"`)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Local: map[string]*opam.File{"lib": local}}
	u := New(src, opts)
	req := &resolve.Request{Atoms: []resolve.Atom{{Name: "app", Pos: resolve.Pos{File: "command line"}}}}
	want := "no solution: the request asks for app (command line); app 1 requires lib >= 2 (no available version matches) (packages/app/app.1/opam:1:11)"
	if _, err = resolve.Solve(u, req, nil); err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if got := solve(t, src, opts, "lib"); !cmp.Equal(got, []string{"lib.1.5"}) {
		t.Fatalf("local lib: got %v, want lib.1.5", got)
	}
}

// TestUndefinedVersionVariable pins what a dependency whose version is an
// undefined variable becomes. Asked with a two-file repository (a.1, a.2
// and c.1 with one such dependency), opam 2.1.2 keeps the dependency and
// then gives up on the whole repository: for `"a" {>= foo-var}` every
// request fails with "Assertion failed" (src/solver/opamSolver.ml, line
// 267), and for `"a" {= "%{foo}%"}` with `Invalid character '%' in
// package version "%{foo}%"`. Neither answer is a plan, but opam does not
// drop the dependency, so neither does this package: an undefined
// variable drops the constraint (opam.Reduce), and an interpolation of
// one expands to the empty string (opam.Expand), a version no package has.
func TestUndefinedVersionVariable(t *testing.T) {
	src := memSource{"a.1": ``, "a.2": ``,
		"c.1": `depends: ["a" {>= foo-var}]`,
		"b.1": `depends: ["a" {= "%{foo}%"}]`}
	if d := cmp.Diff([]string{"a.2", "c.1"}, solve(t, src, Options{}, "c")); d != "" {
		t.Fatalf("c: plan (-want +got):\n%s", d)
	}
	got := solve(t, src, Options{Env: map[string]string{"foo-var": "1"}}, "c", "a<2")
	if d := cmp.Diff([]string{"a.1", "c.1"}, got); d != "" {
		t.Fatalf("c with foo-var=1: plan (-want +got):\n%s", d)
	}
	u := New(src, Options{})
	cs, _ := u.Versions("b")
	if len(cs) != 1 || cs[0].Depends.Op != resolve.OpAtom || cs[0].Depends.Atom.Name != "a" ||
		cs[0].Depends.Atom.Allows("1") || cs[0].Depends.Atom.Allows("2") {
		t.Fatalf("b.1 depends: got %+v, want a with a constraint no version meets", cs)
	}
	if _, err := resolve.Solve(u, &resolve.Request{Atoms: []resolve.Atom{{Name: "b"}}}, nil); err == nil {
		t.Fatalf("b: solved, want no solution (no version of a is the empty string)")
	}
}
