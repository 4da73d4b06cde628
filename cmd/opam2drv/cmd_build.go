package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/hillingar/hillingar/pkg/build"
)

// The build-time helpers run inside the derivations nix/lib.nix makes.
// They are hidden: users never call them.

// Environment variables the Nix library sets in every package derivation
// (passAsFile makes the *Path ones).
const (
	envRecord  = "opam2drvRecordPath"
	envContext = "opam2drvContextPath"
)

func init() {
	// Called as "opam" (the shim symlink on PATH): answer as opam would.
	if len(os.Args) > 0 && filepath.Base(os.Args[0]) == "opam" {
		// "--" ends the flags: opam's own (--version, --safe) are data.
		os.Args = append([]string{os.Args[0], "opam-shim", "--"}, os.Args[1:]...)
	}
	register(&Command{
		Name:      "build-phase",
		UsageLine: "build-phase prepare|build|install",
		Short:     "run one phase of a package build inside a Nix derivation",
		Long: `
build-phase runs one phase of an opam package's build inside a derivation
made by nix/lib.nix. It reads the package record from $opam2drvRecordPath
and the build context from $opam2drvContextPath, builds in the current
directory and installs into $out.

  prepare  write the lock's files, apply patches, expand substs
  build    run the build steps
  install  run the install steps, install from <name>.install, record
           the package's variables for its dependents

Example (what the derivation's buildPhase runs):

	opam2drv build-phase build
`,
		Hidden: true,
		Run:    runBuildPhase,
	})
	register(&Command{
		Name:      "opam-shim",
		UsageLine: "opam-shim ARGS...",
		Short:     "answer opam var and opam config subst inside a build",
		Long: `
opam-shim answers "opam var NAME", "opam config var NAME", "opam config
subst FILE" and a few more for build scripts that call opam inside a
hillingar build. Builds reach it through an "opam" symlink on PATH.

Example:

	opam-shim var lib
`,
		Hidden: true,
		Run:    runOpamShim,
	})
}

// buildScope loads the package's scope from the derivation's environment.
func buildScope() (*build.Scope, error) {
	rec, ctx, out := os.Getenv(envRecord), os.Getenv(envContext), os.Getenv("out")
	if rec == "" || out == "" {
		return nil, fmt.Errorf("$%s and $out must be set: this command runs inside a derivation made by nix/lib.nix", envRecord)
	}
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	return build.LoadScope(rec, ctx, out, dir, os.Getenv("NIX_BUILD_CORES"))
}

func runBuildPhase(ctx *Context, args []string) error {
	if len(args) != 1 {
		return usagef("want one phase: prepare, build or install")
	}
	s, err := buildScope()
	if err != nil {
		return err
	}
	shim, err := makeShim()
	if err != nil {
		return err
	}
	b := &build.Builder{Scope: s, Base: build.EnvironFrom(os.Environ()), ShimDir: shim,
		Stdout: ctx.Stdout, Stderr: ctx.Stderr}
	switch args[0] {
	case "prepare":
		return b.Prepare()
	case "build":
		return b.Build()
	case "install":
		return b.Install()
	}
	return usagef("unknown phase %q: want prepare, build or install", args[0])
}

// makeShim makes a folder holding an "opam" symlink to this program.
func makeShim() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), "opam2drv-shim")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	link := filepath.Join(dir, "opam")
	if target, err := os.Readlink(link); err == nil && target == self {
		return dir, nil
	}
	os.Remove(link)
	return dir, os.Symlink(self, link)
}

func runOpamShim(ctx *Context, args []string) error {
	s, err := buildScope()
	if err != nil {
		return err
	}
	return build.Shim(s, args, ctx.Stdout)
}
