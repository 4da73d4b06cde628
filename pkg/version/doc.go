// Package version implements opam's version order.
//
// opam orders versions the way Debian orders package versions, without
// epochs (opam never accepts ':' in a version, and opam 2.3 stopped reading
// epochs). A version is first cut at its last '-' into an upstream part and a
// revision (empty when there is no '-'); the upstream parts are compared
// first and the revisions break ties. Each part is read as alternating
// chunks: a (possibly empty) run of non-digits, then a (possibly empty) run
// of digits, and so on. Two versions are compared chunk by chunk, from the
// left:
//
//   - Non-digit chunks are compared byte by byte, where '~' sorts before
//     everything, even before the end of the chunk; letters sort before every
//     other byte; letters compare by ASCII code among themselves ('A' < 'a'),
//     and so do the other bytes ('+' < '-' < '.' < '_').
//   - Digit chunks are compared as numbers of any length: leading zeros do
//     not count, so "1.01" and "1.1" are equal, and no chunk overflows.
//
// So "1.0~beta" < "1.0" < "1.0a" < "1.0+dune" < "1.0.1", and
// "~~" < "~~a" < "~" < "" < "a". Because of the cut at the last '-',
// "1.0-a" < "1.0+a" (the upstream parts are "1.0" and "1.0+a") and
// "1.0-beta" > "1.0" (equal upstream parts, then revision "beta" > "").
//
// The order is defined on every string, including ones that opam would not
// accept as a version (see [Valid]). Versions that compare equal but are
// spelled differently ("1.01" and "1.1", "1.0" and "1.0-0") are different
// versions to opam: use string equality to tell them apart and [Compare] to
// order them.
//
// Compare does not allocate and is safe for concurrent use.
//
// See the opam manual, section "Version ordering":
// https://opam.ocaml.org/doc/Manual.html#Version-ordering
package version
