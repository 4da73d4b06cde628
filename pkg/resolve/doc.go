// Package resolve chooses one version per needed opam package name, the way
// opam 2.1 does, with the SAT solver github.com/go-air/gini.
//
// The resolver does no I/O. It reads packages through a [Universe], lazily:
// starting from the request it asks only for the names the request can
// reach, through the dependencies of available versions. Every version of
// each reached name is read, because opam's version lag counts all of them.
//
// # Semantics
//
// The rules are opam 2.1's, as measured on opam 2.1.2:
//
//   - Every package conflicts with the other versions of its name.
//   - A version whose Available is false is never chosen.
//   - Depends is a formula of atoms under And and Or; the caller has already
//     evaluated filters (a dependency whose filter is undefined is dropped,
//     as opam does). Conflicts are atoms, each forbidding the versions it
//     matches. Versions sharing a conflict class exclude each other when
//     their names differ.
//   - depopts and deprecated take no part in the solve: the caller leaves
//     them out.
//   - The request is a list of atoms (the "requested" packages of opam's
//     second criterion) and a list of roots, the project's own opam files,
//     whose dependencies must hold but whose names are not requested.
//
// # Objective
//
// Plans are compared by [Cost], opam 2.1's default install criteria from an
// empty switch, lexicographically: the number of avoid-version packages, the
// summed version lag of the requested names, the summed version lag of all
// installed names, and the number of installed packages. The lag of a
// version counts the available versions of its name: normal versions are
// numbered in increasing order first, avoid-version ones after them, and
// lag = count - index - 1.
//
// # Encoding
//
// Reading starts from the request: a version is a candidate when it is
// available and some reached atom allows it (a request atom, a project
// dependency, or a dependency of a candidate), and only candidates get a
// variable. Removing unneeded packages from a plan keeps it valid and
// never raises its cost, so a best plan exists among candidates.
//
// One variable per candidate, at most one per name. Each input constraint
// (a request atom, a project dependency, one top-level conjunct of a
// version's depends, one conflict, one conflict class) is guarded by its
// own selector literal. The first solve assumes every selector: when it
// fails, gini's failed assumptions name constraints, which are shrunk to a
// minimal set and returned as a [*NoSolutionError] that reads as a chain of
// requirements. When it succeeds the selectors become unit clauses.
//
// Lag is unary: per name, literals "the installed version has lag >= k",
// each implying the one before. Each criterion is minimised in turn by
// core-guided search (OLL): every unsatisfiable core raises the lower
// bound by one and gets a small cardinality network over its literals,
// added lazily; lag literals act as ready-made counters. The final
// assumptions of a criterion become unit clauses while the next ones are
// minimised. Bounds on the search are counted in cores, never in time, so
// the same input gives the same answer on any machine.
//
// [Check] and [Objective] verify any plan independently of the encoder.
// docs/resolver.md in the repository describes the design in more detail.
package resolve
