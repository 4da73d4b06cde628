package drv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Encode returns the plan as JSON: object keys sorted, lists in their
// documented order, two-space indentation and a final newline. It sorts
// the lists the format defines as sorted and turns nil lists and maps into
// empty ones, modifying p. Encoding the same plan twice gives the same
// bytes.
func Encode(p *Plan) ([]byte, error) {
	canonical(p)
	raw, err := marshal(p)
	if err != nil {
		return nil, err
	}
	// Re-encode through generic maps, which encoding/json writes with
	// sorted keys, whatever the order of the struct fields.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// canonical sorts the plan's sorted lists and replaces nil with empty.
func canonical(p *Plan) {
	p.Regenerate = nonNil(p.Regenerate)
	p.Inputs.Files = nonNilMap(p.Inputs.Files)
	p.Inputs.Repositories = nonNil(p.Inputs.Repositories)
	p.Inputs.Constraints = nonNil(p.Inputs.Constraints)
	p.Env = nonNilMap(p.Env)
	p.Projects = nonNilMap(p.Projects)
	p.MissingHashes = sortedSet(p.MissingHashes)
	p.Packages = nonNilMap(p.Packages)
	for _, pr := range p.Projects {
		pr.Depends.canonical()
	}
	for _, pkg := range p.Packages {
		pkg.canonical()
	}
}

func (d *Depends) canonical() {
	d.Build, d.Run, d.Post = sortedSet(d.Build), sortedSet(d.Run), sortedSet(d.Post)
	d.Test, d.Doc = sortedSet(d.Test), sortedSet(d.Doc)
}

func (k *Package) canonical() {
	k.Depends.canonical()
	k.Depopts = sortedSet(k.Depopts)
	k.Build, k.Install = nonNil(k.Build), nonNil(k.Install)
	k.Patches, k.Substs = nonNil(k.Patches), nonNil(k.Substs)
	k.Files, k.ExtraSources = nonNilMap(k.Files), nonNilMap(k.ExtraSources)
	k.Setenv, k.BuildEnv = nonNil(k.Setenv), nonNil(k.BuildEnv)
	k.Depexts = nonNilMap(k.Depexts)
	for d, names := range k.Depexts {
		k.Depexts[d] = sortedSet(names)
	}
	k.Flags = nonNil(k.Flags)
	for i := range k.Build {
		k.Build[i].Args = nonNil(k.Build[i].Args)
	}
	for i := range k.Install {
		k.Install[i].Args = nonNil(k.Install[i].Args)
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nonNilMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return map[K]V{}
	}
	return m
}

// sortedSet returns s sorted, without duplicates, never nil.
func sortedSet(s []string) []string {
	out := make([]string, 0, len(s))
	out = append(out, s...)
	sort.Strings(out)
	n := 0
	for i, x := range out {
		if i == 0 || x != out[n-1] {
			out[n] = x
			n++
		}
	}
	return out[:n]
}

// WriteFile encodes p and writes it to name atomically: the bytes go to a
// temporary file in the same folder, which is synced and then renamed over
// name, so a reader (or a killed run) sees either the old file or the new
// one, never a partial one. It refuses, changing nothing, when name is one
// of p's input files (Inputs.Files, relative to name's folder), a folder,
// or in a folder that does not exist.
func WriteFile(name string, p *Plan) error {
	if err := checkTarget(name, p); err != nil {
		return err
	}
	data, err := Encode(p)
	if err != nil {
		return err
	}
	return writeAtomic(name, data)
}

// checkTarget returns an error naming name when WriteFile must not write
// the plan p there.
func checkTarget(name string, p *Plan) error {
	dir := filepath.Dir(name)
	if st, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) || err == nil && !st.IsDir() {
		return fmt.Errorf("writing %s: the folder %s does not exist; create it first", name, dir)
	}
	st, err := os.Stat(name)
	if err != nil {
		return nil // a new file
	}
	if st.IsDir() {
		return fmt.Errorf("writing %s: it is a folder; name the lock file inside it", name)
	}
	inputs := make([]string, 0, len(p.Inputs.Files))
	for rel := range p.Inputs.Files {
		inputs = append(inputs, rel)
	}
	sort.Strings(inputs)
	for _, rel := range inputs {
		if in, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil && os.SameFile(st, in) {
			return fmt.Errorf("writing %s: it is the input file %q of the lock; write the lock to another file", name, rel)
		}
	}
	return nil
}

func writeAtomic(name string, data []byte) (err error) {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
