package repository

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Fingerprint returns "sha256-" and the base64 SHA-256 (an SRI hash) of the
// stack's package list and of every file of the packages in read, a list of
// NAME.VERSION strings (typically every package a solve looked at; order and
// duplicates do not matter).
//
// The hashed stream is, for each repository in priority order, a line
// "repository INDEX" and one line "NAME.VERSION" per package version it
// holds (names sorted, versions ascending); then, for each NAME.VERSION of
// read in sorted order, the line "package NAME.VERSION REPOSITORY-INDEX"
// followed, for each of its files (the opam file, the url file, then the
// files/ folder, sorted by path), by "file PATH LENGTH" and the file's bytes.
// Repository names are left out so that the same content read from another
// place gives the same fingerprint. It parses the packages of read that are
// not parsed yet, and fails if one of them is not in the stack or fails to
// load.
func (s *Stack) Fingerprint(read []string) (string, error) {
	h := sha256.New()
	for i, r := range s.repos {
		fmt.Fprintf(h, "repository %d\n", i)
		for _, name := range r.Names() {
			for _, v := range r.Versions(name) {
				io.WriteString(h, name+"."+v+"\n")
			}
		}
	}
	ids := slices.Clone(read)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, id := range ids {
		if err := s.hashPackage(h, id); err != nil {
			return "", err
		}
	}
	return "sha256-" + base64.StdEncoding.EncodeToString(h.Sum(nil)), nil
}

// hashPackage writes the files of the package id to h.
func (s *Stack) hashPackage(h hash.Hash, id string) error {
	name, ver, ok := strings.Cut(id, ".")
	if !ok {
		return fmt.Errorf("fingerprint: %q is not NAME.VERSION", id)
	}
	p, err := s.Package(name, ver)
	if err != nil {
		return s.hashUnparsed(h, id, name, ver, err)
	}
	idx := slices.Index(s.repos, p.e.repo)
	io.WriteString(h, "package "+id+" "+strconv.Itoa(idx)+"\n")
	srcs := p.Sources()
	paths := make([]string, 0, len(srcs))
	for p := range srcs {
		paths = append(paths, p)
	}
	slices.Sort(paths) // ".../opam" sorts before ".../url"
	for _, path := range paths {
		fmt.Fprintf(h, "file %s %d\n", path, len(srcs[path]))
		io.WriteString(h, srcs[path])
	}
	files, err := p.Files()
	if err != nil {
		return err
	}
	fnames := make([]string, 0, len(files))
	for f := range files {
		fnames = append(fnames, f)
	}
	slices.Sort(fnames)
	for _, f := range fnames {
		fmt.Fprintf(h, "file files/%s %d\n", f, len(files[f]))
		h.Write(files[f])
	}
	return nil
}

// hashUnparsed writes to h the bytes of the opam file of name.ver when it
// was read but does not parse (loadErr): a solve leaves such a version out,
// and the fingerprint must still change when the file is fixed. Any other
// failure to load is returned as it is.
func (s *Stack) hashUnparsed(h hash.Hash, id, name, ver string, loadErr error) error {
	r := s.Find(name, ver)
	if r == nil {
		return loadErr
	}
	e := r.lookup(name, ver)
	if e == nil || !e.parsed || e.parseErr == nil {
		return loadErr
	}
	fmt.Fprintf(h, "package %s %d unparsed\nfile %s %d\n", id, slices.Index(s.repos, r), e.opamPath(), len(e.opamText))
	io.WriteString(h, e.opamText)
	return nil
}
