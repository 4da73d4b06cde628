package unikernel

import (
	"errors"
	"testing"
)

func TestRepoName(t *testing.T) {
	good := map[string]string{
		"git://github.com/ocamllabs/opam-monorepo":           "opam-monorepo",
		"git://github.com/ocamllabs/opam-monorepo.git":       "opam-monorepo",
		"git+https://github.com/ocamllabs/opam-monorepo.git": "opam-monorepo",
		"git+https://github.com/ocamllabs/opam-monorepo/":    "opam-monorepo",
		"git+https://github.com/ocamllabs/opam-monorepo.1/":  "opam-monorepo",
		"git+https://github.com/mirage/ocaml-cstruct.git":    "ocaml-cstruct",
		"git+https://github.com/ocaml/dune.git#main":         "dune",
		"zarith": "zarith",
		"git@github.com:mirage/mirage-crypto.git": "mirage-crypto",
		"https://erratique.ch/repos/fmt.git":      "fmt",
	}
	for in, want := range good {
		got, err := RepoName(in)
		if err != nil || got != want {
			t.Errorf("RepoName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", ".", "/", "./.", "...", "///", "https://github.com", "https://github.com/", "git://dummy", "git+https://gitlab.com/x/data-encoding/."} {
		got, err := RepoName(in)
		var de *DevRepoError
		if !errors.As(err, &de) || de.DevRepo != in {
			t.Errorf("RepoName(%q) = %q, %v; want a *DevRepoError", in, got, err)
		}
	}
}

func TestDirName(t *testing.T) {
	for in, want := range map[string]string{
		"git+https://github.com/ocaml/dune.git":            "dune_",
		"git+https://github.com/ocaml/dune-configurator":   "dune-configurator",
		"git+https://github.com/mirage/mirage-runtime.git": "mirage-runtime",
	} {
		if got, err := DirName(in); err != nil || got != want {
			t.Errorf("DirName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestNormalizeDevRepo(t *testing.T) {
	same := [][]string{
		{"git+https://github.com/mirage/mirage.git", "https://GitHub.com/mirage/mirage/", "git://github.com/mirage/mirage", "git+ssh://git@github.com/mirage/mirage.git"},
		{"git+https://github.com/foo/project.git#branch", "https://github.com/foo/project#branch"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if a, b := NormalizeDevRepo(group[0]), NormalizeDevRepo(s); a != b {
				t.Errorf("NormalizeDevRepo(%q) = %q, NormalizeDevRepo(%q) = %q; want equal", group[0], a, s, b)
			}
		}
	}
	if a, b := NormalizeDevRepo(same[0][0]), NormalizeDevRepo(same[1][0]); a == b {
		t.Errorf("different repositories share key %q", a)
	}
	if a, b := NormalizeDevRepo("git+https://github.com/foo/project"), NormalizeDevRepo("git+https://github.com/foo/project#branch"); a == b {
		t.Errorf("a #fragment must keep repositories apart, both gave %q", a)
	}
}
