# Evaluates the library on a plan, without building and without
# import-from-derivation, and checks the derivation graph against the
# plan: every package present, its dependencies wired as the plan says,
# its source fetched with the plan's URLs and hash. Returns a summary with
# the list of problems (empty when all is well).
#   checkAgainst  the plan to compare with (default planFile); the tests
#                 pass a different one to see that problems are found
{ planFile, checkAgainst ? planFile, stubPkgs ? ../stub-pkgs }:
let
  pkgs = import stubPkgs { };
  inherit (pkgs) lib;
  opam2drv = pkgs.runCommand "opam2drv" { } "exit 1";
  hillingar = pkgs.callPackage ../../nix/lib.nix { inherit opam2drv; };
  plan = lib.importJSON checkAgainst;
  scope = hillingar.buildLock { lock = planFile; };
  names = builtins.attrNames plan.packages;
  sorted = builtins.sort builtins.lessThan;
  check = name:
    let
      r = plan.packages.${name};
      d = scope.${name} or null;
      dep = r.depends;
      depopts = builtins.filter (n: plan.packages ? ${n}) (r.depopts or [ ]);
      taken = name == "ocaml-system";
      want = {
        build = sorted dep.build;
        run = sorted (lib.unique (dep.run ++ depopts));
        hash = if taken || r.source == null then null else r.source.hash or null;
        urls = if taken || r.source == null || r.source.type != "archive" then null else r.source.urls;
        name = "${name}-${r.version}";
      };
      got = {
        build = sorted (builtins.attrNames d.buildDeps);
        run = sorted (builtins.attrNames d.runDeps);
        hash = if d.src or null == null then null else d.src.outputHash;
        urls = if d.src or null == null then null else d.src.urls;
        inherit (d) name;
      };
      # A dependency's derivation must be the set's own package.
      sameDrv = lib.all (n: d.runDeps.${n}.drvPath == scope.${n}.drvPath) (builtins.attrNames d.runDeps);
    in
    if d == null then [ "${name}: missing from the package set" ]
    else (if want != got then [ "${name}: want ${builtins.toJSON want}, got ${builtins.toJSON got}" ] else [ ])
      ++ (if sameDrv then [ ] else [ "${name}: a run dependency is not the set's derivation" ])
      ++ (if lib.hasPrefix "/nix/store/" d.drvPath then [ ] else [ "${name}: no drvPath" ]);
in
{
  packages = builtins.length names;
  derivations = builtins.length (builtins.filter (n: lib.isDerivation scope.${n}) names);
  problems = lib.concatMap check names;
}
