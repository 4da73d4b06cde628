#!/usr/bin/env bash
# scripts/test-nix-unikernel.sh - tests of buildUnikernel (nix/unikernel.nix)
# with a real Nix, offline, and the stand-in pkgs of tests/stub-pkgs.
#
#   1. locks the fixture unikernel of tests/nix/unikernel (a stand-in mirage
#      tool, two vendored libraries from local tarballs served on loopback,
#      one of them an overlay's +dune version) with opam2drv, builds it for
#      unix with Nix (committed configured files; mirage configure in a
#      derivation; and configure + solve in derivations, import-from-
#      derivation) and for hvt (a stand-in ocaml-solo5 whose solo5 toolchain
#      is the host's compiler, so dune's solo5 context really runs), and
#      runs the binaries;
#   2. evaluates buildUnikernel for hvt and xen on locks made from
#      ../shared/cases/03-... (committed, and made afresh when ../shared is
#      there) and for unix on case 01, and checks duniverse folders,
#      fetches, tools, toolchain settings and artefacts;
#   3. checks the error messages;
#   4. evaluates the flake's templates.default (nix/template) with inputs
#      overridden to local paths;
#   5. evaluates the examples of docs/unikernel-guide.md;
#   6. assembles duniverse folders from git sources (whole and subdir) and
#      checks the zip message.
#
# Installs nix-bin, ocaml-nox, ocaml-dune and ocaml-findlib with apt-get
# when missing. Uses its own NIX_CONF_DIR and XDG_CACHE_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

. scripts/lib/testing.sh
need_tools test-nix-unikernel.sh nix-build=nix-bin ocamlfind=ocaml-findlib dune=ocaml-dune \
  ocamlopt=ocaml-nox python3=python3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hillingar-unikernel-test.XXXXXX")
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/src"
offline_nix "$tmp"
start=$SECONDS
section() { echo "== $* (at $((SECONDS - start)) s)"; }
noifd=(--option allow-import-from-derivation false)
shared=""
[ -d "$root/../shared/opam-repository" ] && shared=$(cd "$root/../shared" && pwd)
fx=tests/nix/unikernel

if [ -n "${OPAM2DRV:-}" ]; then
  cp "$OPAM2DRV" "$tmp/opam2drv"
elif ! go build -o "$tmp/opam2drv" ./cmd/opam2drv; then
  echo "test-nix-unikernel.sh: go build ./cmd/opam2drv failed; set OPAM2DRV to a prebuilt opam2drv" >&2
  exit 1
fi
# ulock ARGS...: lock a unikernel.
ulock() { "$tmp/opam2drv" lock --unikernel "$@"; }

section "1. the fixture unikernel, built for unix and hvt"
# Sources as reproducible tarballs, served over HTTP on loopback (opam2drv
# locks only http(s) archives and git); the fixture repositories point at
# them.
python3 - "$tmp/src" "$tmp/port" 2>"$tmp/server.log" <<'PY' &
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
with open(sys.argv[2] + ".new", "w") as f:
    f.write(str(httpd.server_address[1]))
