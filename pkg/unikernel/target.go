package unikernel

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/hillingar/hillingar/pkg/drv"
	"github.com/hillingar/hillingar/pkg/opam"
)

// FieldMirageConfigure is the field in which mirage records the command
// that generated the opam file.
const FieldMirageConfigure = "x-mirage-configure"

// Targets are the mirage targets (`mirage configure -t TARGET`), longest
// first so that a suffix match prefers unikraft-qemu to qemu.
var Targets = []string{
	"unikraft-firecracker", "unikraft-qemu", "macosx", "genode", "virtio",
	"qubes", "unix", "muen", "xen", "hvt", "spt",
}

// artefactExt is the extension of each target's artefact in dist/ (""
// for a plain executable), as mirage names them.
var artefactExt = map[string]string{
	"unix": "", "macosx": "", "hvt": "hvt", "spt": "spt", "virtio": "virtio",
	"muen": "muen", "genode": "genode", "xen": "xen", "qubes": "xen",
	"unikraft-qemu": "qemu", "unikraft-firecracker": "fc",
}

// targetOfExt returns the target whose artefacts have extension ext,
// preferring the target named like it (xen rather than qubes).
func targetOfExt(ext string) string {
	if ext == "" {
		return ""
	}
	found := ""
	for _, tg := range Targets {
		if artefactExt[tg] == ext && (found == "" || tg == ext) {
			found = tg
		}
	}
	return found
}

// Target is the "unikernel" object of a unikernel plan's header: what the
// Nix side needs to build the unikernel and find what it produced.
type Target struct {
	// Name is the unikernel's name: the base name of its first artefact
	// without the target's extension (".hvt"; ".xen" for qubes), else the
	// package name without its "-TARGET" suffix.
	Name string `json:"name"`
	// Target is the mirage target: the package name's "-TARGET" suffix
	// when it names one of [Targets], else the target whose artefacts
	// have the first artefact's extension (".hvt", ".xen", ".qemu",
	// ".fc", ...), else "".
	Target string `json:"target"`
	// Artefacts are the files the build leaves for installation: the
	// source of each `cp SRC DST` step of install:, relative to the
	// project's source root, in install order.
	Artefacts []string `json:"artefacts"`
	// OpamFile is the unikernel's opam file, relative to the lock's folder.
	OpamFile string `json:"opamFile"`
	// ConfigureCommand is x-mirage-configure as an argument list, empty
	// when the file has none.
	ConfigureCommand []string `json:"configureCommand"`
}

// TargetOf reads the Target of the unikernel opam file f, whose package
// is named name and which the lock records as opamFile. It never fails:
// what the file does not say is left empty (an install step that is not a
// plain `cp` of fixed strings names no artefact).
func TargetOf(name, opamFile string, f *opam.File) *Target {
	t := &Target{OpamFile: opamFile, Artefacts: []string{}, ConfigureCommand: []string{}}
	if v, ok := opam.Field(f.Items, "install"); ok {
		t.Artefacts = copySources(v)
	}
	if v, ok := opam.Field(f.Items, FieldMirageConfigure); ok {
		t.ConfigureCommand = plainArgs(v)
	}
	base, ext := "", ""
	if len(t.Artefacts) > 0 {
		base = path.Base(t.Artefacts[0])
		if i := strings.LastIndexByte(base, '.'); i > 0 {
			ext = base[i+1:]
		}
	}
	for _, tg := range Targets {
		if strings.HasSuffix(name, "-"+tg) {
			t.Target = tg
			break
		}
	}
	if t.Target == "" {
		t.Target = targetOfExt(ext)
	}
	if want := artefactExt[t.Target]; want != "" && ext == want {
		base = strings.TrimSuffix(base, "."+ext)
	}
	t.Name = base
	if t.Name == "" {
		t.Name = strings.TrimSuffix(name, "-"+t.Target)
	}
	return t
}

// copySources returns the source of every `cp SRC DST` command of an
// install field, in order, when SRC is a relative path without variables.
func copySources(v opam.Value) []string {
	out := []string{}
	for _, cmd := range commands(v) {
		args := plainArgs(cmd)
		if len(args) != 3 || args[0] != "cp" || len(cmd.Items()) != 3 {
			continue
		}
		src := args[1]
		if src == "" || strings.HasPrefix(src, "/") || strings.Contains(src, "%{") || strings.HasPrefix(src, "-") {
			continue
		}
		out = append(out, path.Clean(src))
	}
	return out
}

// commands returns the commands of a build or install field: a list of
// lists (each maybe filtered), or one list of arguments for a single
// command.
func commands(v opam.Value) []opam.Value {
	var out []opam.Value
	for _, it := range listItems(v) {
		if it.Kind == opam.KindOption && len(it.Args()) > 0 {
			it = it.Args()[0]
		}
		if it.Kind == opam.KindList {
			out = append(out, it)
		}
	}
	if len(out) == 0 && v.Kind == opam.KindList {
		return []opam.Value{v}
	}
	return out
}

// plainArgs returns the strings and identifiers of a command, in order,
// leaving out anything else (a filtered argument keeps its argument).
func plainArgs(v opam.Value) []string {
	out := []string{}
	for _, it := range listItems(v) {
		if it.Kind == opam.KindOption && len(it.Args()) > 0 {
			it = it.Args()[0]
		}
		switch it.Kind {
		case opam.KindString:
			out = append(out, it.Str())
		case opam.KindIdent:
			out = append(out, it.Str())
		}
	}
	return out
}

// Record writes t into dp's header as its "unikernel" object.
func (t *Target) Record(dp *drv.Plan) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	dp.Unikernel = b
	return nil
}
