(* The unikernel's configuration, read by `mirage configure -t TARGET`
   (mirage 4.9 or later). *)
open Mirage

let main = main ~packages:[ package "logs" ] "Unikernel" job

let () = register "hello" [ main ]
