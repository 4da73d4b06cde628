package drv

import (
	"os"
	"testing"

	"github.com/hillingar/hillingar/pkg/opam"
)

// FuzzDecode checks that Decode never panics and that whatever it accepts
// encodes and decodes again to the same bytes.
func FuzzDecode(f *testing.F) {
	if b, err := os.ReadFile("testdata/plan.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"schema": 1}`))
	f.Add([]byte(`{"schema": 1, "generator": "g", "packages": {"a": {"name": "a", "version": "1", "source": null,
		"build": [{"args": [{"parts": [{"var": "jobs", "then": "a", "else": "b"}]}], "filter": {"not": {"and": [true, "x"]}}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Decode("fuzz.json", data)
		if err != nil {
			return
		}
		once, err := Encode(p)
		if err != nil {
			t.Fatalf("accepted plan does not encode: %v", err)
		}
		q, err := Decode("again.json", once)
		if err != nil {
			t.Fatalf("encoded plan does not decode: %v\n%s", err, once)
		}
		twice, err := Encode(q)
		if err != nil || string(once) != string(twice) {
			t.Fatalf("encode is not stable: %v", err)
		}
	})
}

// FuzzBuild checks that Build never panics on any opam file the parser
// accepts.
func FuzzBuild(f *testing.F) {
	for _, p := range []string{"testdata/repo/packages/ocamlfind/ocamlfind.1.9.6/opam",
		"testdata/repo/packages/conf-gmp/conf-gmp.4/opam", "testdata/project/hello.opam"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`build: [[ "a" {?x & !y | z:installed} "%{a+b:c?d:e}%" ] {with-test}] setenv: [A += "%{_:lib}%"]`))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := opam.Parse("fuzz.opam", src)
		if err != nil {
			return
		}
		req := &Request{Env: testEnv, Packages: []Input{{Name: "p", Version: "1", Opam: file}},
			Projects: []ProjectInput{{Name: "q", File: "q.opam", Opam: file}}}
		p, err := Build(req)
		if err != nil {
			return
		}
		if _, err := Encode(p); err != nil {
			t.Fatalf("plan does not encode: %v", err)
		}
	})
}
