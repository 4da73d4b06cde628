# The test repository's project (tests/nix/project, tests/nix/repo) built
# both ways: from a lock written by `opam2drv lock` on the host
# (lockFile), or by solving inside a derivation (import-from-derivation).
#   opam2drvBin  an opam2drv binary built on the host
#   projectDir   the project folder (myproj.opam)
#   repoDir      the opam repository, with the test's URLs and checksums
{ opam2drvBin, projectDir, repoDir, lockFile ? null, stubPkgs ? ../stub-pkgs }:
let
  pkgs = import stubPkgs { };
  opam2drv = import ./host-opam2drv.nix { inherit pkgs opam2drvBin; };
  hillingar = pkgs.callPackage ../../nix/lib.nix { inherit opam2drv; };
  common = {
    fromPkgs = {
      # The default: ocaml-system's own steps run with pkgs.ocaml on PATH.
      ocaml-system = { package = pkgs.ocaml; runSteps = true; };
      dune = pkgs.dune_2;
      ocamlfind = pkgs.ocamlPackages.findlib;
    };
  };
in
if lockFile != null then
  hillingar.buildLock (common // { lock = lockFile; })
else
  hillingar.buildProject (common // {
    src = projectDir;
    files = [ "myproj.opam" ];
    repos = [ { name = "test"; path = repoDir; } ];
    args = [ "-env" "sys-ocaml-version=4.13.1" ];
  })
