let start () =
  print_endline
    (Textutil.frame (Greeting.hello "unikernel")
    ^ Printf.sprintf " (greeting %s, textutil %s)" Greeting.version Textutil.version)
