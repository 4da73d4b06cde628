# A stand-in for the part of nixpkgs' `lib` that hillingar's Nix library and
# its tests use. Names, arguments and semantics follow nixpkgs; anything not
# here is missing on purpose (evaluation fails with "attribute missing").
let
  inherit (builtins)
    attrNames
    concatLists
    concatStringsSep
    elem
    filter
    foldl'
    functionArgs
    genList
    getAttr
    hasAttr
    head
    intersectAttrs
    isAttrs
    isFunction
    isList
    isString
    length
    listToAttrs
    map
    mapAttrs
    removeAttrs
    stringLength
    substring
    ;

  fix = f: let x = f x; in x;

  extends = overlay: f: final: let prev = f final; in prev // overlay final prev;

  composeExtensions = f: g: final: prev:
    let
      fApplied = f final prev;
      prev' = prev // fApplied;
    in
    fApplied // g final prev';

  composeManyExtensions = foldl' (x: y: composeExtensions x y) (final: prev: { });

  nameValuePair = name: value: { inherit name value; };

  filterAttrs = pred: set:
    listToAttrs (concatLists (map (name: let v = set.${name}; in if pred name v then [ (nameValuePair name v) ] else [ ]) (attrNames set)));

  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (attrNames attrs);

  attrValues = attrs: map (name: attrs.${name}) (attrNames attrs);

  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);

  optional = cond: elem: if cond then [ elem ] else [ ];
  optionals = cond: elems: if cond then elems else [ ];
  optionalString = cond: string: if cond then string else "";
  optionalAttrs = cond: as: if cond then as else { };

  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;
  hasSuffix = suffix: content:
    let
      lenContent = stringLength content;
      lenSuffix = stringLength suffix;
    in
    lenContent >= lenSuffix && substring (lenContent - lenSuffix) lenContent content == suffix;
  removePrefix = prefix: str:
    if hasPrefix prefix str then substring (stringLength prefix) (stringLength str) str else str;

  splitString = sep: s: filter isString (builtins.split (escapeRegex sep) s);
  escapeRegex = builtins.replaceStrings
    (map (c: c) [ "\\" "[" "{" "(" ")" "^" "$" "?" "*" "+" "|" "." ])
    (map (c: "\\" + c) [ "\\" "[" "{" "(" ")" "^" "$" "?" "*" "+" "|" "." ]);

  unique = foldl' (acc: e: if elem e acc then acc else acc ++ [ e ]) [ ];

  flatten = x: if isList x then concatLists (map flatten x) else [ x ];

  concatMap = f: list: concatLists (map f list);

  attrByPath = attrPath: default: set:
    if attrPath == [ ] then set
    else if isAttrs set && hasAttr (head attrPath) set
    then attrByPath (builtins.tail attrPath) default (getAttr (head attrPath) set)
    else default;

  hasAttrByPath = attrPath: set:
    attrPath == [ ] || (isAttrs set && hasAttr (head attrPath) set && hasAttrByPath (builtins.tail attrPath) (getAttr (head attrPath) set));

  recursiveUpdate = lhs: rhs:
    lhs // mapAttrs (n: v: if isAttrs v && isAttrs (lhs.${n} or null) && !(v ? outPath) then recursiveUpdate lhs.${n} v else v) rhs;

  # nixpkgs prints warnings in red through builtins.trace.
  warn = msg: builtins.trace "[1;31mwarning: ${msg}[0m";
  warnIf = cond: msg: if cond then warn msg else x: x;

  escapeShellArg = arg: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString arg)}'";
  escapeShellArgs = args: concatStringsSep " " (map escapeShellArg args);

  makeBinPath = paths: concatStringsSep ":" (map (p: "${p}/bin") paths);

  importJSON = path: builtins.fromJSON (builtins.readFile path);

  isDerivation = value: value.type or null == "derivation";

  setFunctionArgs = f: args: { __functor = self: f; __functionArgs = args; };

  # makeOverridable f args calls f args and adds `override` (call again
  # with changed arguments) and `overrideDerivation` to the result.
  makeOverridable = f: origArgs:
    let
      result = f origArgs;
      overrideWith = newArgs: origArgs // (if isFunction newArgs then newArgs origArgs else newArgs);
    in
    if isAttrs result then
      result // {
        override = newArgs: makeOverridable f (overrideWith newArgs);
        overrideDerivation = fdrv: makeOverridable (args: (f args).overrideDerivation fdrv) origArgs;
      } // (if result ? overrideAttrs then {
        overrideAttrs = fdrv: makeOverridable (args: (f args).overrideAttrs fdrv) origArgs;
      } else { })
    else if isFunction result then
      setFunctionArgs result (functionArgs result) // {
        override = newArgs: makeOverridable f (overrideWith newArgs);
      }
    else result;

  # callPackageWith autoArgs fn args imports fn when it is a path, fills
  # its arguments from autoArgs and args (args win), and makes the result
  # overridable. A required argument found nowhere is a clear error.
  callPackageWith = autoArgs: fn: args:
    let
      f = if isFunction fn then fn else import fn;
      fargs = functionArgs f;
      allArgs = intersectAttrs fargs autoArgs // args;
      missing = filter (n: !fargs.${n} && !(allArgs ? ${n})) (attrNames fargs);
    in
    if missing != [ ] then
      throw "lib.callPackageWith: function called without required argument \"${head missing}\""
    else makeOverridable f allArgs;

  # makeScope newScope f makes a package set: f receives the final set;
  # the result has callPackage, newScope, overrideScope and packages.
  makeScope = newScope: f:
    let
      self = f self // {
        newScope = scope: newScope (self // scope);
        callPackage = self.newScope { };
        overrideScope = g: makeScope newScope (extends g f);
        packages = f;
      };
    in
    self;

  versions.majorMinor = v: concatStringsSep "." (genList (i: builtins.elemAt (builtins.splitVersion v) i) 2);

  systems.flakeExposed = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
in
{
  inherit
    attrByPath
    attrNames
    attrValues
    callPackageWith
    composeExtensions
    composeManyExtensions
    concatLists
    concatMap
    concatStringsSep
    elem
    escapeRegex
    escapeShellArg
    escapeShellArgs
    extends
    filter
    filterAttrs
    fix
    flatten
    foldl'
    functionArgs
    genAttrs
    hasAttrByPath
    hasPrefix
    hasSuffix
    head
    importJSON
    intersectAttrs
    isAttrs
    isDerivation
    isFunction
    isList
    isString
    length
    listToAttrs
    makeBinPath
    makeOverridable
    makeScope
    map
    mapAttrs
    mapAttrsToList
    nameValuePair
    optional
    optionalAttrs
    optionalString
    optionals
    recursiveUpdate
    removeAttrs
    removePrefix
    setFunctionArgs
    splitString
    systems
    unique
    versions
    warn
    warnIf
    ;
  all = builtins.all;
  any = builtins.any;
  id = x: x;
  const = x: _: x;
  toList = x: if isList x then x else [ x ];
  trivial.version = "stub";
}