import os
os.rename(sys.argv[2] + ".new", sys.argv[2])
httpd.serve_forever()
PY
server=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "test-nix-unikernel.sh: the loopback HTTP server did not start: $(cat "$tmp/server.log")" >&2; exit 1; }
base="http://127.0.0.1:$(cat "$tmp/port")"
cp -r "$fx/repo" "$fx/overlay" "$tmp/"
for s in mirage:mirage-0.1 greeting:greeting-1.0.0 textutil:textutil-0.2+dune ocaml-solo5:ocaml-solo5-0.1; do
  key=${s%%:*} dir=${s#*:}
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$fx/src" -cf - "$dir" |
    gzip -n >"$tmp/src/$dir.tar.gz"
  sum=$(sha256sum "$tmp/src/$dir.tar.gz" | cut -d' ' -f1)
  grep -rl "@URL_$key@" "$tmp/repo" "$tmp/overlay" |
    xargs sed -i "s|@URL_$key@|$base/$dir.tar.gz|; s|@SHA_$key@|$sum|"
done
mkdir -p "$tmp/proj" "$tmp/tool" "$tmp/hvt"
cp -r "$fx/project/." "$tmp/proj/"
cp -r "$fx/hvt/." "$tmp/hvt/"
cp "$fx/tool/mirage-tool.opam" "$tmp/tool/"
lock="$tmp/proj/mirage/hello-unix.lock.json"
(cd "$tmp/proj" && ulock -repo "$tmp/overlay" -repo "$tmp/repo" -o "$lock" mirage/hello-unix.opam) 2>"$tmp/lock.log" ||
  { cat "$tmp/lock.log"; fail "opam2drv could not lock the fixture unikernel"; }
hvtlock="$tmp/hvt/mirage/hello-hvt.lock.json"
(cd "$tmp/hvt" && ulock -repo "$tmp/overlay" -repo "$tmp/repo" -o "$hvtlock" mirage/hello-hvt.opam) 2>>"$tmp/lock.log" ||
  { cat "$tmp/lock.log"; fail "opam2drv could not lock the fixture unikernel for hvt"; }
(cd "$tmp/tool" && "$tmp/opam2drv" lock -repo "$tmp/repo" -o "$tmp/tool/lock.json" mirage-tool.opam) 2>>"$tmp/lock.log" ||
  { cat "$tmp/lock.log"; fail "opam2drv could not lock the mirage tool"; }
q() { nix-instantiate --eval --strict --json -E "let p = builtins.fromJSON (builtins.readFile $1); in $2"; }
expect "the lock vendors greeting and the overlay's textutil, in their dev-repos' folders" \
  '{"ocaml-greeting":["greeting"],"textutil":["textutil"]}' \
  "$(q "$lock" 'builtins.mapAttrs (_: d: d.packages) p.duniverse')"
expect "the lock takes textutil 0.2+dune (the overlay's dune port)" '"0.2+dune"' "$(q "$lock" 'p.packages.textutil.version')"
expect "the lock's host packages (the tools)" '["dune","mirage","ocaml","ocaml-base-compiler"]' \
  "$(q "$lock" 'builtins.filter (n: !(p.packages.${n} ? vendor)) (builtins.attrNames p.packages)')"

build=("$fx/build.nix" --arg lockFile "$lock" --arg toolLock "$tmp/tool/lock.json"
  --arg opam2drvBin "$tmp/opam2drv" --arg repos "[ $tmp/overlay $tmp/repo ]" --arg hvtLockFile "$hvtlock")
# of EXPR: evaluate EXPR with b the fixture's build.nix set.
of() {
  nix-instantiate --eval --strict --json "${noifd[@]}" -E "let b = import $root/$fx/build.nix {
    lockFile = $lock; toolLock = $tmp/tool/lock.json; opam2drvBin = $tmp/opam2drv; hvtLockFile = $hvtlock; }; in $1" 2>&1 | grep -v '^trace: '
}
greeting="[ Hello, unikernel! ] (greeting 1.0.0, textutil 0.2+dune)"
# runs ATTR LABEL [NIXFLAGS...]: build ATTR and check what its binary prints.
runs() {
  local attr=$1 label=$2 out exe=hello
  shift 2
  [ "$attr" = hvt ] && exe=hello.hvt
  if out=$(nix-build "${build[@]}" -A "$attr" -o "$tmp/result-$attr" "$@" 2>"$tmp/build-$attr.log"); then
    expect "$label: the unikernel runs and prints its greeting" "$greeting" "$("$out/bin/$exe" 2>&1 || true)"
  else
    fail "$label: build failed"; tail -25 "$tmp/build-$attr.log"
  fi
}
runs committed "configured files committed, lock committed (IFD forbidden)" "${noifd[@]}"
runs configured "mirage configure in a derivation, lock committed (IFD forbidden)" "${noifd[@]}"
runs solved "configure and solve in derivations (import-from-derivation)"
runs hvt "hvt, built in dune's solo5 context with the stand-in ocaml-solo5 toolchain (IFD forbidden)" "${noifd[@]}"
if nix-build "${build[@]}" -A hvtWithoutToolchain --no-out-link "${noifd[@]}" >"$tmp/notc.log" 2>&1; then
  fail "hvt built without OCAMLFIND_CONF: the toolchain setting is not what makes it build"
