#!/usr/bin/env bash
# scripts/test-nix.sh - tests of the Nix library (nix/lib.nix, nix/flake.nix)
# with a real Nix, offline, and the stand-in pkgs of tests/stub-pkgs.
#
#   1. builds for real a three-package OCaml project (tests/nix/fixtures)
#      from a hand-written lock with import-from-derivation forbidden, then
#      through import-from-derivation, and runs the result; builds a plain
#      stdenv.mkDerivation against it; fetches a git source;
#  1b. when opam2drv has its lock command: locks tests/nix/project against
#      tests/nix/repo (archives served on 127.0.0.1), builds that lock with
#      import-from-derivation forbidden, and builds the same project solved
#      inside a derivation (buildProject);
#   2. evaluates the library on real locks (a committed one, and more made
#      from ../shared when it is there, by tests/nix/realplan from opam's
#      own solutions and by opam2drv lock from ../shared/cases) and checks
#      the derivation graph;
#   3. checks schema errors, depext warnings and the library's messages;
#   4. evaluates every example of docs/nix-reference.md;
#   5. evaluates the flake's outputs and its template with inputs
#      overridden to local paths.
#
# Installs nix-bin, ocaml-nox, ocaml-dune, ocaml-findlib, patch, curl and
# git with apt-get when missing (Go must be there). Uses its own NIX_CONF_DIR and XDG_CACHE_HOME; build
# results are rooted in a temporary folder while the tests run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

. scripts/lib/testing.sh
need_tools test-nix.sh nix-build=nix-bin ocamlfind=ocaml-findlib dune=ocaml-dune \
  ocamlopt=ocaml-nox patch=patch curl=curl git=git

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hillingar-nix-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src"
offline_nix "$tmp"
start=$SECONDS
section() { echo "== $* (at $((SECONDS - start)) s)"; }
noifd=(--option allow-import-from-derivation false)
shared=""
[ -d "$root/../shared/opam-repository" ] && shared=$(cd "$root/../shared" && pwd)

# The opam2drv that runs the build steps, built on the host ($OPAM2DRV
# names a prebuilt one instead).
if [ -n "${OPAM2DRV:-}" ]; then
  cp "$OPAM2DRV" "$tmp/opam2drv"
elif ! go build -o "$tmp/opam2drv" ./cmd/opam2drv; then
  echo "test-nix.sh: go build ./cmd/opam2drv failed; set OPAM2DRV to a prebuilt opam2drv" >&2
  exit 1
fi

# The test project's sources as reproducible tarballs, and its plan.
cp tests/nix/plan.template.json "$tmp/plan.json"
for p in greet hello hello-data; do
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C tests/nix/fixtures -cf - "$p" |
    gzip -n >"$tmp/src/$p.tar.gz"
  h=$(nix hash file --sri --type sha512 "$tmp/src/$p.tar.gz")
  sed -i "s|@URL_$p@|file://$tmp/src/$p.tar.gz|; s|@HASH_$p@|$h|" "$tmp/plan.json"
done
echo "an extra-source file" >"$tmp/src/extra.txt"
h=$(nix hash file --sri --type sha256 "$tmp/src/extra.txt")
sed -i "s|@URL_extra@|file://$tmp/src/extra.txt|; s|@HASH_extra@|$h|" "$tmp/plan.json"
buildargs=(tests/nix/build.nix --arg planFile "$tmp/plan.json" --arg opam2drvBin "$tmp/opam2drv")

evalplan() { # evalplan NAME PLAN [AGAINST]
  local against=${3:-$2} res
  res=$(nix-instantiate --eval --strict --json tests/nix/eval.nix --arg planFile "$2" \
    --arg checkAgainst "$against" "${noifd[@]}" 2>"$tmp/eval.log") || { cat "$tmp/eval.log"; res='{"error":true}'; }
  echo "$res"
}
section "1. real builds"
if out=$(nix-build "${buildargs[@]}" -A hello -o "$tmp/result-hello" "${noifd[@]}" 2>"$tmp/build.log"); then
  got=$("$out/bin/hello" 2>&1 || true)
  expect "lock build: hello runs, links greet (another derivation), ocaml:native, subst and patch applied" \
    "Hello, nix! (from greet.1.0.0, native=true, patched)
