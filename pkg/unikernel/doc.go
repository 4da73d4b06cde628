// Package unikernel locks MirageOS unikernels: one joint solve of the tools
// that run on the build machine and the libraries vendored into
// duniverse/, with opam-monorepo's rules applied to the vendored half.
//
// The rules, and where each comes from, are in docs/unikernel.md. In short:
//
//   - [Meta.Safe] tells the packages that are never vendored: the compiler
//     flag, the names ocaml and ocaml-compiler, the skip list (dune,
//     jbuilder, ocamlbuild, ocamlmod, oasis, ocamlify) and virtual packages
//     (no url; conf flag without dev-repo; no build and no install
//     commands).
//   - [Eligible] tells which versions may be vendored: safe ones, or ones
//     that depend on dune; and, where a name has any version tagged
//     cross-compile and cross-compilation is required, only the tagged
//     ones.
//   - [Solve] runs one solve over a universe holding every name twice, a
//     host copy and a vendored copy, tied to one version per name, and
//     splits the answer into host and vendored packages.
//   - [DirName] and [Group] make the duniverse folders from dev-repos.
//   - [ReadConfig] and [MapRepositories] read the x-opam-monorepo-* and
//     x-mirage-* fields of generated opam files and map the repositories
//     they name to local copies (nothing is ever fetched).
//   - [Lock] puts these together over opam files: it is what
//     `opam2drv lock` runs in unikernel mode. [ReadPins] and [PinnedFile]
//     read pin-depends; the caller finds each pin's opam file offline and
//     hands it over in [LockOptions].Pins.
//   - [ReadMonorepoLock] and [FromMonorepoLock] turn an existing
//     opam-monorepo lock into a plan without solving.
//   - [Annotate] writes the split into a plan made by package drv: a
//     "vendor" object on vendored records and the "duniverse" map.
//     [TargetOf] reads the unikernel's name, target and artefacts from its
//     opam file, and [Target.Record] writes them as the header's
//     "unikernel" object.
//
// The package does no I/O beyond what its callers hand it, never prints,
// and returns typed errors with positions; several are joined with
// errors.Join.
package unikernel
