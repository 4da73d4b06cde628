package opam

import (
	"errors"
	"strings"
)

// Decode reads the typed view of the package definition f. It checks each
// field's shape as opam does and collects every problem as a *FieldError
// naming the position and the field; the error, when not nil, joins them
// (errors.Join). Problems that opam reports but tolerates (a duplicate
// field, of which opam keeps the first) go to Package.Warnings instead.
// The returned Package always holds every field that could be read.
// Decode never panics.
func Decode(f *File) (*Package, error) {
	d := decoder{pkg: &Package{File: f}}
	for i := range f.Items {
		if first := firstField(f.Items[:i], f.Items[i].Name); first != nil {
			// opam reads such files, keeping the first field, and
			// reports the others.
			it := &f.Items[i]
			d.pkg.Warnings = append(d.pkg.Warnings, &FieldError{Pos: it.Pos, Field: it.Name,
				Msg: "duplicate field (first at " + first.Pos.String() + "); this one is ignored, as opam does"})
			continue
		}
		d.item(&f.Items[i])
	}
	if len(d.errs) > 0 {
		return d.pkg, errors.Join(d.errs...)
	}
	return d.pkg, nil
}

type decoder struct {
	pkg  *Package
	errs []error
	// field is the name of the field being decoded, for errors.
	field string
}

// firstField returns the first field (not section) named name in items,
// or nil. Files hold few fields, so a scan beats a map.
func firstField(items []Item, name string) *Item {
	for i := range items {
		if items[i].Section == nil && items[i].Name == name {
			return &items[i]
		}
	}
	return nil
}

func (d *decoder) errorf(pos Pos, msg string) {
	d.errs = append(d.errs, &FieldError{Pos: pos, Field: d.field, Msg: msg})
}

func (d *decoder) unexpected(v Value, want string) {
	d.errorf(v.Pos, "expected "+want+", found "+v.Kind.String())
}

// fieldHandlers maps field names to the function decoding them.
var fieldHandlers map[string]func(*decoder, Value)

func init() {
	str := func(dst func(*Package) *string) func(*decoder, Value) {
		return func(d *decoder, v Value) { *dst(d.pkg) = d.string(v) }
	}
	strs := func(dst func(*Package) *[]string) func(*decoder, Value) {
		return func(d *decoder, v Value) { *dst(d.pkg) = d.strings(v) }
	}
	cmds := func(dst func(*Package) *[]Command) func(*decoder, Value) {
		return func(d *decoder, v Value) { *dst(d.pkg) = d.commands(v) }
	}
	formula := func(conn Connective, dst func(*Package) *DepFormula) func(*decoder, Value) {
		return func(d *decoder, v Value) { *dst(d.pkg) = d.formula(v, conn) }
	}
	fieldHandlers = map[string]func(*decoder, Value){
		"opam-version":   str(func(p *Package) *string { return &p.OpamVersion }),
		"name":           str(func(p *Package) *string { return &p.Name }),
		"version":        (*decoder).versionField,
		"synopsis":       str(func(p *Package) *string { return &p.Synopsis }),
		"description":    str(func(p *Package) *string { return &p.Description }),
		"dev-repo":       str(func(p *Package) *string { return &p.DevRepo }),
		"maintainer":     strs(func(p *Package) *[]string { return &p.Maintainer }),
		"authors":        strs(func(p *Package) *[]string { return &p.Authors }),
		"author":         strs(func(p *Package) *[]string { return &p.Authors }),
		"license":        strs(func(p *Package) *[]string { return &p.License }),
		"tags":           strs(func(p *Package) *[]string { return &p.Tags }),
		"homepage":       strs(func(p *Package) *[]string { return &p.Homepage }),
		"doc":            strs(func(p *Package) *[]string { return &p.Doc }),
		"bug-reports":    strs(func(p *Package) *[]string { return &p.BugReports }),
		"conflict-class": strs(func(p *Package) *[]string { return &p.ConflictClass }),
		"substs":         strs(func(p *Package) *[]string { return &p.Substs }),
		"depends":        formula(And, func(p *Package) *DepFormula { return &p.Depends }),
		"depopts":        formula(Or, func(p *Package) *DepFormula { return &p.Depopts }),
		"conflicts":      formula(Or, func(p *Package) *DepFormula { return &p.Conflicts }),
		"build":          cmds(func(p *Package) *[]Command { return &p.Build }),
		"install":        cmds(func(p *Package) *[]Command { return &p.Install }),
		"remove":         cmds(func(p *Package) *[]Command { return &p.Remove }),
		"run-test":       cmds(func(p *Package) *[]Command { return &p.RunTest }),
		"build-test":     cmds(func(p *Package) *[]Command { return &p.BuildTest }),
		"build-doc":      cmds(func(p *Package) *[]Command { return &p.BuildDoc }),
		"available":      (*decoder).available,
		"flags":          (*decoder).flags,
		"patches":        func(d *decoder, v Value) { d.pkg.Patches = d.filteredStrings(v) },
		"messages":       func(d *decoder, v Value) { d.pkg.Messages = d.filteredStrings(v) },
		"post-messages":  func(d *decoder, v Value) { d.pkg.PostMessages = d.filteredStrings(v) },
		"extra-files":    (*decoder).extraFiles,
		"depexts":        (*decoder).depexts,
		"setenv":         func(d *decoder, v Value) { d.pkg.Setenv = d.envUpdates(v) },
		"build-env":      func(d *decoder, v Value) { d.pkg.BuildEnv = d.envUpdates(v) },
		"pin-depends":    (*decoder).pinDepends,
	}
}

