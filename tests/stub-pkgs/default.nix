# A stand-in for nixpkgs, for testing hillingar's Nix library offline.
#
# It offers, under nixpkgs' names and with nixpkgs' semantics, only what
# the library and its tests use: lib (./lib.nix), stdenv.mkDerivation
# (phases run by ./setup.sh over the host's tools), fetchurl (over
# builtin:fetchurl), fetchgit (the host's git, on local repositories),
# runCommand, writeText, symlinkJoin, newScope/callPackage, and ocaml,
# dune_2 and ocamlPackages.findlib wrapping the host's Debian packages.
# Anything else is missing, and a few well-known names throw.
{ system ? builtins.currentSystem, hostPath ? "/usr/local/bin:/usr/bin:/bin", ... }:
let
  lib = import ./lib.nix;

  stdenv = import ./stdenv.nix { inherit lib system hostPath; };

  unsupported = name: throw "stub-pkgs: ${name} is not provided by the stand-in for nixpkgs (tests/stub-pkgs); use real nixpkgs";

  runCommand = name: env: buildCommand:
    stdenv.mkDerivation ({ inherit name buildCommand; } // env);

  writeText = name: text:
    runCommand name { inherit text; passAsFile = [ "text" ]; } ''cp "$textPath" "$out"'';

  symlinkJoin = { name, paths, postBuild ? "", ... }@args:
    runCommand name (removeAttrs args [ "name" "paths" "postBuild" ] // { inherit paths; }) ''
      mkdir -p "$out"
      for p in $paths; do cp -rs --no-preserve=mode "$p/." "$out/"; done
      ${postBuild}
    '';

  # fetchurl: a fixed-output derivation. One URL uses builtin:fetchurl
  # (what nixpkgs' fetchurl does underneath); several are tried in order
  # with the host's curl, as nixpkgs' fetchurl builder tries its mirrors.
  fetchurl = { url ? null, urls ? [ ], hash ? "", sha256 ? "", name ? null, executable ? false, ... }:
    let
      allUrls = (if url != null then [ url ] else [ ]) ++ urls;
      first = if allUrls == [ ] then throw "fetchurl: give url or urls" else builtins.head allUrls;
      h = if hash != "" then hash else if sha256 != "" then sha256 else throw "fetchurl ${first}: give hash or sha256";
      fixed = {
        name = if name != null then name else baseNameOf first;
        urls = allUrls;
        outputHash = h;
        outputHashAlgo = if builtins.match "sha[0-9]+-.*" h != null then "" else "sha256";
        outputHashMode = if executable then "recursive" else "flat";
        preferLocalBuild = true;
      };
    in
    if builtins.length allUrls == 1 then
      derivation (fixed // {
        builder = "builtin:fetchurl";
        system = "builtin";
        url = first;
        inherit executable;
        unpack = false;
      })
    else
      derivation (fixed // {
        inherit system;
        builder = "/bin/bash";
        PATH = hostPath;
        args = [ "-c" ''
          for u in $urls; do
            echo "trying $u" >&2
            if curl -fsSL --retry 0 -o "$out" "$u"; then
              ${if executable then ''chmod +x "$out"'' else ""}
              exit 0
            fi
          done
          echo "fetchurl: every URL failed" >&2
          exit 1
        '' ];
      });

  # fetchgit: clones with the host's git (local or file:// repositories
  # only, offline) and hashes the checkout without .git, as nixpkgs does.
  fetchgit = { url, rev, hash ? "", sha256 ? "", name ? "source", fetchSubmodules ? true, ... }:
    stdenv.mkDerivation {
      inherit name url rev fetchSubmodules;
      outputHash = if hash != "" then hash else sha256;
      outputHashAlgo = if hash != "" then "" else "sha256";
      outputHashMode = "recursive";
      buildCommand = ''
        git -c init.defaultBranch=main init -q "$out"
        git -C "$out" fetch -q "$url" "$rev" 2>/dev/null || git -C "$out" fetch -q "$url"
        git -C "$out" -c advice.detachedHead=false checkout -q "$rev"
        if [ -n "$fetchSubmodules" ]; then git -C "$out" submodule -q update --init --recursive; fi
        find "$out" -name .git -prune -exec rm -rf {} +
      '';
    };

  # The host's OCaml, dune and findlib, exposed as store paths.
  hostTool = pname: version: globs: runCommand "${pname}-${version}" {
    inherit pname version globs;
    passthru = { inherit version; };
  } ''
    mkdir -p "$out/bin"
    for g in $globs; do
      for f in /usr/bin/$g; do [ -e "$f" ] && ln -s "$f" "$out/bin/"; done
    done
    [ -n "$(ls "$out/bin")" ] || { echo "stub-pkgs: $pname is not installed on the host (apt-get install it)" >&2; exit 1; }
  '';

  ocaml = hostTool "ocaml" "4.13.1" "ocaml ocaml[a-z]*";
  dune_2 = hostTool "dune" "2.9.3" "dune";
  findlib = hostTool "findlib" "1.9.1" "ocamlfind";

  buildGoModule = { pname, version, src, vendorHash ? null, ... }@args:
    stdenv.mkDerivation (removeAttrs args [ "vendorHash" "subPackages" "ldflags" "CGO_ENABLED" ] // {
      inherit vendorHash;
      buildCommand = ''
        echo "stub-pkgs: buildGoModule evaluates here but cannot build (vendoring Go modules needs the network)" >&2
        exit 1
      '';
    });

  pkgs = {
    inherit lib stdenv system pkgs runCommand writeText symlinkJoin fetchurl fetchgit ocaml dune_2 buildGoModule;
    callPackage = lib.callPackageWith pkgs;
    newScope = extra: lib.callPackageWith (pkgs // extra);
    dune = dune_2;
    ocamlPackages = { inherit ocaml findlib; dune_2 = dune_2; };
    go = hostTool "go" "host" "go";
    nixpkgs-fmt = hostTool "nixpkgs-fmt" "host" "nixpkgs-fmt";
    stdenvNoCC = stdenv;
    fetchFromGitHub = unsupported "fetchFromGitHub";
    fetchzip = unsupported "fetchzip";
    writeShellScriptBin = unsupported "writeShellScriptBin";
    overlays = [ ];
  };
in
pkgs
