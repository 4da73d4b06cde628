/**
  hillingar's MirageOS builder: `buildUnikernel` builds a unikernel from a
  unikernel lock (written by `opam2drv lock-unikernel`, see
  docs/unikernel.md), and `unikernelPackages` builds several targets at
  once with the outputs Hillingar users know.

  The lock splits the packages in two. The *host* records (no `vendor`,
  or `vendor.host`) are tools (mirage, ocaml-solo5, solo5, dune, the
  compiler) and are built by the library's per-package derivations
  (`buildPlan`). The *vendored* ones are copied into `duniverse/`, one
  fixed-output fetch per folder of the header's `duniverse` map, and dune
  builds them together with the unikernel, as `mirage build` does.

  Take it from the library (`hillingar.buildUnikernel`) or import it with
  the library's functions:
  `import ./unikernel.nix { inherit lib stdenv runCommand opam2drv; unzip = pkgs.unzip or null; hillingar = { inherit buildPlan readPlan fetchSource; }; }`.

  See docs/unikernel-guide.md for a walk-through and every argument.
*/
{
  lib,
  stdenv,
  runCommand,
  hillingar,
  opam2drv ? null,
  unzip ? null,
}:
let
  inherit (builtins)
    attrNames
    concatStringsSep
    elem
    filter
    head
    length
    listToAttrs
    mapAttrs
    match
    stringLength
    substring
    toJSON
    ;
  inherit (lib)
    escapeShellArg
    escapeShellArgs
    hasSuffix
    optionalAttrs
    optionals
    ;

  /**
    What each mirage target produces: the artefact's suffix in `dist/`
    (`NAME.hvt`, ..., or a plain `NAME` binary for unix and macosx) and
    the dune toolchain its build uses (`solo5`, from ocaml-solo5;
    `unikraft`, from ocaml-unikraft-default-ARCH; or none). The suffix is
    used only when the lock's header names no artefact.
  */
  targets = {
    unix = { suffix = ""; toolchain = null; };
    macosx = { suffix = ""; toolchain = null; };
    hvt = { suffix = ".hvt"; toolchain = "solo5"; };
    spt = { suffix = ".spt"; toolchain = "solo5"; };
    virtio = { suffix = ".virtio"; toolchain = "solo5"; };
    muen = { suffix = ".muen"; toolchain = "solo5"; };
    genode = { suffix = ".genode"; toolchain = "solo5"; };
    xen = { suffix = ".xen"; toolchain = "solo5"; };
    qubes = { suffix = ".xen"; toolchain = "solo5"; };
    unikraft-qemu = { suffix = ".qemu"; toolchain = "unikraft"; };
    unikraft-firecracker = { suffix = ".fc"; toolchain = "unikraft"; };
  };

  # toolchainPackageOf is the host package that installs the findlib
  # toolchain of a target: ocaml-solo5, or the first (by name)
  # ocaml-unikraft-default-ARCH of the lock.
  toolchainPackageOf =
    toolchain: hostNames:
    if toolchain == "solo5" then
      "ocaml-solo5"
    else
      let
        found = filter (n: match "ocaml-unikraft-default-.*" n != null) hostNames;
      in
      if found == [ ] then "ocaml-unikraft-default-ARCH" else head found;

  fail = msg: throw "[hillingar] buildUnikernel: ${msg}";

  targetInfo =
    target:
    targets.${target}
      or (fail "unknown target ${toJSON target}; mirage targets are ${concatStringsSep ", " (attrNames targets)}");

  # isHost tells a record built on the build machine: no `vendor`, or
  # `vendor.host` (a library that is vendored and also needed by a tool).
  isHost = record: !(record ? vendor) || (record.vendor.host or false);

  # nameOf is the unikernel's name: the lock header's `unikernel.name`
  # when it has one, else its single project's name without "-TARGET"
  # (mirage writes mirage/NAME-TARGET.opam).
  nameOf =
    plan: target:
    let
      projects = attrNames (plan.projects or { });
      project = head projects;
      m = match "(.+)-${target}" project;
    in
    if (plan.unikernel.name or "") != "" then
      plan.unikernel.name
    else if length projects != 1 then
      fail "the lock has ${toString (length projects)} projects (${concatStringsSep ", " projects}); pass name = \"...\""
    else if m == null then
      project
    else
      head m;

  # dirOfArtefact is the folder holding config.ml, read from an artefact's
  # path relative to the source root: "tutorial/hello/dist/hello.hvt"
  # gives "tutorial/hello", "dist/hello" gives ".". null when the path
  # has no dist/ folder.
  dirOfArtefact =
    path:
    let
      m = match "(|.*/)dist/[^/]+" path;
      dir = if m == null then null else head m;
    in
    if dir == null then null else if dir == "" then "." else dropSlash dir;

  # dropSlash removes trailing slashes (but keeps "/").
  dropSlash =
    s:
    let
      n = stringLength s;
    in
    if n > 1 && substring (n - 1) 1 s == "/" then dropSlash (substring 0 (n - 1) s) else s;

  # joinPath joins a folder relative to the source root and a file name.
  joinPath = dir: file: if dir == "." || dir == "" then file else "${dropSlash dir}/${file}";

  # unpackInto is the shell that puts one fetched source into folder dir:
  # the archive's single top folder becomes dir, or its whole content when
  # it has several entries; a git checkout is copied (from its subdir).
  unpackInto =
    dir: entry: src:
    let
      s = entry.source;
      to = escapeShellArg dir;
      url = head (s.urls or [ "" ]);
      extract =
        if hasSuffix ".zip" url then
          if unzip == null then
            fail "duniverse folder ${dir} comes from a zip archive (${url}); pass unzip (pkgs.unzip) to unikernel.nix"
          else
            "${unzip}/bin/unzip -q ${src} -d \"$t\""
        else
          ''tar -xf ${src} -C "$t" --no-same-owner --no-same-permissions'';
    in
    if s.type == "git" then
      ''
        cp -r --no-preserve=mode ${src}/${s.subdir or "."} ${to}
      ''
    else
      ''
        t=$(mktemp -d "$TMPDIR/unpack.XXXXXX")
        ${extract}
        set -- "$t"/* "$t"/.[!.]*
        kept=()
        for e in "$@"; do [ -e "$e" ] && kept+=("$e"); done
        if [ ''${#kept[@]} -eq 1 ] && [ -d "''${kept[0]}" ]; then
          mv "''${kept[0]}" ${to}
        else
          mv "$t" ${to}
        fi
        rm -rf "$t"
      '';

  /**
    The assembled `duniverse/` folder of a unikernel plan: one
    fixed-output fetch per entry of the header's `duniverse` map, unpacked
    into the folder it names, and a `dune` file marking every folder as
    vendored (`(vendored_dirs *)`, as opam-monorepo writes it). The
    derivation's output is the folder itself; `passthru.sources` maps each
    folder to its fetch.

    # Type

    ```
    assembleDuniverse :: { plan :: AttrSet, name ? "duniverse" } -> Derivation
    ```
  */
  assembleDuniverse =
    {
      plan,
      name ? "duniverse",
    }:
    let
      checked = hillingar.readPlan plan;
      entries = checked.duniverse or { };
      sources = mapAttrs (
        dir: entry:
        if entry.source ? hash then
          hillingar.fetchSource {
            name = dir;
            version = "duniverse";
            inherit (entry) source;
          }
        else
          fail "duniverse folder ${dir} (${concatStringsSep ", " (entry.packages or [ ])}) has no Nix hash in the lock; run `opam2drv lock --prefetch` to fill it"
      ) entries;
      script = concatStringsSep "\n" (
        map (dir: unpackInto dir entries.${dir} sources.${dir}) (attrNames entries)
      );
    in
    runCommand name
      {
        passthru = { inherit sources; folders = attrNames entries; };
      }
      ''
        mkdir -p "$out"
        cd "$out"
        ${script}
        chmod -R u+w .
        [ -e dune ] || echo '(vendored_dirs *)' > dune
      '';

  # closureEnv exports PATH-like variables over the run-time closure of
  # the build's inputs (nix-support/propagated-*build-inputs): OCAMLPATH
  # from each lib/, CAML_LD_LIBRARY_PATH from lib/stublibs, as an opam
  # switch would have them for `mirage configure` and dune.
  closureEnv = ''
    declare -A hillingarSeen=()
    hillingarOrder=()
    hillingarVisit() {
      local p=$1 q f
      [ -n "$p" ] && [ -z "''${hillingarSeen[$p]:-}" ] || return 0
      hillingarSeen[$p]=1
      hillingarOrder+=("$p")
      [ -d "$p/lib" ] && export OCAMLPATH="''${OCAMLPATH:+$OCAMLPATH:}$p/lib"
      [ -d "$p/lib/stublibs" ] && export CAML_LD_LIBRARY_PATH="''${CAML_LD_LIBRARY_PATH:+$CAML_LD_LIBRARY_PATH:}$p/lib/stublibs"
      for f in "$p/nix-support/propagated-build-inputs" "$p/nix-support/propagated-native-build-inputs"; do
        [ -f "$f" ] || continue
        for q in $(cat "$f"); do hillingarVisit "$q"; done
      done
    }
    for p in $hillingarTools; do hillingarVisit "$p"; done
  '';

  /**
    Wraps a tool package (mirage) so that it runs outside a build: its
    `bin/NAME` sets `PATH`, `OCAMLPATH` and `CAML_LD_LIBRARY_PATH` over the
    tool's run-time closure (what `mirage configure` needs to compile
    config.ml) and runs the tool. `nix run .#mirage -- configure -t hvt`
    in a project made from the template runs it.

    # Type

    ```
    wrapTool :: { tool :: Derivation, name ? "mirage" } -> Derivation
    ```
  */
  wrapTool =
    {
      tool,
      name ? "mirage",
    }:
    runCommand name
      {
        hillingarTools = [ tool ];
        toolName = name;
        shell = stdenv.shell;
        passthru = { inherit tool; };
        meta.mainProgram = name;
      }
      ''
        ${closureEnv}
        bins=""
        for p in "''${hillingarOrder[@]}"; do
          [ -d "$p/bin" ] && bins="''${bins:+$bins:}$p/bin"
        done
        mkdir -p "$out/bin"
        {
          printf '#!%s\n' "$shell"
          printf 'export PATH="%s''${PATH:+:$PATH}"\n' "$bins"
          [ -z "''${OCAMLPATH:-}" ] ||
            printf 'export OCAMLPATH="%s''${OCAMLPATH:+:$OCAMLPATH}"\n' "$OCAMLPATH"
          [ -z "''${CAML_LD_LIBRARY_PATH:-}" ] ||
            printf 'export CAML_LD_LIBRARY_PATH="%s''${CAML_LD_LIBRARY_PATH:+:$CAML_LD_LIBRARY_PATH}"\n' "$CAML_LD_LIBRARY_PATH"
          printf 'exec %s "$@"\n' "${tool}/bin/$toolName"
        } > "$out/bin/$toolName"
        chmod +x "$out/bin/$toolName"
      '';

  /**
    Runs `mirage configure -t TARGET` on a copy of `src`, in `mirageDir`,
    with the given mirage tool (and its run-time closure) on the path. The
    output is the configured source tree.

    # Type

    ```
    configureUnikernel :: { src, target, mirage :: Derivation, mirageDir ? ".", args ? [], name ? "unikernel" } -> Derivation
    ```
  */
  configureUnikernel =
    {
      src,
      target,
      mirage,
      mirageDir ? ".",
      args ? [ ],
      name ? "unikernel",
    }:
    runCommand "${name}-${target}-configured"
      {
        inherit src;
        nativeBuildInputs = [ mirage ];
        hillingarTools = [ mirage ];
      }
      ''
        ${closureEnv}
        export HOME=$TMPDIR DUNE_CACHE=disabled
        cp -r --no-preserve=mode "$src" "$out"
        cd "$out"/${escapeShellArg mirageDir}
        mirage configure -t ${escapeShellArg target} ${escapeShellArgs args}
        rm -rf _build
      '';

  /**
    Solves a configured unikernel in a derivation: `opam2drv lock
    --unikernel -repo PATH... -repo-map K=PATH... ARGS FILE -o $out`, run
    at the root of the configured source, where FILE is `opamFile` or the
    one `MIRAGEDIR/mirage/*-TARGET.opam`. Reading its output at
    evaluation time is import-from-derivation.

    # Type

    ```
    solveUnikernel :: { configured, target, repos :: [Path], repoMap ? {}, args ? [], mirageDir ? ".", opamFile ? null, opam2drv, name ? "unikernel" } -> Derivation
    ```
  */
  solveUnikernel =
    {
      configured,
      target,
      repos,
      repoMap ? { },
      args ? [ ],
      mirageDir ? ".",
      opamFile ? null,
      opam2drv ? defaultOpam2drv,
      name ? "unikernel",
    }:
    let
      exe =
        if opam2drv == null then
          fail "pass opam2drv (the package providing bin/opam2drv) to solve the unikernel"
        else
          "${opam2drv}/bin/opam2drv";
      repoArgs = lib.concatMap (r: [ "-repo" "${r}" ]) repos;
      mapArgs = lib.concatMap (k: [ "-repo-map" "${k}=${repoMap.${k}}" ]) (attrNames repoMap);
    in
    runCommand "${name}-${target}.lock.json" { } ''
      cd ${configured}
      file=${if opamFile == null then "" else escapeShellArg opamFile}
      if [ -z "$file" ]; then
        set -- ${escapeShellArg (joinPath mirageDir "mirage")}/*-${target}.opam
        if [ $# -ne 1 ] || [ ! -f "$1" ]; then
          echo "hillingar: want one mirage/*-${target}.opam in the configured source, found: $*; pass opamFile" >&2
          exit 1
        fi
        file=$1
      fi
      ${exe} lock --unikernel ${escapeShellArgs (repoArgs ++ mapArgs ++ args)} -o "$out" "$file"
    '';

  defaultOpam2drv = opam2drv;

  /**
    Builds a MirageOS unikernel for one target. See
    docs/unikernel-guide.md for each argument with its default and an
    example; in short:

    - `src`: the project; `mirageDir` (default: the folder of the lock's
      first artefact above dist/, else ".") its folder holding config.ml;
    - `target`: "unix", "macosx", "hvt", "spt", "virtio", "muen",
      "genode", "xen", "qubes", "unikraft-qemu" or "unikraft-firecracker";
    - `lock`: the unikernel lock; null to solve it in a derivation from
      `repos` (import-from-derivation);
    - `configure` (default false): run `mirage configure` in a derivation
      with `mirage` (default: built from `mirageLock`); otherwise `src`
      holds the configured files;
    - `name`: the unikernel's name (default from the lock);
    - `tools`, `skipTools`, `fromPkgs`, `overrides`, `overlay`,
      `opam2drv`: the tools' package set;
    - `toolchainPackage` (default: ocaml-solo5, or the lock's
      ocaml-unikraft-default-ARCH), `duneArgs`.

    The result is the unikernel (`$out/bin/ARTEFACT` and every other file
    of `dist/`), with `configured`, `duniverse`, `tools`, `toolchain`,
    `plan`, `target`, `unikernelName`, `artefact`, `artefacts` and
    `mirageDir` in passthru.

    # Type

    ```
    buildUnikernel :: AttrSet -> Derivation
    ```
  */
  buildUnikernel =
    {
      src,
      target,
      lock ? null,
      mirageDir ? null,
      name ? null,
      configure ? false,
      mirage ? null,
      mirageLock ? null,
      configureArgs ? [ ],
      repos ? null,
      repoMap ? { },
      lockArgs ? [ ],
      opamFile ? null,
      tools ? null,
      skipTools ? [ "opam-monorepo" ],
      fromPkgs ? null,
      overrides ? { },
      overlay ? (final: prev: { }),
      opam2drv ? defaultOpam2drv,
      toolchainPackage ? null,
      duneArgs ? [ ],
    }:
    let
      info = targetInfo target;

      mirageTool =
        if mirage != null then
          mirage
        else if mirageLock != null then
          (hillingar.buildPlan ({ plan = mirageLock; inherit opam2drv; } // optionalAttrs (fromPkgs != null) { inherit fromPkgs; })).mirage
        else
          fail "configure = true needs the mirage tool: pass mirage (a derivation with bin/mirage) or mirageLock (a lock whose packages include mirage)";

      # A committed lock is read before anything is configured: its header
      # tells where config.ml is (the artefacts' folder).
      given = if lock != null then hillingar.readPlan lock else null;
      firstArtefact = if given != null then head ((given.unikernel.artefacts or [ ]) ++ [ "" ]) else "";
      dir =
        if mirageDir != null then
          mirageDir
        else if firstArtefact != "" && dirOfArtefact firstArtefact != null then
          dirOfArtefact firstArtefact
        else
          ".";

      # Names the configure and solve derivations; it does not depend on
      # the lock, so that both paths give the same derivations.
      label = if name != null then name else "unikernel";

      configured =
        if configure then
          configureUnikernel {
            inherit src target;
            mirageDir = dir;
            mirage = mirageTool;
            args = configureArgs;
            name = label;
          }
        else
          src;

      plan =
        if given != null then
          given
        else if repos != null then
          # The plan names the store paths of the repositories it was
          # solved from (regenerate, inputs), which the build never needs.
          hillingar.readPlan (builtins.fromJSON (
            builtins.unsafeDiscardStringContext (
              builtins.readFile (solveUnikernel {
                inherit configured target repos repoMap opamFile opam2drv;
                mirageDir = dir;
                args = lockArgs;
                name = label;
              })
            )
          ))
        else
          fail "pass lock (the unikernel lock that `opam2drv lock mirage/NAME-${target}.opam` writes) or repos (to solve it in a derivation, import-from-derivation)";
      lockTarget = plan.unikernel.target or "";

      unikernelName = if name != null then name else nameOf plan target;
      artefacts =
        if (plan.unikernel.artefacts or [ ]) != [ ] then
          plan.unikernel.artefacts
        else
          [ (joinPath dir "dist/${unikernelName}${info.suffix}") ];
      artefact = baseNameOf (head artefacts);
      tag = "${unikernelName}-${target}";

      scope = hillingar.buildPlan (
        {
          inherit plan opam2drv overrides overlay;
        }
        // optionalAttrs (fromPkgs != null) { inherit fromPkgs; }
      );

      packages = plan.packages;
      hostNames = filter (n: isHost packages.${n}) (attrNames packages);
      # Tools are never vendored: a vendored library that a tool also
      # needs (vendor.host) reaches PATH through that tool, if at all.
      toolCandidates = filter (n: !(packages.${n} ? vendor)) (attrNames packages);
      projectDeps = lib.concatMap (
        p: lib.concatMap (k: p.depends.${k} or [ ]) [ "build" "run" ]
      ) (lib.attrValues (plan.projects or { }));
      wanted =
        if tools != null then
          tools
        else
          projectDeps
          ++ [ "dune" "ocaml" "ocamlfind" ]
          ++ optionals (info.toolchain != null) [ toolchainPkg ];
      toolchainPkg =
        if toolchainPackage != null then toolchainPackage else toolchainPackageOf info.toolchain hostNames;
      toolNames = lib.unique (
        filter (n: elem n toolCandidates && !(elem n skipTools)) wanted
      );
      toolInputs = map (n: scope.${n}) toolNames;

      toolchain =
        if info.toolchain == null then
          null
        else if !(elem toolchainPkg hostNames) then
          fail "target ${target} builds with the ${info.toolchain} toolchain, but the lock has no host package ${toolchainPkg}; lock the unikernel configured for ${target} (mirage/NAME-${target}.opam), or name the package with toolchainPackage"
        else
          {
            name = info.toolchain;
            package = scope.${toolchainPkg};
            confD = "${scope.${toolchainPkg}}/lib/findlib.conf.d";
          };

      duniverse = assembleDuniverse {
        inherit plan;
        name = "${tag}-duniverse";
      };
    in
    if !(targets ? ${target}) then
      targetInfo target
    else if lockTarget != "" && lockTarget != target then
      fail "the lock is for target ${lockTarget}, not ${target}; lock mirage/NAME-${target}.opam (written by `mirage configure -t ${target}`) for this target"
    else
    stdenv.mkDerivation (
      {
        name = tag;
        src = configured;
        nativeBuildInputs = toolInputs;
        hillingarTools = toolInputs;
        hillingarTarget = target;
        hillingarArtefacts = artefacts;
        hillingarDuniverse = duniverse;
        hillingarMirageDir = dir;
        DUNE_CACHE = "disabled";
        duneFlags = duneArgs;
        configurePhase = ''
          runHook preConfigure
          ${closureEnv}
          export HOME=$TMPDIR
          ${lib.optionalString (toolchain != null) ''
            mkdir -p "$TMPDIR/findlib/destdir"
            printf 'destdir="%s"\npath="%s"\n' "$TMPDIR/findlib/destdir" "''${OCAMLPATH:-}" > "$TMPDIR/findlib/findlib.conf"
            ln -s "$hillingarToolchainConfD" "$TMPDIR/findlib/findlib.conf.d"
            export OCAMLFIND_CONF="$TMPDIR/findlib/findlib.conf"
          ''}
          hillingarRoot=$PWD
          cd "$hillingarMirageDir"
          if [ -e duniverse ]; then
            echo "hillingar: replacing the source's duniverse/ with the one assembled from the lock" >&2
            rm -rf duniverse
          fi
          cp -r --no-preserve=mode "$hillingarDuniverse" duniverse
          runHook postConfigure
        '';
        buildPhase = ''
          runHook preBuild
          dune build --profile release --root . ./dist -j "$NIX_BUILD_CORES" $duneFlags
          runHook postBuild
        '';
        installPhase = ''
          runHook preInstall
          mkdir -p "$out/bin"
          for f in dist/*; do
            [ "$(basename "$f")" = dune ] || cp -L "$f" "$out/bin/"
          done
          cd "$hillingarRoot"
          for a in $hillingarArtefacts; do
            if [ ! -e "$a" ]; then
              echo "hillingar: the build made no $a; $hillingarMirageDir/dist/ holds: $(ls "$hillingarMirageDir/dist" | tr '\n' ' ')" >&2
              exit 1
            fi
            cp -L "$a" "$out/bin/"
          done
          runHook postInstall
        '';
        dontStrip = true;
        passthru = {
          inherit
            configured
            duniverse
            toolchain
            plan
            target
            unikernelName
            artefact
            artefacts
            ;
          mirageDir = dir;
          tools = scope;
        };
      }
      // optionalAttrs (toolchain != null) {
        hillingarToolchain = toolchain.name;
        hillingarToolchainConfD = toolchain.confD;
      }
      // optionalAttrs (info.suffix != "") { dontPatchELF = true; }
    );

  /**
    Builds a unikernel for several targets with the outputs Hillingar's
    `mkUnikernelPackages` gave: for each target T, `T` (the unikernel),
    `T-configured` (the configured source), `T-duniverse` (the assembled
    duniverse) and `T-tools` (the tools' package set). `targets` maps each
    target to its own arguments (at least its `lock`, or `repos`); the
    other arguments are shared.

    # Type

    ```
    unikernelPackages :: { targets :: AttrSet, ... } -> AttrSet
    ```
  */
  unikernelPackages =
    { targets, ... }@shared:
    let
      one = target: buildUnikernel (removeAttrs shared [ "targets" ] // { inherit target; } // targets.${target});
      per =
        target:
        let
          u = one target;
        in
        [
          { name = target; value = u; }
          { name = "${target}-configured"; value = u.configured; }
          { name = "${target}-duniverse"; value = u.duniverse; }
          { name = "${target}-tools"; value = u.tools; }
        ];
    in
    listToAttrs (lib.concatMap per (attrNames targets));
in
{
  inherit
    assembleDuniverse
    buildUnikernel
    configureUnikernel
    solveUnikernel
    unikernelPackages
    wrapTool
    ;
  unikernelTargets = targets;
}
