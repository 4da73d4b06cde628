package opam

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const sampleOpam = `opam-version: "2.0"
name: "demo"
version: "1.0"
maintainer: "m@example.org"
authors: ["A" "B"]
license: "ISC"
depends: ["ocaml" {>= "4.08"} "dune" {build}]
depopts: ["lwt"]
conflicts: ["bad" {< "2"}]
conflict-class: ["ocaml-core-compiler"]
available: os != "win32"
flags: [light-uninstall avoid-version]
build: [
  ["dune" "build" "-p" name "-j" jobs]
  ["dune" "runtest" "-p" name] {with-test}
]
install: ["make" "install" "PREFIX=%{prefix}%" {os = "linux"}]
remove: [["rm" "-rf" "%{lib}%/demo"]]
patches: ["fix.patch" {os = "macos"} "other.patch"]
substs: "demo.config"
extra-files: [["fix.patch" "md5=0123"] ["other.patch" "sha256=abcd"]]
depexts: [["libgmp-dev" "pkg-config"] {os-family = "debian"} "gmp" {os = "macos"}]
setenv: [[CAML_LD_LIBRARY_PATH =+ "%{lib}%/stublibs"] [FOO = "bar"]]
build-env: [MAKEFLAGS := "-j1"]
messages: ["hello" {build}]
post-messages: "bye"
dev-repo: "git+https://example.org/demo.git"
pin-depends: [["dep.1.0" "git+https://example.org/dep.git#main"]]
x-ci-accept-failures: ["debian-11"]
features: [ foo "bar" {true} ]
url {
  src: "https://example.org/demo-1.0.tgz"
  checksum: ["md5=aa" "sha512=bb"]
  mirrors: "https://mirror.example.org/demo-1.0.tgz"
}
extra-source "data.bin" {
  src: "https://example.org/data.bin"
  checksum: "sha256=cc"
}
`

func TestDecode(t *testing.T) {
	f, err := ParseString("demo.opam", sampleOpam)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Name, Version, License, DevRepo string
		Authors, Flags, Substs, Class   []string
		Commands                        []string
		Patches, Depexts, Env           []string
		ExtraFiles, Pins, Messages      []string
		URL, ExtraSources               string
		Extensions, Unknown             []string
	}
	got := summary{
		Name: p.Name, Version: p.Version, License: strings.Join(p.License, ","), DevRepo: p.DevRepo,
		Authors: p.Authors, Flags: p.Flags, Substs: p.Substs, Class: p.ConflictClass,
	}
	for _, list := range [][]Command{p.Build, p.Install, p.Remove} {
		for _, c := range list {
			var args []string
			for _, a := range c.Args {
				s := a.Value.Str()
				if len(a.Filter) > 0 {
					s += "{" + FormatValue(a.Filter[0]) + "}"
				}
				args = append(args, s)
			}
			s := strings.Join(args, " ")
			if len(c.Filter) > 0 {
				s += " if " + FormatValue(c.Filter[0])
			}
			got.Commands = append(got.Commands, s)
		}
	}
	for _, x := range p.Patches {
		got.Patches = append(got.Patches, x.Value+" "+strings.Join(filterStrings(x.Filter), ","))
	}
	for _, x := range p.Depexts {
		got.Depexts = append(got.Depexts, strings.Join(x.Names, "+")+" "+strings.Join(filterStrings(x.Filter), ","))
	}
	for _, e := range append(p.Setenv, p.BuildEnv...) {
		got.Env = append(got.Env, e.Var+" "+e.Op.String()+" "+e.Value)
	}
	for _, x := range p.ExtraFiles {
		got.ExtraFiles = append(got.ExtraFiles, x.Name+" "+x.Checksum)
	}
	for _, x := range p.PinDepends {
		got.Pins = append(got.Pins, x.Package+" "+x.URL)
	}
	for _, x := range append(p.Messages, p.PostMessages...) {
		got.Messages = append(got.Messages, x.Value)
	}
	got.URL = p.URL.Kind + " " + p.URL.Src + " " + strings.Join(p.URL.Checksum, ",") + " " + strings.Join(p.URL.Mirrors, ",")
	for _, x := range p.ExtraSources {
		got.ExtraSources += x.Name + " " + x.URL.Src + " " + strings.Join(x.URL.Checksum, ",")
	}
	for _, it := range p.Extensions {
		got.Extensions = append(got.Extensions, it.Name+": "+FormatValue(it.Value))
	}
	for _, it := range p.Unknown {
		got.Unknown = append(got.Unknown, it.Name+": "+FormatValue(it.Value))
	}
	want := summary{
		Name: "demo", Version: "1.0", License: "ISC", DevRepo: "git+https://example.org/demo.git",
		Authors: []string{"A", "B"}, Flags: []string{"light-uninstall", "avoid-version"},
		Substs: []string{"demo.config"}, Class: []string{"ocaml-core-compiler"},
		Commands: []string{
			"dune build -p name -j jobs",
			"dune runtest -p name if with-test",
			`make install PREFIX=%{prefix}%{os = "linux"}`,
			"rm -rf %{lib}%/demo",
		},
		Patches:      []string{`fix.patch os = "macos"`, "other.patch "},
		Depexts:      []string{`libgmp-dev+pkg-config os-family = "debian"`, `gmp os = "macos"`},
		Env:          []string{"CAML_LD_LIBRARY_PATH =+ %{lib}%/stublibs", "FOO = bar", "MAKEFLAGS := -j1"},
		ExtraFiles:   []string{"fix.patch md5=0123", "other.patch sha256=abcd"},
		Pins:         []string{"dep.1.0 git+https://example.org/dep.git#main"},
		Messages:     []string{"hello", "bye"},
		URL:          "src https://example.org/demo-1.0.tgz md5=aa,sha512=bb https://mirror.example.org/demo-1.0.tgz",
		ExtraSources: "data.bin https://example.org/data.bin sha256=cc",
		Extensions:   []string{`x-ci-accept-failures: ["debian-11"]`},
		Unknown:      []string{`features: [foo "bar" {true}]`},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Decode (-want +got):\n%s", d)
	}
	env := MapEnv{"os": StringValue("linux")}
	if !EvalAvailable(p.Available, env) {
		t.Error("available on linux = false")
	}
	if s := formulaString(Reduce(p.Depends, MapEnv{"build": BoolValue(true)})); s != "(ocaml {>= 4.08}) & (dune)" {
		t.Errorf("depends = %s", s)
	}
	if s := formulaString(Reduce(p.Conflicts, EmptyEnv)); s != "bad {< 2}" {
		t.Errorf("conflicts = %s", s)
	}
}

