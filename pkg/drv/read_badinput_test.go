package drv

import (
	"os"
	"path/filepath"
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
