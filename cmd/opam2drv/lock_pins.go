package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
	"github.com/hillingar/hillingar/pkg/unikernel"
)

// pinFiles finds the opam file of each pin of the project files (a plain
// project's, or a unikernel's and its local packages'), offline:
// in the pinned folder when the pin's URL is local (file://PATH, a path,
// or git+file://PATH; a relative path is taken from the opam file's
// folder), as NAME.opam, opam/NAME.opam or opam; else in the
// repositories, at the pinned version. Each file gets the pin's URL as
// its source (unikernel.PinnedFile). Pins found nowhere are left out, for
// unikernel.ApplyPins to report. The pinned folders' opam files are returned
// as projects, for the lock's fingerprints.
func pinFiles(projects []*project, files opamuniverse.Source) (map[string]*opam.File, []*project, error) {
	out := map[string]*opam.File{}
	var local []*project
	var errs []error
	for _, p := range projects {
		pins, err := unikernel.ReadPins(p.file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, pin := range pins {
			if _, done := out[pin.Name]; done {
				continue // pinned twice: unikernel.Lock checks the versions agree
			}
			lp, f, err := pinFile(p, pin, files)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if lp != nil {
				local = append(local, lp)
			}
			if f != nil {
				out[pin.Name] = f
			}
		}
	}
	return out, local, errors.Join(errs...)
}

// pinFile finds the opam file of one pin of project p: see pinFiles. It
// returns the pinned folder's opam file as a project when it comes from
// one, and nil, nil when the pin is found nowhere.
func pinFile(p *project, pin unikernel.Pin, files opamuniverse.Source) (*project, *opam.File, error) {
	if dir, ok := localPin(p.path, pin.URL); ok {
		lp, err := readPinnedFolder(dir, pin.Name)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: pin %s.%s: %w", pin.Pos, pin.Name, pin.Version, err)
		}
		return lp, unikernel.PinnedFile(pin, lp.file), nil
	}
	if f, err := files.File(pin.Name, pin.Version); err == nil {
		return nil, unikernel.PinnedFile(pin, f), nil
	}
	return nil, nil, nil
}

// localPin returns the folder a local pin URL names.
func localPin(opamFile, url string) (string, bool) {
	u, err := drv.ParseURL(url)
	if err != nil {
		return "", false
	}
	local := u.Backend == drv.BackendRsync && (u.Transport == "" || u.Transport == "file") ||
		u.Backend == drv.BackendGit && u.Transport == "file"
	if !local {
		return "", false
	}
	dir := filepath.FromSlash(u.Path)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(opamFile), dir)
	}
	return dir, true
}

// readPinnedFolder reads the opam file of package name in a pinned
// folder, where opam looks for it.
func readPinnedFolder(dir, name string) (*project, error) {
	for _, rel := range []string{name + ".opam", filepath.Join("opam", name+".opam"), "opam", filepath.Join("opam", "opam")} {
		path := filepath.Join(dir, rel)
		if fi, err := os.Stat(path); err != nil || fi.IsDir() {
			continue
		}
		return readProject(path)
	}
	return nil, fmt.Errorf("no %s.opam, opam/%s.opam or opam file in %s", name, name, dir)
}
