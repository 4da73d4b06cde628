package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStats(t *testing.T) {
	code, out, stderr := runShowStats("stats", "-repo", flatRepo, "-repo", nestedRepo)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	// flat: 6 versions, nested: 11, seq.0.1 in both. Files: 14 packages
	// load (not badurl.1.0, broken.1.0); 3 of them have a url file and
	// igvxml's two versions one files/ entry each.
	want := `repositories  2
names         7
versions      16
shadowed      1
files         19
parse errors  2
problems      1
`
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("stats (-want +got):\n%s", d)
	}
	for _, frag := range []string{
		"opam2drv: ../../pkg/repository/testdata/flat: packages/badurl.1.0/url:1:6: unterminated string\n",
		"opam2drv: ../../pkg/repository/testdata/nested: packages/broken/broken.1.0/opam:6:1: expected a value or ']', found end of file\n",
		"opam2drv: ../../pkg/repository/testdata/nested: packages/seq/other.1.0: not a version of seq",
	} {
		if !strings.Contains(stderr, frag) {
			t.Errorf("stderr lacks %q:\n%s", frag, stderr)
		}
	}
	if strings.Contains(stderr, "parsed in") {
		t.Errorf("timings printed without -v:\n%s", stderr)
	}
	_, _, stderr = runShowStats("-v", "stats", "-repo", nestedRepo)
	if !strings.Contains(stderr, "opam2drv: opened and parsed in ") {
		t.Errorf("-v did not print the time taken:\n%s", stderr)
	}
}

func TestStatsUsage(t *testing.T) {
	for _, args := range [][]string{{"stats"}, {"stats", "-repo", nestedRepo, "extra"}} {
		if code, out, _ := runShowStats(args...); code != 2 || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want 2 and nothing", args, code, out)
		}
	}
	if code, _, _ := runShowStats("stats", "-repo", "no/such/folder"); code != 1 {
		t.Errorf("a missing repository: exit %d, want 1", code)
	}
}
