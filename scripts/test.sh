#!/usr/bin/env bash
# scripts/test.sh - the whole test suite, on a fresh Debian machine.
#
# Installs what the tests need when it is missing (Debian's nix-bin,
# ocaml-nox, ocaml-dune, ocaml-findlib), then runs the Go tests (with the
# race detector), the Nix library tests and the unikernel build tests with a
# real Nix. Tests that compare with real data use ../shared when it is
# present and skip, saying so, when it is not.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/testing.sh
need_tools test.sh nix-build=nix-bin ocamlfind=ocaml-findlib dune=ocaml-dune \
  ocamlopt=ocaml-nox patch=patch curl=curl git=git python3=python3

if [ -d ../shared/opam-repository ]; then
  echo "test.sh: real data found in ../shared: snapshot and oracle tests run" >&2
else
  echo "test.sh: no ../shared beside the repository: tests of the full snapshots, opam's stored answers and the real cases are skipped (the committed subsets under tests/ and testdata/ still run)" >&2
fi

echo "== go vet" >&2
go vet ./...
echo "== go test (race detector)" >&2
# The Nix scripts run below, once, with their own output; tests/nix would
# otherwise run scripts/test-nix.sh a second time from inside go test.
HILLINGAR_SKIP_NIX=1 go test -race -count=1 ./...
echo "== Nix library tests" >&2
./scripts/test-nix.sh
echo "== unikernel build tests" >&2
./scripts/test-nix-unikernel.sh
