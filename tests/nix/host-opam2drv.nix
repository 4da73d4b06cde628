# An opam2drv binary built on the host (go build), as a package whose
# bin/opam2drv the library's derivations run.
{ pkgs, opam2drvBin }:
pkgs.runCommand "opam2drv" { } ''
  mkdir -p "$out/bin"
  cp ${opam2drvBin} "$out/bin/opam2drv"
''