func filterStrings(fs []Value) []string {
	var out []string
	for _, f := range fs {
		out = append(out, FormatValue(f))
	}
	return out
}

func TestDecodeErrors(t *testing.T) {
	src := `name: ["x"]
depends: ["a" {>= "1" & [x]}]
build: [["make" ["nested"]]]
setenv: [[A = "x" B = "y"]]
available: [[]]
flags: ["light"]
url { checksum: "md5=00" }
extra-source { src: "x" }
extra-files: ["only-one"]
messages: ["m" {a b}]
patches: ["p" {()}]
conflicts: ["b" {= "1/2"} "c" {< "%{v}%.1"}]
version: "x y"
flags: light-uninstall
`
	f, err := ParseString("bad.opam", src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Decode(f)
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("%v is not a *FieldError", e)
		}
		got = append(got, e.Error())
	}
	want := []string{
		`bad.opam:1:7: field "name": expected a string, found list`,
		`bad.opam:2:25: field "depends": expected a filter, found list`,
		`bad.opam:3:17: field "build": expected a string or identifier argument, found list`,
		`bad.opam:4:10: field "setenv": expected one binding VAR = "value" per list`,
		`bad.opam:5:13: field "available": expected a filter, found list`,
		`bad.opam:6:9: field "flags": expected a flag name, found string`,
		`bad.opam:7:1: field "url": missing src field`,
		`bad.opam:8:1: field "extra-source": an extra-source section needs a file name, as in extra-source "file" { }`,
		`bad.opam:9:14: field "extra-files": expected ["file" "checksum"]`,
		`bad.opam:10:19: field "messages": expected a single filter expression; join filters with '&'`,
		`bad.opam:11:16: field "patches": expected a filter expression inside the parentheses`,
		`bad.opam:12:20: field "conflicts": invalid version "1/2": use letters, digits and -_+.~`,
		`bad.opam:13:10: field "version": invalid version "x y": use letters, digits and -_+.~`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("errors (-want +got):\n%s", d)
	}
}

func TestDecodeDuplicateField(t *testing.T) {
	f, err := ParseString("d", "available: os = \"a\"\nsynopsis: \"s\"\navailable: os = \"b\"\n")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatValue(p.Available); got != `os = "a"` {
		t.Errorf("available = %s, want the first field, as opam keeps", got)
	}
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.Error())
	}
	want := []string{`d:3:1: field "available": duplicate field (first at d:1:1); this one is ignored, as opam does`}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("warnings (-want +got):\n%s", d)
	}
}

func TestDecodeURLFile(t *testing.T) {
	f, err := ParseString("url", "archive: \"https://x/a.tgz\"\nchecksum: \"0123abcd\"\n")
	if err != nil {
		t.Fatal(err)
	}
	u, err := DecodeURL(f)
	if err != nil {
		t.Fatal(err)
	}
	if u.Kind != "archive" || u.Src != "https://x/a.tgz" || len(u.Checksum) != 1 || u.Checksum[0] != "0123abcd" {
		t.Fatalf("DecodeURL = %+v", u)
	}
}

func TestDecodeSubset(t *testing.T) {
	for name, src := range subsetFiles(t) {
		f, err := Parse(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p, err := Decode(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.OpamVersion == "" {
			t.Errorf("%s: no opam-version", name)
		}
	}
}
