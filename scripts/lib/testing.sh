# scripts/lib/testing.sh - helpers shared by the test scripts; source it.

# need_tools LABEL COMMAND=PACKAGE...: install, with apt-get, the Debian
# package of every COMMAND that is not on PATH.
need_tools() {
  local label=$1 pair need=()
  shift
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null || need+=("${pair#*=}")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "$label: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

# offline_nix DIR: point Nix at a configuration and caches under DIR that
# work offline, as root, without a daemon or sandbox (see
# ../shared/NIX-OFFLINE.md), whatever /etc/nix/nix.conf says.
offline_nix() {
  mkdir -p "$1/conf" "$1/cache"
  cat >"$1/conf/nix.conf" <<CONF
substituters =
build-users-group =
sandbox = false
experimental-features = nix-command flakes
allow-import-from-derivation = true
download-attempts = 1
flake-registry = /dev/null
fsync-metadata = false
CONF
  export NIX_CONF_DIR="$1/conf" XDG_CACHE_HOME="$1/cache"
  unset NIX_PATH
}

# Checks: ok NAME, fail NAME, expect NAME WANT GOT. Each prints one line
# with the time since the previous check; passed and failed count them.
passed=0
failed=0
last=${EPOCHREALTIME/[.,]/}
report() { # report WORD MESSAGE
  local now=${EPOCHREALTIME/[.,]/}
  printf '%s [%d.%02d s] %s\n' "$1" $(((now - last) / 1000000)) $(((now - last) / 10000 % 100)) "$2"
  last=$now
}
ok() { passed=$((passed + 1)); report "ok  " "$*"; }
fail() { failed=$((failed + 1)); report FAIL "$*"; }
expect() { # expect NAME WANT GOT
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: want $2, got $3"; fi
}

# check_doc_examples DOC DIR: evaluate every ```nix block of DOC that ends
# with a line "# => VALUE", with `hillingar` (nix/lib.nix over the stand-in
# pkgs), `pkgs` and `lib` in scope, and check that it equals VALUE. The
# examples are written to DIR (which may hold files they read) as
# NN-SECTION.nix; doc_examples is set to how many there were. Needs root
# (the repository) and noifd (the option that forbids IFD).
check_doc_examples() {
  local doc=$1 dir=$2 f fn res
  awk -v dir="$dir" '
    /^## / { section = $2; gsub(/[^A-Za-z0-9_-]/, "", section) }
    /^```nix$/ { inblock = 1; n++; body = ""; want = ""; next }
    /^```$/ && inblock {
      inblock = 0
      if (want != "") {
        f = dir "/" sprintf("%02d", n) "-" section ".nix"
        printf "{ hillingar, pkgs, lib }:\nlet got = (%s\n); want = (%s); in\nif got == want then true else throw \"got ${builtins.toJSON got}\"\n", body, want > f
        close(f)
      }
      next
    }
    inblock && /^# => / { want = substr($0, 6); next }
    inblock { body = body "\n" $0 }
  ' "$doc"
  doc_examples=0
  for f in "$dir"/[0-9]*.nix; do
    [ -e "$f" ] || continue
    doc_examples=$((doc_examples + 1))
    fn=$(basename "$f" .nix)
    if res=$(nix-instantiate --eval --strict "${noifd[@]}" -E "
        let pkgs = import $root/tests/stub-pkgs {};
            opam2drv = pkgs.runCommand \"opam2drv\" {} \"exit 1\";
            hillingar = pkgs.callPackage $root/nix/lib.nix { inherit opam2drv; };
        in import $f { inherit hillingar pkgs; inherit (pkgs) lib; }" 2>&1 | grep -v '^trace: '); then
      expect "$doc example $fn" true "$res"
    else
      fail "$doc example $fn: $res"
    fi
  done
}
