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
// # Departures from opam
//
// Columns start at 1 and count bytes. Integers must fit in 63 bits, as in
// OCaml. opam 2.1's checks on the placement of "opam-version" are not
// made here; they belong to a validation pass.
package opam
