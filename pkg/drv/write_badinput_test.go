package drv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWriteFileRefusesInputs checks that WriteFile does not overwrite one
// of the plan's own input files (opam2drv lock -o naming the project
// file), that it explains a missing folder or a folder given as the file,
// and that the file it refuses is left as it was, with no temporary file
// beside it.
func TestWriteFileRefusesInputs(t *testing.T) {
	dir := t.TempDir()
	const opamText = "opam-version: \"2.0\"\n"
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"p.opam", "sub/q.opam"} {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(opamText), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := &Plan{Schema: Schema, Inputs: Inputs{Files: map[string]string{"p.opam": "sha256-x", "sub/q.opam": "sha256-y"}}}
	for _, tt := range []struct{ out, want string }{
		{filepath.Join(dir, "p.opam"), `is the input file "p.opam" of the lock`},
		{filepath.Join(dir, "sub", "..", "sub", "..", "p.opam"), `is the input file "p.opam" of the lock`},
		{filepath.Join(dir, "sub"), "is a folder"},
		{filepath.Join(dir, "missing", "x.json"), "the folder " + filepath.Join(dir, "missing") + " does not exist"},
	} {
		err := WriteFile(tt.out, p)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.out) {
			t.Fatalf("WriteFile(%s) = %v, want an error naming the file and saying %q", tt.out, err, tt.want)
		}
	}
	for _, rel := range []string{"p.opam", "sub/q.opam"} {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || string(b) != opamText {
			t.Fatalf("%s changed: %q, %v", rel, b, err)
		}
	}
	var left []string
	for _, sub := range []string{".", "sub"} {
		des, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, de := range des {
			left = append(left, filepath.Join(sub, de.Name()))
		}
	}
	if d := cmp.Diff([]string{"p.opam", "sub", "sub/q.opam"}, left); d != "" {
		t.Fatalf("files left (-want +got):\n%s", d)
	}
	// Writing beside the inputs works.
	if err := WriteFile(filepath.Join(dir, "opam2drv.lock.json"), p); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
}
