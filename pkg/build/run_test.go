package build

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/drv"
)

const patchText = `--- a/msg.txt
+++ b/msg.txt
@@ -1 +1 @@
-unpatched
+patched
`

// TestBuilderPhases runs prepare, build and install on a record with
// extra files, a patch, a subst, filtered steps and an .install file.
func TestBuilderPhases(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("needs /bin/sh")
	}
	s := testScope(t)
	s.BuildDir, s.Prefix = t.TempDir(), t.TempDir()
	writeTree(t, s.BuildDir, map[string]string{
		"msg.txt":    "unpatched\n",
		"version.in": "%{_:name}% %{_:version}% native=%{ocaml:native}% lib=%{dune:installed}%\n",
	})
	rec := `{
	  "name": "foo", "version": "1.2",
	  "files": {"fix.patch": {"text": ` + jsonString(patchText) + `},
	            "foo.install": {"text": "bin: [\"out.sh\" {\"foo\"}]\nshare: [\"msg.txt\" \"version\" \"args.txt\" \"?nope\"]\n"},
	            "foo.config": {"base64": "dmFyaWFibGVzIHsgcmVhZHk6IHRydWUgfQo="}},
	  "patches": [{"file": "fix.patch"}, {"file": "never.patch", "filter": {"var": "with-doc"}}],
	  "substs": ["version"],
	  "build": [
	    {"args": ["sh", "-c", "printf '%s|' \"$@\" > args.txt", "sh", "a b", "$HOME", "it's", {"parts": [{"var": "jobs"}]}]},
	    {"args": ["sh", "-c", "exit 1"], "filter": {"var": "with-doc"}},
	    {"args": ["sh", "-c", "printf '#!/bin/sh\\necho %s\\n' \"$OCAMLFIND_DESTDIR\" > out.sh"]}
	  ],
	  "setenv": [{"var": "FOO_SHARE", "op": "=", "value": {"parts": [{"var": "_:share"}]}}]
	}`
	r, err := ParseRecord([]byte(rec))
	if err != nil {
		t.Fatal(err)
	}
	s.Rec = r
	var log bytes.Buffer
	b := &Builder{Scope: s, Base: Environ{"PATH": "/usr/bin:/bin"}, Stdout: &log, Stderr: &log}
	for _, phase := range []func() error{b.Prepare, b.Build, b.Install} {
		if err := phase(); err != nil {
			t.Fatalf("%v\nlog:\n%s", err, log.String())
		}
	}
	share := filepath.Join(s.Prefix, "share", "foo")
	checks := map[string]string{
		filepath.Join(share, "msg.txt"):  "patched\n",
		filepath.Join(share, "version"):  "foo 1.2 native=true lib=true\n",
		filepath.Join(share, "args.txt"): "a b|$HOME|it's|3|",
	}
	for p, want := range checks {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	m, err := ReadMeta(s.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	want := &Meta{Name: "foo", Version: "1.2", Vars: map[string]any{"ready": true},
		Setenv:  []ResolvedUpdate{{Var: "FOO_SHARE", Op: "=", Value: share}},
		Closure: map[string]string{"foo": s.Prefix, "dune": s.Visible.Path["dune"], "ocaml": s.Visible.Path["ocaml"]},
		System:  []string{}}
	if d := cmp.Diff(want, m); d != "" {
		t.Errorf("meta (-want +got):\n%s", d)
	}
	if st, err := os.Stat(filepath.Join(s.Prefix, "bin", "foo")); err != nil || st.Mode()&0o111 == 0 {
		t.Errorf("bin/foo not installed executable: %v", err)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestBuilderStepError(t *testing.T) {
	s := testScope(t)
	s.BuildDir, s.Prefix = t.TempDir(), t.TempDir()
	s.Rec = &drv.Package{Name: "foo", Version: "1", Build: []drv.Step{{Args: []drv.Arg{drv.Lit("no-such-program-xyz")}}}}
	var log bytes.Buffer
	b := &Builder{Scope: s, Base: Environ{"PATH": "/usr/bin:/bin"}, Stdout: &log, Stderr: &log}
	err := b.Build()
	if err == nil || !strings.Contains(err.Error(), `foo: build step 1 ["no-such-program-xyz"]: no-such-program-xyz: not found on PATH`) {
		t.Fatalf("Build() = %v", err)
	}
}

func TestShim(t *testing.T) {
	s := testScope(t)
	s.BuildDir = t.TempDir()
	writeTree(t, s.BuildDir, map[string]string{"conf.ml.in": "let lib = \"%{lib}%\"\n"})
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"var", "prefix"}, "/out\n"},
		{[]string{"config", "var", "ocaml:native"}, "true\n"},
		{[]string{"var", "--safe", "_:name"}, "foo\n"},
		{[]string{"config", "expand", "%{jobs}%-%{os}%"}, "3-linux\n"},
		{[]string{"switch", "show"}, "default\n"},
		{[]string{"config", "subst", "conf.ml"}, ""},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if err := Shim(s, tt.args, &out); err != nil {
			t.Fatalf("Shim(%q): %v", tt.args, err)
		}
		if out.String() != tt.want {
			t.Errorf("Shim(%q) printed %q, want %q", tt.args, out.String(), tt.want)
		}
	}
	got, _ := os.ReadFile(filepath.Join(s.BuildDir, "conf.ml"))
	if string(got) != "let lib = \"/out/lib\"\n" {
		t.Errorf("subst wrote %q", got)
	}
	for _, bad := range [][]string{{"install", "lwt"}, {"var", "undefined-var"}, {}} {
		if err := Shim(s, bad, &bytes.Buffer{}); err == nil {
			t.Errorf("Shim(%q): no error", bad)
		}
	}
}
