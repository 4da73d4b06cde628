package drv

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hillingar/hillingar/internal/boundedfile"
	"github.com/hillingar/hillingar/pkg/opam"
	"github.com/hillingar/hillingar/pkg/version"
	"github.com/nix-community/go-nix/pkg/nixhash"
)

// A SchemaError reports a plan that does not follow the format. Field is
// a path such as "packages.dune.source.hash".
type SchemaError struct {
	File  string
	Field string
	Msg   string
}

// Error formats the error as one line.
func (e *SchemaError) Error() string {
	where := e.File
	if where == "" {
		where = "plan"
	}
	if e.Field != "" {
		where += ": " + e.Field
	}
	return where + ": " + e.Msg
}

// Read reads and validates the plan in file name. See Decode. It refuses
// a folder, a device or a socket, and a file or pipe larger than
// maxPlanSize, reading no more than that.
func Read(name string) (*Plan, error) {
	data, err := readPlanFile(name)
	if err != nil {
		return nil, err
	}
	return Decode(name, data)
}

// maxPlanSize bounds the size of a plan file Read accepts. A lock holds
// its packages' files/ content, but even one of a whole unikernel stays
// under a few MiB.
const maxPlanSize = 256 << 20

// readPlanFile reads name when it is a regular file or a pipe of at most
// maxPlanSize bytes.
func readPlanFile(name string) ([]byte, error) {
	data, err := boundedfile.ReadFile(name, maxPlanSize)
	var tooLarge *boundedfile.TooLargeError
	switch {
	case errors.Is(err, boundedfile.ErrNotRegular):
		return nil, &SchemaError{File: name, Msg: "is not a regular file; give the path of a lock file"}
	case errors.As(err, &tooLarge):
		return nil, &SchemaError{File: name, Msg: fmt.Sprintf("larger than %d MiB: this is not an opam2drv lock", maxPlanSize>>20)}
	}
	return data, err
}

