package drv

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"unicode/utf8"

	"github.com/hillingar/hillingar/pkg/fetch"
	"github.com/hillingar/hillingar/pkg/opam"
)

// embed returns the plan form of a package's files/ folder, checking each
// name.
func embed(files map[string][]byte) (map[string]File, error) {
	out := map[string]File{}
	for _, name := range sortedKeys(files) {
		if !safeRelative(name) {
			return nil, fmt.Errorf("files/%s: the name must be a relative path inside the package folder", name)
		}
		b := files[name]
		f := File{Hash: sriSHA256(b)}
		if utf8.Valid(b) {
			s := string(b)
			f.Text = &s
		} else {
			s := base64.StdEncoding.EncodeToString(b)
			f.Base64 = &s
		}
		out[name] = f
	}
	return out, nil
}

// A MissingFileError reports an extra-files entry whose file is not in
// the package's files/ folder. Build does not fail for it: it is one of
// the plan's Warnings, and the package's build will fail if it needs the
// file.
type MissingFileError struct {
	Pos  opam.Pos
	Name string
}

// Error formats the error as one line.
func (e *MissingFileError) Error() string {
	return fmt.Sprintf("%s: field \"extra-files\": %q is not in the package's files/ folder; the build will fail if it needs it", e.Pos, e.Name)
}

// checkExtraFiles checks opam's extra-files field: every file it names
// must match its checksum. Files that are missing are returned apart.
func checkExtraFiles(x opam.Value, files map[string][]byte) (missing []error, err error) {
	items := x.Items()
	if len(items) > 0 && items[0].Kind == opam.KindString {
		// A single ["FILE" "ALGO=HEX"] pair without the outer list.
		items = []opam.Value{x}
	}
	for _, it := range items {
		if it.Kind != opam.KindList || len(it.Args()) != 2 ||
			it.Args()[0].Kind != opam.KindString || it.Args()[1].Kind != opam.KindString {
			return missing, fieldErr(it, "extra-files", `want ["FILE" "ALGO=HEX"]`)
		}
		name := it.Args()[0].Str()
		if !safeRelative(name) {
			return missing, fieldErr(it, "extra-files", "file name %q must be a relative path inside the package folder", name)
		}
		content, ok := files[name]
		if !ok {
			missing = append(missing, &MissingFileError{Pos: it.Pos, Name: name})
			continue
		}
		want, err := fetch.ParseChecksum(it.Args()[1].Str())
		if err != nil {
			return missing, fieldErr(it.Args()[1], "extra-files", "%v", err)
		}
		got := digest(want.Algo, content)
		if !bytes.Equal(got, want.Digest) {
			return missing, fieldErr(it, "extra-files", "files/%s does not match %s (it has %s)",
				name, want, fetch.Checksum{Algo: want.Algo, Digest: got})
		}
	}
	return missing, nil
}
