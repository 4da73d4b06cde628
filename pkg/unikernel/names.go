package unikernel

import (
	"errors"

	"github.com/hillingar/hillingar/pkg/opam"
)

// ValidName reports whether s is a valid opam package name: letters,
// digits, '-', '_' and '+', with at least one letter.
func ValidName(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9', c == '-', c == '_', c == '+':
		default:
			return false
		}
	}
	return letter
}

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
			if !ValidName(name.Str) {
				errs = append(errs, &NameError{Pos: name.Pos.String(), Name: name.Str})
			}
		})
	}
	return errors.Join(errs...)
}
