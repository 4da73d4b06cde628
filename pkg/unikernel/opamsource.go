package unikernel

import (
	"fmt"
	"sync"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
)

// OpamSource is a [Source] over opam files: candidates come from
// opamuniverse (filters evaluated under the solve's environment), Meta
// from the same files. It is safe for concurrent use.
type OpamSource struct {
	files opamuniverse.Source
	local map[string]*opam.File
	u     *opamuniverse.Universe
	metas sync.Map // name.version -> *Meta
}

// RootVars are the variables a unikernel's opam file is read under on
// top of the plan's env: monorepo is defined (as true), so its
// `?monorepo` dependencies count, as opam-monorepo reads the file. A
// plan's project record is built with them too (drv.ProjectInput.Env).
func RootVars() map[string]string { return map[string]string{"monorepo": "true"} }

// NewOpamSource returns a Source over files, evaluated under opts (whose
// Env should pin the platform variables) and [RootVars].
func NewOpamSource(files opamuniverse.Source, opts opamuniverse.Options) *OpamSource {
	env := map[string]string{}
	for k, v := range opts.Env {
		env[k] = v
	}
	for k, v := range RootVars() {
		env[k] = v
	}
	opts.Env = env
	return &OpamSource{files: files, local: opts.Local, u: opamuniverse.New(files, opts)}
}

// Universe returns the underlying opam universe (for Root and Problems).
func (s *OpamSource) Universe() *opamuniverse.Universe { return s.u }

// Versions implements resolve.Universe.
func (s *OpamSource) Versions(name string) ([]*resolve.Candidate, error) {
	return s.u.Versions(name)
}

// Meta implements Source. It reads the candidate's opam file again from
// the file source (which caches parsed files) and keeps the result.
func (s *OpamSource) Meta(c *resolve.Candidate) (*Meta, error) {
	key := c.Name + "." + c.Version
	if m, ok := s.metas.Load(key); ok {
		return m.(*Meta), nil
	}
	f, ok := s.local[c.Name]
	if !ok {
		var err error
		if f, err = s.files.File(c.Name, c.Version); err != nil {
			if c.Available {
				return nil, fmt.Errorf("reading %s: %w", key, err)
			}
			// Unreadable versions are unavailable already.
			f = &opam.File{Name: c.Source.File}
		}
	}
	m := MetaFromFile(c.Name, c.Version, f)
	s.metas.Store(key, m)
	return m, nil
}
