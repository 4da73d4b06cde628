package version

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// oraclePairs were each checked with opam 2.1.2 (Debian's opam): a throw-away
// repository held packages/p/p.A/opam and packages/p/p.B/opam (each just
// `opam-version: "2.0"`), and `ORACLE_MODE=admin opam-oracle.sh DIR p`
// installed p.<high>, the newer of the two. Many are versions found in the
// shared opam-repository snapshots.
var oraclePairs = []struct{ low, high string }{
	{"5.0.0~rc1", "5.0.0"},
	{"1.0+dune", "1.0.1"},
	{"1.12+dune", "1.12+dune+mirage1"},
	{"1", "v1"},
	{"0.16.0", "v0.16.0"},
	{"1.0~~", "1.0~"},
	{"1.0~", "1.0"},
	{"1.0a", "1.0+"},
	{"1.0", "1.0a"},
	{"1.0~beta", "1.0"},
	{"0.9", "0.10"},
	{"09", "10"}, // leading zeros do not count
	{"1.0-beta", "1.0.beta"},
	{"A", "a"},
	{"1.0", "1_0"},
	{"1.0~1", "1.0+1"},
	{"~~", "~~a"},
	{"~~a", "~"},
	{"1.0", "1.0.0"},
	{"1.0.0", "1.0.0.0"},
	{"1.0~beta1~svn1245", "1.0~beta1"},
	{"4.14.0", "4.14.0+options"},
	{"4.14.0", "4.14.1~alpha1"},
	{"2.0.0~alpha", "2.0.0~beta"},
	{"9", "10"},
	// The cut at the last '-' (upstream part, then revision).
	{"1.0-a", "1.0+a"},
	{"a-", "a+"},
	{"1.0", "1.0-beta"},
	{"1.0-1", "1.0.0"},
	{"0.2.0-1", "0.2.1-0"},
	{"1-2.3", "1-2-3"},
	{"1.0~rc1-1", "1.0-0"},
	{"0.1.2-2", "0.1.2-1-g09b142a"},
	{"0.22-0.2.0", "0.22.1"},
	{"0.3.0", "0.3.0-pre1"},
	{"1.0-~", "1.0"},
}

// equalPairs compare equal. opam 2.1.2 treats each pair as one version: asked
// to choose between them it installed either spelling.
var equalPairs = []struct{ a, b string }{
	{"1.01", "1.1"},
	{"007", "7"},
	{"1.0", "1.0-0"},
	{"1.", "1.0"},
	{"1.0", "1.0-"},
	{"x", "x"},
}

func TestCompareOracle(t *testing.T) {
	for _, p := range oraclePairs {
		if got := Compare(p.low, p.high); got != -1 {
			t.Errorf("Compare(%q, %q) = %d, want -1", p.low, p.high, got)
		}
		if got := Compare(p.high, p.low); got != 1 {
			t.Errorf("Compare(%q, %q) = %d, want 1", p.high, p.low, got)
		}
	}
}

func TestCompareEqual(t *testing.T) {
	for _, p := range equalPairs {
		if got := Compare(p.a, p.b); got != 0 {
			t.Errorf("Compare(%q, %q) = %d, want 0", p.a, p.b, got)
		}
		if got := Compare(p.b, p.a); got != 0 {
			t.Errorf("Compare(%q, %q) = %d, want 0", p.b, p.a, got)
		}
	}
}

// TestSortManual sorts the orders given as examples by the opam manual and
// by Debian policy (which opam follows), from a shuffled start.
func TestSortManual(t *testing.T) {
	for _, want := range [][]string{
		{"~~", "~~a", "~", "", "a"},
		{"1.0~beta1~svn1245", "1.0~beta1", "1.0"},
		{"0.9", "0.10", "0.10.1", "1.0~rc1", "1.0", "1.0a", "1.0+dune", "1.0.1"},
		{"4.13.1", "4.14.0~alpha1", "4.14.0~beta1", "4.14.0~rc1", "4.14.0", "4.14.0+flambda", "4.14.1"},
	} {
		got := slices.Clone(want)
		slices.Reverse(got)
		got[0], got[len(got)/2] = got[len(got)/2], got[0]
		Sort(got)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("Sort (-want +got):\n%s", d)
		}
	}
}

func TestMax(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"1.0"}, "1.0"},
		{[]string{"1.0~rc1", "0.9", "1.0", "1.0-beta", "1.0~rc2"}, "1.0-beta"},
		{[]string{"1.1", "1.01"}, "1.1"},
	} {
		if got := Max(tc.in); got != tc.want {
			t.Errorf("Max(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestValid(t *testing.T) {
	for v, want := range map[string]bool{
		"1.0": true, "5.0.0~rc1": true, "1.12+dune+mirage1": true, "v0.16.0": true,
		"0.1.2-1-g09b142a": true, "1_0": true,
		"": false, "1 0": false, "1:2": false, "1/2": false, "é": false,
	} {
		if got := Valid(v); got != want {
			t.Errorf("Valid(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestOp(t *testing.T) {
	for _, tc := range []struct {
		op   string
		v, c string
		want bool
	}{
		{">=", "4.14.1", "4.08", true},
		{">=", "4.08.0", "4.08", true},
		{"<", "5.0.0~rc1", "5.0.0", true},
		{"<", "5.0.0", "5.0.0", false},
		{"<=", "5.0.0", "5.0.0", true},
		{">", "1.0-beta", "1.0", true},
		{"=", "1.01", "1.1", true},
		{"!=", "1.01", "1.1", false},
		{"!=", "1.0", "1.0.0", true},
	} {
		op, err := ParseOp(tc.op)
		if err != nil {
			t.Fatalf("ParseOp(%q): %v", tc.op, err)
		}
		if op.String() != tc.op {
			t.Errorf("ParseOp(%q).String() = %q", tc.op, op.String())
		}
		if got := op.Holds(tc.v, tc.c); got != tc.want {
			t.Errorf("%q %s %q = %v, want %v", tc.v, tc.op, tc.c, got, tc.want)
		}
	}
	if _, err := ParseOp("=="); err == nil {
		t.Errorf(`ParseOp("==") succeeded, want an error`)
	}
	if Op(0).Holds("1", "1") || Op(99).Holds("1", "1") {
		t.Errorf("an invalid Op holds")
	}
	if got := Op(99).String(); got != "Op(99)" {
		t.Errorf("Op(99).String() = %q", got)
	}
}

func TestCompareAllocs(t *testing.T) {
	a, b := "1.12+dune+mirage1-rc2", "1.12+dune+mirage10-rc2"
	if n := testing.AllocsPerRun(100, func() { Compare(a, b) }); n != 0 {
		t.Errorf("Compare allocates %v times per call, want 0", n)
	}
}

func BenchmarkCompare(b *testing.B) {
	vs := []string{"4.14.0", "4.14.0~rc1", "v0.16.0", "1.12+dune+mirage1", "0.1.2-1-g09b142a", "5.0.0"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Compare(vs[i%len(vs)], vs[(i+1)%len(vs)])
	}
}
