package drv

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/opam"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// loadRepo reads every package of the opam repository folder dir
// (packages/NAME/NAME.VERSION/opam with an optional files/ folder).
func loadRepo(t *testing.T, dir string) []Input {
	t.Helper()
	opams, err := filepath.Glob(filepath.Join(dir, "packages", "*", "*", "opam"))
	if err != nil || len(opams) == 0 {
		t.Fatalf("no opam files under %s: %v", dir, err)
	}
	var ins []Input
	for _, p := range opams {
		pv := filepath.Base(filepath.Dir(p))
		name := filepath.Base(filepath.Dir(filepath.Dir(p)))
		in := Input{Name: name, Version: strings.TrimPrefix(pv, name+"."), Opam: parseFile(t, p)}
		in.Files = readFiles(t, filepath.Join(filepath.Dir(p), "files"))
		ins = append(ins, in)
	}
	return ins
}

func parseFile(t *testing.T, p string) *opam.File {
	t.Helper()
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opam.Parse(filepath.ToSlash(p), src)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return f
}

func readFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if len(files) == 0 {
		return nil
	}
	return files
}

// testEnv is the solve environment of the golden plans.
var testEnv = map[string]string{"arch": "x86_64", "os": "linux", "os-distribution": "debian",
	"os-family": "debian", "os-version": "12"}

func goldenPlan(t *testing.T) *Plan {
	t.Helper()
	req := &Request{
		Env:      testEnv,
		Packages: loadRepo(t, "testdata/repo"),
		Projects: []ProjectInput{{Name: "hello", File: "project/hello.opam", Opam: parseFile(t, "testdata/project/hello.opam")}},
	}
	p, err := Build(req)
	if err != nil {
		t.Fatal(err)
	}
	p.Generator = "opam2drv test"
	p.Regenerate = []string{"opam2drv", "lock", "project", "--repo", "repo"}
	p.Inputs = Inputs{Files: map[string]string{"project/hello.opam": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
		Repositories: []Repository{{Name: "repo", Identity: "test"}}}
	return p
}

// TestGolden compares the plan of testdata/repo with testdata/plan.json.
func TestGolden(t *testing.T) {
	got, err := Encode(goldenPlan(t))
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/plan.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/drv -run TestGolden -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Fatalf("plan differs from %s (-want +got); if the change is intended, run go test ./pkg/drv -run TestGolden -update:\n%s", golden, d)
	}
}

// TestRoundTrip reads the golden plan back and writes it again.
func TestRoundTrip(t *testing.T) {
	data, err := Encode(goldenPlan(t))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Decode("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Fatalf("encode(decode(plan)) differs:\n%s", cmp.Diff(string(data), string(again)))
	}
}
