// Command opam2drv reads opam repositories and opam files, solves opam
// dependencies, and writes the JSON plans (locks) that hillingar's Nix
// library turns into one derivation per opam package.
//
// Run `opam2drv help` for the list of commands and `opam2drv help CMD` for
// the details and a worked example of each.
//
// Exit codes, for every command:
//
//	0  success
//	1  failure (bad input, I/O error, a check that did not pass)
//	2  bad usage (unknown command or flag, missing argument)
//	3  no solution: the constraints cannot all be satisfied
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Exit codes shared by all commands. They are part of the CLI's contract.
const (
	exitOK         = 0
	exitFailure    = 1
	exitUsage      = 2
	exitNoSolution = 3
)

// A Command is one opam2drv subcommand, laid out like cmd/go's base.Command.
type Command struct {
	// Name is the word that selects the command.
	Name string
	// UsageLine is the one-line synopsis, starting with the command name.
	UsageLine string
	// Short is a one-line description shown by `opam2drv help`.
	Short string
	// Long is the full help, which should include a worked example.
	Long string
	// Flags are the command's flags; Run sees them parsed.
	Flags *flag.FlagSet
	// Run executes the command with the arguments left after the flags.
	// It returns an error to report; a *usageError or *exitError chooses
	// the exit code, any other error exits with 1.
	Run func(ctx *Context, args []string) error
	// Hidden commands are left out of the command list (build-time helpers).
	Hidden bool
}

// Context is what a command may touch besides its flags.
type Context struct {
	Stdout io.Writer
	Stderr io.Writer
	// Verbose is set by the global -v flag: print one line per slow step.
	Verbose bool
}

// Logf prints a progress line on stderr when -v is set.
func (c *Context) Logf(format string, args ...any) {
	if c.Verbose {
		fmt.Fprintf(c.Stderr, "opam2drv: "+format+"\n", args...)
	}
}

var commands = map[string]*Command{}

// register adds a command; each command's file calls it from init.
func register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("opam2drv: internal error: command registered twice: " + c.Name)
	}
	if c.Flags == nil {
		c.Flags = flag.NewFlagSet(c.Name, flag.ContinueOnError)
	}
	commands[c.Name] = c
}

// usageError reports bad usage; it exits with 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usagef returns a usage error.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// exitError carries an explicit exit code with its error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	ctx := &Context{Stdout: stdout, Stderr: stderr}
	for len(args) > 0 && (args[0] == "-v" || args[0] == "--verbose") {
		ctx.Verbose = true
		args = args[1:]
	}
	if len(args) == 0 {
		printCommands(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return runHelp(rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "opam2drv %s\n", Version)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "opam2drv: unknown command %q\nRun 'opam2drv help' for the list of commands.\n", name)
		return exitUsage
	}
	cmd.Flags.SetOutput(io.Discard)
	cmd.Flags.Usage = func() {}
	rest, verbose := takeVerbose(rest)
	ctx.Verbose = ctx.Verbose || verbose
	positional, err := parseInterleaved(cmd.Flags, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(stdout, cmd)
			return exitOK
		}
		fmt.Fprintf(stderr, "opam2drv %s: %v\nusage: opam2drv %s\nRun 'opam2drv help %s' for details.\n",
			cmd.Name, err, cmd.UsageLine, cmd.Name)
		return exitUsage
	}
	return report(cmd, cmd.Run(ctx, positional), stderr)
}

// takeVerbose removes the global -v/--verbose flag from a command's
// arguments (before any "--"), so that `opam2drv lock -v` works too.
func takeVerbose(args []string) ([]string, bool) {
	var kept []string
	verbose := false
	for i, a := range args {
		if a == "--" {
			return append(kept, args[i:]...), verbose
		}
		if a == "-v" || a == "--verbose" {
			verbose = true
			continue
		}
		kept = append(kept, a)
	}
	return kept, verbose
}

// parseInterleaved parses fs's flags wherever they appear among the
// positional arguments (`why lwt --lock FILE` as well as
// `why --lock FILE lwt`) and returns the positional arguments in order.
// After a "--" argument everything is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// report prints err, one line per joined error, and returns the exit code.
func report(cmd *Command, err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	code := exitFailure
	var ue *usageError
	var ee *exitError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "opam2drv %s: %s\nusage: opam2drv %s\n", cmd.Name, ue.msg, cmd.UsageLine)
		return exitUsage
	case errors.As(err, &ee):
		code = ee.code
	}
	for _, line := range errorLines(err) {
		fmt.Fprintf(stderr, "opam2drv: %s\n", line)
	}
	return code
}

// errorLines flattens joined errors into one message each.
func errorLines(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var lines []string
		for _, e := range j.Unwrap() {
			lines = append(lines, errorLines(e)...)
		}
		return lines
	}
	if e, ok := err.(*exitError); ok {
		return errorLines(e.err)
	}
	return strings.Split(strings.TrimRight(err.Error(), "\n"), "\n")
}

func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printCommands(stdout)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "opam2drv help: unknown command %q\n", args[0])
		return exitUsage
	}
	printCommandHelp(stdout, cmd)
	return exitOK
}

func printCommands(w io.Writer) {
	fmt.Fprint(w, "opam2drv solves opam dependencies and writes plans for hillingar's Nix library.\n\n")
	fmt.Fprint(w, "Usage:\n\n\topam2drv [-v] <command> [arguments]\n\nThe commands are:\n\n")
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.Hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "\t%-10s %s\n", n, commands[n].Short)
	}
	fmt.Fprint(w, "\nUse \"opam2drv help <command>\" for more information about a command.\n")
	fmt.Fprint(w, "\nExit codes: 0 success, 1 failure, 2 bad usage, 3 no solution.\n")
}

func printCommandHelp(w io.Writer, c *Command) {
	fmt.Fprintf(w, "usage: opam2drv %s\n\n%s\n", c.UsageLine, strings.TrimSpace(c.Long))
	var flags strings.Builder
	c.Flags.SetOutput(&flags)
	c.Flags.PrintDefaults()
	c.Flags.SetOutput(io.Discard)
	if flags.Len() > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s", flags.String())
	}
}
