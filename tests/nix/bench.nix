# What the benchmark evaluates: the package set of a plan, every
# package's derivation path (which instantiates every derivation, as
# `nix-build` does before building), with the stand-in pkgs.
#   drvs  return the derivations themselves (for nix-instantiate, which
#         writes every .drv file) instead of their paths
{ planFile, drvs ? false, stubPkgs ? ../stub-pkgs }:
let
  pkgs = import stubPkgs { };
  opam2drv = pkgs.runCommand "opam2drv" { } "exit 1";
  hillingar = pkgs.callPackage ../../nix/lib.nix { inherit opam2drv; };
  scope = hillingar.buildLock { lock = planFile; };
  names = builtins.attrNames (builtins.fromJSON (builtins.readFile planFile)).packages;
in
map (n: if drvs then scope.${n} else scope.${n}.drvPath) names
