package unikernel

import (
	"encoding/json"
	"fmt"

	"github.com/hillingar/hillingar/pkg/drv"
)

// Vendor is the "vendor" object of a package record in a unikernel plan.
type Vendor struct {
	// Dir is the package's folder under duniverse/.
	Dir string `json:"dir"`
	// Host reports whether the package is also built as a package on the
	// build machine (a tool needs it); absent when false.
	Host bool `json:"host,omitempty"`
}

// DuniverseDir is one entry of a unikernel plan's "duniverse" map, keyed
// by folder name.
type DuniverseDir struct {
	DevRepo string `json:"devRepo,omitempty"`
	// Source is the folder's source, the same as each of its packages'.
	Source *drv.Source `json:"source"`
	// Packages are the folder's package names, sorted.
	Packages []string `json:"packages"`
}

// Annotate records plan's split in dp, a plan that drv.Build made from
// plan's packages: a "vendor" object on every vendored package record and
// the "duniverse" map in the header. Records without "vendor" are host
// packages. The dependency lists (every kind, and depopts) of a host
// package's record keep only host packages, so the packages built on the
// build machine never pull in a vendored-only one (such as a
// cross-compile port of a library). A folder's source is its first package's record source (drv
// computed it, with mirrors and hash), copied: call Annotate again after
// anything changes the records' sources, such as a prefetch filling
// hashes. Annotate fails if a package of plan has no record in dp.
func Annotate(dp *drv.Plan, plan *Plan) error {
	host := map[string]bool{}
	for _, p := range plan.Packages {
		host[p.Candidate.Name] = p.Host
	}
	for _, p := range plan.Packages {
		if rec := dp.Packages[p.Candidate.Name]; rec != nil && p.Host {
			hostOnly(rec, host)
		}
	}
	for _, p := range plan.Packages {
		rec := dp.Packages[p.Candidate.Name]
		if rec == nil {
			return fmt.Errorf("unikernel: %s.%s has no record in the plan", p.Candidate.Name, p.Candidate.Version)
		}
		rec.Vendor = nil
		if !p.Vendored {
			continue
		}
		b, err := json.Marshal(Vendor{Dir: p.Dir, Host: p.Host})
		if err != nil {
			return err
		}
		rec.Vendor = b
	}
	dirs := map[string]DuniverseDir{}
	for _, d := range plan.Dirs {
		names := d.PackageNames()
		dirs[d.Name] = DuniverseDir{DevRepo: d.DevRepo, Source: dp.Packages[names[0]].Source, Packages: names}
	}
	b, err := json.Marshal(dirs)
	if err != nil {
		return err
	}
	dp.Duniverse = b
	return nil
}

// hostOnly drops from rec's dependency lists the names that are not host
// packages.
func hostOnly(rec *drv.Package, host map[string]bool) {
	keep := func(names []string) []string {
		out := names[:0]
		for _, n := range names {
			if host[n] {
				out = append(out, n)
			}
		}
		return out
	}
	d := &rec.Depends
	d.Build, d.Run, d.Post, d.Test, d.Doc = keep(d.Build), keep(d.Run), keep(d.Post), keep(d.Test), keep(d.Doc)
	rec.Depopts = keep(rec.Depopts)
}