data from hello-data" "$got"
  data=$(nix-build "${buildargs[@]}" -A hello-data -o "$tmp/result-data" "${noifd[@]}" 2>/dev/null)
  got=$(cd "$data" && find . -type f -printf '%m %p\n' | grep -v nix-support | sort | tr '\n' ';')
  expect "hello-data installed through its .install file (bin, share, ?optional, {dest}, man1, lib, an extra-source)" \
    "444 ./doc/hello-data/readme.txt;444 ./lib/hello-data/generated.txt;444 ./man/man1/hello-data.1;444 ./share/hello-data/data.txt;444 ./share/hello-data/extra.txt;555 ./bin/hello-data;" "$got"
  expect "hello-data's bin runs" "hello-data script" "$("$data/bin/hello-data")"
  greet=$(nix-build "${buildargs[@]}" -A greet -o "$tmp/result-greet" "${noifd[@]}" 2>/dev/null)
  expect "greet installed by dune's greet.install into lib/greet" yes \
    "$([ -f "$greet/lib/greet/greet.cmxa" ] && [ -f "$greet/lib/greet/META" ] && echo yes || echo no)"
  expect "with-test step of greet not run" 0 "$(grep -c '"dune","runtest"' "$tmp/build.log" || true)"
else
  fail "lock build failed:"; tail -30 "$tmp/build.log"
fi
drv_lock=$(nix-instantiate "${buildargs[@]}" -A hello "${noifd[@]}" 2>/dev/null)
drv_ifd=$(nix-instantiate "${buildargs[@]}" --arg viaIFD true -A hello 2>/dev/null)
expect "the IFD path gives the same derivation as the lock path" "$drv_lock" "$drv_ifd"
if nix-instantiate "${buildargs[@]}" --arg viaIFD true -A hello "${noifd[@]}" >/dev/null 2>&1; then
  fail "the IFD path evaluated with allow-import-from-derivation = false"
else
  ok "the IFD path needs import-from-derivation (refused when forbidden)"
fi
if out=$(nix-build "${buildargs[@]}" --arg viaIFD true -A hello -o "$tmp/result-ifd" 2>>"$tmp/build.log"); then
  expect "IFD build: hello runs" "Hello, nix! (from greet.1.0.0, native=true, patched)" "$("$out/bin/hello" | head -1)"
else
  fail "IFD build failed"; tail -20 "$tmp/build.log"
fi
if out=$(nix-build tests/nix/project.nix --arg planFile "$tmp/plan.json" --arg opam2drvBin "$tmp/opam2drv" \
  -o "$tmp/result-myapp" "${noifd[@]}" 2>>"$tmp/build.log"); then
  expect "a plain stdenv.mkDerivation finds greet through its setup hook (OCAMLPATH)" \
    "Hello, a nixpkgs derivation! (from greet.1.0.0, native=true, patched)" "$("$out/bin/myapp")"
else
  fail "myapp (stdenv.mkDerivation against the set) failed"; tail -20 "$tmp/build.log"
fi

