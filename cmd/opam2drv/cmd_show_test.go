package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/internal/testenv"
	"github.com/hillingar/hillingar/pkg/repository"
)

const (
	flatRepo   = "../../pkg/repository/testdata/flat"
	nestedRepo = "../../pkg/repository/testdata/nested"
)

// runShowStats runs opam2drv with args and returns its exit code, stdout and
// stderr.
func runShowStats(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestShowOldURLFile(t *testing.T) {
	code, out, stderr := runShowStats("show", "oldpkg.0.1", "-repo", flatRepo)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	want := `{
  "build": [
    {
      "args": [
        "%{make}%"
      ]
    }
  ],
  "depends": [
    {
      "constraint": "build",
      "name": "ocamlfind"
    }
  ],
  "maintainer": [
    "dev@example.org"
  ],
  "name": "oldpkg",
  "opamVersion": "1.2",
  "path": "packages/oldpkg.0.1/opam",
  "repository": "../../pkg/repository/testdata/flat",
  "url": {
    "checksum": [
      "d41d8cd98f00b204e9800998ecf8427e"
    ],
    "kind": "archive",
    "src": "https://example.org/oldpkg-0.1.tar.gz"
  },
  "version": "0.1"
}
`
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("show output (-want +got):\n%s", d)
	}
	// The same run gives the same bytes.
	if _, again, _ := runShowStats("show", "-repo", flatRepo, "oldpkg.0.1"); again != out {
		t.Errorf("a second run printed different output")
	}
}

func TestShowStackAndNewest(t *testing.T) {
	for _, tc := range []struct {
		args           []string
		version, repo  string
		extraSources   int
		synopsisPrefix string
	}{
		// seq.0.1 is in both; the first -repo wins.
		{[]string{"show", "seq.0.1", "-repo", flatRepo, "-repo", nestedRepo}, "0.1", flatRepo, 0, "A local override"},
		{[]string{"show", "seq.0.1", "-repo", nestedRepo, "-repo", flatRepo}, "0.1", nestedRepo, 0, ""},
		// Without a version: the newest, seq.base.
		{[]string{"show", "seq", "-repo", flatRepo, "-repo", nestedRepo}, "base", nestedRepo, 2, "Compatibility package"},
	} {
		code, out, stderr := runShowStats(tc.args...)
		if code != 0 {
			t.Fatalf("%q: exit %d, stderr:\n%s", tc.args, code, stderr)
		}
		var got struct {
			Version, Repository, Synopsis string
			ExtraSources                  []any
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%q: output is not JSON: %v\n%s", tc.args, err, out)
		}
		if got.Version != tc.version || got.Repository != tc.repo || len(got.ExtraSources) != tc.extraSources ||
			!strings.HasPrefix(got.Synopsis, tc.synopsisPrefix) {
			t.Errorf("%q: got %+v", tc.args, got)
		}
	}
}

// TestShowFieldError shows a package whose syntax is fine but whose depends
// field is not a formula: the rest is printed, the error reported, exit 1.
func TestShowFieldError(t *testing.T) {
	code, out, stderr := runShowStats("show", "badfield.1.0", "-repo", flatRepo)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, `"synopsis": "Syntax is fine, but depends is not a package formula"`) ||
		strings.Contains(out, `"depends"`) {
		t.Errorf("stdout:\n%s", out)
	}
	want := "opam2drv: ../../pkg/repository/testdata/flat: packages/badfield.1.0/opam:3:10: field \"depends\": expected a package formula, found int\n"
	if d := cmp.Diff(want, stderr); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
}

