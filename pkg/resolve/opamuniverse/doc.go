// Package opamuniverse presents opam files as a [resolve.Universe]: it
// evaluates each version's available field, flags and filtered
// dependencies under a variable environment, the way opam 2.1 does for an
// install from an empty switch, and reduces them to plain formulas. The
// evaluation and reduction are pkg/opam's ([opam.EvalAvailable],
// [opam.Reduce]); this package supplies the variables and converts the
// result, keeping each atom's position for explanations.
//
// Rules, as measured on opam 2.1.2 (see docs/resolver.md):
//
//   - Filters see build=true, post=true, dev=false, with-test and with-doc
//     false except for the names the caller lists, opam-version 2.1.2, the
//     package's own name and version, and the caller's variables
//     (platform variables, user variables such as monorepo).
//   - In a dependency's filter an undefined value counts as false, so the
//     dependency is dropped ({foo}, {!foo}, {foo = "x"} alike when foo is
//     unknown); `?foo` is false when foo is undefined. In available, an
//     undefined value makes the version unavailable.
//   - Within a filtered formula, a true filter leaves the atom
//     unconstrained, a false one removes the atom; an And or Or with a
//     removed side keeps the other side, as opam's formulas do.
//   - A version given by an undefined variable drops the constraint and
//     keeps the atom; an interpolation of one expands to the empty string.
//     (opam 2.1.2 keeps the dependency and then fails the request.)
//   - depopts and deprecated are ignored; conflicts are reduced the same
//     way as depends, and each remaining atom is one conflict.
//   - An unavailable version is returned with no dependencies, conflicts
//     or flags: they can never matter.
//
// A Universe reads each name's files once and keeps the result; it is
// safe for concurrent use.
package opamuniverse
