{
  description = "A MirageOS unikernel built by hillingar";

  inputs = {
    hillingar.url = "github:hillingar/hillingar?dir=nix";
    nixpkgs.follows = "hillingar/nixpkgs";
  };

  outputs =
    { self, nixpkgs, hillingar }:
    let
      inherit (nixpkgs) lib;
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: lib.genAttrs systems f;

      # The mirage tool, locked on its own (README.md, step 2):
      #   opam2drv lock --repo PATH mirage-tool.opam -o mirage-tool.lock.json
      toolLock = ./mirage-tool.lock.json;
      haveTool = (lib.importJSON toolLock).packages ? mirage;

      # One lock per target (README.md, step 3):
      #   mirage configure -t hvt
      #   opam2drv lock --repo PATH ... -o mirage/hello-hvt.lock.json mirage/hello-hvt.opam
      # A target is built once its lock exists.
      targets = lib.filterAttrs (_: t: builtins.pathExists t.lock) {
        unix.lock = ./mirage/hello-unix.lock.json;
        hvt.lock = ./mirage/hello-hvt.lock.json;
        spt.lock = ./mirage/hello-spt.lock.json;
        virtio.lock = ./mirage/hello-virtio.lock.json;
        xen.lock = ./mirage/hello-xen.lock.json;
      };

      unikernels =
        system:
        hillingar.lib.${system}.unikernelPackages {
          src = ./.;
          inherit targets;
          # mirage configure -t TARGET runs in a derivation: only config.ml,
          # the unikernel's code, the opam files and the locks need to be
          # committed. Set it to false to build the committed configured
          # files of one target instead.
          configure = true;
          mirageLock = toolLock;
          # overrides = { solo5 = old: { doCheck = false; }; };
        };
    in
    {
      # `nix build .#TARGET` builds the unikernel into result/bin;
      # .#TARGET-configured, .#TARGET-duniverse and .#TARGET-tools are the
      # configured source, the assembled duniverse and the tools.
      # `nix run .#mirage -- configure -t TARGET` runs the locked mirage.
      packages = forAllSystems (
        system:
        let
          built = unikernels system;
          present = builtins.filter (t: built ? ${t}) [ "unix" "hvt" "spt" "virtio" "xen" ];
        in
        built
        // lib.optionalAttrs (present != [ ]) { default = built.${builtins.head present}; }
        // lib.optionalAttrs haveTool {
          mirage = hillingar.lib.${system}.wrapTool {
            tool = (hillingar.lib.${system}.buildLock { lock = toolLock; }).mirage;
          };
        }
      );
    };
}
