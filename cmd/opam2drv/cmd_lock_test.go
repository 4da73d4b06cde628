package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// miniProject copies testdata/mini (the unikernel and the two small
// repositories of mirage's opam-monorepo test) into a temporary folder
// and makes it the working folder.
func miniProject(t *testing.T) string {
	t.Helper()
	src, err := filepath.Abs("testdata/mini")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if out, err := exec.Command("cp", "-r", src+"/.", dir).CombinedOutput(); err != nil {
		t.Fatalf("copying %s: %v\n%s", src, err, out)
	}
	chdir(t, dir)
	return dir
}

var miniArgs = []string{"lock", "--repo", "mini-opam-overlays", "--repo", "mini-opam-repository", "unikernel.opam"}

func TestLockGolden(t *testing.T) {
	golden, err := filepath.Abs("testdata/mini.lock.json")
	if err != nil {
		t.Fatal(err)
	}
	miniProject(t)
	if _, errs, code := runCmd(t, miniArgs...); code != 0 {
		t.Fatalf("lock: exit %d\n%s", code, errs)
	}
	got, err := os.ReadFile(defaultLock)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/opam2drv -run TestLockGolden -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Fatalf("lock differs from %s (-want +got); if intended, run go test ./cmd/opam2drv -run TestLockGolden -update:\n%s", golden, d)
	}

	// The same lock on stdout, and with one thread, is byte for byte the same.
	out, _, code := runCmd(t, append(append([]string{}, miniArgs[:len(miniArgs)-1]...), "-o", "-", "unikernel.opam")...)
	if code != 0 {
		t.Fatalf("lock -o -: exit %d", code)
	}
	if !strings.Contains(out, `"-o",`) || strings.Replace(out, "\n    \"-o\",\n    \"-\",", "", 1) != string(got) {
		t.Fatalf("lock -o - differs from the lock file beyond its regenerate entry:\n%s", cmp.Diff(string(got), out))
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	if _, _, code := runCmd(t, append(miniArgs[:len(miniArgs):len(miniArgs)], "-o", "one.json")...); code != 0 {
		t.Fatal("lock with GOMAXPROCS=1 failed")
	}
	one, _ := os.ReadFile("one.json")
	if strings.Replace(string(one), "\n    \"-o\",\n    \"one.json\",", "", 1) != string(got) {
		t.Fatalf("lock with GOMAXPROCS=1 differs:\n%s", cmp.Diff(string(got), string(one)))
	}
}

