package build

import (
	"encoding/json"
	"testing"

	"github.com/hillingar/hillingar/pkg/drv"
)

// FuzzParseInstallFile checks that no .install text makes the parser or
// Apply panic, and that Apply never installs outside the prefix.
func FuzzParseInstallFile(f *testing.F) {
	for _, s := range []string{
		`lib: [ "a" {"b"} "?c" ]`,
		`bin: "x"`,
		`share_root: [ "../x" {"/y"} ]`,
		`misc: [ "a" {"/etc/a"} ] man: [ "x.1" ]`,
		`lib: [ "a" {} ]`, `lib: [ {"a"} ]`, `lib: [ "a" {"b" "c"} ] (* x *)`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := ParseInstallFile("fuzz.install", src)
		if err != nil || file == nil {
			return
		}
		build, prefix := t.TempDir(), t.TempDir()
		writeTree(t, build, map[string]string{"a": "a", "x.1": "x"})
		done, _ := file.Apply("p", build, prefix)
		for _, rel := range done {
			if !local(rel) {
				t.Fatalf("installed %q outside the prefix", rel)
			}
		}
	})
}

// FuzzEvalFilter checks that no filter JSON makes evaluation panic.
func FuzzEvalFilter(f *testing.F) {
	for _, s := range []string{
		`{"and": [{"var": "a"}, {"or": [true, {"not": "x"}]}]}`,
		`{"op": "<", "args": [{"parts": ["1", {"var": "jobs"}]}, "2"]}`,
		`{"defined": {"var": "x:y"}}`, `{"var": "a+b:installed", "then": 1}`, `[]`, `null`, `{"parts": [1]}`,
	} {
		f.Add(s)
	}
	s := &Scope{Rec: &drv.Package{Name: "foo", Version: "1"}, Ctx: &Context{},
		Visible: &Visible{Pkgs: map[string]*Meta{}, Path: map[string]string{}}, Prefix: "/out", Jobs: 1}
	f.Fuzz(func(t *testing.T, raw string) {
		var flt drv.Filter
		if json.Unmarshal([]byte(raw), &flt) != nil {
			return
		}
		s.EvalFilter(&flt)
	})
}
