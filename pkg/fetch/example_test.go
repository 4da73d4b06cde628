package fetch_test

import (
	"fmt"

	"github.com/hillingar/hillingar/pkg/fetch"
)

// The checksums of ocamlfind 1.9.6 as opam-repository lists them become
// the hash Nix's fetchurl takes: sha512 is preferred over md5 and sha256.
func ExampleSRI() {
	sums, err := fetch.ParseChecksums([]string{
		"md5=96c6ee50a32cca9ca277321262dbec57",
		"sha512=cfaf1872d6ccda548f07d32cc6b90c3aafe136d2aa6539e03143702171ee0199add55269bba894c77115535dc46a5835901a5d7c75768999e72db503bfd83027",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := fetch.SRI(sums)
	fmt.Println(h, err)

	_, err = fetch.SRI(sums[:1])
	fmt.Println(err)
	// Output:
	// sha512-z68YctbM2lSPB9MsxrkMOq/hNtKqZTngMUNwIXHuAZmt1VJpu6iUx3EVU13Ealg1kBpdfHV2iZnnLbUDv9gwJw== <nil>
	// no sha256 or sha512 checksum: run with --prefetch to download and hash the source
}
