package unikernel

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lib returns the Meta of an ordinary dune library.
func lib(name, version string) *Meta {
	return &Meta{
		Name: name, Version: version, DevRepo: "git+https://github.com/x/" + name + ".git",
		URL: "https://x/" + name + "-" + version + ".tbz", HasBuild: true, UsesDune: true,
	}
}

func TestSafe(t *testing.T) {
	with := func(m *Meta, f func(*Meta)) *Meta { f(m); return m }
	cases := map[string]*Meta{
		"ocaml-base-compiler": with(lib("ocaml-base-compiler", "5.3.0"), func(m *Meta) { m.Flags = []string{"compiler"}; m.UsesDune = false }),
		"ocaml-compiler":      with(lib("ocaml-compiler", "5.3.0"), func(m *Meta) { m.UsesDune = false }),
		"ocaml":               with(lib("ocaml", "5.3.0"), func(m *Meta) { m.URL = "" }),
		"dune":                lib("dune", "3.20.2"),
		"ocamlbuild":          lib("ocamlbuild", "0.16.1"),
		"base-unix":           with(lib("base-unix", "base"), func(m *Meta) { m.URL = ""; m.HasBuild = false }),
		"conf-gmp":            with(lib("conf-gmp", "4"), func(m *Meta) { m.Flags = []string{"conf"}; m.DevRepo = ""; m.HasDevRepo = false }),
		"conf-with-dev-repo":  with(lib("conf-with-dev-repo", "1"), func(m *Meta) { m.Flags = []string{"conf"} }),
		"ocaml-options-vanilla": with(lib("ocaml-options-vanilla", "1"), func(m *Meta) {
			m.HasBuild = false
		}),
		"install-only": with(lib("install-only", "1"), func(m *Meta) { m.HasBuild = false; m.HasInstall = true }),
		"fmt":          lib("fmt", "0.9.0+dune"),
	}
	got := map[string]string{}
	for name, m := range cases {
		_, why := m.Safe()
		got[name] = why
	}
	want := map[string]string{
		"ocaml-base-compiler":   "compiler flag",
		"ocaml-compiler":        "compiler package",
		"ocaml":                 "compiler package",
		"dune":                  "provided by the build machine",
		"ocamlbuild":            "provided by the build machine",
		"base-unix":             "no url",
		"conf-gmp":              "conf package without dev-repo",
		"conf-with-dev-repo":    "",
		"ocaml-options-vanilla": "no build or install commands",
		"install-only":          "",
		"fmt":                   "",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Safe reasons (-want +got):\n%s", d)
	}
}

func TestEligible(t *testing.T) {
	topkg := lib("ptime", "1.1.0")
	topkg.UsesDune = false
	tagged := lib("zarith", "1.12+dune+mirage1")
	tagged.Tags = []string{"cross-compile"}
	untagged := lib("zarith", "1.13+dune")
	compiler := lib("ocaml-compiler", "5.3.0")
	compiler.UsesDune = false

	type c struct {
		m                    *Meta
		requireCross, tagged bool
	}
	cases := map[string]c{
		"topkg":                   {topkg, true, false},
		"tagged":                  {tagged, true, true},
		"untagged, name tagged":   {untagged, true, true},
		"untagged, cross off":     {untagged, false, true},
		"untagged, none tagged":   {untagged, true, false},
		"compiler without dune":   {compiler, true, false},
		"topkg when not required": {topkg, false, false},
	}
	got := map[string]string{}
	for name, k := range cases {
		got[name] = Eligible(k.m, k.requireCross, k.tagged).String()
	}
	want := map[string]string{
		"topkg":                   "does not build with dune",
		"tagged":                  "eligible",
		"untagged, name tagged":   "not tagged cross-compile, and other versions are",
		"untagged, cross off":     "eligible",
		"untagged, none tagged":   "eligible",
		"compiler without dune":   "eligible",
		"topkg when not required": "does not build with dune",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Eligible (-want +got):\n%s", d)
	}
}
