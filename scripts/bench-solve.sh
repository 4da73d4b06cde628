#!/usr/bin/env bash
# scripts/bench-solve.sh - opam2drv solve against opam 2.1.2 on the stored
# requests of ../shared/oracle, on the same unpacked snapshot folders.
#
# usage: scripts/bench-solve.sh [SNAP_ROOT] [REQUEST_GLOB]
#   SNAP_ROOT     folder holding the unpacked snapshots, one folder per
#                 snapshot named like the oracle folders (2024-06-01, ...).
#                 Default: unpack ../shared/opam-repository/*.tar.gz once
#                 into ${TMPDIR:-/tmp}/hillingar-bench-snap.
#   REQUEST_GLOB  only run requests whose SNAPSHOT/NAME matches (default *).
#
# For each request it runs opam through ../shared/tools/opam-oracle.sh with
# ORACLE_TIME=1 (opam's solve call only: the opam root is prepared before,
# about 20 s per snapshot the first time) and then the whole opam2drv run
# (loading included), each measured with /usr/bin/time, and prints one line:
# wall seconds, CPU seconds (user + sys) and peak RSS of both, the ratios,
# and whether the plans are the same. Each opam2drv run is repeated REPEAT
# times (default 3) and the fastest is kept. On a shared, loaded machine
# wall times mean little; CPU times hold up better.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared="$root/../shared"
[[ -d "$shared/oracle" ]] || { echo "bench-solve.sh: needs ../shared next to the repository" >&2; exit 2; }
snaproot="${1:-${TMPDIR:-/tmp}/hillingar-bench-snap}"
glob="${2:-*}"
repeat="${REPEAT:-3}"

for d in "$shared"/oracle/*/; do
  s=$(basename "$d")
  if [[ ! -d "$snaproot/$s/packages" ]]; then
    echo "bench-solve.sh: unpacking $s into $snaproot/$s" >&2
    mkdir -p "$snaproot/$s"
    tar -xzf "$shared/opam-repository/$s.tar.gz" -C "$snaproot/$s"
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/opam2drv" ./cmd/opam2drv

platform=(-env os=linux -env arch=x86_64 -env os-family=debian -env os-distribution=debian -env os-version=12)
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | tail -1; }

printf '%-38s %7s %7s %7s %7s %7s %7s %7s %7s %6s %s\n' request opam_s ours_s speedup \
  opam_cpu our_cpu cpu_x opam_MB ours_MB mem plan
for req in "$shared"/oracle/*/*.request; do
  s=$(basename "$(dirname "$req")")
  name=$(basename "$req" .request)
  [[ "$s/$name" == $glob ]] || continue
  snap="$snaproot/$s"
  read -r -a args < <(head -1 "$req" | cut -d' ' -f3-)
  envs=(); ours_env=()
  if [[ $(sed -n 2p "$req") == env:* ]]; then
    for kv in $(sed -n 2p "$req" | cut -d' ' -f2-); do
      envs+=("$kv"); k=${kv#OPAMVAR_}; ours_env+=(-env "$k")
    done
  fi
  file=(); atoms=()
  for ((i = 0; i < ${#args[@]}; i++)); do
    if [[ ${args[i]} == -f ]]; then file=(-f "$(dirname "$req")/${args[i+1]}"); i=$((i+1));
    else atoms+=("${args[i]}"); fi
  done

  rc=0
  env "${envs[@]}" ORACLE_TIME=1 "$shared/tools/opam-oracle.sh" "${file[@]}" "$snap" "${atoms[@]}" \
    >"$tmp/opam.out" 2>"$tmp/opam.err" || rc=$?
  best=""
  for ((r = 0; r < repeat; r++)); do
    orc=0
    /usr/bin/time -o "$tmp/ours.time" -f 'wall_s=%e user_s=%U sys_s=%S max_rss_kb=%M' \
      "$tmp/opam2drv" solve -repo "$snap" "${platform[@]}" "${ours_env[@]}" "${file[@]}" "${atoms[@]}" \
      >"$tmp/ours.out" 2>"$tmp/ours.err" || orc=$?
    w=$(field wall_s "$tmp/ours.time")
    if [[ -z "$best" ]] || awk "BEGIN{exit !($w < $best)}"; then
      best=$w; cp "$tmp/ours.time" "$tmp/best.time"
    fi
  done
  ow=$(field wall_s "$tmp/opam.err"); om=$(field max_rss_kb "$tmp/opam.err")
  mw=$(field wall_s "$tmp/best.time"); mm=$(field max_rss_kb "$tmp/best.time")
  oc=$(awk "BEGIN{print $(field user_s "$tmp/opam.err") + $(field sys_s "$tmp/opam.err")}")
  mc=$(awk "BEGIN{print $(field user_s "$tmp/best.time") + $(field sys_s "$tmp/best.time")}")
  # opam prints a -f file's own package when its file name carries a version.
  root_name=""; [[ ${#file[@]} -gt 0 ]] && root_name=$(basename "${file[1]}" | cut -d. -f1)
  same=same
  if [[ $rc -ne 0 || $orc -ne 0 ]]; then
    [[ $rc -ne 0 && $orc -eq 3 ]] && same="both-unsat" || same="DIFFERS(rc opam=$rc ours=$orc)"
  elif ! diff -q <(grep -v "^$root_name\." "$tmp/opam.out" || true) "$tmp/ours.out" >/dev/null; then
    same=DIFFERS
  fi
  printf '%-38s %7.2f %7.3f %6.0fx %7.2f %7.3f %6.0fx %7.0f %7.0f %5.1fx %s\n' "$s/$name" \
    "$ow" "$mw" "$(awk "BEGIN{print $ow / ($mw > 0 ? $mw : 0.001)}")" \
    "$oc" "$mc" "$(awk "BEGIN{print $oc / ($mc > 0 ? $mc : 0.001)}")" \
    "$((om / 1024))" "$((mm / 1024))" "$(awk "BEGIN{print $om / $mm}")" "$same"
done
