package opam

import (
	"bytes"
	"sort"
	"strings"
	"testing"
)

// TestSubsetCoverage checks that the committed real files exercise every
// construct of the grammar that opam-repository uses, so that the tests
// running on a fresh clone cover what the snapshot test covers. The
// snapshots hold no multi-package identifier outside strings and no
// environment update other than "=" and "+="; unit tests cover those.
func TestSubsetCoverage(t *testing.T) {
	seen := map[string]bool{}
	mark := func(k string) { seen[k] = true }
	var walk func(v Value)
	walk = func(v Value) {
		switch v.Kind {
		case KindIdent:
			if strings.Contains(v.Str(), "+") && strings.Contains(v.Str(), ":") {
				mark("multi-package variable")
			}
			if strings.HasPrefix(v.Str(), "_:") {
				mark("self variable _:")
			}
		case KindString:
			if parts, _ := ParseInterpolation(v.Str(), Pos{}); len(parts) > 0 {
				for _, p := range parts {
					if p.HasConv {
						mark("interpolation with ?then:else")
					}
					if p.IsVar && len(p.Var.Pkgs) > 0 {
						mark("package variable interpolation")
					}
				}
			}
		case KindInt:
			mark("integer")
		case KindBool:
			mark("bool")
		}
		if v.Kind != KindInvalid {
			mark(v.Kind.String())
		}
		if v.Op != OpNone {
			mark("operator " + v.Op.String())
		}
		for _, a := range v.Args() {
			walk(a)
		}
	}
	var items func(its []Item)
	items = func(its []Item) {
		for _, it := range its {
			mark("field " + it.Name)
			if it.Section != nil {
				mark("section " + it.Name)
				items(it.Section.Items)
				continue
			}
			walk(it.Value)
		}
	}
	for name, src := range subsetFiles(t) {
		f, err := Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		items(f.Items)
		for _, lex := range []string{`"""`, "(*", "#", `\"`, `\\`, "\\\n"} {
			if bytes.Contains(src, []byte(lex)) {
				mark("source " + lex)
			}
		}
	}
	want := []string{
		"self variable _:", "interpolation with ?then:else",
		"package variable interpolation", "integer", "bool",
		"list", "group", "option", "comparison", "prefix comparison", "logical operation",
		"prefix operation", "environment update",
		"operator =", "operator !=", "operator <", "operator <=", "operator >", "operator >=",
		"operator &", "operator |", "operator !", "operator ?", "operator +=",
		"section url", "section extra-source", "field extra-files", "field setenv", "field build-env",
		"field pin-depends", "field depexts", "field conflict-class", "field depopts", "field conflicts",
		"field patches", "field substs", "field messages", "field post-messages", "field available",
		"field flags", "field run-test", "field author",
		"field archive", "field mirrors",
		"source \"\"\"", "source (*", "source #", `source \"`, `source \\`,
	}
	var missing []string
	for _, k := range want {
		if !seen[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("the subset lacks: %s", strings.Join(missing, "; "))
	}
}
