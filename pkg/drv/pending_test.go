package drv

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPendingAndFill(t *testing.T) {
	p := goldenPlan(t)
	pending := p.Pending()
	var got []string
	for _, q := range pending {
		desc := q.Package + " " + q.Extra
		if q.Git != nil {
			desc += " git " + q.Git.URL + "#" + q.Git.Ref
		} else {
			desc += " " + q.URLs[0] + " " + q.Sums[0].String()
		}
		got = append(got, desc)
	}
	want := []string{
		"bap-ida-python  https://github.com/BinaryAnalysisPlatform/bap-ida-python/archive/v2.2.0.tar.gz md5=e97a494b80c5695f8b488e1e4b14c087",
		"base  git https://github.com/kit-ty-kate/base#500-015",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Pending (-want +got):\n%s", d)
	}
	const h = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
	if err := p.Fill(pending[0], h, ""); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"base.v0.15.1~5.0preview"}, p.MissingHashes); d != "" {
		t.Fatalf("MissingHashes after one fill (-want +got):\n%s", d)
	}
	rev := "0123456789abcdef0123456789abcdef01234567"
	if err := p.Fill(pending[1], h, rev); err != nil {
		t.Fatal(err)
	}
	if len(p.MissingHashes) != 0 || p.Packages["base"].Source.Rev != rev {
		t.Fatalf("after filling: missing %v, base source %+v", p.MissingHashes, p.Packages["base"].Source)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("filled plan does not validate: %v", err)
	}
	if err := p.Fill(Pending{Package: "nosuch"}, h, ""); err == nil {
		t.Fatal("Fill accepted an unknown package")
	}
}
