package opam

// Package is the typed view of an opam package definition (an "opam"
// file), as read by Decode. Fields absent from the file are zero. Every
// field of the file stays reachable through File; the fields the typed
// view does not model are also listed in Unknown, and x- fields in
// Extensions, with their values verbatim.
//
// See https://opam.ocaml.org/doc/Manual.html#Package-definitions.
type Package struct {
	File *File

	OpamVersion string
	Name        string
	Version     string
	Synopsis    string
	Description string
	Maintainer  []string
	Authors     []string
	License     []string
	Tags        []string
	Homepage    []string
	Doc         []string
	BugReports  []string
	DevRepo     string

	Depends       DepFormula
	Depopts       DepFormula
	Conflicts     DepFormula
	ConflictClass []string
	// Available is the filter of the available field, or the zero Value
	// when the field is absent; see EvalAvailable.
	Available Value
	Flags     []string

	Build    []Command
	Install  []Command
	Remove   []Command
	RunTest  []Command
	BuildDoc []Command // deprecated field build-doc
	// BuildTest holds the deprecated field build-test.
	BuildTest []Command

	Patches      []FilteredString
	Substs       []string
	ExtraFiles   []ExtraFile
	ExtraSources []ExtraSource
	URL          *URL
	Depexts      []Depext
	Setenv       []EnvUpdate
	BuildEnv     []EnvUpdate
	Messages     []FilteredString
	PostMessages []FilteredString
	PinDepends   []PinDepend

	// Extensions holds the x- fields, in file order.
	Extensions []Item
	// Warnings lists the *FieldError problems that opam tolerates, such
	// as duplicate fields.
	Warnings []error

	// Unknown holds fields and sections the typed view does not model,
	// in file order, including fields opam knows but that carry no
	// meaning here (features, libraries, syntax, ocaml-version, os).
	Unknown []Item
}

// Command is one command of build, install, remove and similar fields:
// its arguments and an optional filter (the zero Value when none).
type Command struct {
	Pos    Pos
	Args   []Arg
	Filter []Value
}

// Arg is one argument of a command: a string (which may hold
// interpolations) or an identifier (a variable whose value is the
// argument), with an optional filter.
type Arg struct {
	Pos Pos
	// Value is a KindString or KindIdent value.
	Value  Value
	Filter []Value
}

// FilteredString is a string with an optional filter, as in patches and
// messages.
type FilteredString struct {
	Pos    Pos
	Value  string
	Filter []Value
}

// ExtraFile is an entry of extra-files: a file under files/ and its
// checksum.
type ExtraFile struct {
	Pos      Pos
	Name     string
	Checksum string
}

// ExtraSource is an extra-source section: a file name and where to get it.
type ExtraSource struct {
	Pos  Pos
	Name string
	URL  URL
}

// URL is a url section (or an extra-source body, or an old url file).
// Src also receives the old names archive, http, git, hg, darcs and
// local; Kind says which field gave it ("src" for the modern one).
type URL struct {
	Pos      Pos
	Src      string
	Kind     string
	Checksum []string
	Mirrors  []string
	// Unknown holds the other fields of the section.
	Unknown []Item
}

// Depext is an entry of depexts: system package names and the filter
// that says when they apply (nil when always).
type Depext struct {
	Pos    Pos
	Names  []string
	Filter []Value
}

// EnvUpdate is an environment update of setenv or build-env, such as
// PATH += "%{bin}%".
type EnvUpdate struct {
	Pos   Pos
	Var   string
	Op    Op
	Value string
}

// PinDepend is an entry of pin-depends: a package NAME.VERSION and the URL
// to pin it to.
type PinDepend struct {
	Pos     Pos
	Package string
	URL     string
}
