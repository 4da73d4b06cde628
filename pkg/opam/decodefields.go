package opam

// string reads a single string.
func (d *decoder) string(v Value) string {
	if v.Kind != KindString {
		d.unexpected(v, "a string")
		return ""
	}
	return v.Str()
}

// strings reads a string or a list of strings.
func (d *decoder) strings(v Value) []string {
	items := v.Items()
	out := make([]string, 0, len(items))
	for _, e := range items {
		if e.Kind != KindString {
			d.unexpected(e, "a string")
			continue
		}
		out = append(out, e.Str())
	}
	return out
}

// listDepth is the nesting of lists of v, following first elements and
// looking through options, as opam measures it.
func listDepth(v Value) int {
	switch v.Kind {
	case KindList:
		if len(v.Args()) == 0 {
			return 1
		}
		return 1 + listDepth(v.Args()[0])
	case KindOption:
		return listDepth(v.Left())
	}
	return 0
}

// listOfLists returns the elements of v seen as a list of lists, as opam
// reads fields of depth 2: a value that is not nested deep enough is
// wrapped in as many lists as it lacks, so ["make" "all"] is one command.
func listOfLists(v Value) []Value {
	switch listDepth(v) {
	case 0:
		return []Value{NewComposite(KindList, OpNone, v.Pos, []Value{v})}
	case 1:
		return []Value{v}
	}
	return v.Args()
}

// split separates an option into its value and its filters.
func split(v Value) (Value, []Value) {
	if v.Kind == KindOption {
		return v.Left(), v.Filters()
	}
	return v, nil
}

func (d *decoder) commands(v Value) []Command {
	elems := listOfLists(v)
	out := make([]Command, 0, len(elems))
	for _, e := range elems {
		inner, filter := split(e)
		d.filters(filter)
		items := inner.Items()
		c := Command{Pos: e.Pos, Filter: filter, Args: make([]Arg, 0, len(items))}
		for _, a := range items {
			av, af := split(a)
			if av.Kind != KindString && av.Kind != KindIdent {
				d.unexpected(av, "a string or identifier argument")
				continue
			}
			d.filters(af)
			c.Args = append(c.Args, Arg{Pos: a.Pos, Value: av, Filter: af})
		}
		out = append(out, c)
	}
	return out
}

func (d *decoder) filteredStrings(v Value) []FilteredString {
	items := v.Items()
	out := make([]FilteredString, 0, len(items))
	for _, e := range items {
		s, f := split(e)
		if s.Kind != KindString {
			d.unexpected(s, "a string with an optional filter")
			continue
		}
		d.filters(f)
		out = append(out, FilteredString{Pos: e.Pos, Value: s.Str(), Filter: f})
	}
	return out
}

func (d *decoder) available(v Value) {
	if v.Kind == KindList {
		d.filters(v.Args())
	} else {
		d.filter(v)
	}
	d.pkg.Available = v
}

func (d *decoder) flags(v Value) {
	for _, e := range v.Items() {
		if e.Kind != KindIdent {
			d.unexpected(e, "a flag name")
			continue
		}
		d.pkg.Flags = append(d.pkg.Flags, e.Str())
	}
}

func (d *decoder) extraFiles(v Value) {
	for _, e := range listOfLists(v) {
		if len(e.Args()) != 2 || e.Args()[0].Kind != KindString || e.Args()[1].Kind != KindString {
			d.errorf(e.Pos, "expected [\"file\" \"checksum\"]")
			continue
		}
		d.pkg.ExtraFiles = append(d.pkg.ExtraFiles, ExtraFile{Pos: e.Pos, Name: e.Args()[0].Str(), Checksum: e.Args()[1].Str()})
	}
}

func (d *decoder) pinDepends(v Value) {
	for _, e := range listOfLists(v) {
		if len(e.Args()) != 2 || e.Args()[0].Kind != KindString || e.Args()[1].Kind != KindString {
			d.errorf(e.Pos, "expected [\"name.version\" \"url\"]")
			continue
		}
		d.pkg.PinDepends = append(d.pkg.PinDepends, PinDepend{Pos: e.Pos, Package: e.Args()[0].Str(), URL: e.Args()[1].Str()})
	}
}

// depexts reads entries "name" {filter} or ["a" "b"] {filter}, and the
// opam 1.2 form [["tag"...] ["name"...]] whose tags become no filter.
func (d *decoder) depexts(v Value) {
	for _, e := range v.Items() {
		inner, filter := split(e)
		d.filters(filter)
		x := Depext{Pos: e.Pos, Filter: filter}
		if inner.Kind == KindList && len(inner.Args()) == 2 && inner.Args()[0].Kind == KindList && filter == nil {
			inner = inner.Args()[1]
		}
		for _, n := range inner.Items() {
			if n.Kind != KindString {
				d.unexpected(n, "a system package name")
				continue
			}
			x.Names = append(x.Names, n.Str())
		}
		d.pkg.Depexts = append(d.pkg.Depexts, x)
	}
}

// envUpdates reads bindings VAR op "value", each alone or in a
// one-element list.
func (d *decoder) envUpdates(v Value) []EnvUpdate {
	elems := listOfLists(v)
	out := make([]EnvUpdate, 0, len(elems))
	for _, e := range elems {
		if len(e.Args()) != 1 {
			d.errorf(e.Pos, "expected one binding VAR = \"value\" per list")
			continue
		}
		b := e.Args()[0]
		ok := (b.Kind == KindEnvBinding || b.Kind == KindRelop && b.Op == OpEq) &&
			b.Left().Kind == KindIdent && b.Right().Kind == KindString
		if !ok {
			d.errorf(b.Pos, "expected an environment update such as VAR += \"value\", found "+b.Kind.String())
			continue
		}
		out = append(out, EnvUpdate{Pos: b.Pos, Var: b.Left().Str(), Op: b.Op, Value: b.Right().Str()})
	}
	return out
}

// filters checks the values of an option's braces (or of a list) as a
// filter: opam wants exactly one value there, or none.
func (d *decoder) filters(fs []Value) {
	if len(fs) > 1 {
		d.errorf(fs[1].Pos, "expected a single filter expression; join filters with '&'")
	}
	for _, f := range fs {
		d.filter(f)
	}
}

// filter checks that f is a filter: bools, strings, integers (read as
// their decimal string), identifiers,
// comparisons, '&', '|', '!', '?' and parentheses.
func (d *decoder) filter(f Value) {
	switch f.Kind {
	case KindBool, KindString, KindInt:
	case KindIdent:
		if _, err := ParseVar(f.Str()); err != nil {
			d.errorf(f.Pos, "invalid variable: "+err.Error())
		}
	case KindRelop, KindLogop:
		d.filter(f.Left())
		d.filter(f.Right())
	case KindPfxop:
		d.filter(f.Operand())
	case KindGroup:
		if len(f.Args()) == 0 {
			d.errorf(f.Pos, "expected a filter expression inside the parentheses")
		}
		d.filters(f.Args())
	default:
		d.unexpected(f, "a filter")
	}
}

func (d *decoder) versionField(v Value) {
	d.pkg.Version = d.string(v)
	if v.Kind == KindString {
		d.version(v)
	}
}
