# The stand-in stdenv: mkDerivation over builtins.derivation, with the
# setup script above running nixpkgs' phases on the host's tools.
{ lib, system, hostPath }:
let
  inherit (builtins) derivation isFunction removeAttrs;

  setup = builtins.toFile "stub-setup.sh"
    (builtins.replaceStrings [ "@hostPath@" ] [ hostPath ] (builtins.readFile ./setup.sh));

  mkDerivation = argsOrFun:
    let
      args = if isFunction argsOrFun then lib.fix argsOrFun else argsOrFun;
      name = args.name or "${args.pname}-${args.version}";
      passthru = args.passthru or { };
      drvArgs = removeAttrs args [ "meta" "passthru" "name" ];
      drv = derivation (drvArgs // {
        inherit name system;
        builder = "/bin/bash";
        args = [ "-e" setup ];
      });
    in
    drv // passthru // {
      meta = args.meta or { };
      inherit passthru;
      overrideAttrs = f:
        let
          prev = args;
          g = f prev;
          new = if isFunction g then g prev else g;
        in
        mkDerivation (args // new);
    } // lib.optionalAttrs (args ? pname) { inherit (args) pname; }
    // lib.optionalAttrs (args ? version) { inherit (args) version; };
in
{
  inherit mkDerivation system;
  isLinux = true;
  isDarwin = false;
  hostPlatform = { inherit system; isLinux = true; isDarwin = false; };
  buildPlatform = { inherit system; };
  cc = throw "stub-pkgs: stdenv.cc is not provided (host tools are used directly)";
  shell = "/bin/bash";
}
