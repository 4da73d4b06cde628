package drv

import (
	"fmt"
	"slices"
	"sort"

	"github.com/hillingar/hillingar/pkg/fetch"
)

// A Pending is a source of the plan that lacks a Nix-usable hash: it must
// be downloaded (or checked out) and hashed, as `opam2drv lock
// --prefetch` does.
type Pending struct {
	// Package is the package's name.
	Package string
	// Extra is the extra-source's name, or "" for the package's source.
	Extra string
	// URLs and Sums describe an archive; Git is set for a git source.
	URLs []string
	Sums []fetch.Checksum
	Git  *fetch.GitSource
}

// Pending returns what Build could not hash, sorted by package then extra
// source. A plan read from a file has none: the opam checksums are not in
// the plan.
func (p *Plan) Pending() []Pending {
	out := append([]Pending(nil), p.pending...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Package != out[j].Package {
			return out[i].Package < out[j].Package
		}
		return out[i].Extra < out[j].Extra
	})
	return out
}

// Fill records the hash found for a Pending source (and, for git, the
// commit) and drops the package from MissingHashes once all its sources
// have a hash.
func (p *Plan) Fill(q Pending, hash, rev string) error {
	pkg := p.Packages[q.Package]
	if pkg == nil {
		return fmt.Errorf("fill: %s is not in the plan", q.Package)
	}
	switch {
	case q.Extra != "":
		es, ok := pkg.ExtraSources[q.Extra]
		if !ok {
			return fmt.Errorf("fill: %s has no extra source %q", q.Package, q.Extra)
		}
		es.Hash = hash
		pkg.ExtraSources[q.Extra] = es
	case pkg.Source != nil:
		pkg.Source.Hash = hash
		if pkg.Source.Type == SourceGit {
			pkg.Source.Rev = rev
		}
	default:
		return fmt.Errorf("fill: %s has no source", q.Package)
	}
	if hashed(pkg) {
		p.MissingHashes = slices.DeleteFunc(p.MissingHashes, func(k string) bool { return k == pkg.Key() })
	}
	return nil
}

// hashed reports whether every source of pkg has a hash.
func hashed(pkg *Package) bool {
	if pkg.Source != nil && pkg.Source.Hash == "" {
		return false
	}
	for _, es := range pkg.ExtraSources {
		if es.Hash == "" {
			return false
		}
	}
	return true
}