# A git source: fetchgit (the stand-in's, over the host's git) with the
# NAR hash of the checkout without .git, as the plan records it.
git init -q "$tmp/gitsrc"
echo "from git" >"$tmp/gitsrc/msg.txt"
git -C "$tmp/gitsrc" add msg.txt
git -C "$tmp/gitsrc" -c user.name=t -c user.email=t@localhost commit -q -m one
rev=$(git -C "$tmp/gitsrc" rev-parse HEAD)
mkdir -p "$tmp/gitcheckout"
git -C "$tmp/gitsrc" archive "$rev" | tar -x -C "$tmp/gitcheckout"
ghash=$(nix hash path --sri "$tmp/gitcheckout")
gitexpr() { echo "let pkgs = import $root/tests/stub-pkgs {}; h = pkgs.callPackage $root/nix/lib.nix {}; in
  h.fetchSource { name = \"g\"; version = \"1\"; source = { type = \"git\"; url = \"file://$tmp/gitsrc\"; rev = \"$rev\"; hash = \"$1\"; }; }"; }
if out=$(nix-build --no-out-link -E "$(gitexpr "$ghash")" 2>"$tmp/git.log"); then
  expect "git source fetched at its rev with the plan's NAR hash" "from git" "$(cat "$out/msg.txt")"
else
  fail "git source: $(tail -3 "$tmp/git.log")"
fi
if nix-build --no-out-link -E "$(gitexpr "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")" >/dev/null 2>"$tmp/git.log"; then
  fail "a git source with a wrong hash was accepted"
elif grep -q "hash mismatch" "$tmp/git.log"; then
  ok "a git source with a wrong hash is refused (hash mismatch)"
else
  fail "a git source with a wrong hash failed for another reason: $(tail -3 "$tmp/git.log")"
fi

section "1b. opam2drv lock, and solving inside a derivation"
if "$tmp/opam2drv" help lock >/dev/null 2>&1; then
  # opam2drv lock takes http(s) archives: serve the tarballs on loopback.
  go build -o "$tmp/serve" ./tests/nix/serve
  "$tmp/serve" -dir "$tmp/src" -port-file "$tmp/port" -timeout 15m &
  serve_pid=$!
  trap 'kill "$serve_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
  for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
  port=$(cat "$tmp/port")
  cp -r tests/nix/repo "$tmp/repo"
  cp -r tests/nix/project "$tmp/project"
  for p in greet hello hello-data; do
    h=$(sha512sum "$tmp/src/$p.tar.gz" | cut -d' ' -f1)
    sed -i "s|@URL_$p@|http://127.0.0.1:$port/$p.tar.gz|; s|@SHA512_$p@|$h|" "$tmp/repo/packages/$p/$p".*/opam
  done
  if (cd "$tmp/project" && "$tmp/opam2drv" lock -repo "test=$tmp/repo" -env sys-ocaml-version=4.13.1 \
    -o lock.json myproj.opam 2>"$tmp/lock.log"); then
    ok "opam2drv lock on the test repository"
    pargs=(tests/nix/project-build.nix --arg opam2drvBin "$tmp/opam2drv" --arg projectDir "$tmp/project"
      --arg repoDir "$tmp/repo")
    if out=$(nix-build "${pargs[@]}" --arg lockFile "$tmp/project/lock.json" -A hello \
      -o "$tmp/result-plock" "${noifd[@]}" 2>>"$tmp/build.log"); then
      expect "opam2drv's lock, IFD forbidden: hello runs" "Hello, nix! (from greet.1.0.0, native=true)" \
        "$("$out/bin/hello" | head -1)"
    else
      fail "build from opam2drv's lock failed"; tail -20 "$tmp/build.log"
    fi
    if out=$(nix-build "${pargs[@]}" -A hello -o "$tmp/result-pifd" 2>>"$tmp/build.log"); then
      expect "solved in a derivation (buildProject, IFD): hello runs" \
        "Hello, nix! (from greet.1.0.0, native=true)" "$("$out/bin/hello" | head -1)"
    else
      fail "buildProject (IFD) failed"; tail -20 "$tmp/build.log"
    fi
    d1=$(nix-instantiate "${pargs[@]}" --arg lockFile "$tmp/project/lock.json" -A hello "${noifd[@]}" 2>/dev/null)
    d2=$(nix-instantiate "${pargs[@]}" -A hello 2>/dev/null)
    expect "buildProject (IFD) and buildLock give the same derivation" "$d1" "$d2"
    if nix-instantiate "${pargs[@]}" -A hello "${noifd[@]}" >/dev/null 2>&1; then
      fail "buildProject evaluated with allow-import-from-derivation = false"
    else
      ok "buildProject needs import-from-derivation (refused when forbidden)"
    fi
    res=$(evalplan project "$tmp/project/lock.json")
    expect "opam2drv's lock: every package, dependencies, hashes, URLs" \
      '{"derivations":7,"packages":7,"problems":[]}' "$res"
  else
    fail "opam2drv lock on the test repository: $(head -5 "$tmp/lock.log")"
  fi
else
  echo "skip: this opam2drv has no lock command"
fi

section "2. evaluation on real locks"
count() { nix-instantiate --eval -E "builtins.length (builtins.attrNames (builtins.fromJSON (builtins.readFile $1)).packages)"; }
checkplan() { # checkplan LABEL PLAN
  local n res
  n=$(count "$2")
  res=$(evalplan "$1" "$2")
  expect "$1 ($n packages): every package, dependencies, hashes, URLs" \
    "{\"derivations\":$n,\"packages\":$n,\"problems\":[]}" "$res"
}
checkplan "committed real lock lwt-2024-06-01" "$root/tests/nix/fixtures/lwt-2024-06-01.lock.json"
checkplan "test plan" "$tmp/plan.json"
sed 's/"hello-data",/"hello-data-renamed",/' "$tmp/plan.json" >"$tmp/wrong.json"
res=$(evalplan test-mutated "$tmp/plan.json" "$tmp/wrong.json")
case "$res" in
  *'"problems":["hello: want'*) ok "the graph check finds a dependency the set does not have" ;;
  *) fail "the graph check missed a changed dependency: $res" ;;