func (d *decoder) item(it *Item) {
	d.field = it.Name
	if it.Section != nil {
		d.section(it)
		return
	}
	if strings.HasPrefix(it.Name, "x-") {
		d.pkg.Extensions = append(d.pkg.Extensions, *it)
		return
	}
	h, ok := fieldHandlers[it.Name]
	if !ok {
		d.pkg.Unknown = append(d.pkg.Unknown, *it)
		return
	}
	h(d, it.Value)
}

func (d *decoder) section(it *Item) {
	s := it.Section
	switch it.Name {
	case "url":
		if s.HasLabel {
			d.errorf(s.LabelPos, "a url section takes no name")
		}
		if d.pkg.URL != nil {
			d.pkg.Warnings = append(d.pkg.Warnings, &FieldError{Pos: it.Pos, Field: it.Name,
				Msg: "duplicate url section (first at " + d.pkg.URL.Pos.String() + "); this one is ignored, as opam does"})
			return
		}
		u := d.url(it.Name, it.Pos, s.Items)
		d.pkg.URL = &u
	case "extra-source":
		if !s.HasLabel {
			d.errorf(it.Pos, "an extra-source section needs a file name, as in extra-source \"file\" { }")
		}
		d.pkg.ExtraSources = append(d.pkg.ExtraSources, ExtraSource{Pos: it.Pos, Name: s.Label, URL: d.url(it.Name, it.Pos, s.Items)})
	default:
		d.pkg.Unknown = append(d.pkg.Unknown, *it)
	}
	d.field = it.Name
}

// urlSrcFields are the field names that give a url section's address:
// the modern src and the older names opam still reads.
var urlSrcFields = map[string]bool{"src": true, "archive": true, "http": true, "git": true, "hg": true, "darcs": true, "local": true}

// url decodes the fields of a url or extra-source section.
func (d *decoder) url(section string, pos Pos, items []Item) URL {
	u := URL{Pos: pos}
	for i := range items {
		it := &items[i]
		d.field = it.Name
		switch {
		case it.Section != nil:
			u.Unknown = append(u.Unknown, *it)
		case urlSrcFields[it.Name]:
			if u.Kind != "" {
				d.errorf(it.Pos, "duplicate source address (already given by "+u.Kind+")")
			}
			u.Src, u.Kind = d.string(it.Value), it.Name
		case it.Name == "checksum":
			u.Checksum = append(u.Checksum, d.strings(it.Value)...)
		case it.Name == "mirrors":
			u.Mirrors = append(u.Mirrors, d.strings(it.Value)...)
		default:
			u.Unknown = append(u.Unknown, *it)
		}
	}
	d.field = section
	if u.Kind == "" {
		d.errorf(pos, "missing src field")
	}
	return u
}

// DecodeURL reads an old-style url file, which holds the fields of a url
// section at top level.
func DecodeURL(f *File) (*URL, error) {
	d := decoder{pkg: &Package{File: f}}
	u := d.url("url", NewPos(f.Name, 1, 1), f.Items)
	if len(d.errs) > 0 {
		return &u, errors.Join(d.errs...)
	}
	return &u, nil
}
