package opamuniverse

import (
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/repository"
)

// FromRepository returns a Source over a repository or a stack of them.
func FromRepository(src repository.Source) Source { return repoSource{src} }

type repoSource struct{ src repository.Source }

func (r repoSource) Versions(name string) []string { return r.src.Versions(name) }

func (r repoSource) File(name, ver string) (*opam.File, error) {
	p, err := r.src.Package(name, ver)
	if err != nil {
		return nil, err
	}
	return p.File, nil
}
