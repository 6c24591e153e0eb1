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
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/ingest"
)

// progressThreshold is the number of input files from which ingest shows a
// progress bar on a terminal.
const progressThreshold = 20

func runIngest(ctx context.Context, e *env, args []string) (err error) {
	if len(args) > 0 && args[0] == "text" {
		return runIngestText(ctx, e, args[1:])
	}
	f := newFlags("ingest", "ingest [--db DIR] [--dry-run] [--if-version V] [--allow-removals] [--force] [-v] PATH...",
		"Validate fixture files or directories (YAML, or CSV for actions and evidence) and\n"+
			"load them into the store in one atomic batch, then print what was added, changed\n"+
			"and removed. Loading the same files again changes nothing. With --dry-run the\n"+
			"files are validated against the store and nothing is written: it prints the\n"+
			"records the load would add, change (field by field) and remove, those it would\n"+
			"refuse, the compliance records it would change, and the data version it checked\n"+
			"against; --if-version V then makes the load refuse to run if the store has moved\n"+
			"since. A load that would remove stored records (a file that no longer defines\n"+
			"them) lists them by kind and is refused unless --allow-removals is given. A\n"+
			"record written through the API since its file was last loaded is kept as the\n"+
			"API wrote it and listed as refused; --force loads over it (the change log\n"+
			"records it).",
		"  pactwatch ingest --db ./data fixtures/\n  pactwatch ingest --dry-run fixtures/states/idn.yaml\n  pactwatch ingest --if-version 1796618571011971614 fixtures/states/idn.yaml")
	db := dbFlag(f)
	dryRun := f.Bool("dry-run", false, "validate and say what the load would do; write nothing")
	ifVersion := f.String("if-version", "", "refuse to run unless the store is at this data version (the one the dry run printed)")
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
	var wantVersion uint64
	if *ifVersion != "" {
		if wantVersion, err = strconv.ParseUint(*ifVersion, 10, 64); err != nil {
			return usageErrorf("ingest: --if-version %q: want the data version a dry run printed, a whole number", *ifVersion)
		}
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
		var version uint64
		if _, statErr := os.Stat(dir); statErr == nil {
			s, err := openStoreForReading(ctx, dir)
			if err != nil {
				bar.done()
				return err
			}
			defer s.Close()
			r = s
			if version, err = checkDataVersion(ctx, s, *ifVersion != "", wantVersion); err != nil {
				bar.done()
				return err
			}
		} else if *ifVersion != "" && wantVersion != 0 {
			bar.done()
			return fmt.Errorf("the store has moved since data version %d: there is no store in %s; nothing was written", wantVersion, dir)
		}
		bar.step("checking")
		err := ingest.Check(ctx, r, corpus)
		bar.done()
		if err != nil {
			return reportProblems(e, err, true)
		}
		plan, err := ingest.PlanLoad(ctx, r, corpus)
		if err != nil {
			return fmt.Errorf("reading the store: %s", describeError(err))
		}
		fmt.Fprintf(e.stdout, "dry run: %d files valid against the store in %s at data version %d; nothing written\n", len(corpus.Origins), dir, version)
		fmt.Fprintf(e.stdout, "the load would make %d added, %d changed, %d removed, %d unchanged, and refuse %d\n",
			len(plan.Added), len(plan.Changed), len(plan.Removed), plan.Unchanged, len(plan.Refused))
		printPlan(e.stdout, plan, *verbose, !*force, "would remove")
		if im, err := impactOf(ctx, r, func(ctx context.Context) (*ingest.Impact, error) {
			return ingest.ImpactOf(ctx, r, corpus, graph.Today())
		}); err != nil {
			return fmt.Errorf("working out the records the load would change: %s", describeError(err))
		} else {
			printImpact(e.stdout, "would change", im)
		}
		if n := len(plan.Removed); n > 0 && !*allowRemovals {
			fmt.Fprintf(e.stdout, "the load would remove %d stored %s; it needs --allow-removals\n", n, pluralize(n, "record", "records"))
		}
		if n := len(plan.Refused); n > 0 {
			if *force {
				fmt.Fprintf(e.stdout, "with --force the load overwrites %d %s written through the API\n", n, pluralize(n, "record", "records"))
			} else {
				fmt.Fprintf(e.stdout, "the load would refuse %d %s written through the API since %s file was loaded; --force overwrites\n",
					n, pluralize(n, "record", "records"), pluralize(n, "its", "their"))
			}
		}
		fmt.Fprintf(e.stdout, "to load exactly this, run the load with --if-version %d\n", version)
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
	if _, err := checkDataVersion(ctx, s, *ifVersion != "", wantVersion); err != nil {
		bar.done()
		return err
	}
	plan, err := ingest.PlanLoad(ctx, s, corpus)
	if err != nil {
		bar.done()
		return fmt.Errorf("reading the store: %s", describeError(err))
	}
	if !*allowRemovals && parseErr == nil {
		removals := map[graph.Kind][]string{}
		for _, n := range plan.Removed {
			removals[n.NodeKind()] = append(removals[n.NodeKind()], n.NodeID())
		}
		if *force {
			for _, o := range plan.Refused {
				if o.Remove {
					removals[o.Kind] = append(removals[o.Kind], o.ID)
				}
			}
		}
		if n := printRemovals(e.stderr, "would remove", removals, *verbose); n > 0 {
			bar.done()
			return fmt.Errorf("the load would remove %d stored %s (listed above); nothing was written; run with --allow-removals to remove them",
				n, pluralize(n, "record", "records"))
		}
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
	var res *graph.ApplyResult
	if *force {
		res, err = ingest.LoadForced(ctx, s, corpus, plan.Refused)
	} else {
		res, err = ingest.LoadKeeping(ctx, s, corpus, plan.Refused)
	}
	bar.done()
	if err != nil {
		return reportProblems(e, err, true)
	}
	if hash == embedded && len(plan.Refused) == 0 {
		if err := s.SetEmbeddedCorpus(ctx, hash); err != nil {
			return fmt.Errorf("writing the store: %s", describeError(err))
		}
	}
	syncSearch(ctx, e, dir, s, before, res)
	kept := 0
	if !*force {
		kept = len(plan.Refused)
	}
	printSummary(e.stdout, len(corpus.Origins), dir, res, kept)
	printPlan(e.stdout, plan, *verbose, !*force, "removed")
	if n := len(plan.Refused); n > 0 && !*force {
		fmt.Fprintf(e.stdout, "refused %d %s written through the API since %s file was loaded, kept as the API wrote %s; --force overwrites\n",
			n, pluralize(n, "record", "records"), pluralize(n, "its", "their"), pluralize(n, "it", "them"))
	}
	if snap != nil {
		if after, err := ingest.SnapshotRecords(ctx, s, graph.Today()); err == nil {
			printImpact(e.stdout, "changed", snap.ImpactOn(after))
		}
	}
	return nil
}

// checkDataVersion returns the store's data version (graph.DataVersion,
// the number the exports and /healthz quote) and, when check is set,
// refuses a store that is not at want.
func checkDataVersion(ctx context.Context, s *store.Store, check bool, want uint64) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	v := s.DataVersion().Seq
	if check && v != want {
		return v, fmt.Errorf("the store has moved since data version %d: it is at %d; nothing was written; run the dry run again to see what the load would do now", want, v)
	}
	return v, nil
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

// printSummary says what a load did; the records it refused (kept as
// stored) are counted apart from the unchanged ones, as the dry run counts
// them.
func printSummary(w io.Writer, files int, dir string, res *graph.ApplyResult, refused int) {
	refusedText := ""
	if refused > 0 {
		refusedText = fmt.Sprintf(", %d refused", refused)
	}
	fmt.Fprintf(w, "loaded %d files into %s: %d added, %d changed, %d removed, %d unchanged%s\n",
		files, dir, len(res.Added), len(res.Changed), len(res.Removed), res.Unchanged-refused, refusedText)
}

// removalsShown is how many ids of each kind printRemovals shows without -v.
const removalsShown = 5

// printRemovals lists, per kind, the records a load would remove, and
// returns how many there are.
func printRemovals(w io.Writer, verb string, removals map[graph.Kind][]string, verbose bool) int {
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
		fmt.Fprintf(w, "  %s %d %s: %s%s\n", verb, len(ids), kindPlural(k, len(ids)), strings.Join(shown, ", "), more)
	}
	return total
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