esac
if [ -n "$shared" ]; then
  go build -o "$tmp/realplan" ./tests/nix/realplan 2>"$tmp/realplan.log" ||
    { fail "go build ./tests/nix/realplan: $(head -3 "$tmp/realplan.log")"; : >"$tmp/realplan"; }
  for snap in 2024-06-01 2026-08-22; do
    [ -s "$tmp/realplan" ] || break
    mkdir -p "$tmp/real/$snap"
    if ! "$tmp/realplan" -repo "$shared/opam-repository/$snap.tar.gz" -o "$tmp/real/$snap" \
      "$shared/oracle/$snap"/*.solution 2>"$tmp/realplan.log"; then
      fail "realplan $snap: $(head -3 "$tmp/realplan.log")"
    fi
    for plan in "$tmp/real/$snap"/*.json; do
      [ "$(count "$plan")" -gt 0 ] || { echo "skip real set $snap/$(basename "$plan" .json): no solution"; continue; }
      checkplan "real set $snap/$(basename "$plan" .json)" "$plan"
    done
  done
  # Locks written by opam2drv lock itself from ../shared/cases.
  if "$tmp/opam2drv" help lock >/dev/null 2>&1; then
    mkdir -p "$tmp/cases"
    cp "$shared/cases/09-config-ml-only-inputs/dnsvizor_dnsvizor.opam" "$tmp/cases/dnsvizor.opam"
    cp "$shared/cases/03-hannesm-hello-hvt-mirage-4.10.4/mirage_hello-hvt.opam" "$tmp/cases/hello-hvt.opam"
    repos=(-repo "opam-repository=$shared/opam-repository/2026-08-22.tar.gz"
      -repo "opam-overlays=$shared/opam-repository/opam-overlays.tar.gz"
      -repo "mirage-overlays=$shared/opam-repository/mirage-opam-overlays.tar.gz")
    for c in dnsvizor hello-hvt; do
      if (cd "$tmp/cases" && "$tmp/opam2drv" lock "${repos[@]}" -o "$c.lock.json" "$c.opam" 2>"$tmp/lock.log"); then
        checkplan "opam2drv lock of ../shared/cases $c (2026-08-22)" "$tmp/cases/$c.lock.json"
      else
        fail "opam2drv lock of $c: $(head -3 "$tmp/lock.log")"
      fi
    done
  fi
else
  echo "skip real sets from ../shared: not found next to the repository"
fi

section "3. messages"
msg=$(nix-instantiate --eval -E "let pkgs = import $root/tests/stub-pkgs {}; h = pkgs.callPackage $root/nix/lib.nix {}; in h.readPlan { schema = 2; generator = \"opam2drv 9.0\"; regenerate = [ \"opam2drv\" \"lock\" \"x.opam\" ]; packages = {}; }" 2>&1 || true)
case "$msg" in
  *"this plan has schema 2, but this hillingar library reads schema 1"*"run: opam2drv lock x.opam"*) ok "schema mismatch says which opam2drv to run" ;;
  *) fail "schema mismatch message: $msg" ;;
esac
msg=$(nix-instantiate --eval --strict -E "let pkgs = import $root/tests/stub-pkgs {}; h = pkgs.callPackage $root/nix/lib.nix {}; in map (d: d.name) (h.depextsOf { record = { name = \"conf-x\"; depexts = { debian = [ \"libgmp-dev\" \"libnothing-dev\" ]; }; }; })" 2>&1 || true)
case "$msg" in
  *'[opam2drv] conf-x: depext "libgmp-dev" (debian) names nixpkgs attribute "gmp", which this pkgs does not have'*'[opam2drv] conf-x: no nixpkgs attribute is known for the debian depext "libnothing-dev"'*'[ ]'*)
    ok "unknown depexts are loud warnings" ;;
  *) fail "depext warnings: $msg" ;;
esac
msg=$(nix-instantiate --eval --strict -E "let pkgs = import $root/tests/stub-pkgs {}; h = pkgs.callPackage $root/nix/lib.nix {}; in (h.fetchSource { name = \"x\"; version = \"1\"; source = { type = \"archive\"; urls = [ \"https://x/y.tgz\" ]; }; }).outPath" 2>&1 || true)
case "$msg" in
  *"[opam2drv] x.1: the source has no Nix hash in the plan; run \`opam2drv lock --prefetch\`"*) ok "missing hash says to prefetch" ;;
  *) fail "missing hash message: $msg" ;;
esac

section "4. docs/nix-reference.md examples"
mkdir -p "$tmp/doc"
cp "$tmp/plan.json" "$tmp/doc/opam2drv.lock.json"
check_doc_examples docs/nix-reference.md "$tmp/doc"

section "5. flake"
flake="git+file://$root?dir=nix"
over=(--override-input nixpkgs "path:$root/tests/stub-pkgs" --no-write-lock-file)
# feval ARGS...: nix eval, stdout only; stderr goes to flake.log.
feval() { nix eval "$@" "${over[@]}" 2>>"$tmp/flake.log" || echo "(failed: see below)"; }
if git -C "$root" ls-files --error-unmatch nix/flake.nix tests/stub-pkgs/flake.nix >/dev/null 2>&1; then
  got=$(feval --json "$flake#lib.x86_64-linux.schemaVersion")
  expect "flake lib.x86_64-linux" 1 "$got"
  got=$(feval --raw "$flake#packages.x86_64-linux.opam2drv.name")
  expect "flake packages.opam2drv evaluates" "opam2drv-0.1.0" "$got"
  got=$(feval --raw "$flake#packages.x86_64-linux.opam2drv.drvPath")
  case "$got" in /nix/store/*.drv) ok "flake packages.opam2drv instantiates" ;; *) fail "opam2drv drvPath: $got" ;; esac
  # buildGoModule's vendorHash is the NAR hash of `go mod vendor`'s output.
  mkdir -p "$tmp/vendorsrc"
  git ls-files -z | xargs -0 cp --parents -t "$tmp/vendorsrc" 2>/dev/null || true
  if (cd "$tmp/vendorsrc" && GOFLAGS=-mod=mod GOPROXY=off go mod vendor 2>"$tmp/vendor.log"); then
    want=$(nix hash path --sri "$tmp/vendorsrc/vendor")
    got=$(sed -n 's/.*vendorHash = "\(.*\)";/\1/p' nix/flake.nix)
    expect "flake vendorHash matches go mod vendor (update nix/flake.nix when imports change)" "$want" "$got"
  else
    echo "skip vendorHash: go mod vendor needs modules missing from the Go module cache"
  fi
  got=$(feval --json "$flake#checks.x86_64-linux" --apply 'c: builtins.attrNames c')
  expect "flake checks" '["lock-evaluates"]' "$got"
  if out=$(nix build --no-link --json "$flake#checks.x86_64-linux.lock-evaluates" "${over[@]}" 2>>"$tmp/flake.log"); then
    p=$(echo "$out" | sed 's/.*"out":"\([^"]*\)".*/\1/')
    expect "flake check lock-evaluates lists every package's derivation" 17 "$(grep -c '\.drv$' "$p")"
  else
    fail "flake check build: $out"
  fi
  got=$(feval --json "$flake#overlays.default" --apply 'o: builtins.attrNames (o {} {})')
  expect "flake overlays.default" '["hillingar","opam2drv"]' "$got"
  got=$(feval --json "$flake#formatter.x86_64-linux.name")
  expect "flake formatter" '"nixpkgs-fmt-host"' "$got"
  # What `nix flake init -t` copies (init itself would lock the flake's
  # real nixpkgs input, which needs the network): templates.project.path.
  # (templates.default, the unikernel template, is checked by
  # scripts/test-nix-unikernel.sh.)
  mkdir -p "$tmp/proj"
  tpath=$(feval --raw "$flake#templates.project.path")
  expect "flake templates.project has flake.nix and a lock" "flake.nix opam2drv.lock.json" \
    "$(ls "$tpath" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"
  cp -r "$tpath"/. "$tmp/proj/" 2>/dev/null && chmod -R u+w "$tmp/proj"
  got=$(nix eval --json "path:$tmp/proj#legacyPackages.x86_64-linux.opam" --apply 'builtins.attrNames' \
    --override-input hillingar "$flake" --override-input hillingar/nixpkgs "path:$root/tests/stub-pkgs" \
    --no-write-lock-file 2>>"$tmp/flake.log" || true)
  expect "template: its empty lock gives an empty package set" '["callPackage","newScope","overrideScope","packages"]' "$got"
  cp "$tmp/plan.json" "$tmp/proj/opam2drv.lock.json"
  got=$(nix eval --json "path:$tmp/proj#legacyPackages.x86_64-linux.opam" \
    --apply 's: builtins.attrNames (builtins.removeAttrs s [ "callPackage" "newScope" "overrideScope" "packages" ])' \
    --override-input hillingar "$flake" --override-input hillingar/nixpkgs "path:$root/tests/stub-pkgs" \
    --no-write-lock-file 2>>"$tmp/flake.log" || true)
  expect "template: with the test lock, its package set" \
    '["dune","greet","hello","hello-data","ocaml","ocaml-system","ocamlfind"]' "$got"
  got=$(nix eval --raw "path:$tmp/proj#packages.x86_64-linux.default.name" \
    --override-input hillingar "$flake" --override-input hillingar/nixpkgs "path:$root/tests/stub-pkgs" \
    --no-write-lock-file 2>>"$tmp/flake.log" || true)
  expect "template: packages.default" "opam-dependencies" "$got"
  got=$(nix eval --json "path:$tmp/proj#packages.x86_64-linux.default.paths" --apply 'map (p: p.pname)' \
    --override-input hillingar "$flake" --override-input hillingar/nixpkgs "path:$root/tests/stub-pkgs" \
    --no-write-lock-file 2>>"$tmp/flake.log" || true)
  expect "template: packages.default joins the project's dependencies" '["dune","greet","hello-data"]' "$got"
  # The template's packages.default is a symlinkJoin; build one for real
  # (the template's own set uses only the default fromPkgs, so its dune
  # and ocamlfind, which have no source here, are evaluated, not built).
  if out=$(nix-build --no-out-link -E "let pkgs = import $root/tests/stub-pkgs {}; in
      pkgs.symlinkJoin { name = \"joined\"; paths = [ (import $root/tests/nix/build.nix {
        planFile = $tmp/plan.json; opam2drvBin = $tmp/opam2drv; }).hello pkgs.ocaml ]; }" 2>>"$tmp/flake.log"); then
    expect "symlinkJoin of a package and pkgs.ocaml" "yes yes" \
      "$([ -x "$out/bin/hello" ] && echo yes) $([ -x "$out/bin/ocamlfind" ] || [ -x "$out/bin/ocamlc" ] && echo yes)"
  else
    fail "symlinkJoin build"
  fi
  if [ "$failed" -gt 0 ]; then
    echo "flake messages:"; grep -v -e "^warning: Git tree" -e "^warning: not writing" -e "^• Added input" -e "^    'path:" "$tmp/flake.log" | head -20
  fi
else
  echo "skip flake: nix/flake.nix is not tracked by git yet (git add it)"
fi

echo "test-nix.sh: $passed passed, $failed failed, in $((SECONDS - start)) s"
[ "$failed" -eq 0 ]
