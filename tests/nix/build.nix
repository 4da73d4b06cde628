# The test project's package set, built with the stand-in pkgs.
#   planFile     the plan (a lock) to build
#   opam2drvBin  an opam2drv binary built on the host (go build)
{ planFile, opam2drvBin, stubPkgs ? ../stub-pkgs }:
let
  pkgs = import stubPkgs { };
  opam2drv = pkgs.runCommand "opam2drv" { } ''
    mkdir -p "$out/bin"
    cp ${opam2drvBin} "$out/bin/opam2drv"
  '';
  hillingar = pkgs.callPackage ../../nix/lib.nix { inherit opam2drv; };
in
hillingar.buildLock {
  lock = planFile;
  fromPkgs = {
    ocaml-system = pkgs.ocaml;
    dune = pkgs.dune_2;
    ocamlfind = pkgs.ocamlPackages.findlib;
  };
}