else
  case "$(cat "$tmp/notc.log")" in
    *"toolchain solo5 isn't defined"*) ok "hvt without OCAMLFIND_CONF fails: dune finds no solo5 toolchain" ;;
    *) fail "hvt without OCAMLFIND_CONF failed for another reason:"; tail -5 "$tmp/notc.log" ;;
  esac
fi
expect "hvt: configure in a derivation writes the hvt opam file the fixture commits" "" \
  "$(diff "$fx/hvt/mirage/hello-hvt.opam" "$(nix-build "${build[@]}" -A hvt.configured --no-out-link "${noifd[@]}" 2>/dev/null)/mirage/hello-hvt.opam" 2>&1)"
expect "hvt: the lock's tools include ocaml-solo5, whose solo5.conf the build uses" '["mirage","ocaml-solo5","dune","ocaml"]' \
  "$(of 'map (t: t.pname) b.hvt.nativeBuildInputs')"
duni=$(nix-build "${build[@]}" -A committed.duniverse --no-out-link "${noifd[@]}" 2>/dev/null || echo /nonexistent)
expect "the duniverse holds one folder per source and a dune file" "dune ocaml-greeting textutil" "$(ls "$duni" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"
expect "the duniverse's dune file vendors every folder" "(vendored_dirs *)" "$(cat "$duni/dune" 2>/dev/null)"
expect "a duniverse folder is the source's top folder (greeting's dune-project at its root)" "(lang dune 2.0)" \
  "$(cat "$duni/ocaml-greeting/dune-project" 2>/dev/null)"
conf=$(nix-build "${build[@]}" -A configured.configured --no-out-link "${noifd[@]}" 2>/dev/null || echo /nonexistent)
if diff -r "$fx/project" "$conf" >"$tmp/conf.diff" 2>&1; then
  ok "mirage configure in a derivation writes the files the fixture commits"
else
  fail "configured source differs from tests/nix/unikernel/project:"; head -20 "$tmp/conf.diff"
fi
d1=$(nix-instantiate "${build[@]}" -A configured "${noifd[@]}" 2>/dev/null)
d2=$(nix-instantiate "${build[@]}" -A solved 2>/dev/null)
expect "solving in a derivation gives the derivation of the committed lock" "$d1" "$d2"
if nix-instantiate "${build[@]}" -A solved "${noifd[@]}" >/dev/null 2>&1; then
  fail "the solve-in-a-derivation path evaluated with import-from-derivation forbidden"
else
  ok "the solve-in-a-derivation path needs import-from-derivation (refused when forbidden)"
fi
if wrapped=$(nix-build "${build[@]}" -A mirage --no-out-link "${noifd[@]}" 2>"$tmp/wrap.log"); then
  mkdir -p "$tmp/byhand"
  cp "$fx/project/config.ml" "$fx/project/unikernel.ml" "$tmp/byhand/"
  (cd "$tmp/byhand" && env -i PATH=/usr/bin:/bin "$wrapped/bin/mirage" configure -t unix >/dev/null 2>&1) || true
  if diff -r "$fx/project" "$tmp/byhand" >"$tmp/byhand.diff" 2>&1; then
    ok "wrapTool: the locked mirage runs outside a build and configures the project"
  else
    fail "wrapTool: mirage run by hand differs:"; head -10 "$tmp/byhand.diff"
  fi
  expect "wrapTool: the wrapper puts the tool's closure on OCAMLPATH" yes \
    "$(grep -q "^export OCAMLPATH=\".*-mirage-0.1/lib" "$wrapped/bin/mirage" && echo yes || echo no)"
else
  fail "wrapTool build failed"; tail -10 "$tmp/wrap.log"
fi
if nix-build "${build[@]}" -A misnamed --no-out-link "${noifd[@]}" >"$tmp/misnamed.log" 2>&1; then
  fail "a build whose artefact is missing succeeded"
