{
  description = "Test stand-in for hillingar's flake: its lib with the unikernel functions of nix/unikernel.nix, for evaluating the template";

  # Overridden by the test: --override-input nixpkgs path:tests/stub-pkgs.
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    {
      lib = builtins.mapAttrs (
        system: pkgs:
        let
          # Evaluation only: nothing here runs opam2drv.
          opam2drv = pkgs.runCommand "opam2drv" { } "exit 1";
          base = pkgs.callPackage ../../../../nix/lib.nix { inherit opam2drv; };
        in
        base
        // import ../../../../nix/unikernel.nix {
          inherit (pkgs) lib stdenv runCommand;
          inherit opam2drv;
          hillingar = base;
        }
      ) nixpkgs.legacyPackages;
    };
}
