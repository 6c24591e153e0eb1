// Command pactwatch is the one binary of pactwatch: it serves the compliance
// graph over GraphQL with its IDE and dashboard, loads and validates fixture
// files, runs queries for scripts, prints a state's ratified-but-not-implemented
// obligations and the states side by side, and backs up and restores the store.
//
// main only wires: every command parses its own flags and calls the graph,
// store, ingest and server packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// env is what a command reads and writes besides its arguments.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// command is one subcommand of pactwatch.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands lists the subcommands in the order the help shows them.
var commands = []command{
	{"serve", "serve GraphQL, the GraphQL IDE and the dashboard over HTTP", runServe},
	{"ingest", "validate fixture files (YAML or CSV) and load them into the store", runIngest},
	{"validate", "validate fixture files without a store; list every problem", runValidate},
	{"query", "run a GraphQL query in-process and print the JSON result", runQuery},
	{"gaps", "list a state's ratified-but-not-implemented obligations", runGaps},
	{"compare", "compare the states' implementation side by side", runCompare},
	{"search", "search the records' words (provisions, laws, evidence, sources)", runSearch},
	{"suggest", "propose obligations, suggest statute links and correspondences", runSuggest},
	{"eval", "measure the suggestions against what curators made", runEval},
	{"export", "write the whole corpus as one versioned download (JSON or CSV)", runExport},
	{"import", "load a corpus download (JSON, zip or CSV directory) back into the store", runImport},
	{"backup", "write the store to a checksummed backup file", runBackup},
	{"restore", "load a backup file into a new, empty store", runRestore},
	{"keys", "create, list and revoke the API keys of the write API", runKeys},
	{"completion", "print a shell completion script (bash or zsh)", runCompletion},
	{"version", "print pactwatch's version", runVersion},
}

// run executes the command named by args[0]. It is main without the process:
// tests and main call it the same way.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		printUsage(stderr)
		return usageErrorf("no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		printUsage(stdout)
		return nil
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	names := make([]string, 0, len(commands)+1)
	for _, c := range commands {
		names = append(names, c.name)
	}
	if m := closest(name, append(names, "help")); m != "" {
		return usageErrorf("unknown command %q: did you mean 'pactwatch %s'? (run 'pactwatch help' for the list)", name, m)
	}
	return usageErrorf("unknown command %q (run 'pactwatch help' for the list)", name)
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "pactwatch answers which ASEAN anti-trafficking commitments each state has\nratified but not implemented.\n\nUsage:\n  pactwatch COMMAND [flags] [arguments]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'pactwatch COMMAND --help' for a command's flags and an example.\n")
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// silentError is a failure whose explanation was already printed (for
// example the list of problems validate found): exit status 1, and no more.
type silentError struct{ msg string }

func (e *silentError) Error() string { return e.msg }

// exitCode prints err on one line and returns the process's exit status:
// 0 on success, 2 for a bad command line, 3 for a full disk (or a write
// refused for want of space), 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var silent *silentError
	var full *diskFullError
	switch {
	case errors.As(err, &silent):
	case isDiskFull(err) && !errors.As(err, &full) && !strings.Contains(err.Error(), "the disk is full"):
		fmt.Fprintf(stderr, "pactwatch: the disk is full: %s; free some space and run it again\n", oneLine(err.Error()))
	default:
		fmt.Fprintf(stderr, "pactwatch: %s\n", oneLine(err.Error()))
	}
	var usage *usageError
	switch {
	case errors.As(err, &usage):
		return 2
	case isDiskFull(err):
		return exitDiskFull
	}
	return 1
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// flags is a command's FlagSet with the help it prints for --help.
type flags struct {
	*flag.FlagSet
	usage   string // the synopsis after "pactwatch"
	about   string // what the command does
	example string
}

func newFlags(name, usage, about, example string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, usage: usage, about: about, example: example}
}

func (f *flags) printHelp(w io.Writer) {
	fmt.Fprintf(w, "Usage: pactwatch %s\n\n%s\n", f.usage, f.about)
	hasFlags := false
	f.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintf(w, "\nFlags:\n")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
	fmt.Fprintf(w, "\nExample:\n%s\n", f.example)
}

// parse parses args, accepting flags before, between and after the
// positional arguments, which it returns. --help prints the command's help
// to stdout and returns flag.ErrHelp, which helpOrErr turns into success.
func (f *flags) parse(e *env, args []string) ([]string, error) {
	var positional []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printHelp(e.stdout)
				return nil, flag.ErrHelp
			}
			return nil, usageErrorf("%s: %v (run 'pactwatch %s --help')", f.Name(), err, f.Name())
		}
		rest := f.Args()
		// Parse stops at the first positional argument, or after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// helpOrErr turns the flag.ErrHelp that parse returns after printing help
// into success.
func helpOrErr(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}
