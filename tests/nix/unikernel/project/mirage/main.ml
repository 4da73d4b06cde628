let () = Unikernel.start ()
