(* The unikernel: mirage calls [start] once its devices are ready. *)
let start () =
  Logs.info (fun m -> m "hello from a unikernel built by Nix");
  Lwt.return_unit
