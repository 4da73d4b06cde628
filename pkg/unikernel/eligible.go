package unikernel

// Rejection says why a version may not be vendored.
type Rejection uint8

// The reasons a version may not be vendored. Eligible returns
// RejectNone for an eligible version.
const (
	RejectNone           Rejection = iota
	RejectNonDune                  // not safe and does not depend on dune
	RejectNoCrossCompile           // the name has tagged versions; this one is not
)

// String returns the reason as a phrase for error messages.
func (r Rejection) String() string {
	switch r {
	case RejectNonDune:
		return "does not build with dune"
	case RejectNoCrossCompile:
		return "not tagged cross-compile, and other versions are"
	}
	return "eligible"
}

// Eligible says whether m may be vendored. nameHasTagged reports whether
// some version of m's name is tagged cross-compile; requireCross whether
// cross-compilation is required (mirage requires it for every target).
// Safe versions are eligible as far as dune goes, since they are never
// vendored, but the cross-compile rule applies to them too, as it does in
// opam-monorepo.
func Eligible(m *Meta, requireCross, nameHasTagged bool) Rejection {
	if !m.IsSafe() && !m.UsesDune {
		return RejectNonDune
	}
	if requireCross && nameHasTagged && !m.CrossCompile() {
		return RejectNoCrossCompile
	}
	return RejectNone
}

// AnyCrossCompile reports whether some version in ms is tagged
// cross-compile.
func AnyCrossCompile(ms []*Meta) bool {
	for _, m := range ms {
		if m != nil && m.CrossCompile() {
			return true
		}
	}
	return false
}
