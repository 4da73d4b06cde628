# The test project's package set, built with the stand-in pkgs.
#   planFile     the plan (a lock) to build
#   opam2drvBin  an opam2drv binary built on the host (go build)
#   viaIFD       read the plan from a derivation's output
#                (import-from-derivation) instead of the file
{ planFile, opam2drvBin, viaIFD ? false, stubPkgs ? ../stub-pkgs }:
let
  pkgs = import stubPkgs { };
  opam2drv = import ./host-opam2drv.nix { inherit pkgs opam2drvBin; };
  hillingar = pkgs.callPackage ../../nix/lib.nix { inherit opam2drv; };
  fromPkgs = {
    ocaml-system = pkgs.ocaml;
    dune = pkgs.dune_2;
    ocamlfind = pkgs.ocamlPackages.findlib;
  };
  planDrv = pkgs.runCommand "plan.json" { } ''cp ${planFile} "$out"'';
in
if viaIFD then
  hillingar.buildPlan { plan = builtins.fromJSON (builtins.readFile planDrv); inherit fromPkgs; }
else
  hillingar.buildLock { lock = planFile; inherit fromPkgs; }
