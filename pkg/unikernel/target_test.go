package unikernel

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
)

// TargetOf on opam files mirage configure wrote (folders 01, 03, 05) and
// on the mirage tool's test file.
func TestTargetOfGenerated(t *testing.T) {
	hello := []string{"sh", "-exc", "cd tutorial/hello/ && mirage configure -t hvt --context-file ./mirage/context --no-extra-repo"}
	tests := []struct {
		file, name string
		want       Target
	}{
		{"generated/mirage_hello-hvt.opam", "mirage_hello-hvt", Target{Name: "hello", Target: "hvt",
			Artefacts: []string{"tutorial/hello/dist/hello.hvt"}, ConfigureCommand: hello}},
		{"generated/mirage_between_blocks-unix.opam", "mirage_between_blocks-unix", Target{Name: "between_blocks", Target: "unix",
			Artefacts:        []string{"dist/between_blocks"},
			ConfigureCommand: []string{"sh", "-exc", "mirage configure config -t unix --context ./mirage/context --no-extra-repo"}}},
		{"generated/noop-hvt.mirage-4.2.0.opam", "noop-hvt", Target{Name: "noop", Target: "hvt",
			Artefacts: []string{"dist/noop.hvt"}, ConfigureCommand: []string{"sh", "-exc", "mirage configure --target hvt --no-extra-repo"}}},
		// No target in the name and an extension that is none: the
		// artefact's whole file name.
		{"06-mini-repos/unikernel.opam", "noop", Target{Name: "f0.exe", Artefacts: []string{"dist/f0.exe"}, ConfigureCommand: []string{}}},
	}
	for _, tt := range tests {
		f, _ := readOpam(t, filepath.Join("testdata/cases", tt.file))
		tt.want.OpamFile = "mirage/" + filepath.Base(tt.file)
		got := TargetOf(tt.name, tt.want.OpamFile, f)
		if d := cmp.Diff(&tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.file, d)
		}
	}
}

// Install steps that name no plain copy give no artefact; filtered
// commands and single commands count.
func TestTargetOfInstallShapes(t *testing.T) {
	tests := []struct {
		install string
		want    []string
	}{
		{`["cp" "dist/a.spt" "%{bin}%/a.spt"]`, []string{"dist/a.spt"}},
		{`[["cp" "dist/a.spt" "%{bin}%/a.spt"] {os = "linux"} ["cp" "-r" "x" "y"]]`, []string{"dist/a.spt"}},
		{`[["cp" "%{lib}%/a" "b"] ["cp" "/abs/a" "b"] ["install" "a" "b"] ["cp" "./d/../x.xen" "y"]]`, []string{"x.xen"}},
		{`[]`, []string{}},
	}
	for _, tt := range tests {
		src := "opam-version: \"2.0\"\ninstall: " + tt.install + "\n"
		f, err := opam.Parse("t.opam", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		got := TargetOf("a-spt", "t.opam", f)
		if d := cmp.Diff(tt.want, got.Artefacts); d != "" {
			t.Errorf("install %s (-want +got):\n%s", tt.install, d)
		}
		if got.Target != "spt" {
			t.Errorf("install %s: target %q, want spt", tt.install, got.Target)
		}
	}
}

// The artefact's extension is the target's, which is not always the
// target's name.
func TestTargetOfExtensions(t *testing.T) {
	tests := []struct{ pkg, artefact, name, target string }{
		{"fw-qubes", "dist/qubes-firewall.xen", "qubes-firewall", "qubes"},
		{"fw", "dist/qubes-firewall.xen", "qubes-firewall", "xen"},
		{"u-unikraft-qemu", "dist/u.qemu", "u", "unikraft-qemu"},
		{"u", "dist/u.fc", "u", "unikraft-firecracker"},
		{"u-unix", "dist/u.exe", "u.exe", "unix"},
		{"u-hvt", "dist/u.spt", "u.spt", "hvt"},
		{"u-macosx", "dist/u", "u", "macosx"},
	}
	for _, tt := range tests {
		f, err := opam.Parse("t.opam", []byte("opam-version: \"2.0\"\ninstall: [[\"cp\" \""+tt.artefact+"\" \"%{bin}%/x\"]]\n"))
		if err != nil {
			t.Fatal(err)
		}
		got := TargetOf(tt.pkg, "t.opam", f)
		if got.Name != tt.name || got.Target != tt.target {
			t.Errorf("TargetOf(%s, %s) = %s, %s; want %s, %s", tt.pkg, tt.artefact, got.Name, got.Target, tt.name, tt.target)
		}
	}
}

// Record writes the header key that drv.Decode accepts and keeps.
func TestTargetRecord(t *testing.T) {
	dp := &drv.Plan{Schema: drv.Schema, Generator: "opam2drv test", Regenerate: []string{"opam2drv", "lock"}, Env: map[string]string{},
		Projects: map[string]*drv.Project{}, MissingHashes: []string{}, Packages: map[string]*drv.Package{},
		Inputs: drv.Inputs{Files: map[string]string{}}}
	tg := &Target{Name: "hello", Target: "hvt", Artefacts: []string{"dist/hello.hvt"}, OpamFile: "mirage/hello-hvt.opam", ConfigureCommand: []string{}}
	if err := tg.Record(dp); err != nil {
		t.Fatal(err)
	}
	b, err := drv.Encode(dp)
	if err != nil {
		t.Fatal(err)
	}
	back, err := drv.Decode("plan", b)
	if err != nil {
		t.Fatal(err)
	}
	var got Target
	if err := json.Unmarshal(back.Unikernel, &got); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(*tg, got); d != "" {
		t.Errorf("read back (-want +got):\n%s", d)
	}
}
