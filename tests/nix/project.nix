# A project of the user's own, built with plain stdenv.mkDerivation against
# packages of the set: greet reaches it through the setup hook that
# opam2drv writes (OCAMLPATH), dune and OCaml through propagated inputs.
{ planFile, opam2drvBin }:
let
  set = import ./build.nix { inherit planFile opam2drvBin; };
  pkgs = import ../stub-pkgs { };
in
pkgs.stdenv.mkDerivation {
  pname = "myapp";
  version = "0";
  src = ./fixtures/myapp;
  nativeBuildInputs = [ set.dune ];
  buildInputs = [ set.greet ];
  buildPhase = ''
    dune build ./bin/myapp.exe
  '';
  installPhase = ''
    mkdir -p "$out/bin"
    cp _build/default/bin/myapp.exe "$out/bin/myapp"
  '';
}
