// Package nixtest runs the Nix library's tests, scripts/test-nix.sh, as part
// of `go test ./...`: real Nix builds and evaluations of nix/lib.nix with
// the stand-in pkgs of tests/stub-pkgs (see that script's header).
package nixtest

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/internal/testenv"
)

// repoRoot walks up from the working directory to the folder with go.mod.
func repoRoot(t *testing.T) string {
	return testenv.RepoRoot(t)
}

func TestNixLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the Nix library tests build real derivations (one to two minutes)")
	}
	if os.Getenv("HILLINGAR_SKIP_NIX") != "" {
		t.Skip("HILLINGAR_SKIP_NIX is set")
	}
	if _, err := exec.LookPath("nix-build"); err != nil {
		t.Skip("nix-build is not installed: run scripts/test-nix.sh, which installs nix-bin with apt-get")
	}
	root := repoRoot(t)
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "test-nix.sh"))
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
	sc.Buffer(nil, 1<<20)
	var passed int
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "FAIL "):
			t.Errorf("%s", line)
		case strings.HasPrefix(line, "ok   "):
			passed++
		}
	}
	if err != nil {
		t.Fatalf("scripts/test-nix.sh: %v (%d checks passed); its output:\n%s", err, passed, out.String())
	}
	if passed == 0 {
		t.Fatalf("scripts/test-nix.sh passed no check; its output:\n%s", out.String())
	}
	t.Logf("%d checks passed", passed)
}
