package drv

import "encoding/json"

// Schema is the plan format version this package writes and reads.
const Schema = 1

// A Plan is a whole plan (lock) as described in docs/lock-format.md.
// Maps are written with sorted keys and every list in its documented
// order, so encoding a Plan is deterministic.
type Plan struct {
	Schema        int                 `json:"schema"`
	Generator     string              `json:"generator"`
	Regenerate    []string            `json:"regenerate"`
	Inputs        Inputs              `json:"inputs"`
	Env           map[string]string   `json:"env"`
	Projects      map[string]*Project `json:"projects"`
	MissingHashes []string            `json:"missingHashes"`
	Packages      map[string]*Package `json:"packages"`
	// Duniverse is reserved for the unikernel mode; it is kept as read.
	Duniverse json.RawMessage `json:"duniverse,omitempty"`
	// Unikernel is reserved for the unikernel mode (the target and its
	// artefacts, docs/unikernel.md); it is kept as read.
	Unikernel json.RawMessage `json:"unikernel,omitempty"`

	// pending lists the sources Build could not hash.
	pending []Pending
	// warnings lists what Build found wrong without failing.
	warnings []error
}

// Warnings returns the problems Build found that do not stop the plan
// (such as a *MissingFileError), in package order. A plan read from a
// file has none.
func (p *Plan) Warnings() []error { return append([]error(nil), p.warnings...) }

// Inputs are the fingerprints `opam2drv lock --check` compares.
type Inputs struct {
	// Files maps each project opam file (relative to the lock's folder)
	// to the SRI sha256 of its bytes.
	Files        map[string]string `json:"files"`
	Repositories []Repository      `json:"repositories"`
	Constraints  []string          `json:"constraints"`
	WithTest     bool              `json:"withTest"`
	WithDoc      bool              `json:"withDoc"`
}

// A Repository is one repository of the solve, in priority order.
type Repository struct {
	Name     string `json:"name"`
	Identity string `json:"identity"`
}

// A Project is one of the project's own opam files.
type Project struct {
	File    string  `json:"file"`
	Depends Depends `json:"depends"`
}

// Depends lists dependency names by kind; each list is sorted.
type Depends struct {
	Build []string `json:"build"`
	Run   []string `json:"run"`
	Post  []string `json:"post"`
	Test  []string `json:"test"`
	Doc   []string `json:"doc"`
}

// A Package is one package record.
type Package struct {
	Name         string                 `json:"name"`
	Version      string                 `json:"version"`
	Source       *Source                `json:"source"`
	Depends      Depends                `json:"depends"`
	Depopts      []string               `json:"depopts"`
	Build        []Step                 `json:"build"`
	Install      []Step                 `json:"install"`
	Patches      []Patch                `json:"patches"`
	Substs       []string               `json:"substs"`
	Files        map[string]File        `json:"files"`
	ExtraSources map[string]ExtraSource `json:"extraSources"`
	Setenv       []EnvUpdate            `json:"setenv"`
	BuildEnv     []EnvUpdate            `json:"buildEnv"`
	Depexts      map[string][]string    `json:"depexts"`
	Flags        []string               `json:"flags"`
	DevRepo      string                 `json:"devRepo,omitempty"`
	// Vendor is reserved for the unikernel mode; it is kept as read.
	Vendor json.RawMessage `json:"vendor,omitempty"`
}

// Key returns the package's "name.version", the form missingHashes uses.
func (p *Package) Key() string { return p.Name + "." + p.Version }

// Source types.
const (
	SourceArchive = "archive"
	SourceGit     = "git"
)

// A Source is where a package's source comes from. Type is SourceArchive
// (URLs, Hash) or SourceGit (URL, Rev, Ref, Subdir, Hash). Hash is an SRI
// hash Nix accepts, or empty when unknown.
type Source struct {
	Type   string   `json:"type"`
	URLs   []string `json:"urls,omitempty"`
	URL    string   `json:"url,omitempty"`
	Rev    string   `json:"rev,omitempty"`
	Ref    string   `json:"ref,omitempty"`
	Subdir string   `json:"subdir,omitempty"`
	Hash   string   `json:"hash,omitempty"`
}

// An ExtraSource is one of opam's extra-source sections.
type ExtraSource struct {
	URLs []string `json:"urls"`
	Hash string   `json:"hash,omitempty"`
}

// A Step is one build or install command. Filter is nil when the step
// always runs.
type Step struct {
	Args   []Arg   `json:"args"`
	Filter *Filter `json:"filter,omitempty"`
}

// A Patch is a patch file relative to the source root.
type Patch struct {
	File   string  `json:"file"`
	Filter *Filter `json:"filter,omitempty"`
}

// A File is the content of a file of the repository's files/ folder: Text
// when it is valid UTF-8, Base64 otherwise, and its SRI sha256.
type File struct {
	Text   *string `json:"text,omitempty"`
	Base64 *string `json:"base64,omitempty"`
	Hash   string  `json:"hash"`
}

// An EnvUpdate is one setenv or build-env entry. Op is one of =, +=, =+,
// :=, =:, =+=.
type EnvUpdate struct {
	Var   string `json:"var"`
	Op    string `json:"op"`
	Value Arg    `json:"value"`
}
