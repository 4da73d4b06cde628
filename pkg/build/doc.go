// Package build is the build-time half of hillingar: the code that runs
// inside a Nix derivation to build one opam package from its plan record.
//
// The Nix library (nix/lib.nix) hands each derivation two JSON documents:
// the package's record from the plan (see docs/lock-format.md) and a
// [Context] naming the store paths of the dependencies visible at build
// time. From them this package
//
//   - resolves opam variables ([Scope]): global ones (prefix, lib, jobs,
//     with-test, os, ...), the package's own (_:name, _:lib, ...) and those
//     of its dependencies (dune:bin, ocaml:native, lwt:installed,
//     pkg1+pkg2:enable), including each dependency's .config variables;
//   - evaluates residual filters ([Scope.EvalFilter]) and fills the
//     placeholders of arguments ([Scope.Arg]);
//   - prepares the source (extra files, patches, substs), runs the build
//     and install steps with execve semantics (an argument is one argv
//     element, never re-split or quoted by a shell), and installs from
//     the package's .install file ([InstallFile]);
//   - writes a metadata file into the output so that dependents see the
//     package's variables, setenv updates and run-time closure;
//   - answers `opam var` and `opam config subst` for build scripts that call
//     opam.
//
// Every error names the package and the field or file it comes from. The
// package prints nothing of its own accord: a [Builder] logs each command
// it runs ("+ [argv as JSON]") and the commands' output to the writers it
// is given, and opam2drv's hidden build-phase and opam-shim commands wire
// them to the build log.
package build
