package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/ingest"
)

// progressThreshold is the number of input files from which ingest shows a
// progress bar on a terminal.
const progressThreshold = 20

func runIngest(ctx context.Context, e *env, args []string) (err error) {
	if len(args) > 0 && args[0] == "text" {
		return runIngestText(ctx, e, args[1:])
	}
	f := newFlags("ingest", "ingest [--db DIR] [--dry-run] [--allow-removals] [--force] [-v] PATH...",
		"Validate fixture files or directories (YAML, or CSV for actions and evidence) and\n"+
			"load them into the store in one atomic batch, then print what was added, changed\n"+
			"and removed. Loading the same files again changes nothing. With --dry-run the\n"+
			"files are validated against the store but nothing is written. A load that would\n"+
			"remove stored records (a file that no longer defines them) lists them by kind\n"+
			"and is refused unless --allow-removals is given. A load that would change or\n"+
			"remove records written through the API since their file was last loaded lists\n"+
			"them and is refused unless --force is given (the change log records it).",
		"  pactwatch ingest --db ./data fixtures/\n  pactwatch ingest --dry-run fixtures/states/idn.yaml")
	db := dbFlag(f)
	dryRun := f.Bool("dry-run", false, "validate only; write nothing")
	verbose := f.Bool("v", false, "list the ids that were added, changed and removed")
	allowRemovals := f.Bool("allow-removals", false, "load even though the load removes stored records (the dry run lists them)")
	force := f.Bool("force", false, "load even over records changed through the API since their file was last loaded (the dry run lists them)")
	paths, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(paths) == 0 {
		return usageErrorf("ingest: no PATH given (run 'pactwatch ingest --help')")
	}
	files := countInputs(paths)
	dir, err := resolveDB(e, *db)
	if err != nil {
		return err
	}

	bar := newProgress(e.stderr, files)
	bar.step("parsing %d files", files)
	corpus, parseErr := ingest.ParsePaths(paths...)
	if corpus == nil {
		bar.done()
		return reportProblems(e, parseErr, true)
	}
	// Check and Load report the parse problems again, with those that need
	// the store.
	if *dryRun {
		var r graph.Reader // nil: check the files alone, as against an empty store
		if _, statErr := os.Stat(dir); statErr == nil {
			s, err := openStoreForReading(ctx, dir)
			if err != nil {
				bar.done()
				return err
			}
			defer s.Close()
			r = s
		}
		bar.step("checking")
		err := ingest.Check(ctx, r, corpus)
		bar.done()
		if err != nil {
			return reportProblems(e, err, true)
		}
		removals, err := ingest.Removals(ctx, r, corpus)
		if err != nil {
			return fmt.Errorf("reading the store: %s", describeError(err))
		}
		fmt.Fprintf(e.stdout, "dry run: %d files valid against the store in %s; nothing written\n", len(corpus.Origins), dir)
		if im, err := impactOf(ctx, r, func(ctx context.Context) (*ingest.Impact, error) {
			return ingest.ImpactOf(ctx, r, corpus, graph.Today())
		}); err != nil {
			return fmt.Errorf("working out the records the load would change: %s", describeError(err))
		} else {
			printImpact(e.stdout, "would change", im)
		}
		if n := printRemovals(e.stdout, removals, *verbose); n > 0 {
			fmt.Fprintf(e.stdout, "the load would remove %d stored %s; it needs --allow-removals\n", n, pluralize(n, "record", "records"))
		}
		over, err := ingest.Overwrites(ctx, r, corpus)
		if err != nil {
			return fmt.Errorf("reading the store: %s", describeError(err))
		}
		if n := printOverwrites(e.stdout, over); n > 0 {
			fmt.Fprintf(e.stdout, "the load would undo the API's changes to %d %s; it needs --force\n", n, pluralize(n, "record", "records"))
		}
		return nil
	}

	// A load writes its records to Badger's log and then its tables: keep
	// room for both, and more, so that it never runs the disk full.
	if err := checkFreeSpace(dir, 4*pathsSize(paths...)); err != nil {
		bar.done()
		return err
	}
	s, err := openStore(ctx, dir)
	if err != nil {
		bar.done()
		return err
	}
	defer func() {
		// Close flushes what Load wrote: its failure is the command's.
		if cerr := s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing the store: %v", cerr)
		}
	}()
	if !*allowRemovals && parseErr == nil {
		removals, err := ingest.Removals(ctx, s, corpus)
		if err != nil {
			bar.done()
			return fmt.Errorf("reading the store: %s", describeError(err))
		}
		if n := printRemovals(e.stderr, removals, *verbose); n > 0 {
			bar.done()
			return fmt.Errorf("the load would remove %d stored %s (listed above); nothing was written; run with --allow-removals to remove them",
				n, pluralize(n, "record", "records"))
		}
	}
	over, err := ingest.Overwrites(ctx, s, corpus)
	if err != nil {
		bar.done()
		return fmt.Errorf("reading the store: %s", describeError(err))
	}
	if len(over) > 0 && !*force {
		n := printOverwrites(e.stderr, over)
		bar.done()
		return fmt.Errorf("the load would undo the API's changes to %d %s (listed above), written since their files were last loaded; nothing was written; run with --force to load over them",
			n, pluralize(n, "record", "records"))
	}
	// The store remembers whether it holds only the embedded corpus, so
	// that serve reloads a changed one only over a store of nothing else.
	hash, err := corpus.Hash()
	if err != nil {
		bar.done()
		return err
	}
	embedded, _ := ingest.EmbeddedHash()
	before := s.Version() // the index follows the graph; meta writes change none of it
	if hash != embedded {
		if err := s.MarkOwnWrites(ctx); err != nil {
			bar.done()
			return fmt.Errorf("writing the store: %s", describeError(err))
		}
	}
	bar.step("checking and loading")
	var snap *ingest.RecordSnapshot
	if few, err := fewStates(ctx, s); err == nil && few {
		snap, _ = ingest.SnapshotRecords(ctx, s, graph.Today())
	}
	load := ingest.Load
	if len(over) > 0 {
		load = func(ctx context.Context, s graph.Store, c *ingest.Corpus) (*graph.ApplyResult, error) {
			return ingest.LoadForced(ctx, s, c, over)
		}
	}
	res, err := load(ctx, s, corpus)
	bar.done()
	if err != nil {
		return reportProblems(e, err, true)
	}
	if hash == embedded {
		if err := s.SetEmbeddedCorpus(ctx, hash); err != nil {
			return fmt.Errorf("writing the store: %s", describeError(err))
		}
	}
	syncSearch(ctx, e, dir, s, before, res)
	printSummary(e.stdout, len(corpus.Origins), dir, res, *verbose)
	if snap != nil {
		if after, err := ingest.SnapshotRecords(ctx, s, graph.Today()); err == nil {
			printImpact(e.stdout, "changed", snap.ImpactOn(after))
		}
	}
	return nil
}

