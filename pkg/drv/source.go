package drv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hillingar/hillingar/pkg/fetch"
	"github.com/hillingar/hillingar/pkg/opam"
)

// urlSection is the content of a url section or an extra-source section.
type urlSection struct {
	src       string
	mirrors   []string
	checksums []fetch.Checksum
}

// readURL reads src (or opam 1.2's archive/http/git), mirrors and
// checksum from a section's items.
func readURL(section string, items []opam.Item) (*urlSection, error) {
	u := &urlSection{}
	for _, f := range []string{"src", "archive", "http", "git"} {
		if v, ok := opam.Field(items, f); ok && v.Kind == opam.KindString {
			u.src = v.Str()
			if f == "git" {
				u.src = "git+" + v.Str()
			}
			break
		}
	}
	if u.src == "" {
		return nil, fmt.Errorf("%s: no src", section)
	}
	if v, ok := opam.Field(items, "mirrors"); ok {
		m, err := stringList(section+".mirrors", v)
		if err != nil {
			return nil, err
		}
		u.mirrors = m
	}
	if v, ok := opam.Field(items, "checksum"); ok {
		texts, err := stringList(section+".checksum", v)
		if err != nil {
			return nil, err
		}
		sums, err := fetch.ParseChecksums(texts)
		if err != nil {
			return nil, fieldErr(v, section+".checksum", "%v", err)
		}
		u.checksums = sums
	}
	return u, nil
}

// source builds a plan source from a url section, following opam's URL
// rules (ParseURL); hashed reports whether it has a Nix-usable hash. A
// source Nix cannot fetch from the lock is an *UnsupportedSourceError.
func (u *urlSection) source() (src *Source, hashed bool, err error) {
	pu, err := ParseURL(u.src)
	if err != nil {
		return nil, false, err
	}
	switch pu.Backend {
	case BackendGit:
		return &Source{Type: SourceGit, URL: pu.Base(), Ref: pu.Fragment}, false, nil
	case BackendHTTP:
		for _, m := range u.mirrors {
			pm, err := ParseURL(m)
			if err != nil {
				return nil, false, err
			}
			if pm.Backend != BackendHTTP {
				return nil, false, &UnsupportedSourceError{URL: m, Backend: pm.Backend}
			}
		}
		h, err := fetch.SRI(u.checksums)
		src = &Source{Type: SourceArchive, URLs: append([]string{u.src}, u.mirrors...), Hash: h}
		return src, err == nil, nil
	}
	return nil, false, &UnsupportedSourceError{URL: u.src, Backend: pu.Backend}
}

// A GitSuffixWarning reports an archive URL whose path ends in ".git":
// opam fetches it as an archive, which usually fails; the author likely
// meant "git+https://...".
type GitSuffixWarning struct {
	Pos opam.Pos
	URL string
}

// Error says how opam reads the URL and what to write instead.
func (e *GitSuffixWarning) Error() string {
	return fmt.Sprintf("%s: %s ends in .git but opam fetches it as an archive (it guesses no backend from a suffix); write git+%s if it is a git repository",
		e.Pos, e.URL, e.URL)
}

// gitSuffix returns a warning when an archive URL's path ends in .git.
func gitSuffix(pos opam.Pos, src *Source) error {
	if src == nil || src.Type != SourceArchive {
		return nil
	}
	u, _, _ := strings.Cut(src.URLs[0], "#")
	if strings.HasSuffix(strings.TrimSuffix(u, "/"), ".git") {
		return &GitSuffixWarning{Pos: pos, URL: src.URLs[0]}
	}
	return nil
}

// sectionItems returns the items of every section of kind in items.
func sections(items []opam.Item, kind string) []opam.Item {
	var out []opam.Item
	for _, it := range items {
		if it.Section != nil && it.Name == kind {
			out = append(out, it)
		}
	}
	return out
}

// packageSource reads the url section of a package; nil when there is
// none. The returned Pending is set when the source has no hash.
func packageSource(items []opam.Item) (*Source, *Pending, error) {
	secs := sections(items, "url")
	if len(secs) == 0 {
		return nil, nil, nil
	}
	u, err := readURL("url", secs[0].Section.Items)
	if err != nil {
		return nil, nil, &opam.FieldError{Pos: secs[0].Pos, Field: "url", Msg: err.Error()}
	}
	src, hashed, err := u.source()
	if err != nil {
		return nil, nil, &opam.FieldError{Pos: secs[0].Pos, Field: "url", Msg: err.Error()}
	}
	if hashed {
		return src, nil, nil
	}
	q := &Pending{URLs: src.URLs, Sums: u.checksums}
	if src.Type == SourceGit {
		q = &Pending{Git: &fetch.GitSource{URL: src.URL, Ref: src.Ref}}
	}
	return src, q, nil
}

// extraSources reads extra-source sections, and lists those without a
// hash.
func extraSources(items []opam.Item) (map[string]ExtraSource, []Pending, error) {
	out := map[string]ExtraSource{}
	var pending []Pending
	var errs []error
	for _, it := range sections(items, "extra-source") {
		name := it.Section.Label
		if !safeRelative(name) {
			errs = append(errs, &opam.FieldError{Pos: it.Section.LabelPos, Field: "extra-source",
				Msg: fmt.Sprintf("file name %q must be a relative path inside the package folder", name)})
			continue
		}
		u, err := readURL("extra-source "+name, it.Section.Items)
		if err != nil {
			errs = append(errs, &opam.FieldError{Pos: it.Pos, Field: "extra-source", Msg: err.Error()})
			continue
		}
		src, hashed, err := u.source()
		if err == nil && src.Type != SourceArchive {
			err = fmt.Errorf("extra-source %s: %s is a git source; extra sources must be archives", name, u.src)
		}
		if err != nil {
			errs = append(errs, &opam.FieldError{Pos: it.Pos, Field: "extra-source", Msg: err.Error()})
			continue
		}
		if !hashed {
			pending = append(pending, Pending{Extra: name, URLs: src.URLs, Sums: u.checksums})
		}
		out[name] = ExtraSource{URLs: src.URLs, Hash: src.Hash}
	}
	return out, pending, errors.Join(errs...)
}
