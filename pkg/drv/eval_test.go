package drv

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
)

func testScope() *scope {
	return &scope{env: testEnv, plan: map[string]string{"ocaml": "4.14.2", "lwt": "5.7.0", "dune": "3.15.3", "pkg": "1.0"},
		self: "pkg", ver: "1.0"}
}

// stepsOf evaluates the build field of an opam file made of src.
func stepsOf(t *testing.T, src string) []Step {
	t.Helper()
	f, err := opam.ParseString("test.opam", "build: "+src)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := opam.Field(f.Items, "build")
	steps, err := testScope().commands("build", v)
	if err != nil {
		t.Fatal(err)
	}
	return steps
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFilters(t *testing.T) {
	tests := []struct {
		filter string
		want   string // the step's JSON, or "" when the step is dropped
	}{
		{`os = "linux"`, `{"args":["x"]}`},
		{`os = "macos"`, ``},
		{`os-distribution = "debian" & arch = "x86_64"`, `{"args":["x"]}`},
		{`ocaml:version >= "4.08"`, `{"args":["x"]}`},
		{`ocaml:version < "4.08"`, ``},
		{`lwt:installed`, `{"args":["x"]}`},
		{`conf-libev:installed`, ``},
		{`!conf-libev:installed`, `{"args":["x"]}`},
		{`lwt+ocaml:installed`, `{"args":["x"]}`},
		{`lwt+conf-libev:installed`, ``},
		{`dev`, ``},
		{`with-test`, `{"args":["x"],"filter":{"var":"with-test"}}`},
		{`with-test & os = "macos"`, ``},
		{`with-test | os = "linux"`, `{"args":["x"]}`},
		{`with-test & ocaml:native`, `{"args":["x"],"filter":{"and":[{"var":"with-test"},{"var":"ocaml:native"}]}}`},
		{`!with-doc`, `{"args":["x"],"filter":{"not":{"var":"with-doc"}}}`},
		{`?monorepo`, ``},
		{`monorepo`, ``},
		{`ocaml:version >= "4.08" & ocaml:native`, `{"args":["x"],"filter":{"var":"ocaml:native"}}`},
		{`conf-gmp:path = ""`, ``},
		{`ocaml:host-arch = "x86_64"`, `{"args":["x"],"filter":{"args":[{"var":"ocaml:host-arch"},"x86_64"],"op":"="}}`},
		{`"%{os}%" = "linux"`, `{"args":["x"]}`},
		{`?_:lib`, `{"args":["x"],"filter":{"defined":{"var":"_:lib"}}}`},
		{`name = "pkg" & version = "1.0"`, `{"args":["x"]}`},
	}
	for _, tt := range tests {
		steps := stepsOf(t, `[["x"] {`+tt.filter+`}]`)
		got := ""
		if len(steps) == 1 {
			got = toJSON(t, steps[0])
		}
		if got != tt.want {
			t.Errorf("filter {%s}: got %s, want %s", tt.filter, got, tt.want)
		}
	}
}

func TestArguments(t *testing.T) {
	steps := stepsOf(t, `[
	  ["dune" "build" "-p" name "-j" jobs "@install" "@runtest" {with-test} "--x" {os = "macos"}]
	  [make "PREFIX=%{prefix}%" "NATIVE=%{ocaml:native}%" "V=%{ocaml:version}%" "%{lwt:installed?yes:no}%"]
	  ["echo" "%{conf-libev:installed?yes:no}%" "%{conf-libev:lib}%" "%{ocaml:native?opt:byte}%" unknown-var]
	  ["sh" "-c" "%{_:name}%-%{_:version}% in %{build}%"]
	  [] {os = "linux"}
	]`)
	got := toJSON(t, steps)
	want := `[{"args":["dune","build","-p","pkg","-j",{"parts":[{"var":"jobs"}]},"@install",{"parts":["@runtest"],"filter":{"var":"with-test"}}]},` +
		`{"args":[{"parts":[{"var":"make"}]},{"parts":["PREFIX=",{"var":"prefix"}]},{"parts":["NATIVE=",{"var":"ocaml:native"}]},"V=4.14.2","yes"]},` +
		`{"args":["echo","no","",{"parts":[{"var":"ocaml:native","then":"opt","else":"byte"}]}]},` +
		`{"args":["sh","-c",{"parts":["pkg-1.0 in ",{"var":"build"}]}]}]`
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("steps (-want +got):\n%s", d)
	}
}

