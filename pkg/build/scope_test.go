package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
)

// fakeDep writes a built package's metadata under dir and returns its prefix.
func fakeDep(t *testing.T, dir string, m Meta) string {
	t.Helper()
	prefix := filepath.Join(dir, m.Name)
	if m.Closure == nil {
		m.Closure = map[string]string{}
	}
	m.Closure[m.Name] = prefix
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(prefix, "nix-support"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(prefix, MetaPath), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return prefix
}

func testScope(t *testing.T) *Scope {
	t.Helper()
	dir := t.TempDir()
	ocaml := fakeDep(t, dir, Meta{Name: "ocaml", Version: "4.13.1", Vars: map[string]any{"native": true, "compiler": "system"}})
	dune := fakeDep(t, dir, Meta{Name: "dune", Version: "3.7.1", Closure: map[string]string{"ocaml": ocaml}})
	ctx := &Context{Deps: map[string]string{"dune": dune}, Run: []string{"dune"},
		Env: map[string]string{"os": "linux", "arch": "x86_64"}, WithTest: true}
	vis, err := LoadVisible(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec := &drv.Package{Name: "foo", Version: "1.2"}
	return &Scope{Rec: rec, Ctx: ctx, Visible: vis, Prefix: "/out", BuildDir: "/build", Jobs: 3}
}

func TestLookup(t *testing.T) {
	s := testScope(t)
	dune := s.Visible.Path["dune"]
	tests := map[string]opam.FilterValue{
		"jobs":                   opam.StringValue("3"),
		"prefix":                 opam.StringValue("/out"),
		"lib":                    opam.StringValue("/out/lib"),
		"stublibs":               opam.StringValue("/out/lib/stublibs"),
		"name":                   opam.StringValue("foo"),
		"_:lib":                  opam.StringValue("/out/lib/foo"),
		"_:share":                opam.StringValue("/out/share/foo"),
		"foo:version":            opam.StringValue("1.2"),
		"_:build":                opam.StringValue("/build"),
		"dune:bin":               opam.StringValue(dune + "/bin"),
		"dune:lib":               opam.StringValue(dune + "/lib/dune"),
		"dune:version":           opam.StringValue("3.7.1"),
		"dune:installed":         opam.BoolValue(true),
		"ocaml:native":           opam.BoolValue(true),
		"ocaml:compiler":         opam.StringValue("system"),
		"lwt:installed":          opam.BoolValue(false),
		"lwt:enable":             opam.StringValue("disable"),
		"lwt:lib":                {},
		"dune+ocaml:installed":   opam.BoolValue(true),
		"dune+lwt:installed":     opam.BoolValue(false),
		"dune+ocaml:enable":      opam.StringValue("enable"),
		"os":                     opam.StringValue("linux"),
		"with-test":              opam.BoolValue(true),
		"with-doc":               opam.BoolValue(false),
		"no-such-var":            {},
		"sys-ocaml-version":      opam.StringValue("4.13.1"),
		"ocaml:no-such-config":   {},
		"dune:dev":               opam.BoolValue(false),
		"ocaml-system:installed": opam.BoolValue(false),
		"ocaml-native":           opam.BoolValue(true),
	}
	for name, want := range tests {
		if got := s.Lookup(name); got != want {
			t.Errorf("Lookup(%q) = %+v, want %+v", name, got, want)
		}
	}
}

func TestLoadVisibleConflict(t *testing.T) {
	dir := t.TempDir()
	a := fakeDep(t, dir, Meta{Name: "a", Version: "1"})
	b := fakeDep(t, filepath.Join(dir, "other"), Meta{Name: "a", Version: "2"})
	c := fakeDep(t, dir, Meta{Name: "c", Version: "1", Closure: map[string]string{"a": b}})
	_, err := LoadVisible(&Context{Deps: map[string]string{"a": a, "c": c}})
	if err == nil {
		t.Fatalf("LoadVisible with two store paths for a: no error")
	}
}

func TestCommand(t *testing.T) {
	s := testScope(t)
	var steps []drv.Step
	data := `[
	  {"args": ["dune", "build", "-p", {"parts": [{"var": "name"}]}, "-j", {"parts": [{"var": "jobs"}]}]},
	  {"args": ["make", {"parts": ["--native=", {"var": "ocaml:native", "then": "yes", "else": "no"}]},
	            {"parts": ["--docs"], "filter": {"var": "with-doc"}},
	            {"parts": ["PREFIX=", {"var": "prefix"}, "/x y"]}]},
	  {"args": ["dune", "runtest"], "filter": {"var": "with-doc"}},
	  {"args": ["echo", "a'b\"c $HOME"]}
	]`
	if err := json.Unmarshal([]byte(data), &steps); err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, st := range steps {
		argv, err := s.Command(st)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, argv)
	}
	want := [][]string{
		{"dune", "build", "-p", "foo", "-j", "3"},
		{"make", "--native=yes", "PREFIX=/out/x y"},
		nil,
		{"echo", "a'b\"c $HOME"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Command (-want +got):\n%s", d)
	}
}

func TestExpand(t *testing.T) {
	s := testScope(t)
	in := "lib=%{lib}% n=%{ocaml:native?nat:byte}% u=%{lwt:installed?y:n}% 100%% %d %{undefined}%. bad=%{x"
	want := "lib=/out/lib n=nat u=n 100% %d . bad=%{x"
	if got := s.Expand(in); got != want {
		t.Fatalf("Expand(%q) = %q, want %q", in, got, want)
	}
}
