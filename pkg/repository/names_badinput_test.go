package repository

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInvalidFolderNames checks that a package folder whose name or version
// opam would refuse is ignored with a problem that names the folder, in
// both layouts and in folders and archives alike, and that it neither
// shows up as a package nor disturbs the valid packages beside it.
func TestInvalidFolderNames(t *testing.T) {
	dir := t.TempDir()
	const opamText = "opam-version: \"2.0\"\n"
	for _, rel := range []string{
		"packages/d/d.1.0/opam",
		"packages/v/v.1/opam",
		"packages/v/v.1 2/opam",     // a space in a version
		"packages/v/v.1$/opam",      // '$' in a version
		"packages/a b/a b.1/opam",   // a space in a name
		"packages/q$x/q$x.1/opam",   // '$' in a name
		"packages/123/123.1/opam",   // no letter
		"packages/.1.0/opam",        // flat layout, empty name
		"packages/é.2/opam",         // flat layout, non-ASCII name
		"packages/ok.2 3/opam",      // flat layout, a space in a version
		"packages/fine.0.1~rc/opam", // flat layout, valid
	} {
		appendTo(t, dir, rel, opamText)
	}
	wantBad := []string{
		"packages/v/v.1 2", "packages/v/v.1$", "packages/a b", "packages/q$x",
		"packages/123", "packages/.1.0", "packages/é.2", "packages/ok.2 3",
	}
	for desc, r := range openVariants(t, dir) {
		got := map[string][]string{}
		for _, n := range r.Names() {
			got[n] = r.Versions(n)
		}
		want := map[string][]string{"d": {"1.0"}, "fine": {"0.1~rc"}, "v": {"1"}}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("%s: names and versions (-want +got):\n%s", desc, d)
		}
		var msgs []string
		for _, p := range r.Problems() {
			msgs = append(msgs, p.Error())
		}
		all := strings.Join(msgs, "\n")
		for _, bad := range wantBad {
			if !strings.Contains(all, ": "+bad+": ") {
				t.Errorf("%s: no problem names %q; problems:\n%s", desc, bad, all)
			}
		}
		if len(msgs) != len(wantBad) {
			t.Errorf("%s: %d problems, want %d:\n%s", desc, len(msgs), len(wantBad), all)
		}
		if !strings.Contains(all, "not a valid opam package name") || !strings.Contains(all, "not a valid opam version") {
			t.Errorf("%s: problems do not say what is wrong:\n%s", desc, all)
		}
	}
}
