{
  description = "A stand-in for nixpkgs, for testing hillingar's Nix library offline";

  outputs = { self }: {
    lib = import ./lib.nix;
    legacyPackages = builtins.listToAttrs (map
      (system: { name = system; value = import ./default.nix { inherit system; }; })
      [ "x86_64-linux" "aarch64-linux" ]);
  };
}
