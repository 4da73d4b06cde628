(* Writes ocaml.config, as the ocaml package's gen_ocaml_config.ml does. *)
let () =
  let native = Sys.command "ocamlopt -version > /dev/null 2>&1" = 0 in
  let oc = open_out "ocaml.config" in
  Printf.fprintf oc
    "opam-version: \"2.0\"\nvariables {\n  native: %b\n  native-tools: %b\n  native-dynlink: %b\n  preinstalled: true\n  compiler: %S\n}\n"
    native native native Sys.argv.(1);
  close_out oc
