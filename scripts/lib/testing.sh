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
