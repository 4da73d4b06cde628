# install.sh LIBDIR: writes LIBDIR/findlib.conf.d/solo5.conf, which defines
# the findlib toolchain "solo5" as ocaml-solo5 does, here with the host's
# compiler (the test cannot cross-compile) and an empty sysroot.
set -eu
lib=$1
mkdir -p "$lib/findlib.conf.d" "$lib/solo5-sysroot"
tool() { command -v "$1" || { echo "install.sh: $1 not found" >&2; exit 1; }; }
cat > "$lib/findlib.conf.d/solo5.conf" <<CONF
path(solo5) = "$lib/solo5-sysroot"
destdir(solo5) = "$lib/solo5-sysroot"
stdlib(solo5) = "$(ocamlc -where)"
ocamlc(solo5) = "$(tool ocamlc)"
ocamlopt(solo5) = "$(tool ocamlopt)"
ocamldep(solo5) = "$(tool ocamldep)"
ocamlmklib(solo5) = "$(tool ocamlmklib)"
CONF
