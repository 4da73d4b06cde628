package drv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecodeRejects(t *testing.T) {
	good, err := os.ReadFile("testdata/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"schema", `"schema": 1`, `"schema": 2`,
			"plan.json: schema: plan has schema 2 but this opam2drv reads schema 1; run the opam2drv that wrote it (opam2drv test) or regenerate the lock"},
		{"unknown key", `"schema": 1`, `"schema": 1, "extra": true`, `plan.json: json: unknown field "extra"`},
		{"bad hash", `"sha512-z68Y`, `"sha512-z6`, "packages.ocamlfind.source.hash"},
		{"dangling dep", `"run": [
          "conf-gmp",`, `"run": [
          "conf-gmpx",`, `plan.json: packages.zarith.depends.run: "conf-gmpx" is not a package of the plan`},
		{"unsorted", `"run": [
          "conf-gmp",
          "ocaml",`, `"run": [
          "ocaml",
          "conf-gmp",`, "packages.zarith.depends.run: is not sorted"},
		{"file hash", `"hash": "sha256-2ox9`, `"hash": "sha256-3ox9`, "packages.bap-ida-python.files.bap.cfg.in.hash"},
		{"missing hash", `"bap-ida-python.2.2.0",`, ``, `packages.bap-ida-python.source.hash: is missing and "bap-ida-python.2.2.0" is not listed in missingHashes`},
		{"name", `"name": "lwt"`, `"name": "lwt2"`, `packages.lwt.name: is "lwt2", want the record's key "lwt"`},
	}
	for _, tt := range tests {
		data := strings.Replace(string(good), tt.old, tt.new, 1)
		if data == string(good) {
			t.Fatalf("%s: %q not found in the golden plan", tt.name, tt.old)
		}
		_, err := Decode("plan.json", []byte(data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v\nwant it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "opam2drv.lock.json")
	if err := os.WriteFile(name, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A plan that cannot be encoded leaves the old file untouched.
	bad := goldenPlan(t)
	bad.Packages["lwt"].Build = []Step{{Args: []Arg{Lit("x")}, Filter: &Filter{Kind: FilterNot}}}
	if err := WriteFile(name, bad); err == nil {
		t.Fatal("WriteFile accepted a filter without operand")
	}
	if b, _ := os.ReadFile(name); string(b) != "old\n" {
		t.Fatalf("failed write changed the file to %q", b)
	}
	if err := WriteFile(name, goldenPlan(t)); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(name)
	want, _ := os.ReadFile("testdata/plan.json")
	if string(got) != string(want) {
		t.Fatal("written plan differs from the golden plan")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}
