package opam

// EqualValues reports whether a and b are the same tree, positions aside.
func EqualValues(a, b Value) bool {
	if a.Kind != b.Kind || a.Op != b.Op || a.Bool != b.Bool || a.Str != b.Str || len(a.Args) != len(b.Args) {
		return false
	}
	for i := range a.Args {
		if !EqualValues(a.Args[i], b.Args[i]) {
			return false
		}
	}
	return true
}

// EqualItems reports whether a and b hold the same items, positions aside.
func EqualItems(a, b []Item) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.Name != y.Name || (x.Section == nil) != (y.Section == nil) || !EqualValues(x.Value, y.Value) {
			return false
		}
		if x.Section != nil && (x.Section.Label != y.Section.Label || x.Section.HasLabel != y.Section.HasLabel || !EqualItems(x.Section.Items, y.Section.Items)) {
			return false
		}
	}
	return true
}
