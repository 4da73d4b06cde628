package opam

// EqualValues reports whether a and b are the same tree, positions aside.
func EqualValues(a, b Value) bool {
	if a.Kind != b.Kind || a.Op != b.Op || a.Bool != b.Bool || a.Str() != b.Str() {
		return false
	}
	x, y := a.Args(), b.Args()
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !EqualValues(x[i], y[i]) {
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

// Equal reports whether v and w are the same tree, positions included.
// It lets go-cmp compare values, whose string and Args are not exported
// fields.
func (v Value) Equal(w Value) bool {
	if v.Kind != w.Kind || v.Op != w.Op || v.Bool != w.Bool || !v.Pos.Equal(w.Pos) || v.Str() != w.Str() {
		return false
	}
	a, b := v.Args(), w.Args()
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}
