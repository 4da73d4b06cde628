{
  description = "An OCaml project whose opam dependencies hillingar builds";

  inputs = {
    hillingar.url = "github:hillingar/hillingar?dir=nix";
    nixpkgs.follows = "hillingar/nixpkgs";
  };

  outputs =
    { self, nixpkgs, hillingar }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f system);

      # One derivation per opam package of the lock. Write the lock with:
      #   opam2drv lock ./*.opam -o opam2drv.lock.json
      # and commit it; evaluation then needs no import-from-derivation.
      opamPackages = system: hillingar.lib.${system}.buildLock {
        lock = ./opam2drv.lock.json;
        # overrides = { somepkg = old: { doCheck = false; }; };
      };
    in
    {
      # `nix build .#opam.<package>` builds one opam package of the lock.
      # (Under "opam", so that the set's own callPackage, packages, ...
      # do not shadow the flake's outputs in `nix build .#x` lookups.)
      legacyPackages = forAllSystems (system: { opam = opamPackages system; });

      packages = forAllSystems (system: {
        # The dependencies of the project's opam file, linked into one tree.
        # To build the project itself, give the same list as buildInputs
        # to a stdenv.mkDerivation: their setup hooks set OCAMLPATH.
        default = nixpkgs.legacyPackages.${system}.symlinkJoin {
          name = "opam-dependencies";
          paths = hillingar.lib.${system}.projectInputs {
            plan = ./opam2drv.lock.json;
            set = opamPackages system;
          };
        };
      });
    };
}
