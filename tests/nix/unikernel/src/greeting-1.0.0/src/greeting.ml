let version = "1.0.0"

let hello who = Printf.sprintf "Hello, %s!" who
