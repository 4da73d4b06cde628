package main

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goldenLock is pkg/drv's golden plan: a real lock of real opam files.
const goldenLock = "../../pkg/drv/testdata/plan.json"

func runCmd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestWhy(t *testing.T) {
	out, errs, code := runCmd(t, "why", "--lock", goldenLock, "conf-gmp", "ocaml-config", "lwt", "dune")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	want := `# conf-gmp 4
hello (project/hello.opam)
zarith 1.13 (run dependency of hello)
conf-gmp 4 (run dependency of zarith)

# ocaml-config 2
hello (project/hello.opam)
ocaml 4.14.2 (run dependency of hello)
ocaml-config 2 (run dependency of ocaml)

# lwt 5.7.0
hello (project/hello.opam)
lwt 5.7.0 (test dependency of hello)

# dune 3.15.3
hello (project/hello.opam)
dune 3.15.3 (build dependency of hello)
`
	if d := cmp.Diff(want, out); d != "" {
		t.Fatalf("why output (-want +got):\n%s", d)
	}
}

func TestWhyUnreachableAndMissing(t *testing.T) {
	out, errs, code := runCmd(t, "why", "--lock", goldenLock, "base", "nosuch")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if want := "# base v0.15.1~5.0preview\n(no project of the lock depends on base)\n\n"; out != want {
		t.Fatalf("stdout %q, want %q", out, want)
	}
	if want := "opam2drv: " + goldenLock + ": nosuch is not in the lock\n"; errs != want {
		t.Fatalf("stderr %q, want %q", errs, want)
	}
}

func TestWhyUsage(t *testing.T) {
	_, errs, code := runCmd(t, "why", "--lock", goldenLock)
	if code != 2 || errs != "opam2drv why: name the package to explain\nusage: opam2drv why [--lock FILE] NAME...\n" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	out, _, code := runCmd(t, "help", "why")
	if code != 0 || !bytes.Contains([]byte(out), []byte("Example:\n\n\t$ opam2drv why --lock opam2drv.lock.json conf-gmp")) {
		t.Fatalf("help why: exit %d, output:\n%s", code, out)
	}
}