func TestInterpolation(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"100%% %{os}%"`, `"100% linux"`},
		{`"%{nosuch}%-x"`, `"-x"`},
		{`"%{os"`, `"%{os"`},
		{`"a%{os}%b%{os}%c"`, `"alinuxblinuxc"`},
		{`"%{lib}%/%{_:name}%"`, `{"parts":[{"var":"lib"},"/pkg"]}`},
		{`"%{a}x}%"`, `"%{a}x}%"`},
		{`"50% off"`, `"50% off"`},
		{`"%{lwt:enable}%"`, `"enable"`},
		{`"%{conf-libev:enable}%"`, `"disable"`},
	}
	for _, tt := range tests {
		steps := stepsOf(t, `[["x" `+tt.in+`]]`)
		if len(steps) != 1 || len(steps[0].Args) != 2 {
			t.Fatalf("%s: steps %v", tt.in, steps)
		}
		if got := toJSON(t, steps[0].Args[1]); got != tt.want {
			t.Errorf("%s expands to %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestSingleCommandField(t *testing.T) {
	got := toJSON(t, stepsOf(t, `["sh" "-exc" "mirage build"]`))
	if want := `[{"args":["sh","-exc","mirage build"]}]`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestDependsKinds(t *testing.T) {
	f, err := opam.ParseString("test.opam", `depends: [
	  "ocaml" {>= "4.08"}
	  "dune" {build & >= "3.0"}
	  "lwt" {with-test}
	  ("conf-libev" | "pkg-config" {build})
	  "odoc" {with-doc}
	  "ocaml" {post}
	  "mirage" {os = "macos"}
	  "zarith" {?monorepo}
	  "base" {with-doc | with-test}
	  "cppo" {build & os = "linux"}
	]`)
	if err != nil {
		t.Fatal(err)
	}
	s := testScope()
	for _, n := range []string{"odoc", "pkg-config", "mirage", "zarith", "base", "cppo"} {
		s.plan[n] = "1"
	}
	v, _ := opam.Field(f.Items, "depends")
	kinds, err := s.depends("depends", v)
	if err != nil {
		t.Fatal(err)
	}
	want := Depends{Build: []string{"cppo", "dune", "pkg-config"}, Run: []string{"ocaml"}, Post: []string{},
		Test: []string{"base", "lwt"}, Doc: []string{"odoc"}}
	if d := cmp.Diff(want, toDepends(kinds)); d != "" {
		t.Fatalf("depends (-want +got):\n%s", d)
	}
}

func TestFileNamesStayInside(t *testing.T) {
	for _, src := range []string{
		`patches: ["../evil.patch"]`,
		`patches: ["/etc/passwd"]`,
		`substs: ["a/../../b"]`,
		`extra-files: [["../x" "md5=d41d8cd98f00b204e9800998ecf8427e"]]`,
		`extra-source "../x" { src: "https://example.invalid/x" checksum: "sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" }`,
	} {
		f, err := opam.ParseString("evil.opam", src)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Build(&Request{Env: testEnv, Packages: []Input{{Name: "evil", Version: "1", Opam: f}}})
		var pe *PackageError
		if !errors.As(err, &pe) || pe.Package != "evil.1" || !strings.Contains(err.Error(), "inside the package folder") {
			t.Errorf("%s: error %v, want a PackageError about the package folder", src, err)
		}
		if !strings.Contains(err.Error(), "evil.opam:1:") {
			t.Errorf("%s: error %v does not give the position", src, err)
		}
	}
}

func TestExtraFilesChecked(t *testing.T) {
	f, err := opam.ParseString("p.opam", `extra-files: ["a.in" "md5=d41d8cd98f00b204e9800998ecf8427e"]`)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Name: "p", Version: "1", Opam: f, Files: map[string][]byte{"a.in": []byte("not empty")}}
	_, err = Build(&Request{Packages: []Input{in}})
	if err == nil || !strings.Contains(err.Error(), "files/a.in does not match md5=d41d8cd98f00b204e9800998ecf8427e") {
		t.Fatalf("error %v, want a checksum mismatch for files/a.in", err)
	}
	in.Files["a.in"] = nil
	if _, err := Build(&Request{Packages: []Input{in}}); err != nil {
		t.Fatalf("matching extra file rejected: %v", err)
	}

	// A missing file is a warning: the plan is still made.
	in.Files = nil
	p, err := Build(&Request{Packages: []Input{in}})
	if err != nil {
		t.Fatalf("missing extra file: %v", err)
	}
	var mf *MissingFileError
	if w := p.Warnings(); len(w) != 1 || !errors.As(w[0], &mf) ||
		w[0].Error() != `p.1: p.opam:1:14: field "extra-files": "a.in" is not in the package's files/ folder; the build will fail if it needs it` {
		t.Fatalf("warnings %v, want one MissingFileError for a.in", w)
	}
}
