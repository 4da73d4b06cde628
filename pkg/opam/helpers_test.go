package opam

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hillingar/hillingar/internal/testenv"
)

// sexpr renders a value as a compact S-expression for structural
// assertions: atoms as written, operators in prefix form.
func sexpr(v Value) string {
	switch v.Kind {
	case KindBool:
		return strconv.FormatBool(v.Bool)
	case KindInt:
		return strconv.FormatInt(v.Int(), 10)
	case KindString:
		return strconv.Quote(v.Str())
	case KindIdent:
		return v.Str()
	}
	var parts []string
	for _, a := range v.Args() {
		parts = append(parts, sexpr(a))
	}
	head := map[Kind]string{KindList: "list", KindGroup: "group", KindOption: "opt"}[v.Kind]
	if head == "" {
		head = v.Op.String()
	}
	return "(" + strings.Join(append([]string{head}, parts...), " ") + ")"
}

// parseValue parses "f: src" and returns the value of f.
func parseValue(t *testing.T, src string) Value {
	t.Helper()
	f, err := ParseString("t.opam", "f: "+src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	if len(f.Items) != 1 {
		t.Fatalf("Parse(%q): %d items, want 1", src, len(f.Items))
	}
	return f.Items[0].Value
}

// sharedDir returns ../shared relative to the module root, or skips the
// test when it does not exist.
func sharedDir(t testing.TB, sub string) string {
	return testenv.Shared(t, sub)
}

// subsetFiles returns the real opam files committed under testdata/subset.
func subsetFiles(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("testdata/subset/*.opam")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files in testdata/subset: %v", err)
	}
	out := make(map[string][]byte, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = b
	}
	return out
}