// Decode parses a plan and validates it: the schema number, unknown keys,
// every package record's required fields, sources and hashes, that every
// dependency named is in the plan, and file contents against their hashes.
// name is used in errors only. All problems found are joined.
func Decode(name string, data []byte) (*Plan, error) {
	var head struct {
		Schema    *int   `json:"schema"`
		Generator string `json:"generator"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, &SchemaError{File: name, Msg: "not a JSON plan: " + err.Error()}
	}
	if head.Schema == nil {
		return nil, &SchemaError{File: name, Field: "schema", Msg: "missing: this is not an opam2drv plan"}
	}
	if *head.Schema != Schema {
		return nil, &SchemaError{File: name, Field: "schema", Msg: fmt.Sprintf(
			"plan has schema %d but this opam2drv reads schema %d; run the opam2drv that wrote it (%s) or regenerate the lock",
			*head.Schema, Schema, head.Generator)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, decodeError(name, err)
	}
	if err := p.Validate(); err != nil {
		return nil, withFile(name, err)
	}
	return &p, nil
}

// decodeError turns encoding/json's error into one that names the plan's
// field in the document's own terms, not Go's (Plan.packages and the like).
func decodeError(name string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return &SchemaError{File: name, Field: te.Field, Msg: fmt.Sprintf(
			"a JSON %s where the lock format (docs/lock-format.md) wants %s; regenerate the lock with opam2drv lock",
			te.Value, jsonKind(te.Type.Kind()))}
	}
	return &SchemaError{File: name, Msg: err.Error() + "; regenerate the lock with opam2drv lock"}
}

// jsonKind names the JSON value that a Go kind decodes from.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// withFile sets File on every SchemaError joined in err.
func withFile(name string, err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, withFile(name, e))
		}
		return errors.Join(out...)
	}
	if se, ok := err.(*SchemaError); ok {
		se.File = name
	}
	return err
}

// Validate checks the rules of docs/lock-format.md that JSON decoding
// cannot: required fields, names, sources, hashes and references. It
// returns every problem, joined, or nil.
func (p *Plan) Validate() error {
	v := &validator{}
	if p.Schema != Schema {
		v.add("schema", "is %d, want %d", p.Schema, Schema)
	}
	if p.Generator == "" {
		v.add("generator", "is empty")
	}
	for f, h := range p.Inputs.Files {
		v.sri("inputs.files."+f, h)
	}
	for name, pr := range p.Projects {
		if !opam.ValidName(name) {
			v.add("projects."+name, "%q is not a valid opam package name (%s)", name, opam.NameRule)
		}
		if pr == nil {
			v.add("projects."+name, "is null")
			continue
		}
		v.depends(p, "projects."+name+".depends", pr.Depends)
	}
	for _, k := range p.MissingHashes {
		if !p.hasKey(k) {
			v.add("missingHashes", "%q is not a package of the plan", k)
		}
	}
	for _, name := range sortedKeys(p.Packages) {
		v.pkg(p, name, p.Packages[name])
	}
	return errors.Join(v.errs...)
}

// hasKey reports whether "name.version" is a package of p.
func (p *Plan) hasKey(key string) bool {
	for _, k := range p.Packages {
		if k != nil && k.Key() == key {
			return true
		}
	}
	return false
}

type validator struct{ errs []error }

func (v *validator) add(field, format string, args ...any) {
	v.errs = append(v.errs, &SchemaError{Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) pkg(p *Plan, name string, k *Package) {
	at := "packages." + name
	if k == nil {
		v.add(at, "is null")
		return
	}
	if !opam.ValidName(name) {
		v.add(at, "%q is not a valid opam package name (%s)", name, opam.NameRule)
	}
	if k.Name != name {
		v.add(at+".name", "is %q, want the record's key %q", k.Name, name)
	}
	if k.Version == "" {
		v.add(at+".version", "is empty")
	} else if !version.Valid(k.Version) {
		v.add(at+".version", "%q is not a valid opam version (letters, digits and '-', '_', '+', '.', '~')", k.Version)
	}
	v.source(at+".source", k.Source)
	if k.Source != nil && k.Source.Hash == "" && !slices.Contains(p.MissingHashes, k.Key()) {
		v.add(at+".source.hash", "is missing and %q is not listed in missingHashes", k.Key())
	}
	v.depends(p, at+".depends", k.Depends)
	for _, d := range k.Depopts {
		if p.Packages[d] == nil {
			v.add(at+".depopts", "%q is not a package of the plan", d)
		}
	}
	for i, pa := range k.Patches {
		v.relPath(fmt.Sprintf("%s.patches[%d]", at, i), pa.File)
	}
	for i, s := range k.Substs {
		v.relPath(fmt.Sprintf("%s.substs[%d]", at, i), s)
	}
	for _, f := range sortedKeys(k.Files) {
		v.file(at+".files."+f, f, k.Files[f])
	}
	for _, e := range sortedKeys(k.ExtraSources) {
		v.relPath(at+".extraSources", e)
		if len(k.ExtraSources[e].URLs) == 0 {
			v.add(at+".extraSources."+e+".urls", "is empty")
		}
		v.sriOpt(at+".extraSources."+e+".hash", k.ExtraSources[e].Hash)
	}
	for i, u := range k.Setenv {
		v.envUpdate(fmt.Sprintf("%s.setenv[%d]", at, i), u)
	}
	for i, u := range k.BuildEnv {
		v.envUpdate(fmt.Sprintf("%s.buildEnv[%d]", at, i), u)
	}
}

var fullRev = regexp.MustCompile(`^[0-9a-f]{40}$`)

func (v *validator) source(at string, s *Source) {
	if s == nil {
		return
	}
	switch s.Type {
	case SourceArchive:
		if len(s.URLs) == 0 {
			v.add(at+".urls", "is empty")
		}
		if s.URL != "" || s.Rev != "" || s.Ref != "" || s.Subdir != "" {
			v.add(at, "an archive source has only urls and hash")
		}
	case SourceGit:
		if s.URL == "" {
			v.add(at+".url", "is empty")
		}
		if s.Rev != "" && !fullRev.MatchString(s.Rev) || s.Rev == "" && s.Hash != "" {
			v.add(at+".rev", "%q is not a full commit (40 hex digits)", s.Rev)
		}
		if s.Subdir != "" {
			v.relPath(at+".subdir", s.Subdir)
		}
		if len(s.URLs) != 0 {
			v.add(at+".urls", "a git source has url, not urls")
		}
	default:
		v.add(at+".type", "is %q, want %q or %q", s.Type, SourceArchive, SourceGit)
	}
	v.sriOpt(at+".hash", s.Hash)
}

func (v *validator) depends(p *Plan, at string, d Depends) {
	for kind, names := range map[string][]string{"build": d.Build, "run": d.Run, "post": d.Post, "test": d.Test, "doc": d.Doc} {
		if !sort.StringsAreSorted(names) {
			v.add(at+"."+kind, "is not sorted")
		}
		for _, n := range names {
			if p.Packages[n] == nil {
				v.add(at+"."+kind, "%q is not a package of the plan", n)
			}
		}
	}
}

func (v *validator) file(at, name string, f File) {
	v.relPath(at, name)
	var content []byte
	switch {
	case f.Text != nil && f.Base64 == nil:
		if !utf8.ValidString(*f.Text) {
			v.add(at+".text", "is not valid UTF-8")
		}
		content = []byte(*f.Text)
	case f.Base64 != nil && f.Text == nil:
		b, err := base64.StdEncoding.DecodeString(*f.Base64)
		if err != nil {
			v.add(at+".base64", "%v", err)
			return
		}
		content = b
	default:
		v.add(at, "needs exactly one of text and base64")
		return
	}
	if want := sriSHA256(content); f.Hash != want {
		v.add(at+".hash", "is %q but the content hashes to %q", f.Hash, want)
	}
}

func (v *validator) envUpdate(at string, u EnvUpdate) {
	if u.Var == "" {
		v.add(at+".var", "is empty")
	}
	if !envOps[u.Op] {
		v.add(at+".op", "is %q, want one of = += =+ := =: =+=", u.Op)
	}
}

var envOps = map[string]bool{"=": true, "+=": true, "=+": true, ":=": true, "=:": true, "=+=": true}

func (v *validator) relPath(at, p string) {
	if !safeRelative(p) {
		v.add(at, "%q must be a relative path inside the package folder", p)
	}
}

func (v *validator) sriOpt(at, h string) {
	if h != "" {
		v.sri(at, h)
	}
}

func (v *validator) sri(at, h string) {
	if !strings.Contains(h, "-") {
		v.add(at, "%q is not an SRI hash (algo-base64)", h)
		return
	}
	parsed, err := nixhash.ParseAny(h, nil)
	if err != nil {
		v.add(at, "%q: %v", h, err)
		return
	}
	if a := parsed.Algo(); a != nixhash.SHA256 && a != nixhash.SHA512 {
		v.add(at, "%q: Nix sources need sha256 or sha512", h)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
