{
  description = "hillingar: Nix builds for OCaml and MirageOS from opam plans written by opam2drv";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});

      # opam2drv, built from this repository (the flake lives in nix/).
      # Update vendorHash when the Go imports, go.mod or go.sum change:
      # scripts/test-nix.sh prints the right value when it differs.
      opam2drvFor =
        pkgs:
        pkgs.buildGoModule {
          pname = "opam2drv";
          version = "0.1.0";
          src = ../.;
          vendorHash = "sha256-23nLP78Nl+Fnx3yA1AZWgI/8WVENssHGUqZFLyRMf/E=";
          subPackages = [ "cmd/opam2drv" ];
          ldflags = [ "-X main.Version=0.1.0" ];
          CGO_ENABLED = 0;
        };

      hillingarFor = pkgs: opam2drv: pkgs.callPackage ./lib.nix { inherit opam2drv; };
    in
    {
      /**
        The library, per system: `hillingar.lib.${system}.buildLock { lock = ./opam2drv.lock.json; }`.
        See docs/nix-reference.md.
      */
      lib = forAllSystems (pkgs: hillingarFor pkgs self.packages.${pkgs.system}.opam2drv);

      packages = forAllSystems (pkgs: rec {
        opam2drv = opam2drvFor pkgs;
        default = opam2drv;
      });

      /**
        Adds `opam2drv` and `hillingar` (the library) to a nixpkgs.
      */
      overlays.default = final: prev: {
        opam2drv = opam2drvFor final;
        hillingar = hillingarFor final final.opam2drv;
      };

      # `nix flake init -t github:hillingar/hillingar?dir=nix`: a MirageOS
      # unikernel (docs/unikernel-guide.md); `-t ...#project`: an OCaml
      # project whose opam dependencies are built from a lock.
      templates.default = {
        path = ./template;
        description = "A MirageOS unikernel that hillingar builds for each target from its lock";
      };
      templates.project = {
        path = ./template-project;
        description = "An OCaml project whose opam dependencies hillingar builds from a lock";
      };

      # Evaluates (without building) the package set of a small real lock.
      checks = forAllSystems (
        pkgs:
        let
          lock = ../tests/nix/fixtures/lwt-2024-06-01.lock.json;
          scope = self.lib.${pkgs.system}.buildLock { inherit lock; };
          names = builtins.attrNames (lib.importJSON lock).packages;
          drvs = map (n: builtins.unsafeDiscardStringContext scope.${n}.drvPath) names;
        in
        {
          lock-evaluates = pkgs.writeText "hillingar-lock-evaluates" (builtins.concatStringsSep "\n" drvs);
        }
      );

      formatter = forAllSystems (pkgs: pkgs.nixpkgs-fmt);
    };
}
