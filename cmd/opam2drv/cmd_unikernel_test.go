package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/unikernel"
)

// lock-unikernel on the mirage tool's own test case (folder 06), whose
// opam file names both its repositories.
func TestLockUnikernelMirageCase(t *testing.T) {
	path := filepath.Join("..", "..", "pkg", "unikernel", "testdata", "cases", "06-mini-repos", "unikernel.opam")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"lock-unikernel", "-o", "-", path}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	p, err := drv.Decode("stdout", stdout.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]unikernel.Vendor{}
	for name, rec := range p.Packages {
		var v unikernel.Vendor
		if len(rec.Vendor) > 0 {
			if err := json.Unmarshal(rec.Vendor, &v); err != nil {
				t.Fatal(err)
			}
		}
		got[name] = v
	}
	want := map[string]unikernel.Vendor{
		"dune": {}, "ocaml-base-compiler": {}, "ocaml-solo5": {}, "solo5": {},
		"fmt": {Dir: "fmt"}, "gmp": {Dir: "gmp"}, "mirage-runtime": {Dir: "mirage"}, "zarith": {Dir: "zarith"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("vendor records (-want +got):\n%s", d)
	}
	var dirs map[string]struct{ Packages []string }
	if err := json.Unmarshal(p.Duniverse, &dirs); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"mirage-runtime"}, dirs["mirage"].Packages); d != "" || len(dirs) != 4 {
		t.Errorf("duniverse: %d folders, mirage (-want +got):\n%s", len(dirs), d)
	}
}