func TestShowFailures(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"show", "broken.1.0", "-repo", nestedRepo}, 1,
			"opam2drv: ../../pkg/repository/testdata/nested: packages/broken/broken.1.0/opam:4:1: expected a value or '}', found ']'\n" +
				"opam2drv: ../../pkg/repository/testdata/nested: packages/broken/broken.1.0/opam:6:1: expected a value or ']', found end of file\n"},
		{[]string{"show", "seq.7", "-repo", nestedRepo}, 1,
			"opam2drv: package seq.7 not found in ../../pkg/repository/testdata/nested; versions of seq are 0.1, 0.2, 0.2.1, 0.2.2, 0.3, 0.3.1, base\n"},
		{[]string{"show", "nosuch", "-repo", nestedRepo}, 1,
			"opam2drv: no package named \"nosuch\" in ../../pkg/repository/testdata/nested\n"},
		{[]string{"show", "seq.0.1", "-repo", "no/such/folder"}, 1,
			"opam2drv: opening repository: stat no/such/folder: no such file or directory\n"},
		{[]string{"show", "seq.0.1"}, 2,
			"opam2drv show: give at least one -repo\nusage: opam2drv show NAME[.VERSION] -repo PATH [-repo PATH]...\n"},
		{[]string{"show", "-repo", nestedRepo}, 2,
			"opam2drv show: want exactly one NAME or NAME.VERSION, got 0 arguments\nusage: opam2drv show NAME[.VERSION] -repo PATH [-repo PATH]...\n"},
		{[]string{"show", "seq.0.1", "-repo", nestedRepo, "-nosuchflag"}, 2,
			"opam2drv show: flag provided but not defined: -nosuchflag\nusage: opam2drv show NAME[.VERSION] -repo PATH [-repo PATH]...\nRun 'opam2drv help show' for details.\n"},
	} {
		code, out, stderr := runShowStats(tc.args...)
		if code != tc.code || out != "" {
			t.Errorf("%q: exit %d with stdout %q, want exit %d and no output", tc.args, code, out, tc.code)
		}
		if d := cmp.Diff(tc.stderr, stderr); d != "" {
			t.Errorf("%q: stderr (-want +got):\n%s", tc.args, d)
		}
	}
}

func TestShowAndStatsHelp(t *testing.T) {
	for _, name := range []string{"show", "stats"} {
		code, out, _ := runShowStats("help", name)
		if code != 0 || !strings.Contains(out, "usage: opam2drv "+name+" ") ||
			!strings.Contains(out, "Example:") || !strings.Contains(out, "-repo") {
			t.Errorf("help %s: exit %d, output:\n%s", name, code, out)
		}
	}
}

// TestShowVerbatimFields checks x- fields and unknown sections: kept as
// opam text.
func TestShowVerbatimFields(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "packages", "x", "x.1")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "opam-version: \"2.0\"\nx-a: \"1\"\nx-b: [\"2\" \"3\"]\nfoo { bar: 1 }\n"
	if err := os.WriteFile(filepath.Join(pkg, "opam"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runShowStats("show", "x", "-repo", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct{ Extensions, Unknown map[string]string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"x-a": `"1"`, "x-b": `["2" "3"]`}
	if d := cmp.Diff(want, got.Extensions); d != "" {
		t.Errorf("extensions (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]string{"foo": "foo {\n  bar: 1\n}"}, got.Unknown); d != "" {
		t.Errorf("unknown (-want +got):\n%s", d)
	}
}

// sharedSnapshots returns ../shared/opam-repository beside the module's
// root, or skips the test when it is absent (a fresh clone).
func sharedSnapshots(t *testing.T) string {
	return testenv.Shared(t, "opam-repository")
}

// TestShowSharedSnapshot renders every seventh package version of the
// 2024-06-01 snapshot and every version of the overlays: each decodes
// without error and gives JSON.
func TestShowSharedSnapshot(t *testing.T) {
	shared := sharedSnapshots(t)
	for _, tc := range []struct {
		file  string
		every int
	}{{"2024-06-01.tar.gz", 7}, {"opam-overlays.tar.gz", 1}, {"mirage-opam-overlays.tar.gz", 1}} {
		r, err := repository.Open(filepath.Join(shared, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		i, shown := 0, 0
		for _, name := range r.Names() {
			for _, v := range r.Versions(name) {
				if i++; i%tc.every != 0 {
					continue
				}
				p, err := r.Package(name, v)
				if err != nil {
					t.Errorf("%s: %v", tc.file, err)
					continue
				}
				view, err := packageJSON(p)
				if err != nil {
					t.Errorf("%s: %v", tc.file, err)
				}
				if _, err := json.Marshal(view); err != nil || view["name"] != name {
					t.Errorf("%s: %s.%s: %v", tc.file, name, v, err)
				}
				shown++
			}
		}
		if shown == 0 {
			t.Errorf("%s: no package shown", tc.file)
		}
	}
}

// TestShowRefusesANonName: show ../x is a usage error naming the rule, not
// a search for the package "".
func TestShowRefusesANonName(t *testing.T) {
	_, errs, code := runCmd(t, "show", "../x", "-repo", "../../tests/repo-subset/opam-repository")
	if code != exitUsage || !strings.Contains(errs, `"../x" is not NAME or NAME.VERSION`) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and the name rule", code, errs)
	}
}
