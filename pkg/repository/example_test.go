package repository_test

import (
	"fmt"
	"log"

	"github.com/hillingar/hillingar/pkg/repository"
)

// A local repository stacked over a snapshot: its seq.0.1 shadows the
// snapshot's, and the versions of seq are the union of both.
func ExampleStack() {
	local, err := repository.Open("testdata/flat")
	if err != nil {
		log.Fatal(err)
	}
	snapshot, err := repository.Open("testdata/nested")
	if err != nil {
		log.Fatal(err)
	}
	s := repository.NewStack(local, snapshot)
	fmt.Println(s.Versions("seq"))
	for _, v := range []string{"0.1", "0.2"} {
		p, err := s.Package("seq", v)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.Repo, p.Path)
	}
	// Output:
	// [0.1 0.2 0.2.1 0.2.2 0.3 0.3.1 base]
	// testdata/flat packages/seq.0.1/opam
	// testdata/nested packages/seq/seq.0.2/opam
}
