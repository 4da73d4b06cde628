// Package fetch is the only package of opam2drv that touches the network.
//
// It downloads opam sources and computes the hashes Nix needs to fetch them
// again as fixed-output derivations:
//
//   - Checksum and SRI parse opam's `checksum` entries (`md5=…`, `sha256=…`,
//     `sha512=…`) and turn the best of them into a Nix SRI hash: sha512 is
//     preferred, then sha256. An md5 alone never becomes a Nix hash; the
//     file must be downloaded and hashed (Fetcher.Archive).
//   - Fetcher.Archive downloads a file over HTTP(S), trying each URL in the
//     order given (opam's `src`, then its mirrors), retrying transient
//     failures a bounded number of times with a deterministic backoff, and
//     verifying every opam checksum. A mismatch is a *ChecksumError that
//     shows the URL and both hashes. Verified files are kept in a
//     content-addressed cache folder, so a second fetch of the same
//     checksum does no I/O on the network.
//   - Fetcher.Git checks out a git source (`git+https://…#ref`,
//     `git+file://…`) with the git command, resolves the ref to a full
//     commit, removes `.git` and hashes the tree as Nix's fetchgit does:
//     the sha256 of the NAR serialisation of the folder (NARHash).
//   - Fetcher.All runs many fetches on a bounded pool of workers, with one
//     result or error per item and an optional progress callback.
//
// Nothing here prints; errors name the URL and what to do.
package fetch
