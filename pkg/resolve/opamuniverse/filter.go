package opamuniverse

import "github.com/hillingar/hillingar/pkg/opam"

// scope is the environment of one package's filters, which pkg/opam's
// evaluator asks through Lookup.
type scope struct {
	env      map[string]string
	name     string
	version  string
	withTest bool
	withDoc  bool
}

// Lookup implements opam.Env: the value of a global variable, of one of
// the package's own (_:name) or of a caller's variable spelt as written
// (such as ocaml:native when the caller sets it).
func (s *scope) Lookup(v opam.Var) (opam.FilterValue, bool) {
	x := s.lookup(v.String())
	return x, x.Defined()
}

// lookup returns the value of variable id (global or package variable).
func (s *scope) lookup(id string) opam.FilterValue {
	switch id {
	case "build", "post":
		return opam.BoolValue(true)
	case "dev", "pinned":
		return opam.BoolValue(false)
	case "with-test":
		return opam.BoolValue(s.withTest)
	case "with-doc":
		return opam.BoolValue(s.withDoc)
	case "name", "_:name":
		return opam.StringValue(s.name)
	case "version", "_:version":
		return opam.StringValue(s.version)
	case "opam-version":
		return opam.StringValue(opam.EmulatedVersion)
	}
	if v, ok := s.env[id]; ok {
		return opam.StringValue(v)
	}
	return opam.Undefined
}
