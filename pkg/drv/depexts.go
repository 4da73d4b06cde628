package drv

import "github.com/hillingar/hillingar/pkg/opam"

// Distributions are the systems depexts are evaluated for, with the
// variables opam would see on each. os-version is left undefined.
var Distributions = map[string]map[string]string{
	"alpine":   {"os": "linux", "os-distribution": "alpine", "os-family": "alpine"},
	"arch":     {"os": "linux", "os-distribution": "arch", "os-family": "arch"},
	"debian":   {"os": "linux", "os-distribution": "debian", "os-family": "debian"},
	"fedora":   {"os": "linux", "os-distribution": "fedora", "os-family": "fedora"},
	"freebsd":  {"os": "freebsd", "os-distribution": "freebsd", "os-family": "bsd"},
	"homebrew": {"os": "macos", "os-distribution": "homebrew", "os-family": "homebrew"},
	"nixos":    {"os": "linux", "os-distribution": "nixos", "os-family": "nixos"},
	"ubuntu":   {"os": "linux", "os-distribution": "ubuntu", "os-family": "debian"},
}

// depexts evaluates the depexts field once per distribution. A filter
// only build time could decide counts as true.
func (s *scope) depexts(x opam.Value) (map[string][]string, error) {
	out := map[string][]string{}
	for _, distro := range sortedKeys(Distributions) {
		over := map[string]val{"os-version": undef}
		for k, v := range Distributions[distro] {
			over[k] = strVal(v)
		}
		saved := s.over
		s.over = over
		names, err := s.depextNames(x)
		s.over = saved
		if err != nil {
			return nil, err
		}
		if len(names) > 0 {
			out[distro] = sortedSet(names)
		}
	}
	return out, nil
}

func (s *scope) depextNames(x opam.Value) ([]string, error) {
	var names []string
	for _, it := range x.Items() {
		v, filters := splitOption(it)
		fv, err := s.evalFilters(filters)
		if err != nil {
			return nil, err
		}
		if keep, _ := decide(fv); !keep {
			continue
		}
		list, err := stringList("depexts", v)
		if err != nil {
			return nil, err
		}
		names = append(names, list...)
	}
	return names, nil
}
