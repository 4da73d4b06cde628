#!/usr/bin/env bash
# scripts/lock-example.sh - the main job on real input, on a fresh clone:
# build opam2drv and lock a real MirageOS unikernel (the opam file that
# `mirage configure -t hvt` wrote for hannesm's hello, mirage 4.10.4) against
# the real repository subset in tests/repo-subset (opam-repository 2026-08-22
# and the dune-universe overlays), then check the lock and ask why lwt is in
# it. Needs Go 1.23+ and no network. Paths are relative to the repository's
# root, so the lock's regenerate entry is too.
#
# usage: scripts/lock-example.sh    (writes hello-hvt.lock.json at the root)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/opam2drv
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/opam2drv

set -x
"$bin" -v lock -o hello-hvt.lock.json \
  --repo opam-overlays=tests/repo-subset/opam-overlays \
  --repo mirage-overlays=tests/repo-subset/mirage-opam-overlays \
  --repo opam-repository=tests/repo-subset/opam-repository \
  tests/example/hello-hvt.opam
"$bin" lock --check -o hello-hvt.lock.json
"$bin" why lwt --lock hello-hvt.lock.json
set +x
echo "lock written to hello-hvt.lock.json"
