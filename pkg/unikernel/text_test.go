package unikernel

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/pkg/resolve"
	"github.com/hillingar/hillingar/pkg/version"
)

// A textCase is one joint-solve scenario read from testdata/solve/*.txt.
//
// Lines:
//
//	provided: NAME...           x-opam-monorepo-opam-provided
//	cross: true                 require cross-compile
//	atom: NAME OP VERSION       an extra host-side request atom
//	root: FORMULA               the unikernel's depends
//	pkg NAME VERSION [OPTION...]
//	  depends: FORMULA
//	  conflicts: ATOM, ATOM...
//	want vendored: NAME.VERSION...
//	want host: NAME.VERSION...
//	want dirs: DIR=NAME,NAME ...
//	want error: TEXT            the error must contain TEXT
//
// FORMULA is comma-separated conjuncts of '|'-separated atoms, an atom
// being NAME or NAME OP VERSION [& OP VERSION]... . Package OPTIONs are
// nodune, nobuild, nourl, nodevrepo, avoid, flags=A,B, tags=A,B,
// devrepo=URL, url=URL, hash=H; by default a package has a url, a
// dev-repo git+https://github.com/x/NAME.git, a build and depends on dune.
type textCase struct {
	cfg   Config
	src   *textSource
	want  map[string]string
	lines map[string]int
}

// textSource is a Source over packages written in a test file.
type textSource struct {
	byName map[string][]*resolve.Candidate
	meta   map[*resolve.Candidate]*Meta
}

func (s *textSource) Versions(name string) ([]*resolve.Candidate, error) {
	return s.byName[name], nil
}

func (s *textSource) Meta(c *resolve.Candidate) (*Meta, error) { return s.meta[c], nil }

// multi is a conjunction of version constraints.
type multi []versionConstraint

func (m multi) Allows(v string) bool {
	for _, c := range m {
		if !c.Allows(v) {
			return false
		}
	}
	return true
}

func (m multi) String() string {
	var parts []string
	for _, c := range m {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, " & ")
}

func parseFormula(s string, pos resolve.Pos) (resolve.Formula, error) {
	var conj []resolve.Formula
	for _, part := range strings.Split(s, ",") {
		var alts []resolve.Formula
		for _, alt := range strings.Split(part, "|") {
			a, err := parseAtom(strings.TrimSpace(alt), pos)
			if err != nil {
				return resolve.Formula{}, err
			}
			alts = append(alts, resolve.AtomFormula(a))
		}
		if len(alts) == 1 {
			conj = append(conj, alts[0])
		} else {
			conj = append(conj, resolve.Or(alts...))
		}
	}
	return resolve.And(conj...), nil
}

func parseAtom(s string, pos resolve.Pos) (resolve.Atom, error) {
	f := strings.Fields(strings.ReplaceAll(s, "&", " "))
	if len(f) == 0 || len(f)%2 == 0 {
		return resolve.Atom{}, fmt.Errorf("bad atom %q", s)
	}
	a := resolve.Atom{Name: f[0], Pos: pos}
	var m multi
	for i := 1; i < len(f); i += 2 {
		op, err := version.ParseOp(f[i])
		if err != nil {
			return a, err
		}
		m = append(m, versionConstraint{op, f[i+1]})
	}
	if len(m) > 0 {
		a.Constraint = m
	}
	return a, nil
}

func parsePkg(fields []string, pos resolve.Pos) (*resolve.Candidate, *Meta) {
	name, ver := fields[1], fields[2]
	c := &resolve.Candidate{Name: name, Version: ver, Available: true, Source: pos}
	m := &Meta{
		Name: name, Version: ver, File: pos.String(), HasBuild: true, UsesDune: true,
		URL: "https://src/" + name + "-" + ver + ".tbz", DevRepo: "git+https://github.com/x/" + name + ".git",
		HasDevRepo: true,
	}
	for _, o := range fields[3:] {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "nodune":
			m.UsesDune = false
		case "nobuild":
			m.HasBuild = false
		case "nourl":
			m.URL = ""
		case "nodevrepo":
			m.DevRepo, m.HasDevRepo = "", false
		case "avoid":
			c.AvoidVersion = true
			m.Flags = append(m.Flags, "avoid-version")
		case "flags":
			m.Flags = append(m.Flags, strings.Split(v, ",")...)
		case "tags":
			m.Tags = strings.Split(v, ",")
		case "devrepo":
			m.DevRepo = v
		case "url":
			m.URL = v
		case "hash":
			m.Hashes = append(m.Hashes, v)
		}
	}
	return c, m
}

