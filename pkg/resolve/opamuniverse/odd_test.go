package opamuniverse

import (
	"testing"

	"github.com/hillingar/hillingar/pkg/resolve"
)

// TestOddFiles feeds opam files whose fields have unexpected shapes: the
// universe must neither panic nor invent constraints.
func TestOddFiles(t *testing.T) {
	odd := []string{
		`depends: 42`,
		`depends: [["a" "b"]]`,
		`depends: "a" {"b"}`,
		`depends: ["a" {>= "1" | build} ("b" {with-test} | "c" {foo})]`,
		`depends: [("a" | "b") {build}]`,
		`depends: ["a" {= _:version}]`,
		`depends: ["a" {!(build & post)}]`,
		`depends: ["a" {>= version & "x"}]`,
		`available: [1 2]`,
		`available: "%{os}%" = "linux"`,
		`flags: "avoid-version"`,
		`conflict-class: 3`,
		`conflicts: [["a"]]`,
		`depends: []`,
		`depends: ["a" {}]`,
	}
	for _, text := range odd {
		src := memSource{"p.1": text, "a.1": ``, "b.1": ``, "c.1": ``}
		u := New(src, Options{Env: platform()})
		req := &resolve.Request{Atoms: []resolve.Atom{{Name: "p"}}}
		sol, err := resolve.Solve(u, req, nil)
		if err != nil {
			t.Logf("%s: %v", text, err)
			continue
		}
		if err := resolve.Check(u, req, sol.Packages); err != nil {
			t.Errorf("%s: Check: %v", text, err)
		}
	}
}
