package unikernel

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/resolve/opamuniverse"
)

// A Pin is one pin-depends entry of a unikernel's opam file: the package
// NAME is fixed at VERSION, and its source is URL.
type Pin struct {
	Name, Version, URL string
	Pos                opam.Pos
}

// ReadPins returns the pin-depends entries of f, in file order. Every
// malformed entry is an *opam.FieldError at its position, all joined.
func ReadPins(f *opam.File) ([]Pin, error) {
	var errs []error
	fail := func(field string, pos opam.Pos, format string, args ...any) {
		errs = append(errs, &opam.FieldError{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	var out []Pin
	for _, p := range readPins(f, fail) {
		out = append(out, Pin{Name: p.name, Version: p.version, URL: p.url, Pos: p.pos})
	}
	return out, errors.Join(errs...)
}

// UnresolvedPinError lists pins whose opam file neither the repositories
// nor a local folder at the pin's URL provide.
type UnresolvedPinError struct {
	Pins []Pin
}

// Error lists each pin with its position and says how to provide it.
func (e *UnresolvedPinError) Error() string {
	var b strings.Builder
	b.WriteString("pin-depends: no opam file for these pins (a lock never fetches one):")
	for _, p := range e.Pins {
		fmt.Fprintf(&b, "\n  %s: %s.%s %s", p.Pos, p.Name, p.Version, p.URL)
	}
	b.WriteString("\nput each pinned package's opam file, at the pinned version, in a local repository given with --repo" +
		" (its source stays the pin's URL), or pin a local folder (file://PATH or git+file://PATH) that holds NAME.opam")
	return b.String()
}

// PinnedFile returns the opam file of a pinned package: f (the package's
// own opam file, from a repository or the pinned folder) with its url
// section replaced by the pin's URL, without checksum, and its version
// field, if any, dropped (the pin's version is the one solved for).
func PinnedFile(p Pin, f *opam.File) *opam.File {
	name := f.Name
	sec, err := opam.ParseString(name, "url { src: "+strconv.Quote(p.URL)+" }\n")
	if err != nil {
		// A quoted string always parses.
		return f
	}
	out := &opam.File{Name: name}
	for _, it := range f.Items {
		if it.Section != nil && it.Name == "url" || it.Section == nil && it.Name == "version" {
			continue
		}
		out.Items = append(out.Items, it)
	}
	out.Items = append(out.Items, sec.Items...)
	return out
}

// pinnedFiles is a Source in which each pinned name has exactly its
// pinned version, read from the pinned file.
type pinnedFiles struct {
	opamuniverse.Source
	pins map[string]pinned
}

type pinned struct {
	version string
	file    *opam.File
}

// Versions implements opamuniverse.Source.
func (s pinnedFiles) Versions(name string) []string {
	if p, ok := s.pins[name]; ok {
		return []string{p.version}
	}
	return s.Source.Versions(name)
}

// File implements opamuniverse.Source.
func (s pinnedFiles) File(name, version string) (*opam.File, error) {
	if p, ok := s.pins[name]; ok && p.version == version {
		return p.file, nil
	}
	return s.Source.File(name, version)
}

// ApplyPins returns files with the pins of the given opam files applied
// (a unikernel's and its local packages', or a plain project's): in the
// result, each pinned name has exactly its pinned version, read from
// pinFiles. pinFiles maps a pinned name
// to its opam file (see PinnedFile). A pin with no entry in pinFiles is an
// *UnresolvedPinError; two pins of one name at different versions are an
// *opam.FieldError; a name in pinFiles that nothing pins is ignored.
func ApplyPins(files opamuniverse.Source, projects []*opam.File, pinFiles map[string]*opam.File) (opamuniverse.Source, error) {
	var pins []Pin
	var errs []error
	for _, f := range projects {
		ps, err := ReadPins(f)
		pins = append(pins, ps...)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil || len(pins) == 0 {
		return files, err
	}
	s := pinnedFiles{Source: files, pins: map[string]pinned{}}
	first := map[string]Pin{}
	var missing []Pin
	for _, p := range pins {
		if q, dup := first[p.Name]; dup {
			if q.Version != p.Version {
				errs = append(errs, &opam.FieldError{Pos: p.Pos, Field: "pin-depends",
					Msg: fmt.Sprintf("%s is pinned at %s here and at %s at %s; pin one version", p.Name, p.Version, q.Version, q.Pos)})
			}
			continue
		}
		first[p.Name] = p
		f := pinFiles[p.Name]
		if f == nil {
			missing = append(missing, p)
			continue
		}
		s.pins[p.Name] = pinned{version: p.Version, file: f}
	}
	if len(missing) > 0 {
		slices.SortStableFunc(missing, func(a, b Pin) int { return strings.Compare(a.Name, b.Name) })
		errs = append(errs, &UnresolvedPinError{Pins: missing})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}
