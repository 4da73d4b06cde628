// Package repository reads opam repositories: folders and .tar.gz (or .tar)
// archives of them, alone or stacked with priorities.
//
// # Layouts
//
// A repository has a `repo` file at its root (optional here) and a
// `packages` folder. Each package version is a folder holding an `opam`
// file, found in either of the layouts opam accepts:
//
//	packages/NAME/NAME.VERSION/opam
//	packages/NAME.VERSION/opam
//
// Beside the `opam` file may sit a `files/` folder, whose content
// [Package.Files] returns, and an old-style `url` file (opam 1.2) holding
// `src:` or `archive:`, `checksum:` and `mirrors:` fields. As opam does, a
// `url` file becomes the package's `url { ... }` section when the opam file
// has none; when the opam file has its own, the `url` file is ignored.
// Folders under a NAME folder that are not named NAME.VERSION, and folders
// without an `opam` file, are not packages; [Repo.Problems] reports the
// former.
//
// # Archives
//
// An archive is recognised by its content (gzip or tar magic bytes), not its
// name. Its entries may sit under "./", under one top folder (as GitHub's
// archives do) or at the top. An archive with an entry whose path is
// absolute or climbs out with ".." does not open ([ErrUnsafePath]); links,
// devices and other non-regular entries are skipped and reported by
// [Repo.Problems]. An archive is decompressed in full when it is opened and
// its files are held in memory as text; [Open] parses nothing more, while
// [OpenWith] with [Options].ParseAll (and [ReadArchive]) parses every opam
// file in a pipeline: one goroutine decompresses, one reads the tar
// entries, and GOMAXPROCS others parse.
//
// # Memory
//
// A whole-repository load ([Options].ParseAll, [ReadArchive],
// [Repo.LoadAll]) keeps nearly everything it allocates, so it runs with the
// garbage collector paused (debug.SetGCPercent(-1)) and restores the
// process's setting when it returns; overlapping loads restore it when the
// last one ends. A GOGC set in the environment is respected: the collector
// is then left alone. The 2024-06-01 snapshot of opam-repository takes
// about 250 MB held and 320 to 350 MB at peak; see
// docs/benchmarks-loading.md.
//
// # Laziness
//
// A folder is read lazily: [Open] reads the `packages` folder only,
// [Repo.Versions] reads one package's folder the first time it is asked,
// and [Repo.Package] parses one opam file the first time it is asked and
// keeps the result (for an archive, only the parsing is lazy).
// [Repo.LoadAll] parses everything on several goroutines, and
// [Repo.Prefetch] the versions of a few names.
// Every method of [Repo] and [Stack] is safe for concurrent use.
//
// # Errors
//
// A malformed opam file does not stop the others from loading. Asking for
// that package returns a [*LoadError] that names the repository, the file's
// path inside it, and the parser's line:column positions; [Repo.LoadAll]
// returns every such error joined with errors.Join.
//
// # Departures from opam
//
// opam finds packages at any depth under packages/ and takes a folder's
// name as NAME.VERSION wherever it is; it refuses a repository that defines
// a NAME.VERSION twice. This package reads only the two layouts above, so
// that a name's versions can be listed from packages/NAME alone: a folder
// elsewhere is reported by [Repo.Problems] and ignored, as is the second
// definition of a NAME.VERSION (the flat one is kept in a folder; the first
// one met in an archive). opam-repository's own checks forbid both, and
// none of the shared snapshots has either. The old `descr` file is not
// read.
//
// # Stacks
//
// A [Stack] puts repositories in priority order, first given first: a
// package version found in a higher repository shadows the same
// NAME.VERSION below it, and a name's versions are the union over all of
// them, as opam does with the repositories of a switch.
package repository
