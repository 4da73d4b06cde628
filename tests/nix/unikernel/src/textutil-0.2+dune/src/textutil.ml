let version = "0.2+dune"

let frame s = "[ " ^ s ^ " ]"
