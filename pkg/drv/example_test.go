package drv_test

import (
	"fmt"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
)

// Build evaluates what is known when the lock is written and keeps the
// rest as placeholders and residual filters.
func ExampleBuild() {
	f, err := opam.ParseString("hello.opam", `
depends: [ "ocaml" "dune" {build} "alcotest" {with-test} ]
build: [
  ["dune" "build" "-p" name "-j" jobs]
  ["dune" "runtest" "-p" name] {with-test & os = "linux"}
  ["make" "mac"] {os = "macos"}
]`)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := drv.Build(&drv.Request{
		Env: map[string]string{"os": "linux", "arch": "x86_64"},
		Packages: []drv.Input{
			{Name: "hello", Version: "1.0", Opam: f},
			{Name: "ocaml", Version: "5.2.1", Opam: &opam.File{}},
			{Name: "dune", Version: "3.16.0", Opam: &opam.File{}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	hello := plan.Packages["hello"]
	fmt.Println("run:", hello.Depends.Run, "build:", hello.Depends.Build, "test:", hello.Depends.Test)
	for _, step := range hello.Build {
		b, _ := step.Args[len(step.Args)-1].MarshalJSON()
		filter := "always"
		if step.Filter != nil {
			fb, _ := step.Filter.MarshalJSON()
			filter = string(fb)
		}
		fmt.Printf("%d args, last %s, filter %s\n", len(step.Args), b, filter)
	}
	// Output:
	// run: [ocaml] build: [dune] test: []
	// 6 args, last {"parts":[{"var":"jobs"}]}, filter always
	// 4 args, last "hello", filter {"var":"with-test"}
}
