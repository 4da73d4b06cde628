package drv

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReadNotALockFile checks that Read refuses, quickly and naming the
// file, what cannot be a lock: an endless device (opam2drv diff /dev/zero
// used to read until the machine ran out of memory), a folder, and a file
// larger than any lock.
func TestReadNotALockFile(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.json")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, maxPlanSize+1); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		dir:  "is not a regular file",
		huge: "larger than",
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases["/dev/zero"] = "is not a regular file"
	}
	for name, want := range cases {
		start := time.Now()
		_, err := Read(name)
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), want) {
			t.Fatalf("Read(%s) = %v, want an error naming the file and saying %q", name, err, want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Read(%s) took %v", name, d)
		}
	}
}

// TestReadPipe checks that a lock may come through a pipe, as with the
// shell's opam2drv diff <(git show HEAD:opam2drv.lock.json) NEW.
func TestReadPipe(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.Write(data)
		w.Close()
	}()
	name := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
	if _, err := os.Stat(name); err != nil {
		t.Skipf("no /dev/fd here: %v", err)
	}
	p, err := Read(name)
	if err != nil {
		t.Fatalf("Read(pipe): %v", err)
	}
	want, err := Decode("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Packages) == 0 || len(p.Packages) != len(want.Packages) {
		t.Fatalf("Read(pipe) has %d packages, want %d", len(p.Packages), len(want.Packages))
	}
}

// TestValidateNames checks that a hand-edited lock whose package or
// project names, or versions, opam would refuse is rejected naming the
// field: they end up in derivation names and paths on the Nix side.
func TestValidateNames(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Decode("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	var some string
	for n, k := range p.Packages {
		if k.Source == nil && len(p.Packages) > 0 {
			some = n
		}
	}
	if some == "" {
		t.Fatal("the fixture has no package without a source")
	}
	k := p.Packages[some]
	delete(p.Packages, some)
	for _, q := range p.Packages {
		q.Depends.Run = slices.DeleteFunc(q.Depends.Run, func(s string) bool { return s == some })
		q.Depends.Build = slices.DeleteFunc(q.Depends.Build, func(s string) bool { return s == some })
		q.Depends.Post = slices.DeleteFunc(q.Depends.Post, func(s string) bool { return s == some })
		q.Depends.Test = slices.DeleteFunc(q.Depends.Test, func(s string) bool { return s == some })
		q.Depends.Doc = slices.DeleteFunc(q.Depends.Doc, func(s string) bool { return s == some })
		q.Depopts = slices.DeleteFunc(q.Depopts, func(s string) bool { return s == some })
	}
	for _, pr := range p.Projects {
		pr.Depends.Run = slices.DeleteFunc(pr.Depends.Run, func(s string) bool { return s == some })
		pr.Depends.Build = slices.DeleteFunc(pr.Depends.Build, func(s string) bool { return s == some })
	}
	k.Name, k.Version = "../evil", "1 $(x)"
	p.Packages["../evil"] = k
	p.Projects["a b"] = &Project{File: "x.opam"}
	err = p.Validate()
	for _, want := range []string{
		`packages.../evil: "../evil" is not a valid opam package name`,
		`packages.../evil.version: "1 $(x)" is not a valid opam version`,
		`projects.a b: "a b" is not a valid opam package name`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("Validate() = %v, want an error with %q", err, want)
		}
	}
}
