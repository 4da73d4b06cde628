#!/usr/bin/env bash
# scripts/bench-load.sh - how long opam2drv takes to read and parse a whole
# opam-repository archive, against `tar -xzOf` just decompressing it.
#
# usage: scripts/bench-load.sh [ARCHIVE] [RUNS]
#   ARCHIVE  default ../shared/opam-repository/2024-06-01.tar.gz
#   RUNS     default 5; the two commands alternate, and the medians are compared
#
# It builds opam2drv, then times `opam2drv stats -repo ARCHIVE` (which opens
# the archive, parses every opam file and holds them all) and
# `tar -xzOf ARCHIVE > /dev/null` with /usr/bin/time, and prints both
# medians, their ratio, and opam2drv's peak RSS (the largest of the runs).
# CPU time (user+sys) is printed too: on a busy machine wall time says
# little, and on an idle one opam2drv's wall time is about its CPU time
# divided by the cores it can use.
# Results are recorded in docs/benchmarks-loading.md.
set -euo pipefail
cd "$(dirname "$0")/.."
archive=${1:-../shared/opam-repository/2024-06-01.tar.gz}
runs=${2:-5}
[[ -f "$archive" ]] || { echo "bench-load.sh: no archive at $archive" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/opam2drv" ./cmd/opam2drv

for ((i = 0; i < runs; i++)); do
  /usr/bin/time -a -o "$tmp/tar.txt" -f '%e %M %U %S' tar -xzOf "$archive" >/dev/null
  /usr/bin/time -a -o "$tmp/load.txt" -f '%e %M %U %S' "$tmp/opam2drv" stats -repo "$archive" >"$tmp/stats.txt"
done

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
tar_s=$(cut -d' ' -f1 "$tmp/tar.txt" | median)
load_s=$(cut -d' ' -f1 "$tmp/load.txt" | median)
rss_kb=$(cut -d' ' -f2 "$tmp/load.txt" | sort -n | tail -1)
tar_cpu=$(awk '{print $3 + $4}' "$tmp/tar.txt" | median)
load_cpu=$(awk '{print $3 + $4}' "$tmp/load.txt" | median)
echo "archive:        $archive ($(grep versions "$tmp/stats.txt" | awk '{print $2}') package versions)"
echo "tar -xzOf:      ${tar_s}s wall, ${tar_cpu}s CPU (medians of $runs)"
echo "opam2drv stats: ${load_s}s wall, ${load_cpu}s CPU (medians of $runs), peak RSS $((rss_kb / 1024)) MB"
awk -v a="$load_s" -v b="$tar_s" 'BEGIN { printf "ratio:          %.2f (goal: at most 1.50)\n", a / b }'
# On a busy machine each run gets about one core, so wall time follows CPU
# time; on an idle one opam2drv spreads its CPU time over every core, so
# its wall time is at best its CPU time divided by the cores.
awk -v a="$load_cpu" -v b="$tar_cpu" -v n="$(nproc)" 'BEGIN {
  printf "CPU ratio:      %.2f (on an idle %d-core machine the wall ratio would be at best %.2f)\n", a / b, n, a / n / b }'
echo "cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
