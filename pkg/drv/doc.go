// Package drv turns a resolved opam selection into a plan (a lock): the
// JSON document that hillingar's Nix library imports, described in
// docs/lock-format.md (schema 1).
//
// Build takes the selected packages (their parsed opam files and files/
// folders), the project's own opam files and the solve's environment, and
// evaluates everything known when the lock is written:
//
//   - global variables of the environment (arch, os, os-distribution, ...),
//     the package's name and version, `pkg:version`, `pkg:installed`,
//     `pkg:enable` and `pkg:name` of plan members, `dev` and `pinned`
//     (false), `build` and `post` (true, as depends flags);
//   - every filter over those, with opam's rules: comparisons order their
//     operands as versions; `&` and `|` let false and true absorb undefined;
//     an undefined filter is false; a variable outside the environment and
//     outside BuildTimeVariables is undefined, as opam would find it.
//
// What only a build knows stays as data: BuildTimeVariables (with-test,
// with-doc, jobs, prefix, lib, make, ...), `_:var`, and `pkg:var` of plan
// members for any other var (ocaml:native, conf-gmp:path, lwt+ptime:lib),
// become placeholders {"var": NAME}; filters over them become residual
// filters. One departure from opam: inside a residual filter an undefined
// operand is written as false (JSON has no undefined), which differs from
// opam only under `!` or `?` of an undefined and build-time mix.
//
// Dependencies are classified by evaluating each atom's constraint with
// the flags set in turn: true with no flag set is run; with build only,
// build; with post only, post; with with-test or with-doc (and the
// others), test or doc. A name keeps its strongest kind (run > build >
// post > test > doc). Version constraints are not re-checked: the solver
// did.
//
// Sources follow opam 2.1's URL rules (ParseURL): "git+TRANSPORT://" and
// "git://" are git sources, with "#REF" as their ref; http(s), ftp and
// the other download protocols are archives, whatever the path's suffix
// ("https://host/r.git" is an archive, as opam reads it, with a warning);
// Mercurial, Darcs, local and rsync sources are refused
// (*UnsupportedSourceError), since Nix could not fetch them from the lock.
//
// Hashes: an archive's hash is the SRI form of its best opam checksum
// (sha512, then sha256; see package fetch). Packages whose source or an
// extra source has none, and git sources not yet prefetched, are listed in
// the plan's missingHashes, never given a wrong hash.
//
// Encode and WriteFile write the plan deterministically (sorted keys,
// sorted lists where the format says so, two-space indentation, final
// newline); WriteFile replaces the file atomically. Read and Decode load a
// plan and validate it.
package drv