func readTextCase(t *testing.T, file string) *textCase {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tc := &textCase{
		src:   &textSource{byName: map[string][]*resolve.Candidate{}, meta: map[*resolve.Candidate]*Meta{}},
		want:  map[string]string{},
		lines: map[string]int{},
	}
	tc.cfg.Name = strings.TrimSuffix(filepath.Base(file), ".txt")
	var last *resolve.Candidate
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		pos := resolve.Pos{File: filepath.Base(file), Line: n, Col: 1}
		key, rest, _ := strings.Cut(line, ":")
		rest = strings.TrimSpace(rest)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "pkg "):
			c, m := parsePkg(strings.Fields(line), pos)
			tc.src.byName[c.Name] = append(tc.src.byName[c.Name], c)
			tc.src.meta[c] = m
			last = c
		case key == "conflicts":
			for _, part := range strings.Split(rest, ",") {
				a, err := parseAtom(strings.TrimSpace(part), pos)
				if err != nil {
					t.Fatalf("%s: %v", pos, err)
				}
				last.Conflicts = append(last.Conflicts, a)
			}
		case key == "depends":
			if last.Depends, err = parseFormula(rest, pos); err != nil {
				t.Fatalf("%s: %v", pos, err)
			}
		case key == "root":
			if tc.cfg.Depends, err = parseFormula(rest, pos); err != nil {
				t.Fatalf("%s: %v", pos, err)
			}
		case key == "provided":
			tc.cfg.OpamProvided = strings.Fields(rest)
		case key == "cross":
			tc.cfg.RequireCrossCompile = rest == "true"
		case key == "atom":
			a, err := parseAtom(rest, pos)
			if err != nil {
				t.Fatalf("%s: %v", pos, err)
			}
			tc.cfg.Atoms = append(tc.cfg.Atoms, a)
		case strings.HasPrefix(key, "want "):
			k := strings.TrimPrefix(key, "want ")
			tc.want[k] = rest
			tc.lines[k] = n
		default:
			t.Fatalf("%s: cannot read %q", pos, line)
		}
	}
	for _, cs := range tc.src.byName {
		sort.Slice(cs, func(i, j int) bool { return version.Less(cs[i].Version, cs[j].Version) })
		for i, c := range cs {
			c.Rank = i
		}
	}
	return tc
}

// describe renders a plan in the terms of a test file's want lines.
func describe(p *Plan) map[string]string {
	var host, vend, dirs []string
	for _, pk := range p.Packages {
		s := pk.Candidate.Name + "." + pk.Candidate.Version
		if pk.Host {
			host = append(host, s)
		}
		if pk.Vendored {
			vend = append(vend, s)
		}
	}
	for _, d := range p.Dirs {
		dirs = append(dirs, d.Name+"="+strings.Join(d.PackageNames(), ","))
	}
	return map[string]string{
		"host": strings.Join(host, " "), "vendored": strings.Join(vend, " "), "dirs": strings.Join(dirs, " "),
	}
}

func TestSolveCases(t *testing.T) {
	files, _ := filepath.Glob("testdata/solve/*.txt")
	if len(files) == 0 {
		t.Fatal("no test files in testdata/solve")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			tc := readTextCase(t, file)
			plan, err := Solve(tc.src, &tc.cfg, nil)
			if want, ok := tc.want["error"]; ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("%s:%d: want an error containing %q, got %v", file, tc.lines["error"], want, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			checkPlan(t, tc.src, &tc.cfg, plan)
			got := describe(plan)
			for _, k := range []string{"vendored", "host", "dirs"} {
				want, ok := tc.want[k]
				if !ok {
					continue
				}
				w, g := strings.Fields(want), strings.Fields(got[k])
				slices.Sort(w)
				slices.Sort(g)
				if !slices.Equal(w, g) {
					t.Errorf("%s:%d: %s\n got %s\nwant %s", file, tc.lines[k], k, strings.Join(g, " "), strings.Join(w, " "))
				}
			}
		})
	}
}
