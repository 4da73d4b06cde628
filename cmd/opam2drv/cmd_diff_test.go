package main

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/drv"
)

func TestDiff(t *testing.T) {
	old, err := drv.Read(goldenLock)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := drv.Read(goldenLock)
	if err != nil {
		t.Fatal(err)
	}
	// Edit the new lock: an upgrade, a downgrade in opam's order (where a
	// string comparison would say upgrade), an addition, a removal and a
	// changed hash.
	cur.Packages["dune"].Version = "3.16.0"
	cur.Packages["lwt"].Version = "5.7.0~beta1"
	cur.Packages["zarith"].Source.Hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
	delete(cur.Packages, "base")
	cur.MissingHashes = []string{"bap-ida-python.2.2.0"}
	added := *cur.Packages["conf-gmp"]
	added.Name, added.Version = "conf-gmp-powm-sec", "3"
	cur.Packages["conf-gmp-powm-sec"] = &added
	dir := t.TempDir()
	oldFile, newFile := filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
	if err := drv.WriteFile(oldFile, old); err != nil {
		t.Fatal(err)
	}
	if err := drv.WriteFile(newFile, cur); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCmd(t, "diff", oldFile, newFile)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	want := `removed     base v0.15.1~5.0preview
added       conf-gmp-powm-sec 3
upgraded    dune 3.15.3 -> 3.16.0
downgraded  lwt 5.7.0 -> 5.7.0~beta1
changed     zarith 1.13: hash sha512-pWL6i/T170Tyr2uajwKBgv0YTIn4xBRVrNwChRzA/DEk03dsDekw6NCc1dbYjMaJ+A9LWXBooGERMfRdBXsQHw== -> sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
1 added, 1 removed, 1 upgraded, 1 downgraded, 1 changed
`
	if d := cmp.Diff(want, out); d != "" {
		t.Fatalf("diff output (-want +got):\n%s", d)
	}

	out, _, code = runCmd(t, "diff", oldFile, oldFile)
	if code != 0 || out != "0 added, 0 removed, 0 upgraded, 0 downgraded, 0 changed\n" {
		t.Fatalf("diff of a lock with itself: exit %d, %q", code, out)
	}
}

func TestDiffErrors(t *testing.T) {
	if _, errs, code := runCmd(t, "diff", goldenLock); code != 2 {
		t.Fatalf("one argument: exit %d, stderr %q", code, errs)
	}
	_, errs, code := runCmd(t, "diff", goldenLock, filepath.Join(t.TempDir(), "none.json"))
	if code != 1 || errs == "" {
		t.Fatalf("missing file: exit %d, stderr %q", code, errs)
	}
}
