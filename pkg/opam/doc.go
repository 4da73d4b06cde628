// Package opam reads and writes the opam file format: a hand-written lexer
// and parser to a tree of values with positions, a printer that is the
// parser's inverse, string interpolation, a typed view of package
// definitions, package formulas and filters with their evaluation.
//
// The format is described in the opam manual, section "Common file format"
// (https://opam.ocaml.org/doc/Manual.html#Common-file-format).
//
// # Grammar
//
// Parse accepts the grammar below, with opam's lexical rules: blanks are
// spaces, tabs and newlines ("\r\n" counts as one); comments are "#" up to
// the end of the line and "(*" to "*)", nested.
//
//	file     = { item } .
//	item     = IDENT ":" value
//	         | IDENT [ STRING ] "{" { item } "}" .
//	value    = or .
//	or       = and { "|" and } .
//	and      = unary { "&" unary } .
//	unary    = ( "!" | "?" ) unary | postfix .
//	postfix  = primary { "{" { value } "}" } .
//	primary  = atom [ RELOP atom | ENVOP atom ]
//	         | RELOP atom
//	         | "[" { value } "]"
//	         | "(" { value } ")" .
//	atom     = IDENT | BOOL | INT | STRING .
//	RELOP    = "=" | "!=" | "<" | "<=" | ">" | ">=" .
//	ENVOP    = "+=" | "=+" | "=+=" | ":=" | "=:" .
//	BOOL     = "true" | "false" .
//	INT      = [ "-" ] ( digit | "_" ) { digit | "_" } .
//	IDENT    = part { "+" part } [ ":" id ] .
//	part     = id | "_" .
//	id       = { ichar } letter { ichar } .
//	ichar    = letter | digit | "_" | "-" .
//	STRING   = '"' { char | escape } '"' | '"""' { char | escape } '"""' .
//	escape   = "\\" ( "\\" | '"' | "'" | "n" | "r" | "t" | "b" | " "
//	         | digit digit digit | "x" hex hex | newline { " " | "\t" } ) .
//
// When two lexical rules match, the longest match wins; on a tie "true"
// and "false" are bools, then an integer wins over an identifier. Strings
// may span lines.
//
// Every node carries its position (file, line, column of its first
// token). Parse collects all syntax errors of a file in one pass: after an
// error it skips to the next token that starts an item (an identifier
// followed by ':', '{', or a string and '{') and goes on. Nesting is
// limited to 500 levels, so no input can exhaust the stack.
//
// # Tree
//
// A Value is a tagged union (see Kind). Parentheses are kept as Group
// values, so Format can print a parsed tree back without adding any.
// OpEq between two atoms is a Relop; the typed view reads it as the
// environment update "=" where one is expected, as opam does.
//
// # Printing
//
// Format prints one field per line and indents section bodies by two
// spaces; a field's list is broken one element per line when it holds
// lists or options or would pass 80 columns. Strings that hold a newline
// are printed with triple quotes. Comments are not kept. A tree built by
// hand gets parentheses where the grammar needs them (a | b under &, a
// comparison that would join the atom before it).
//
// # Interpolation
//
// ParseInterpolation splits a string into literal parts and references
// %{var}%, %{pkg:var}%, %{pkg1+pkg2:var}% and %{var?then:else}%; "%%" is a
// literal "%". A reference ends at the first "}%" on the same line; an
// unclosed "%{" is reported and kept as text, as opam leaves it.
//
// # Filters
//
// EvalFilter follows opam's OpamFilter module and the manual's section on
// filters (https://opam.ocaml.org/doc/Manual.html#Filters):
//
//   - A variable is looked up in an Env; a missing one is undefined.
//     pkg:enable stands for pkg:installed?enable:disable. a+b:v is the
//     conjunction of a:v and b:v, folded left to right: a true value keeps
//     the result, any other value replaces it with its reading as a bool
//     (undefined when it is not one), and a false result is final.
//   - A string is a string after its interpolations are expanded (an
//     undefined variable expands to ""); an integer is its decimal string
//     (os-version >= 8). Bools are bools; the strings "true" and "false"
//     convert to bools where a bool is needed, and bools to those strings
//     where a string is needed.
//   - A comparison is undefined if either side is, and otherwise compares
//     both sides' strings in opam's version order (pkg/version), so
//     os-version >= "12" holds for "12.1" and not for "9".
//   - a & b is false if either side is the bool false, even when the
//     other is undefined; a | b is true if either side is the bool true.
//     Otherwise an undefined side makes the result undefined, and a side
//     that is not a bool (such as the string "linux") too.
//   - !a is undefined when a is undefined or not a bool.
//   - ?a is true when a is defined, false otherwise; it is never
//     undefined.
//
// EvalBool and EvalAvailable turn an undefined result into a default,
// false for "available" as in opam.
//
// # Package formulas
//
// Decode reads depends (items joined by '&') and depopts and conflicts
// (items joined by '|') into DepFormula values whose atoms carry the
// filtered version formula of their braces (Cond), with '!' pushed down
// to the leaves. Reduce evaluates one under an Env as opam's solver does
// (https://opam.ocaml.org/doc/Manual.html#Package-Formulas): an atom whose
// filters are false or undefined disappears, which is neutral in both
// '&' and '|'; a version given by an undefined variable drops just that
// constraint. Each remaining Atom lists the variables its filters used
// (Atom.Vars), so that callers can keep with-test or with-doc atoms apart.
//
// # Typed view
//
// Decode checks each field as opam 2.1 reads it (lists of one element may
// be written bare; commands and similar fields are lists of lists, a
// shallower value being wrapped as opam does). A field given twice keeps
// its first value and adds a warning, as opam does; fields the view does
// not model stay in Package.Unknown, x- fields in Package.Extensions.
//
// # Checked against opam
//
// When opam is installed, the tests compare this package with it (Debian's
// opam 2.1.2): operator precedence in formulas and filters, string
// escapes, which lexical edge cases are accepted and how they read, and
// the formulas and availability of the committed real files.
//
// # Departures from opam
//
// Columns start at 1 and count bytes. Integers must fit in 63 bits, as in
// OCaml. The comparison "~", which some versions of opam's lexer read as
// ">=", is not accepted; no file of opam-repository uses it. opam 2.1's
// checks on the placement of "opam-version" are not made here. EvalFilter
// reads a parenthesized group of several filters, or an empty one, as
// their conjunction, where opam rejects the file (Decode reports it).
package opam