else
  case "$(cat "$tmp/misnamed.log")" in
    *"hillingar: the build made no dist/goodbye; ./dist/ holds: dune hello"*) ok "a missing artefact fails the build, naming it and what dist/ holds" ;;
    *) fail "missing artefact message:"; grep hillingar "$tmp/misnamed.log" | head -3 ;;
  esac
fi
expect "unikernelPackages gives Hillingar's outputs per target" '["unix","unix-configured","unix-duniverse","unix-tools"]' \
  "$(of 'builtins.attrNames b.packages')"
expect "unikernelPackages' unix is buildUnikernel's" true "$(of 'b.packages.unix.drvPath == b.committed.drvPath')"
expect "the unix build has no cross toolchain" '[false,false,null]' \
  "$(of '[ (builtins.length (builtins.split "OCAMLFIND_CONF" b.committed.configurePhase) > 1) (b.committed ? hillingarToolchain) b.committed.toolchain ]')"
expect "the tools' package set is the lock's, with fromPkgs" '["dune-2.9.3","mirage-0.1","ocaml-4.13.1"]' \
  "$(of 'map (n: b.committed.tools.${n}.name) [ "dune" "mirage" "ocaml" ]')"

section "2. hvt and xen: evaluation on real locks"
# evaluate LOCK TARGET: the summary tests/nix/unikernel/eval.nix reports.
evaluate() {
  nix-instantiate --eval --strict --json "$fx/eval.nix" --arg lockFile "$1" --argstr target "$2" "${noifd[@]}" 2>"$tmp/eval.log" ||
    { grep -v "^trace: " "$tmp/eval.log" | head -5 >&2; echo '{}'; }
}
field() { # field JSON EXPR: a jq-free look into a summary.
  nix-instantiate --eval --strict --json -E "let s = builtins.fromJSON ''$1''; in $2"
}
checkreal() { # checkreal LABEL LOCK TARGET
  local label=$1 lk=$2 t=$3 s want
  s=$(evaluate "$lk" "$t")
  want=$(q "$lk" 'builtins.attrNames p.duniverse')
  expect "$label: one fetch per duniverse folder of the lock" "$(q "$lk" 'builtins.length (builtins.attrNames p.duniverse)')" "$(field "$s" s.fetches)"
  expect "$label: duniverse folders" "$want" "$(field "$s" s.folders)"
  expect "$label: each fetch has the lock's hash and URLs" '[]' "$(field "$s" s.fetchProblems)"
  expect "$label: tool inputs (opam-monorepo left out)" '["mirage","ocaml-solo5","solo5","dune","ocaml","ocamlfind"]' "$(field "$s" s.tools)"
  expect "$label: toolchain solo5 from ocaml-solo5's findlib.conf.d, OCAMLFIND_CONF set" \
    '[{"confDIsThePackages":true,"name":"solo5","package":"ocaml-solo5"},true]' "$(field "$s" '[ s.toolchain s.setsOcamlfindConf ]')"
  expect "$label: artefact, its folder, the derivation's name" "[\"hello.$t\",[\"tutorial/hello/dist/hello.$t\"],\"tutorial/hello\",\"hello-$t\"]" \
    "$(field "$s" '[ s.artefact s.artefacts s.mirageDir s.name ]')"
  expect "$label: the build runs dune as mirage's Makefile does" "true" \
    "$(field "$s" 'builtins.match ".*dune build --profile release --root [.] [.]/dist .*" s.buildCommand != null')"
  expect "$label: the unikernel instantiates" "true" "$(field "$s" s.instantiates)"
}
case03=""
[ -n "$shared" ] && case03=$(ls -d "$shared"/cases/03-* 2>/dev/null | head -1)
for t in hvt xen; do
  checkreal "committed $t lock (case 03)" "$root/$fx/real/hello-$t.lock.json" "$t"
