package version_test

import (
	"fmt"

	"github.com/hillingar/hillingar/pkg/version"
)

func ExampleCompare() {
	fmt.Println(version.Compare("5.0.0~rc1", "5.0.0"))
	fmt.Println(version.Compare("1.12+dune+mirage1", "1.12+dune"))
	fmt.Println(version.Compare("1.01", "1.1"))
	// Output:
	// -1
	// 1
	// 0
}

func ExampleSort() {
	vs := []string{"1.0.1", "1.0+dune", "1.0", "1.0~rc1", "v1.0", "0.10", "0.9"}
	version.Sort(vs)
	fmt.Println(vs)
	// Output: [0.9 0.10 1.0~rc1 1.0 1.0+dune 1.0.1 v1.0]
}

func ExampleOp_Holds() {
	op, err := version.ParseOp(">=")
	if err != nil {
		panic(err)
	}
	fmt.Println(op.Holds("4.14.1", "4.08"), op.Holds("4.08~beta", "4.08"))
	// Output: true false
}