func TestLockCheck(t *testing.T) {
	miniProject(t)
	if _, errs, code := runCmd(t, miniArgs...); code != 0 {
		t.Fatalf("lock: exit %d\n%s", code, errs)
	}
	check := append([]string{"lock", "--check"}, miniArgs[1:]...)
	if out, errs, code := runCmd(t, check...); code != 0 || out != "" || errs != "" {
		t.Fatalf("check of a fresh lock: exit %d, stdout %q, stderr %q", code, out, errs)
	}

	if out, errs, code := runCmd(t, "lock", "--check"); code != 0 || out != "" || errs != "" {
		t.Fatalf("check from the lock's regenerate entry: exit %d, stdout %q, stderr %q", code, out, errs)
	}

	// A changed variable.
	_, errs, code := runCmd(t, append(check, "--env", "os-distribution=debian")...)
	if code != 1 || !strings.Contains(errs, "variable os-distribution: nixos -> debian") {
		t.Fatalf("check with another variable: exit %d, stderr:\n%s", code, errs)
	}
	// An extra constraint.
	_, errs, code = runCmd(t, append(check, "fmt>=0.9")...)
	if code != 1 || !strings.Contains(errs, `constraints: "" -> "fmt >= 0.9"`) {
		t.Fatalf("check with a constraint: exit %d, stderr:\n%s", code, errs)
	}
	// A changed project file.
	f, err := os.OpenFile("unikernel.opam", os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("# edited\n")
	f.Close()
	_, errs, code = runCmd(t, check...)
	if code != 1 || !strings.Contains(errs, "opam2drv.lock.json is out of date; regenerate it with: opam2drv lock --repo mini-opam-overlays") ||
		!strings.Contains(errs, "file unikernel.opam: sha256-iV/8WKvXhncV/5MKhVeILQTCY9apS/losaH3lt4iwgI= -> sha256-") {
		t.Fatalf("check after editing the project: exit %d, stderr:\n%s", code, errs)
	}
	if _, errs2, code := runCmd(t, "lock", "--check", "-o", defaultLock); code != 1 ||
		!strings.Contains(errs2, "opam2drv.lock.json is out of date; regenerate it with: opam2drv lock --repo mini-opam-overlays --repo mini-opam-repository unikernel.opam\n") ||
		errs2[strings.Index(errs2, "\n"):] != errs[strings.Index(errs, "\n"):] {
		t.Fatalf("bare check after editing the project: exit %d, stderr:\n%s\nwant:\n%s", code, errs2, errs)
	}
	// A changed repository file.
	if err := os.WriteFile("unikernel.opam", mustRead(t, "unikernel.opam")[:len(mustRead(t, "unikernel.opam"))-len("# edited\n")], 0o644); err != nil {
		t.Fatal(err)
	}
	p := "mini-opam-repository/packages/solo5/solo5.0.7.1/opam"
	if err := os.WriteFile(p, append(mustRead(t, p), "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code = runCmd(t, check...)
	if code != 1 || !strings.Contains(errs, "repository mini-opam-repository: sha256-") || strings.Contains(errs, "file unikernel.opam") {
		t.Fatalf("check after editing a repository: exit %d, stderr:\n%s", code, errs)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLockNoSolution(t *testing.T) {
	miniProject(t)
	_, errs, code := runCmd(t, append(miniArgs[:len(miniArgs):len(miniArgs)], "--no-unikernel", "zarith<1.0")...)
	if code != 3 || !strings.HasPrefix(errs, "opam2drv: no solution: these constraints cannot all hold:\n") || !strings.Contains(errs, "zarith < 1.0") {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	// The same request as a unikernel: the joint solve's explanation.
	_, errs, code = runCmd(t, append(miniArgs[:len(miniArgs):len(miniArgs)], "zarith<1.0")...)
	if code != 3 || !strings.Contains(errs, "opam2drv: no solution: the request asks for zarith < 1.0 (no available version matches) (command line)") {
		t.Fatalf("unikernel: exit %d, stderr:\n%s", code, errs)
	}
	if _, err := os.Stat(defaultLock); !os.IsNotExist(err) {
		t.Fatalf("a lock was written although there is no solution: %v", err)
	}
}

func TestLockUsage(t *testing.T) {
	miniProject(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"lock", "--no-unikernel", "unikernel.opam"}, "give at least one --repo PATH"},
		{[]string{"lock", "--no-unikernel", "--no-pin-tool", "--repo", "x", "unikernel.opam"}, "--no-pin-tool apply to unikernels only"},
		{[]string{"lock", "--no-unikernel", "--unikernel", "unikernel.opam"}, "--no-unikernel contradicts --unikernel"},
		{[]string{"lock", "--with-test", "unikernel.opam"}, "--with-test and --with-doc do not apply to unikernels"},
		{[]string{"lock", "--repo-map", "novalue", "unikernel.opam"}, `--repo-map "novalue": want NAME=VALUE`},
		{[]string{"lock", "--from-monorepo-lock", "unikernel.opam", "unikernel.opam", "fmt"}, "--from-monorepo-lock takes every version from the lock: give no constraint"},
		{[]string{"lock", "--repo", "x", "--env", "novalue", "unikernel.opam"}, `--env "novalue": want NAME=VALUE`},
		{[]string{"lock", "--repo", "x", "not a constraint!"}, `"not a constraint!" is neither a file nor a folder nor a package constraint`},
		{[]string{"lock", "--repo", "a=x", "--repo", "a=y", "unikernel.opam"}, `two repositories are named "a"`},
	}
	for _, tt := range tests {
		_, errs, code := runCmd(t, tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
	out, _, code := runCmd(t, "help", "lock")
	if code != 0 || !strings.Contains(out, "Example, a MirageOS unikernel") || !strings.Contains(out, "-prefetch") {
		t.Fatalf("help lock: exit %d\n%s", code, out)
	}
}

func TestParseRepoSpec(t *testing.T) {
	tests := []struct{ in, name, path, id string }{
		{"../snap/2024-06-01.tar.gz", "2024-06-01", "../snap/2024-06-01.tar.gz", ""},
		{"opam-repository=/srv/repo@331eeb2", "opam-repository", "/srv/repo", "331eeb2"},
		{"/home/me@work/repo", "repo", "/home/me@work/repo", ""},
		{"r=a=b", "r", "a=b", ""},
	}
	for _, tt := range tests {
		r, err := parseRepoSpec(tt.in)
		if err != nil || r.name != tt.name || r.path != tt.path || r.id != tt.id {
			t.Errorf("parseRepoSpec(%q) = %q %q %q, %v; want %q %q %q", tt.in, r.name, r.path, r.id, err, tt.name, tt.path, tt.id)
		}
	}
}

// chdir changes the working folder for the rest of the test.
func chdir(t *testing.T, dir string) {
	t.Helper()
	prev, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(prev) })
}

func TestProjectFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(p, content string) {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("unikernel/mirage/hello-hvt.opam", "opam-version: \"2.0\"\n")
	write("unikernel/config.ml", "")
	write("lib/opam", "opam-version: \"2.0\"\n")
	write("named/x.1.0.opam", "opam-version: \"2.0\"\nname: \"real-name\"\n")
	write("empty/README", "")

	projects, lockDir, err := readProjects([]string{filepath.Join(dir, "unikernel"), filepath.Join(dir, "lib"), filepath.Join(dir, "named")})
	if err != nil {
		t.Fatal(err)
	}
	if err := relativize(projects, lockDir); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range projects {
		got = append(got, p.name+" "+p.rel)
	}
	want := []string{"hello-hvt mirage/hello-hvt.opam", "lib ../lib/opam", "real-name ../named/x.1.0.opam"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("projects (-want +got):\n%s", d)
	}
	if lockDir != filepath.Join(dir, "unikernel") {
		t.Fatalf("lock folder %s, want the first project's folder", lockDir)
	}
	_, _, err = readProjects([]string{filepath.Join(dir, "empty")})
	if err == nil || !strings.Contains(err.Error(), "no *.opam file here nor in") {
		t.Fatalf("empty folder: error %v", err)
	}
	_, _, err = readProjects([]string{filepath.Join(dir, "unikernel"), filepath.Join(dir, "unikernel/mirage/hello-hvt.opam")})
	if err == nil || !strings.Contains(err.Error(), "both define package hello-hvt") {
		t.Fatalf("duplicate project: error %v", err)
	}
}
