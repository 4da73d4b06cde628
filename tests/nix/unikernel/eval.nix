# Evaluates buildUnikernel on a unikernel lock (no build) and reports what
# the test checks: duniverse folders and their fetches, tool inputs,
# toolchain settings, artefacts. With the stand-in pkgs.
#   lockFile  the unikernel lock
#   target    the mirage target
{ lockFile, target, stubPkgs ? ../../stub-pkgs }:
let
  pkgs = import stubPkgs { };
  # Evaluation only: nothing runs opam2drv.
  opam2drv = pkgs.runCommand "opam2drv" { } "exit 1";
  hillingar = pkgs.callPackage ../../../nix/lib.nix { inherit opam2drv; };
  uni = import ../../../nix/unikernel.nix {
    inherit (pkgs) lib stdenv runCommand;
    inherit hillingar opam2drv;
  };
  plan = builtins.fromJSON (builtins.readFile lockFile);
  u = uni.buildUnikernel {
    src = builtins.toFile "empty-source" "";
    inherit target;
    lock = lockFile;
  };
  d = u.duniverse;
  want = plan.duniverse;
  fetchProblems = builtins.concatMap (
    dir:
    let
      f = d.sources.${dir};
      s = want.${dir}.source;
    in
    (if f.outputHash == s.hash then [ ] else [ "${dir}: hash ${f.outputHash}, want ${s.hash}" ])
    ++ (if (f.urls or [ f.url ]) == s.urls then [ ] else [ "${dir}: urls differ" ])
  ) (builtins.attrNames want);
  tc = u.toolchain;
in
{
  name = u.name;
  unikernelName = u.unikernelName;
  artefact = u.artefact;
  artefacts = u.artefacts;
  mirageDir = u.mirageDir;
  folders = d.folders;
  fetches = builtins.length (builtins.attrNames d.sources);
  inherit fetchProblems;
  tools = map (t: t.pname) u.nativeBuildInputs;
  toolchain = if tc == null then null else {
    inherit (tc) name;
    package = tc.package.pname;
    confDIsThePackages = u.hillingarToolchainConfD == "${tc.package}/lib/findlib.conf.d";
  };
  setsOcamlfindConf = builtins.length (builtins.split "export OCAMLFIND_CONF=" u.configurePhase) > 1;
  buildCommand = u.buildPhase;
  instantiates = builtins.match "/nix/store/.*\\.drv" (builtins.unsafeDiscardStringContext u.drvPath) != null;
}