// maxImpactStates bounds the stores whose compliance records ingest
// compares before and after a load: each state's records are worked out
// twice, which is instant for the corpus and minutes for a world.
const maxImpactStates = 50

func fewStates(ctx context.Context, r graph.Reader) (bool, error) {
	if r == nil {
		return true, nil
	}
	codes, err := r.IDs(ctx, graph.KindState)
	return len(codes) <= maxImpactStates, err
}

// impactOf runs f when the store is small enough, else returns nil.
func impactOf(ctx context.Context, r graph.Reader, f func(context.Context) (*ingest.Impact, error)) (*ingest.Impact, error) {
	few, err := fewStates(ctx, r)
	if err != nil || !few {
		return nil, err
	}
	return f(ctx)
}

// printImpact says how many compliance records the load changes, per state.
func printImpact(w io.Writer, verb string, im *ingest.Impact) {
	if im == nil {
		fmt.Fprintf(w, "compliance records %s: not worked out (more than %d states)\n", verb, maxImpactStates)
		return
	}
	codes := make([]string, 0, len(im.Changed))
	for c := range im.Changed {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%s %d", c, im.Changed[c])
	}
	line := fmt.Sprintf("compliance records %s as of %s: %d", verb, im.Day, im.Total)
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	fmt.Fprintln(w, line)
}