done
if [ -n "$case03" ]; then
  expect "hvt: duniverse folders are those of case 03's duniverse-dirs.txt" \
    "\"$(LC_ALL=C sort "$case03/duniverse-dirs.txt" | tr '\n' ' ' | sed 's/ $//')\"" \
    "$(field "$(evaluate "$root/$fx/real/hello-hvt.lock.json" hvt)" 'builtins.concatStringsSep " " s.folders')"
  # A lock made now from the case's own opam file, by this opam2drv.
  r="$shared/opam-repository"
  mkdir -p "$tmp/case03/mirage"
  cp "$case03/mirage_hello-hvt.opam" "$tmp/case03/mirage/hello-hvt.opam"
  if (cd "$tmp/case03" && ulock -repo "$r/2026-08-22.tar.gz" -repo-map "opam-overlays=$r/opam-overlays.tar.gz" \
    -repo-map "mirage-overlays=$r/mirage-opam-overlays.tar.gz" -o lock.json mirage/hello-hvt.opam ocaml.4.14.2) 2>"$tmp/case03.log"; then
    checkreal "fresh hvt lock of case 03" "$tmp/case03/lock.json" hvt
  else
    fail "locking case 03: $(tail -3 "$tmp/case03.log")"
  fi
else
  echo "skip case 03 comparisons: ../shared/cases not found next to the repository"
fi
case01=""
[ -n "$shared" ] && case01=$(ls -d "$shared"/cases/01-* 2>/dev/null | head -1)
if [ -n "$case01" ]; then
  # unix, mirage 4.3 (2024-06-01 snapshot): solved, and converted from the
  # project's opam-monorepo lock (md5-only sources: no Nix hash).
  r="$shared/opam-repository"
  mkdir -p "$tmp/case01/mirage"
  cp "$case01/mirage_between_blocks-unix.opam" "$tmp/case01/mirage/between_blocks-unix.opam"
  cp "$case01/mirage_between_blocks-unix.opam.locked" "$tmp/case01/mirage/between_blocks-unix.opam.locked"
  c01=(-repo "$r/2024-06-01.tar.gz" -repo-map "opam-overlays=$r/opam-overlays.tar.gz" -repo-map "mirage-overlays=$r/mirage-opam-overlays.tar.gz")
  if (cd "$tmp/case01" && ulock "${c01[@]}" -o lock.json mirage/between_blocks-unix.opam) 2>"$tmp/case01.log"; then
    s=$(evaluate "$tmp/case01/lock.json" unix)
    expect "case 01 (unix): folders, tools, no toolchain, artefact, mirageDir" \
      "[$(q "$tmp/case01/lock.json" 'builtins.attrNames p.duniverse'),[\"mirage\",\"dune\",\"ocaml\"],null,false,\"between_blocks\",\".\",[]]" \
      "$(field "$s" '[ s.folders s.tools s.toolchain s.setsOcamlfindConf s.artefact s.mirageDir s.fetchProblems ]')"
  else
    fail "locking case 01: $(tail -3 "$tmp/case01.log")"
  fi
  if (cd "$tmp/case01" && ulock "${c01[@]}" --from-monorepo-lock mirage/between_blocks-unix.opam.locked \
    -o lock2.json mirage/between_blocks-unix.opam) 2>>"$tmp/case01.log"; then
    m=$(nix-instantiate --eval --strict --json "$fx/eval.nix" --arg lockFile "$tmp/case01/lock2.json" --argstr target unix 2>&1 || true)
    case "$m" in
      *"[hillingar] buildUnikernel: duniverse folder"*"has no Nix hash in the lock; run \`opam2drv lock --prefetch\`"*)
        ok "case 01's opam-monorepo lock (md5-only sources): says to prefetch" ;;
      *) fail "case 01 md5-only: $(echo "$m" | grep -v '^trace' | head -3)" ;;
    esac
  else
    fail "converting case 01's lock: $(tail -3 "$tmp/case01.log")"
  fi
else
  echo "skip case 01: ../shared/cases not found next to the repository"
fi

section "3. messages"
msg() { nix-instantiate --eval --strict "$@" 2>&1 || true; }
m=$(msg "$fx/eval.nix" --arg lockFile "$root/$fx/real/hello-hvt.lock.json" --argstr target xen)
case "$m" in
  *"[hillingar] buildUnikernel: the lock is for target hvt, not xen"*) ok "a lock for another target is refused, naming both" ;;
  *) fail "wrong-target message: $(echo "$m" | grep -v '^trace' | head -3)" ;;
