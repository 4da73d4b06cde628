package opam

// EmulatedVersion is the version of opam whose behaviour hillingar
// follows, measured against Debian's opam 2.1.2: the value of the
// opam-version variable in filters and what `opam --version` answers
// inside a build.
const EmulatedVersion = "2.1.2"
