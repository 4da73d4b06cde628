# The fixture unikernel (tests/nix/unikernel/project), built by
# buildUnikernel with the stand-in pkgs.
#   lockFile     the unikernel lock opam2drv lock wrote
#   toolLock     the mirage tool's own lock (opam2drv lock)
#   opam2drvBin  an opam2drv binary built on the host
#   repos        the fixture repositories, highest priority first
#                (for the import-from-derivation path)
#   hvtLockFile  the lock of hvt/mirage/hello-hvt.opam (the stand-in
#                ocaml-solo5 toolchain is the host's compiler)
{ lockFile, toolLock, opam2drvBin, repos ? [ ], hvtLockFile ? null, project ? ./project, stubPkgs ? ../../stub-pkgs }:
let
  pkgs = import stubPkgs { };
  opam2drv = import ../host-opam2drv.nix { inherit pkgs opam2drvBin; };
  hillingar = pkgs.callPackage ../../../nix/lib.nix { inherit opam2drv; };
  uni = import ../../../nix/unikernel.nix {
    inherit (pkgs) lib stdenv runCommand;
    inherit hillingar opam2drv;
  };
  fromPkgs = {
    ocaml-base-compiler = pkgs.ocaml;
    dune = pkgs.dune_2;
  };
  # Only what a user writes: config.ml and the unikernel's code.
  unconfigured = builtins.path {
    name = "hello-src";
    path = project;
    filter = p: _: builtins.elem (baseNameOf p) [ "config.ml" "unikernel.ml" ];
  };
in
{
  # The configured files are committed: no import-from-derivation.
  committed = uni.buildUnikernel {
    src = project;
    target = "unix";
    lock = lockFile;
    inherit fromPkgs;
  };
  # mirage configure runs in a derivation (mirage from its own lock); the
  # lock is still the committed one: no import-from-derivation either.
  configured = uni.buildUnikernel {
    src = unconfigured;
    target = "unix";
    lock = lockFile;
    configure = true;
    mirageLock = toolLock;
    inherit fromPkgs;
  };
  # Nothing committed: configure, then solve in a derivation (IFD).
  solved = uni.buildUnikernel {
    src = unconfigured;
    target = "unix";
    configure = true;
    mirageLock = toolLock;
    inherit repos fromPkgs;
  };
  # hvt: dune builds in a context named solo5 with the findlib toolchain
  # solo5, which only OCAMLFIND_CONF (set by buildUnikernel) defines.
  hvt = uni.buildUnikernel {
    src = unconfigured;
    target = "hvt";
    lock = hvtLockFile;
    configure = true;
    mirageLock = toolLock;
    inherit fromPkgs;
  };
  hvtWithoutToolchain = (uni.buildUnikernel {
    src = unconfigured;
    target = "hvt";
    lock = hvtLockFile;
    configure = true;
    mirageLock = toolLock;
    inherit fromPkgs;
  }).overrideAttrs (old: { preBuild = "unset OCAMLFIND_CONF"; });
  # The locked mirage tool, runnable outside a build.
  mirage = uni.wrapTool { tool = (hillingar.buildLock { lock = toolLock; inherit fromPkgs; }).mirage; };
  # An artefact the build does not make.
  misnamed = (uni.buildUnikernel {
    src = project;
    target = "unix";
    lock = lockFile;
    inherit fromPkgs;
  }).overrideAttrs (old: { hillingarArtefacts = [ "dist/goodbye" ]; });
  packages = uni.unikernelPackages {
    src = project;
    inherit fromPkgs;
    targets.unix.lock = lockFile;
  };
}
