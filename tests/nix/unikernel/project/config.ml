(* The unikernel's configuration, as for the real mirage tool; the
   stand-in only reads the name given to register. *)
open Mirage

let main = main "Unikernel" job

let () = register "hello" [ main ]
