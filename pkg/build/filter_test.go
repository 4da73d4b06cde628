package build

import (
	"encoding/json"
	"testing"

	"github.com/hillingar/hillingar/pkg/drv"
)

func TestEvalFilter(t *testing.T) {
	s := testScope(t)
	tests := []struct {
		filter string
		want   bool
	}{
		{`true`, true},
		{`"false"`, false},
		{`{"var": "with-test"}`, true},
		{`{"var": "with-doc"}`, false},
		{`{"not": {"var": "with-doc"}}`, true},
		{`{"var": "undefined-var"}`, false},
		{`{"not": {"var": "undefined-var"}}`, false},
		{`{"and": [{"var": "undefined-var"}, false]}`, false},
		{`{"or": [{"var": "undefined-var"}, true]}`, true},
		{`{"or": [{"var": "undefined-var"}, false]}`, false},
		{`{"and": [{"var": "with-test"}, {"var": "ocaml:native"}]}`, true},
		{`{"defined": {"var": "undefined-var"}}`, false},
		{`{"not": {"defined": {"var": "undefined-var"}}}`, true},
		{`{"defined": {"var": "ocaml:native"}}`, true},
		{`{"op": ">=", "args": [{"var": "ocaml:version"}, "4.08"]}`, true},
		{`{"op": "<", "args": [{"var": "ocaml:version"}, "4.13.1~rc1"]}`, false},
		{`{"op": "=", "args": [{"var": "os"}, "linux"]}`, true},
		{`{"op": "!=", "args": [{"var": "os"}, "linux"]}`, false},
		{`{"op": "=", "args": [{"var": "undefined-var"}, "linux"]}`, false},
		{`{"op": "!=", "args": [{"var": "undefined-var"}, "linux"]}`, false},
		{`{"op": "=", "args": [{"parts": [{"var": "os"}, "-", {"var": "arch"}]}, "linux-x86_64"]}`, true},
	}
	for _, tt := range tests {
		var f drv.Filter
		if err := json.Unmarshal([]byte(tt.filter), &f); err != nil {
			t.Fatal(err)
		}
		got, err := s.EvalFilter(&f)
		if err != nil {
			t.Fatalf("EvalFilter(%s): %v", tt.filter, err)
		}
		if got != tt.want {
			t.Errorf("EvalFilter(%s) = %v, want %v", tt.filter, got, tt.want)
		}
	}
}

// TestEvalFilterErrors checks that a malformed filter is refused: JSON
// that is not a filter when the record is read, and a malformed tree
// built by hand when it is evaluated.
func TestEvalFilterErrors(t *testing.T) {
	s := testScope(t)
	for _, bad := range []string{`42`, `{"op": "~", "args": ["a", "b"]}`, `{"op": "="}`, `{"and": true}`, `{"what": 1}`, `[1]`} {
		var f drv.Filter
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("decoding filter %s: no error", bad)
		}
	}
	str := &drv.Filter{Kind: drv.FilterString, Str: "a"}
	for _, bad := range []*drv.Filter{
		{},
		{Kind: drv.FilterOp, Op: "~", Args: []*drv.Filter{str, str}},
		{Kind: drv.FilterOp, Op: "="},
		{Kind: drv.FilterNot},
		{Kind: drv.FilterAnd, Args: []*drv.Filter{nil, str}},
	} {
		if _, err := s.EvalFilter(bad); err == nil {
			t.Errorf("EvalFilter(%+v): no error", bad)
		} else if _, ok := err.(*FilterError); !ok {
			t.Errorf("EvalFilter(%+v): error %T, want *FilterError", bad, err)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	ordered := []string{"~~", "~", "~beta2", "0", "1.0~beta", "1.0", "1.0a", "1.0+x", "1.0.0", "1.1", "1.9", "1.10", "2", "2.0.1", "10"}
	for i := range ordered {
		for j := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := CompareVersions(ordered[i], ordered[j]); got != want {
				t.Errorf("CompareVersions(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	if got := CompareVersions("1.01", "1.1"); got != 0 {
		t.Errorf("CompareVersions(1.01, 1.1) = %d, want 0", got)
	}
}
