#!/usr/bin/env bash
# tests/nix/bench.sh - how long Nix takes to evaluate the library (no
# import-from-derivation) with the stand-in pkgs: every package's
# derivation instantiated, as nix-build does before building.
#
#   tests/nix/bench.sh [RUNS]
#
# Plans: synthetic ones of 100, 1,000 and 5,000 packages
# (tests/nix/synthplan), and, when ../shared is there, the largest real
# package set made from opam's own solutions (tests/nix/realplan).
#
# "eval" is `nix-instantiate --eval --strict` of every package's drvPath
# (read-only: derivation hashes are computed, nothing is written): the
# first run, and the median of RUNS more with Nix's own CPU time
# (NIX_SHOW_STATS cpuTime; wall time depends on the machine's load).
# "instantiate" is `nix-instantiate` of every package, which also writes
# the .drv files, on derivations the store has not seen before.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs=${1:-5}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hillingar-nix-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/conf" "$tmp/cache"
printf '%s\n' 'substituters =' 'build-users-group =' 'sandbox = false' \
  'experimental-features = nix-command flakes' 'allow-import-from-derivation = false' \
  'fsync-metadata = false' 'flake-registry = /dev/null' >"$tmp/conf/nix.conf"
export NIX_CONF_DIR="$tmp/conf" XDG_CACHE_HOME="$tmp/cache"

# once PLAN: prints "wall cpu" in seconds.
once() {
  local t0 t1 cpu
  t0=${EPOCHREALTIME/[.,]/}
  cpu=$(NIX_SHOW_STATS=1 NIX_SHOW_STATS_PATH="$tmp/stats.json" \
    nix-instantiate --eval --strict --json tests/nix/bench.nix --arg planFile "$1" >/dev/null 2>"$tmp/err" &&
    sed -n 's/.*"cpuTime": *\([0-9.e-]*\).*/\1/p' "$tmp/stats.json")
  t1=${EPOCHREALTIME/[.,]/}
  [ -n "$cpu" ] || { cat "$tmp/err" >&2; exit 1; }
  printf '%d.%03d %s\n' $(((t1 - t0) / 1000000)) $(((t1 - t0) / 1000 % 1000)) "$cpu"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# inst PLAN: wall seconds of nix-instantiate writing every .drv file.
inst() {
  local t0 t1
  t0=${EPOCHREALTIME/[.,]/}
  nix-instantiate tests/nix/bench.nix --arg planFile "$1" --arg drvs true >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
  t1=${EPOCHREALTIME/[.,]/}
  printf '%d.%03d\n' $(((t1 - t0) / 1000000)) $(((t1 - t0) / 1000 % 1000))
}

measure() { # measure LABEL PLAN
  local n cold warm_wall warm_cpu written
  n=$(nix-instantiate --eval -E "builtins.length (builtins.attrNames (builtins.fromJSON (builtins.readFile $2)).packages)")
  cold=$(once "$2")
  for _ in $(seq "$runs"); do once "$2"; done >"$tmp/warm"
  warm_wall=$(cut -d' ' -f1 "$tmp/warm" | median)
  warm_cpu=$(cut -d' ' -f2 "$tmp/warm" | median)
  written=$(inst "$2")
  printf '| %s | %s | %s s | %s s | %.3f s | %s s |\n' "$1" "$n" "${cold% *}" "$warm_wall" "$warm_cpu" "$written"
}

go build -o "$tmp/synthplan" ./tests/nix/synthplan
stamp=$(date +%s)
echo "| plan | packages | eval, first | eval, median of $runs | eval, Nix CPU | instantiate (new .drv) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for n in 100 1000 5000; do
  "$tmp/synthplan" -n "$n" -version "1.0.$stamp" >"$tmp/synth-$n.json"
  measure "synthetic $n" "$tmp/synth-$n.json"
done
shared="$root/../shared"
if [ -d "$shared/oracle" ]; then
  go build -o "$tmp/realplan" ./tests/nix/realplan
  mkdir -p "$tmp/real"
  "$tmp/realplan" -repo "$shared/opam-repository/2024-06-01.tar.gz" -o "$tmp/real" \
    "$shared/oracle/2024-06-01"/*.solution
  largest=$(for f in "$tmp/real"/*.json; do echo "$(wc -c <"$f") $f"; done | sort -n | tail -1 | cut -d' ' -f2)
  # Its derivations may already be in the store (test-nix.sh writes them):
  # then "instantiate" measures the same evaluation without new writes.
  measure "real: $(basename "$largest" .json) (2024-06-01)" "$largest"
fi
echo
echo "Nix $(nix --version | cut -d' ' -f3), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
