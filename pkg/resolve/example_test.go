package resolve_test

import (
	"fmt"

	"github.com/hillingar/hillingar/pkg/resolve"
)

// below allows versions lower than a number, for the example.
type below string

func (b below) Allows(v string) bool { return v < string(b) }
func (b below) String() string       { return "< " + string(b) }

// universe maps a name to its versions.
type universe map[string][]*resolve.Candidate

func (u universe) Versions(name string) ([]*resolve.Candidate, error) { return u[name], nil }

func ExampleSolve() {
	u := universe{
		"app": {
			{Name: "app", Version: "1", Rank: 0, Available: true,
				Depends: resolve.AtomFormula(resolve.Atom{Name: "lib", Constraint: below("3")})},
		},
		"lib": {
			{Name: "lib", Version: "1", Rank: 0, Available: true},
			{Name: "lib", Version: "2", Rank: 1, Available: true},
			{Name: "lib", Version: "3", Rank: 2, Available: true},
		},
	}
	req := &resolve.Request{Atoms: []resolve.Atom{{Name: "app"}}}
	sol, err := resolve.Solve(u, req, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range sol.Packages {
		fmt.Println(p)
	}
	fmt.Println(sol.Cost)

	req.Atoms = append(req.Atoms, resolve.Atom{Name: "lib", Constraint: below("1")})
	_, err = resolve.Solve(u, req, nil)
	fmt.Println(err)
	// Output:
	// app.1
	// lib.2
	// (avoid-version 0, request lag 0, lag 1, changed 2)
	// no solution: the request asks for lib < 1 (no available version matches)
}
