package unikernel

import (
	"errors"

	"github.com/hillingar/hillingar/pkg/opam"
)

// CheckNames returns a *NameError for every package name of f's depends,
// depopts and conflicts that is not a valid opam package name, whatever
// its filter, joined in file order.
func CheckNames(f *opam.File) error {
	var errs []error
	for _, field := range []string{"depends", "depopts", "conflicts"} {
		v, ok := opam.Field(f.Items, field)
		if !ok {
			continue
		}
		walkPackages(v, func(name opam.Value) {
			if !opam.ValidName(name.Str()) {
				errs = append(errs, &NameError{Pos: name.Pos.String(), Name: name.Str()})
			}
		})
	}
	return errors.Join(errs...)
}
