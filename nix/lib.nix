/**
  hillingar's Nix library: builds opam packages from a plan (a lock)
  written by `opam2drv lock`, one derivation per package, as a package set
  in the nixpkgs style.

  Call it like a package: `pkgs.callPackage ./lib.nix { opam2drv = ...; }`.
  Nothing here parses opam syntax: the plan is JSON, and the build steps run
  through `opam2drv build-phase`, which reads them as data.

  See docs/nix-reference.md for every function with an example, and
  docs/lock-format.md for the plan.
*/
{
  lib,
  pkgs,
  stdenv,
  fetchurl,
  fetchgit,
  runCommand,
  newScope,
  ocaml,
  opam2drv ? null,
}:
let
  inherit (builtins)
    attrNames
    fromJSON
    isAttrs
    isList
    isPath
    isString
    readFile
    replaceStrings
    toJSON
    ;
  inherit (lib)
    attrByPath
    concatMap
    concatStringsSep
    extends
    filter
    genAttrs
    head
    makeScope
    mapAttrs
    optionals
    splitString
    warn
    ;

  defaultOpam2drv = opam2drv;

  /**
    The plan schema this library reads.
  */
  schemaVersion = 1;

  defaultDepextsTable = fromJSON (readFile ./depexts.json);

  /**
    Checks a plan's `schema` and that it has packages; returns the plan.

    # Type

    ```
    checkPlan :: AttrSet -> AttrSet
    ```
  */
  checkPlan =
    plan:
    let
      got = plan.schema or null;
      redo =
        if plan ? regenerate then
          "run: ${concatStringsSep " " plan.regenerate}"
        else
          "run `opam2drv lock` again";
    in
    if !isAttrs plan then
      throw "[opam2drv] the plan is not a JSON object; give the output of `opam2drv lock`"
    else if got != schemaVersion then
      throw "[opam2drv] this plan has schema ${toJSON got}, but this hillingar library reads schema ${toString schemaVersion}: regenerate it with the opam2drv of this hillingar version (${redo}), or use the hillingar library that matches the opam2drv that wrote it (${plan.generator or "unknown generator"})"
    else if !(isAttrs (plan.packages or null)) then
      throw "[opam2drv] the plan has no \"packages\" object; regenerate it (${redo})"
    else
      plan;

  /**
    Reads a plan: a path to a JSON lock, a JSON string, or an attribute
    set already decoded. Checks its schema with `checkPlan`.

    # Type

    ```
    readPlan :: (Path | String | AttrSet) -> AttrSet
    ```
  */
  readPlan =
    plan:
    checkPlan (
      if isAttrs plan && !(plan ? outPath) then
        plan
      else if isString plan && lib.hasPrefix "{" plan then
        fromJSON plan
      else
        fromJSON (readFile plan)
    );

  # storeName makes a store-path-safe name from a URL's last component.
  storeName =
    url:
    let
      base = head (splitString "?" (baseNameOf url));
      safe = replaceStrings [ "%" "&" "~" " " ":" "@" ] [ "_" "_" "_" "_" "_" "_" ] base;
    in
    if safe == "" || lib.hasPrefix "." safe then "source${safe}" else safe;

  /**
    Fetches a package's source as a fixed-output derivation: `fetchurl` for
    an `archive` source (all its URLs, in order), `fetchgit` for a `git`
    one. Returns null for a package without source, and throws when the
    hash is missing (run `opam2drv lock --prefetch`).

    # Type

    ```
    fetchSource :: { name :: String, version :: String, source :: AttrSet | Null } -> Derivation | Null
    ```
  */
  fetchSource =
    record:
    let
      src = record.source or null;
      who = "[opam2drv] ${record.name}.${record.version}";
      hash =
        src.hash
          or (throw "${who}: the source has no Nix hash in the plan; run `opam2drv lock --prefetch` to fill it");
    in
    if src == null then
      null
    else if !(src ? hash) then
      hash
    else if src.type == "archive" then
      fetchurl {
        urls = src.urls;
        inherit hash;
        name = storeName (head src.urls);
      }
    else if src.type == "git" then
      fetchgit {
        inherit (src) url rev;
        inherit hash;
        name = "${record.name}-${record.version}-source";
        # opam2drv records the hash of the checkout without submodules.
        fetchSubmodules = false;
      }
    else
      throw "${who}: unknown source type ${toJSON src.type}; this library knows archive and git";

  /**
    Finds the nixpkgs packages for a record's depexts: its `nixos` names
    (attribute paths in `pkgs`), or else the first distribution of
    `table.order` the record has names for, mapped through `table`
    (nix/depexts.json); names for other systems only (freebsd, ...) need
    nothing. Every name it cannot resolve is a warning
    prefixed `[opam2drv] <package>:`; none is dropped silently.

    # Type

    ```
    depextsOf :: { record :: AttrSet, pkgs :: AttrSet ? pkgs, table :: AttrSet ? nix/depexts.json } -> [Derivation]
    ```
  */
  depextsOf =
    {
      record,
      pkgs ? defaultPkgs,
      table ? defaultDepextsTable,
    }:
    let
      d = record.depexts or { };
      lookup = attr: attrByPath (splitString "." attr) null pkgs;
      say = msg: warn "[opam2drv] ${record.name}: ${msg}" null;
      resolve =
        distro: name: attr:
        let
          found = if attr == null then null else lookup attr;
        in
        if attr == null then
          say "no nixpkgs attribute is known for the ${distro} depext \"${name}\"; add it to nix/depexts.json or add the package with overrides"
        else if found == null then
          say "depext \"${name}\" (${distro}) names nixpkgs attribute \"${attr}\", which this pkgs does not have"
        else
          found;
      distros = filter (x: (d.${x} or [ ]) != [ ]) table.order;
      picked =
        if (d.nixos or [ ]) != [ ] then
          map (n: resolve "nixos" n n) d.nixos
        else if distros != [ ] then
          let
            distro = head distros;
          in
          map (n: resolve distro n (table.${distro}.${n} or null)) d.${distro}
        else
          # Names for other systems only (freebsd, macports...): the
          # package needs nothing on the distributions of the table.
          [ ];
    in
    filter (x: x != null) picked;

  defaultPkgs = pkgs;

  /**
    Makes the derivation of one opam package from its plan record. Its
    build runs `opam2drv build-phase prepare|build|install` over the record
    and a context naming the dependencies' store paths.

    `buildDeps` are visible at build time only; `runDeps` are also passed on
    to dependents (their OCAMLPATH, PATH, setenv); `testDeps` and `docDeps`
    join the build dependencies when `withTest` and `withDoc` are set, so
    `pkg.override { withTest = true; }` turns a package's tests on.

    `fromPkgs`, when set, is a derivation from `pkgs` whose `bin/` the
    package and its dependents get on PATH. With `runSteps = false` it
    stands for the package, whose steps are skipped (a tool taken from
    nixpkgs, such as dune); with `runSteps = true` (as for `ocaml-system`
    and `pkgs.ocaml`) the package's own steps still run, so that its
    checks and .config variables are opam's. `vars` are extra opam
    variables of the package.

    # Type

    ```
    mkOpamPackage :: {
      record, buildDeps ? {}, runDeps ? {}, testDeps ? {}, docDeps ? {},
      extraSources ? {}, env ? {}, withTest ? false, withDoc ? false,
      opam2drv ? <the library's>, depexts ? depextsOf { inherit record; },
      fromPkgs ? null, runSteps ? fromPkgs == null, vars ? {}
    } -> Derivation
    ```
  */
  mkOpamPackage =
    {
      record,
      buildDeps ? { },
      runDeps ? { },
      testDeps ? { },
      docDeps ? { },
      extraSources ? { },
      env ? { },
      withTest ? false,
      withDoc ? false,
      opam2drv ? defaultOpam2drv,
      depexts ? depextsOf { inherit record; },
      fromPkgs ? null,
      runSteps ? fromPkgs == null,
      vars ? { },
    }:
    let
      exe =
        if opam2drv == null then
          throw "[opam2drv] ${record.name}: pass opam2drv (the package that provides bin/opam2drv) to the hillingar library"
        else
          "${opam2drv}/bin/opam2drv";
      taken = fromPkgs != null;
      skipped = !runSteps;
      visibleBuildDeps =
        (if withTest then testDeps else { }) // (if withDoc then docDeps else { }) // buildDeps;
      steps =
        if skipped then
          {
            build = [ ];
            install = [ ];
            patches = [ ];
            substs = [ ];
            files = { };
          }
        else
          { };
      context = {
        deps = mapAttrs (_: d: "${d}") (visibleBuildDeps // runDeps);
        run = attrNames runDeps;
        system = map (d: "${d}") (depexts ++ optionals taken [ fromPkgs ]);
        extraSources = if skipped then { } else mapAttrs (_: d: "${d}") extraSources;
        inherit env vars withTest withDoc;
      };
      src = if skipped then null else fetchSource record;
      phase = name: hook: ''
        runHook pre${hook}
        ${exe} build-phase ${name}
        runHook post${hook}
      '';
    in
    stdenv.mkDerivation (
      {
        pname = record.name;
        inherit (record) version;
        inherit src;
        dontUnpack = src == null;
        unpackCmd = ''tar xf "$curSrc"'';
        # System packages are tools (PATH) and libraries (compiler flags).
        nativeBuildInputs = depexts ++ optionals taken [ fromPkgs ];
        buildInputs = depexts ++ lib.attrValues visibleBuildDeps;
        doCheck = withTest;
        propagatedBuildInputs = lib.attrValues runDeps ++ optionals taken [ fromPkgs ];
        opam2drvRecord = toJSON (record // steps);
        opam2drvContext = toJSON context;
        passAsFile = [
          "opam2drvRecord"
          "opam2drvContext"
        ];
        enableParallelBuilding = true;
        configurePhase = phase "prepare" "Configure";
        buildPhase = phase "build" "Build";
        # The with-test steps run among the build steps; nothing else.
        checkPhase = "runHook preCheck; runHook postCheck";
        installPhase = phase "install" "Install";
        dontStrip = true;
        passthru = {
          opam = record;
          inherit runDeps;
          buildDeps = visibleBuildDeps;
        };
      }
      // lib.optionalAttrs (src != null && (record.source.subdir or null) != null) {
        sourceRoot = "${src.name}/${record.source.subdir}";
      }
    );

  /**
    Turns a plan into a package set: one derivation per package of
    `plan.packages`, made by `mkOpamPackage` (overridable with
    `.override`), wired to the other packages of the set as the plan's
    `depends` and `depopts` say. The set is a nixpkgs scope: it has
    `callPackage`, `newScope`, `overrideScope` and `packages`.

    - `withTest`, `withDoc`: true, false, or a list of package names; turns
      on the with-test/with-doc steps and dependencies of those packages.
    - `fromPkgs`: opam package name to a derivation of `pkgs` that stands
      for it (its steps are skipped), or to `{ package; runSteps ? false;
      vars ? {}; }` (see `mkOpamPackage`). By default `ocaml-system` is
      `{ package = pkgs.ocaml; runSteps = true; }`: its own steps check the
      compiler's version and write its variables.
    - `overrides`: package name to a function for `overrideAttrs`.
    - `overlay`: a `final: prev:` function applied to the set last.

    # Type

    ```
    buildPlan :: {
      plan, opam2drv ? <the library's>, withTest ? false, withDoc ? false,
      fromPkgs ? { ocaml-system = { package = ocaml; runSteps = true; }; },
      overrides ? {}, overlay ? (final: prev: {}),
      depextsTable ? nix/depexts.json
    } -> Scope
    ```
  */
  buildPlan =
    {
      plan,
      opam2drv ? defaultOpam2drv,
      withTest ? false,
      withDoc ? false,
      fromPkgs ? {
        ocaml-system = {
          package = ocaml;
          runSteps = true;
        };
      },
      overrides ? { },
      overlay ? (final: prev: { }),
      depextsTable ? defaultDepextsTable,
    }:
    let
      checked = readPlan plan;
      packages = checked.packages;
      on = sel: name: if isList sel then lib.elem name sel else sel;
      pick =
        final: record: names:
        genAttrs names (
          n:
          final.${n}
            or (throw "[opam2drv] ${record.name}: depends on ${n}, which is not in the plan; regenerate the lock")
        );
      present = names: filter (n: packages ? ${n}) names;
      given = name: if isAttrs fromPkgs.${name} && fromPkgs.${name} ? package then fromPkgs.${name} else { package = fromPkgs.${name}; };
      one =
        final: name: record:
        let
          dep = record.depends or { };
          test = on withTest name;
          doc = on withDoc name;
          taken = fromPkgs ? ${name};
        in
        # makeOverridable rather than final.callPackage: the same .override,
        # without matching mkOpamPackage's arguments against all of pkgs
        # once per package (slow on older Nix with a full nixpkgs).
        lib.makeOverridable mkOpamPackage {
          inherit record opam2drv;
          env = checked.env or { };
          withTest = test;
          withDoc = doc;
          buildDeps = pick final record (dep.build or [ ]);
          testDeps = pick final record (dep.test or [ ]);
          docDeps = pick final record (dep.doc or [ ]);
          runDeps = pick final record ((dep.run or [ ]) ++ present (record.depopts or [ ]));
          extraSources = mapAttrs (
            f: s:
            fetchurl {
              inherit (s) urls;
              hash =
                s.hash
                  or (throw "[opam2drv] ${record.name}.${record.version}: extra source ${f} has no Nix hash in the plan; run `opam2drv lock --prefetch` to fill it");
              name = storeName f;
            }
          ) (record.extraSources or { });
          depexts = depextsOf {
            inherit record;
            table = depextsTable;
          };
          fromPkgs = if taken then (given name).package else null;
          runSteps = if taken then (given name).runSteps or false else true;
          vars = if taken then (given name).vars or { } else { };
        };
      base = final: mapAttrs (one final) packages;
      withOverrides = final: prev: mapAttrs (n: f: prev.${n}.overrideAttrs f) overrides;
    in
    makeScope newScope (extends overlay (extends withOverrides base));

  /**
    The packages of a set that one of the plan's projects (its own opam
    files, `plan.projects`) depends on, build and run dependencies, in the
    plan's order: the `buildInputs` of a derivation that builds the
    project itself. `name` may be left out when the plan has one project.

    # Type

    ```
    projectInputs :: { plan, set :: Scope, name ? <the only project> } -> [Derivation]
    ```
  */
  projectInputs =
    {
      plan,
      set,
      name ? null,
    }:
    let
      checked = readPlan plan;
      names = attrNames (checked.projects or { });
      project =
        if name != null then
          checked.projects.${name}
            or (throw "[opam2drv] the plan has no project ${name}; it has ${toJSON names}")
        else if lib.length names == 1 then
          checked.projects.${head names}
        else
          throw "[opam2drv] the plan has ${toString (lib.length names)} projects ${toJSON names}: give projectInputs a name";
      dep = project.depends or { };
    in
    map (n: set.${n}) (lib.unique ((dep.build or [ ]) ++ (dep.run or [ ])));

  /**
    Builds the package set of a committed lock; the same as `buildPlan`
    with `plan = lock`. Needs no import-from-derivation.

    # Type

    ```
    buildLock :: { lock :: Path, ... } -> Scope
    ```
  */
  buildLock = { lock, ... }@args: buildPlan (removeAttrs args [ "lock" ] // { plan = lock; });

  /**
    Runs `opam2drv lock -o -` in a derivation and returns the plan it
    prints, as a derivation whose output is the JSON file. `src` is the
    project folder, `files` its opam files (relative to `src`), `repos`
    the opam repositories (a list of `{ name; path; }`, highest priority
    first, or an attribute set of name to path, used in name order; paths
    or flake inputs), `args` more arguments for `opam2drv lock`.

    # Type

    ```
    solve :: { src, files ? [], repos :: [{ name, path }] | AttrSet, args ? [], opam2drv ? <the library's>, name ? "opam2drv-plan" } -> Derivation
    ```
  */
  solve =
    {
      src,
      files ? [ ],
      repos,
      args ? [ ],
      opam2drv ? defaultOpam2drv,
      name ? "opam2drv-plan",
    }:
    let
      # A list keeps the priority order; an attribute set is in name order.
      repoList =
        if isList repos then
          repos
        else
          map (n: {
            name = n;
            path = repos.${n};
          }) (attrNames repos);
      repoArgs = concatMap (r: [
        "-repo"
        "${r.name}=${r.path}"
      ]) repoList;
      # Flags before the files: opam2drv stops reading flags at the first
      # other argument.
      argv = [ "lock" ] ++ repoArgs ++ args ++ [ "-o" "-" ] ++ files;
    in
    runCommand "${name}.json"
      {
        nativeBuildInputs = [ opam2drv ];
        inherit src;
      }
      ''
        cd "$src"
        ${opam2drv}/bin/opam2drv ${lib.escapeShellArgs argv} > "$out"
      '';

  /**
    Solves a project inside a derivation (`solve`) and builds the plan
    (`buildPlan`): import-from-derivation, for projects without a lock.
    Takes the arguments of both.

    # Type

    ```
    buildProject :: { src, files ? [], repos, args ? [], ... } -> Scope
    ```
  */
  buildProject =
    {
      src,
      files ? [ ],
      repos,
      args ? [ ],
      ...
    }@all:
    let
      solved = solve {
        inherit src files repos args;
        opam2drv = all.opam2drv or defaultOpam2drv;
      };
    in
    buildPlan (
      removeAttrs all [
        "src"
        "files"
        "repos"
        "args"
      ]
      // {
        # The plan names the repositories' store paths (in "regenerate"):
        # data, not dependencies of the packages.
        plan = fromJSON (builtins.unsafeDiscardStringContext (readFile solved));
      }
    );

  # MirageOS unikernels (nix/unikernel.nix, docs/unikernel-guide.md).
  unikernel = import ./unikernel.nix {
    inherit lib stdenv runCommand opam2drv;
    unzip = pkgs.unzip or null;
    hillingar = { inherit buildPlan readPlan fetchSource; };
  };
in
{
  inherit
    buildLock
    buildPlan
    buildProject
    checkPlan
    depextsOf
    fetchSource
    mkOpamPackage
    projectInputs
    readPlan
    schemaVersion
    solve
    ;
  inherit (unikernel)
    assembleDuniverse
    buildUnikernel
    configureUnikernel
    solveUnikernel
    unikernelPackages
    unikernelTargets
    wrapTool
    ;
}
