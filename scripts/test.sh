#!/usr/bin/env bash
# scripts/test.sh - the whole test suite, on a fresh Debian machine.
# Installs what the tests need when it is missing (Debian's nix-bin, ocaml-nox,
# ocaml-dune, ocaml-findlib), then runs the Go tests (with the race detector)
# and the Nix library tests. Uses ../shared when present.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v nix-build >/dev/null || need+=(nix-bin)
command -v ocamlfind >/dev/null || need+=(ocaml-findlib)
command -v dune >/dev/null || need+=(ocaml-dune)
command -v ocamlc >/dev/null || need+=(ocaml-nox)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

go vet ./...
go test -race -count=1 ./...
