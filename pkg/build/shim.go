package build

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
)

// ErrShimUnsupported is returned for opam commands the shim does not
// answer.
var ErrShimUnsupported = errors.New("this opam command is not available inside a hillingar build (only var, config var, config subst, subst, config expand, switch show, --version)")

// Shim answers the few opam commands that build scripts call:
//
//	opam var NAME | opam config var NAME    print a variable
//	opam config subst FILE... | opam subst  write FILE from FILE.in
//	opam config expand STRING               print STRING with %{}% filled
//	opam switch show                        print "default"
//	opam --version                          print 2.1.2
//
// Flags such as --safe, --readonly and --root are accepted and ignored.
func Shim(s *Scope, args []string, stdout io.Writer) error {
	var words []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") || a == "--version" {
			words = append(words, a)
		}
	}
	if len(words) >= 1 && words[0] == "config" {
		words = words[1:]
	}
	if len(words) == 0 {
		return ErrShimUnsupported
	}
	switch words[0] {
	case "--version":
		fmt.Fprintln(stdout, opam.EmulatedVersion)
		return nil
	case "var":
		return shimVar(s, words[1:], stdout)
	case "subst":
		var errs []error
		for _, f := range words[1:] {
			errs = append(errs, s.Subst(f))
		}
		return errors.Join(errs...)
	case "expand":
		for _, w := range words[1:] {
			fmt.Fprintln(stdout, s.Expand(w))
		}
		return nil
	case "switch":
		if len(words) == 2 && words[1] == "show" {
			fmt.Fprintln(stdout, "default")
			return nil
		}
	}
	return ErrShimUnsupported
}

func shimVar(s *Scope, names []string, stdout io.Writer) error {
	if len(names) != 1 {
		return errors.New("opam var: give exactly one variable name")
	}
	v := s.Lookup(names[0])
	if !v.Defined() {
		return fmt.Errorf("opam var: variable %s is not defined in this build", names[0])
	}
	fmt.Fprintln(stdout, str(v))
	return nil
}
