#!/usr/bin/env bash
# scripts/lock-example.sh - the main job on real input, on a fresh clone:
# build opam2drv and lock a real MirageOS unikernel (the opam file that
# `mirage configure -t hvt` wrote for hannesm's hello, mirage 4.10.4) against
# the real repository subset in tests/repo-subset (opam-repository 2026-08-22
# and the dune-universe overlays). Needs Go 1.23+, no network.
#
# usage: scripts/lock-example.sh [OUT]    (default OUT: ./hello-hvt.lock.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$PWD/hello-hvt.lock.json}
bin=$(mktemp -d)/opam2drv
trap 'rm -rf "$(dirname "$bin")"' EXIT

(cd "$root" && go build -o "$bin" ./cmd/opam2drv)
subset=$root/tests/repo-subset
"$bin" -v lock -o "$out" \
  --repo "opam-overlays=$subset/opam-overlays" \
  --repo "mirage-overlays=$subset/mirage-opam-overlays" \
  --repo "opam-repository=$subset/opam-repository" \
  "$root/tests/example/hello-hvt.opam"

echo "lock written to $out"
echo "why is lwt in it?"
"$bin" why lwt --lock "$out"