esac
m=$(msg "$fx/eval.nix" --arg lockFile "$root/$fx/real/hello-hvt.lock.json" --argstr target hvtt)
case "$m" in
  *"unknown target \"hvtt\"; mirage targets are"*"hvt"*) ok "an unknown target is refused, listing the targets" ;;
  *) fail "unknown-target message: $(echo "$m" | grep -v '^trace' | head -3)" ;;
esac
m=$(msg -E "let pkgs = import $root/tests/stub-pkgs {}; h = pkgs.callPackage $root/nix/lib.nix {}; u = import $root/nix/unikernel.nix { inherit (pkgs) lib stdenv runCommand; hillingar = h; }; in (u.buildUnikernel { src = ./.; target = \"unix\"; }).drvPath")
case "$m" in
  *"pass lock (the unikernel lock that"*"or repos"*) ok "no lock and no repositories: says what to pass" ;;
  *) fail "missing-lock message: $(echo "$m" | grep -v '^trace' | head -3)" ;;
esac

section "4. the template"
over=(--override-input hillingar/nixpkgs "path:$root/tests/stub-pkgs" --no-write-lock-file)
hflake="git+file://$root?dir=nix"
if git ls-files --error-unmatch nix/template/flake.nix nix/flake.nix nix/unikernel.nix >/dev/null 2>&1; then
  # What `nix flake init -t` copies (init itself would lock the flake's
  # real nixpkgs input, which needs the network): templates.default.path.
  tpl=$(nix eval --raw "$hflake#templates.default.path" --override-input nixpkgs "path:$root/tests/stub-pkgs" \
    --no-write-lock-file 2>>"$tmp/flake.log" || echo "$tmp/none")
  mkdir -p "$tmp/tproj"
  cp -r "$tpl/." "$tmp/tproj/" && chmod -R u+w "$tmp/tproj"
  teval() { nix eval --json "path:$tmp/tproj#$1" --override-input hillingar "$hflake" "${over[@]}" "${@:2}" 2>>"$tmp/flake.log" || echo "(failed: see below)"; }
  expect "template as shipped (no locks yet): no packages" '[]' "$(teval packages.x86_64-linux --apply builtins.attrNames)"
  expect "template ships the files its README names" "README.md config.ml flake.nix mirage-tool.lock.json mirage-tool.opam unikernel.ml" \
    "$(ls "$tmp/tproj" | tr '\n' ' ' | sed 's/ $//')"
  mkdir -p "$tmp/tproj/mirage"
  cp "$tmp/tool/lock.json" "$tmp/tproj/mirage-tool.lock.json"
  cp "$lock" "$tmp/tproj/mirage/hello-unix.lock.json"
  expect "template with the tool's lock and a unix lock: its packages" \
    '["default","mirage","unix","unix-configured","unix-duniverse","unix-tools"]' \
    "$(teval packages.x86_64-linux --apply builtins.attrNames)"
  expect "template: the unix unikernel, configured in a derivation, its duniverse, the wrapped mirage" \
    '["hello-unix","unikernel-unix-configured","hello-unix-duniverse","mirage",true]' \
    "$(teval packages.x86_64-linux --apply 'p: [ p.unix.name p.unix-configured.name p.unix-duniverse.name p.mirage.name (p.default.drvPath == p.unix.drvPath) ]')"
  got=$(nix eval --raw "path:$tmp/tproj#packages.x86_64-linux.unix.drvPath" --override-input hillingar "$hflake" "${over[@]}" \
    --option allow-import-from-derivation false 2>>"$tmp/flake.log" || true)
  case "$got" in /nix/store/*.drv) ok "template: the unix unikernel instantiates with IFD forbidden" ;; *) fail "template unix drvPath: $got" ;; esac
  if [ "$failed" -gt 0 ]; then grep -v -e "^warning: " -e "^• " -e "^    '" -e "^    follows" -e "^trace: " "$tmp/flake.log" | head -20 || true; fi
else
  echo "skip template: nix/template or nix/unikernel.nix is not tracked by git yet (git add them)"
fi

section "5. docs/unikernel-guide.md examples"
mkdir -p "$tmp/doc"
cp "$fx/real/hello-hvt.lock.json" "$fx/real/hello-xen.lock.json" "$tmp/doc/"
check_doc_examples docs/unikernel-guide.md "$tmp/doc"
examples=$doc_examples
expect "the guide has evaluated examples" true "$([ "$examples" -ge 5 ] && echo true || echo false)"

section "6. duniverse folders from git and zip sources"
# A git source (whole checkout, and a subdir of it), as a prefetched lock
# records them: rev and the NAR hash of the checkout without .git.
g="$tmp/git-greeting"
cp -r "$fx/src/greeting-1.0.0" "$g"
git -C "$g" init -q && git -C "$g" add . &&
  git -C "$g" -c user.name=test -c user.email=test@example.org commit -q -m fixture
rev=$(git -C "$g" rev-parse HEAD)
cp -r "$fx/src/greeting-1.0.0" "$tmp/checkout"
ghash=$(nix hash path --type sha256 --sri "$tmp/checkout")
if out=$(nix-build --no-out-link "${noifd[@]}" -E "
    let pkgs = import $root/tests/stub-pkgs {};
        h = pkgs.callPackage $root/nix/lib.nix {};
        u = import $root/nix/unikernel.nix { inherit (pkgs) lib stdenv runCommand; hillingar = h; };
        src = { type = \"git\"; url = \"file://$g\"; rev = \"$rev\"; hash = \"$ghash\"; };
    in u.assembleDuniverse { plan = { schema = 1; packages = {}; duniverse = {
      whole = { source = src; packages = [ \"greeting\" ]; };
      part = { source = src // { subdir = \"src\"; }; packages = [ \"greeting\" ]; };
    }; }; }" 2>"$tmp/git.log"); then
  expect "git source: the checkout is the folder; a subdir source takes that subdir" \
    "dune-project greeting.opam src|dune greeting.ml" \
    "$(ls "$out/whole" | tr '\n' ' ' | sed 's/ $//')|$(ls "$out/part" | tr '\n' ' ' | sed 's/ $//')"
else
  fail "duniverse from a git source:"; tail -5 "$tmp/git.log"
fi
m=$(msg -E "let pkgs = import $root/tests/stub-pkgs {}; h = pkgs.callPackage $root/nix/lib.nix {};
  u = import $root/nix/unikernel.nix { inherit (pkgs) lib stdenv runCommand; hillingar = h; };
  in (u.assembleDuniverse { plan = { schema = 1; packages = {}; duniverse.z = { packages = [ ];
    source = { type = \"archive\"; urls = [ \"https://example.org/z.zip\" ]; hash = \"$ghash\"; }; }; }; }).drvPath")
case "$m" in
  *"duniverse folder z comes from a zip archive (https://example.org/z.zip); pass unzip"*) ok "a zip source without unzip says to pass it" ;;
  *) fail "zip message: $(echo "$m" | head -3)" ;;
esac
m=$(msg -E "let pkgs = import $root/tests/stub-pkgs {}; h = pkgs.callPackage $root/nix/lib.nix {};
  u = import $root/nix/unikernel.nix { inherit (pkgs) lib stdenv runCommand; hillingar = h; };
  in (u.assembleDuniverse { plan = { schema = 1; packages = {}; duniverse.lwt = { packages = [ \"lwt\" \"lwt_ppx\" ];
    source = { type = \"archive\"; urls = [ \"https://example.org/lwt.tbz\" ]; }; }; }; }).drvPath")
case "$m" in
  *"duniverse folder lwt (lwt, lwt_ppx) has no Nix hash in the lock; run \`opam2drv lock --prefetch\`"*) ok "a duniverse source without hash says to prefetch, naming folder and packages" ;;
  *) fail "missing-hash message: $(echo "$m" | head -3)" ;;
esac

echo "test-nix-unikernel.sh: $passed passed, $failed failed, in $((SECONDS - start)) s"
[ "$failed" -eq 0 ]
