# The builder of the stand-in stdenv.mkDerivation: runs nixpkgs' phases
# (unpack, patch, configure, build, check, install, fixup) with the host's
# tools. A phase given as an attribute (buildPhase = "...") replaces the
# default one; runHook preX/postX runs the preX/postX attributes.
set -eu
set -o pipefail

export PATH="@hostPath@"
export NIX_BUILD_CORES="${NIX_BUILD_CORES:-1}"
: "${outputs:=out}"

# Every input's bin/ goes on PATH; propagated inputs are closed over.
declare -A seen=()
addInput() {
  local p="$1"
  [ -n "$p" ] || return 0
  [ -z "${seen[$p]:-}" ] || return 0
  seen[$p]=1
  [ -d "$p/bin" ] && PATH="$p/bin:$PATH"
  if [ -f "$p/nix-support/propagated-build-inputs" ]; then
    local q
    for q in $(cat "$p/nix-support/propagated-build-inputs"); do addInput "$q"; done
  fi
  if [ -f "$p/nix-support/setup-hook" ]; then
    # shellcheck disable=SC1091
    source "$p/nix-support/setup-hook"
  fi
}
addToSearchPath() {
  local var="$1" dir="$2"
  [ -d "$dir" ] || return 0
  export "$var=$dir${!var:+:${!var}}"
}
for p in ${nativeBuildInputs:-} ${buildInputs:-} ${propagatedNativeBuildInputs:-} ${propagatedBuildInputs:-}; do
  addInput "$p"
done

runHook() {
  local hook="$1"
  if [ -n "${!hook:-}" ]; then eval "${!hook}"; fi
}

runPhase() {
  local phase="$1"
  if [ -n "${!phase:-}" ]; then eval "${!phase}"; else "default_$phase"; fi
}

unpackFile() {
  curSrc="$1"
  case "$1" in
    *.tar | *.tar.* | *.tgz | *.tbz | *.tbz2 | *.txz) tar xf "$1" --no-same-owner ;;
    *.zip) unzip -q "$1" ;;
    *)
      if [ -d "$1" ]; then cp -r --no-preserve=mode "$1" "$(stripHash "$1")"
      elif [ -n "${unpackCmd:-}" ]; then eval "$unpackCmd"
      else echo "stub stdenv: do not know how to unpack $1" >&2; return 1; fi ;;
  esac
}
stripHash() { basename "$1" | cut -d- -f2-; }

default_unpackPhase() {
  runHook preUnpack
  local before after
  before=$(ls -A)
  for s in ${srcs:-${src:-}}; do unpackFile "$s"; done
  if [ -z "${sourceRoot:-}" ]; then
    after=$(comm -13 <(echo "$before") <(ls -A))
    if [ "$(echo "$after" | wc -l)" -ne 1 ] || [ ! -d "$after" ]; then
      echo "stub stdenv: unpacking did not give one folder; set sourceRoot" >&2
      return 1
    fi
    sourceRoot="$after"
  fi
  chmod -R u+w "$sourceRoot"
  cd "$sourceRoot"
  runHook postUnpack
}
default_patchPhase() {
  runHook prePatch
  for p in ${patches:-}; do patch -p1 -i "$p"; done
  runHook postPatch
}
default_configurePhase() { runHook preConfigure; runHook postConfigure; }
default_buildPhase() {
  runHook preBuild
  if [ -f Makefile ] || [ -f makefile ]; then make -j"$NIX_BUILD_CORES"; fi
  runHook postBuild
}
default_checkPhase() { runHook preCheck; runHook postCheck; }
default_installPhase() {
  runHook preInstall
  if [ -f Makefile ] || [ -f makefile ]; then make install "PREFIX=$out"; fi
  runHook postInstall
}
default_fixupPhase() {
  runHook preFixup
  mkdir -p "$out"
  if [ -n "${propagatedBuildInputs:-}" ]; then
    mkdir -p "$out/nix-support"
    echo $propagatedBuildInputs >"$out/nix-support/propagated-build-inputs"
  fi
  runHook postFixup
}

export HOME=/homeless-shelter
cd "$NIX_BUILD_TOP"
if [ -n "${buildCommand:-}" ]; then
  eval "$buildCommand"
  exit 0
fi
[ -n "${dontUnpack:-}" ] || runPhase unpackPhase
[ -n "${dontPatch:-}" ] || runPhase patchPhase
[ -n "${dontConfigure:-}" ] || runPhase configurePhase
[ -n "${dontBuild:-}" ] || runPhase buildPhase
[ -z "${doCheck:-}" ] || runPhase checkPhase
[ -n "${dontInstall:-}" ] || runPhase installPhase
[ -n "${dontFixup:-}" ] || runPhase fixupPhase