func printSummary(w io.Writer, files int, dir string, res *graph.ApplyResult, verbose bool) {
	fmt.Fprintf(w, "loaded %d files into %s: %d added, %d changed, %d removed, %d unchanged\n",
		files, dir, len(res.Added), len(res.Changed), len(res.Removed), res.Unchanged)
	if !verbose {
		return
	}
	for _, l := range []struct {
		label string
		ids   []string
	}{{"added", res.Added}, {"changed", res.Changed}, {"removed", res.Removed}} {
		for _, id := range l.ids {
			fmt.Fprintf(w, "  %-8s %s\n", l.label, id)
		}
	}
}

// removalsShown is how many ids of each kind printRemovals shows without -v.
const removalsShown = 5

// printRemovals lists, per kind, the records a load would remove, and
// returns how many there are.
func printRemovals(w io.Writer, removals map[graph.Kind][]string, verbose bool) int {
	total := 0
	for _, k := range graph.Kinds {
		ids := removals[k]
		if len(ids) == 0 {
			continue
		}
		total += len(ids)
		shown := ids
		if !verbose && len(shown) > removalsShown {
			shown = shown[:removalsShown]
		}
		more := ""
		if len(shown) < len(ids) {
			more = fmt.Sprintf(" and %d more (-v lists them)", len(ids)-len(shown))
		}
		fmt.Fprintf(w, "  would remove %d %s: %s%s\n", len(ids), kindPlural(k, len(ids)), strings.Join(shown, ", "), more)
	}
	return total
}

// printOverwrites lists the records a load would change or remove over
// the API's changes, and returns how many there are.
func printOverwrites(w io.Writer, over []ingest.Overwrite) int {
	for _, o := range over {
		fmt.Fprintf(w, "  %s\n", o)
	}
	return len(over)
}

func kindPlural(k graph.Kind, n int) string {
	name := k.String()
	if n == 1 || k == graph.KindEvidence {
		return name
	}
	return name + "s"
}

// reportProblems prints every problem of a rejected input, one per line as
// file:line:col: field: message, then a last line that counts them and, for
// a load, says that nothing was written.
func reportProblems(e *env, err error, load bool) error {
	suffix := ""
	if load {
		suffix = "; nothing was written"
	}
	var probs ingest.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(e.stderr, p.String())
		}
		msg := fmt.Sprintf("%d %s%s", len(probs), pluralize(len(probs), "problem", "problems"), suffix)
		fmt.Fprintf(e.stderr, "pactwatch: %s\n", msg)
		return &silentError{msg: msg}
	}
	var ge *graph.Error
	if errors.As(err, &ge) && len(ge.Details) > 0 {
		for _, d := range ge.Details {
			fmt.Fprintln(e.stderr, d)
		}
		msg := oneLine(ge.Message) + suffix
		fmt.Fprintf(e.stderr, "pactwatch: %s\n", msg)
		return &silentError{msg: msg}
	}
	return fmt.Errorf("%s%s", describeError(err), suffix)
}

// countInputs estimates the number of fixture files the paths name, to
// decide whether a progress bar is worth showing. Paths it cannot read are
// left to the parser to report.
func countInputs(paths []string) int {
	n := 0
	for _, p := range paths {
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && isFixtureFile(path) {
				n++
			}
			return nil
		})
	}
	return n
}

func isFixtureFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".csv":
		return true
	}
	return false
}

// progress shows the stages of a long ingest on a terminal, and nothing
// anywhere else.
type progress struct {
	bar *progressbar.ProgressBar
}

func newProgress(w io.Writer, files int) *progress {
	f, ok := w.(*os.File)
	if !ok || files < progressThreshold || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *progress) step(format string, args ...any) {
	if p.bar == nil {
		return
	}
	p.bar.Describe(fmt.Sprintf(format, args...))
	_ = p.bar.Add(1)
}

func (p *progress) done() {
	if p.bar == nil {
		return
	}
	_ = p.bar.Finish()
}
