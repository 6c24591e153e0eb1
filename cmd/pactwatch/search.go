package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/server/export"
)

// searchDir is where the search index of the store in dir lives: beside
// Badger's files, in its own directory.
func searchDir(dir string) string { return filepath.Join(dir, "search") }

// startSearch opens the search index of the store in dir and keeps it in
// step with the store in the background: it rebuilds a missing index, one
// built from another version of the store, and one a write left behind
// (stale, which the server calls when a write could not be applied to the
// index; a write during a build is caught when the build ends). The
// server answers everything but search while a build runs. The returned
// stop ends the keeping (a build in progress is stopped) and closes the
// index; call it before closing the store.
//
// A read-only store gets an index in memory, built afresh: the one beside
// it can be neither trusted current nor rebuilt.
func startSearch(ctx context.Context, dir string, s *store.Store, log *slog.Logger) (ix *search.Index, stale func(), stop func(), err error) {
	if s.ReadOnlyMode() {
		ix = search.NewMemory()
	} else if ix, err = search.Open(searchDir(dir)); err != nil {
		return nil, nil, nil, fmt.Errorf("opening the search index: %v", err)
	}
	if v := s.Version(); ix.Current(v) {
		log.Info("search index current", "version", v)
	}
	ctx, cancel := context.WithCancel(ctx)
	nudge := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			for v := s.Version(); !ix.Current(v); v = s.Version() {
				start := time.Now()
				log.Info("building the search index in the background", "version", v)
				if err := ix.Rebuild(ctx, s, v); err != nil {
					if ctx.Err() == nil {
						log.Error("building the search index failed; search is unavailable", "err", err)
					}
					return
				}
				log.Info("search index built", "documents", ix.Status().Documents, "took", time.Since(start).Round(time.Millisecond))
			}
			select {
			case <-ctx.Done():
				return
			case <-nudge:
			}
		}
	}()
	stale = func() {
		select {
		case nudge <- struct{}{}:
		default: // a rebuild is already asked for
		}
	}
	stop = func() {
		cancel()
		<-done
		if err := ix.Close(); err != nil {
			log.Error("closing the search index", "err", err)
		}
	}
	return ix, stale, stop, nil
}

// syncSearch brings the search index of the store in dir in step with a
// write that took the store from version before to its current one: it
// applies the write when the index was current, and rebuilds it otherwise.
// The store is the record, so a failure is a warning: serve rebuilds a
// stale index when it starts.
func syncSearch(ctx context.Context, e *env, dir string, s *store.Store, before uint64, res *graph.ApplyResult) {
	ix, err := search.Open(searchDir(dir))
	if err == nil {
		defer ix.Close()
		var ok bool
		if ok, err = ix.Update(ctx, s, before, s.Version(), res); err == nil && !ok {
			err = ix.Rebuild(ctx, s, s.Version())
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "pactwatch: warning: the search index was not updated (%v); 'pactwatch serve' rebuilds it\n", err)
	}
}

func runSearch(ctx context.Context, e *env, args []string) error {
	f := newFlags("search", "search [--kind KIND] [--state CODE] [--instrument ID] [--known-at TIME] [-n N] [--format table|json|csv|xlsx] [-o FILE] [--db DIR] TEXT...",
		"Search the records' words: provisions (with their obligations' summaries),\n"+
			"obligations, instruments, laws, evidence and the sources they cite, and list\n"+
			"the hits best first with their record ids and the matching words in [brackets].\n"+
			"Words are stemmed; \"quoted phrases\" match in order; +word is required, -word\n"+
			"excluded; state:IDN, kind:LAW, instrument:actip-2015 and theme:PROTECTION filter.\n"+
			"The index lives beside the store (DIR/search) and is built on first use.\n"+
			"--format csv, xlsx and json write the server's search export (/export/search.csv):\n"+
			"the hits with their citations (a Sources sheet in the workbook); -n then\n"+
			"defaults to 1000.",
		"  pactwatch search non-punishment\n  pactwatch search 'victim identification' --state IDN --kind EVIDENCE\n  pactwatch search '\"mutual legal assistance\" kind:PROVISION'")
	db := dbFlag(f)
	var kinds multiFlag
	f.Var(&kinds, "kind", "only hits of this kind (repeatable): "+strings.Join(search.Kinds, ", "))
	state := f.String("state", "", "only records of this state, e.g. IDN")
	instrument := f.String("instrument", "", "only records of this instrument, e.g. actip-2015")
	knownAt := knownAtFlag(f)
	n := f.Int("n", 20, fmt.Sprintf("the most hits to list (at most %d)", search.MaxPageSize))
	format := f.String("format", "table", "output format: table, or csv, xlsx or json (the search export, with citations)")
	out := f.String("o", "", "with --format csv, xlsx or json, write to this file instead of standard output")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	text := strings.Join(rest, " ")
	if strings.TrimSpace(text) == "" && len(kinds) == 0 && *state == "" && *instrument == "" {
		return usageErrorf("search: give the words to search for, e.g. 'pactwatch search non-punishment' (run 'pactwatch search --help')")
	}
	switch *format {
	case "table", "json", "csv", "xlsx":
	default:
		return usageErrorf("search: --format %q: want table, json, csv or xlsx", *format)
	}
	if *out != "" && *format == "table" {
		return usageErrorf("search: -o is for --format csv, xlsx or json; redirect the table with >")
	}
	known, err := parseKnownAt("search", *knownAt)
	if err != nil {
		return err
	}
	nSet := false
	f.Visit(func(fl *flag.Flag) { nSet = nSet || fl.Name == "n" })
	q, err := openQuerier(ctx, e, *db)
	if err != nil {
		return err
	}
	defer q.close()
	if *state != "" {
		if *state, err = resolveState(ctx, q, "search", *state); err != nil {
			return err
		}
	}
	if *instrument, err = resolveInstrument(ctx, q, "search", *instrument); err != nil {
		return err
	}
	if q.remote() {
		p := export.ExportParams{Name: "search", Text: text, Kinds: kinds, State: *state, Instrument: *instrument, KnownAt: known}
		if nSet {
			p.Hits = *n
		}
		if *format != "table" {
			return writeExportTo(ctx, e, q, p, *format, *out)
		}
		return remoteSearchTable(ctx, e, q, p, text)
	}
	ix, err := searchIndex(ctx, e, q, *db, known)
	if err != nil {
		return err
	}
	defer ix.Close()
	if *format != "table" {
		p := export.ExportParams{Name: "search", Text: text, Kinds: kinds, State: *state, Instrument: *instrument, Index: ix,
			KnownAt: known}
		if nSet {
			p.Hits = *n
		}
		return writeExportTo(ctx, e, q, p, *format, *out)
	}
	res, err := ix.Search(ctx, search.Query{Text: text, Kinds: kinds, State: *state, Instrument: *instrument, Size: *n})
	if err != nil {
		if graph.ErrorCode(err) == graph.EINVALID {
			return usageErrorf("search: %s", graph.ErrorMessage(err))
		}
		return err
	}
	when := ""
	if known != nil {
		when = ", as the graph knew it at " + *knownAt
	}
	width := outputWidth(e)
	writeText(e.stdout, width, fmt.Sprintf("%d %s for %q%s", res.Total, pluralize(res.Total, "hit", "hits"), text, when))
	if len(res.Hits) == 0 {
		return nil
	}
	fmt.Fprintln(e.stdout)
	t := newFitTable(column{head: "KIND"}, column{head: "ID", min: 24}, column{head: "TITLE", pipe: 50, min: 12}, column{head: "MATCH", pipe: 80, min: 24})
	for _, h := range res.Hits {
		t.add(h.Kind, h.Record, h.Title, bestFragment(h))
	}
	return t.write(e.stdout, width)
}

// searchIndex returns the index search asks: the one beside the store in
// db, rebuilt first when it is stale (in memory for a read-only store), or,
// with a --known-at moment, one built in memory from the graph as it was
// known then. Close it when done.
func searchIndex(ctx context.Context, e *env, q *querier, db string, known *graph.Moment) (*search.Index, error) {
	if known != nil {
		past, err := q.store.At(ctx, known.End())
		if err != nil {
			if graph.ErrorCode(err) == graph.EINVALID {
				return nil, usageErrorf("search: %s", graph.ErrorMessage(err))
			}
			return nil, err
		}
		ix, err := search.IndexOf(ctx, past)
		if err != nil {
			return nil, fmt.Errorf("building the search index of the graph known at %s: %v", known, err)
		}
		return ix, nil
	}
	dir, err := resolveDB(e, db)
	if err != nil {
		return nil, err
	}
	ix := search.NewMemory() // a read-only store's index is built in memory
	if !q.store.ReadOnlyMode() {
		if ix, err = search.Open(searchDir(dir)); err != nil {
			return nil, fmt.Errorf("opening the search index: %v", err)
		}
	}
	if v := q.store.Version(); !ix.Current(v) {
		where := searchDir(dir)
		if q.store.ReadOnlyMode() {
			where = "memory (the store is read-only)"
		}
		fmt.Fprintf(e.stderr, "pactwatch: building the search index in %s\n", where)
		if err := ix.Rebuild(ctx, q.store, v); err != nil {
			ix.Close()
			return nil, fmt.Errorf("building the search index: %v", err)
		}
	}
	return ix, nil
}

// bestFragment is the first fragment of a hit's text, else of its title,
// with the matches in brackets.
func bestFragment(h search.Hit) string {
	for _, field := range []string{"text", "title"} {
		for _, hl := range h.Highlights {
			if hl.Field == field && len(hl.Fragments) > 0 {
				return aroundMatch(search.PlainFragment(hl.Fragments[0], "[", "]"), 20)
			}
		}
	}
	return ""
}

// aroundMatch cuts s to start a few words before its first match, so that
// a truncated column still shows it.
func aroundMatch(s string, before int) string {
	i := strings.Index(s, "[")
	r := []rune(s[:max(i, 0)])
	if i < 0 || len(r) <= before {
		return s
	}
	head := string(r[len(r)-before:])
	if sp := strings.Index(head, " "); sp >= 0 {
		head = head[sp+1:]
	}
	return "…" + head + s[i:]
}

// multiFlag is a flag that may be given more than once.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*m = append(*m, strings.ToUpper(p))
		}
	}
	return nil
}

// remoteSearchTable prints the hits of the running serve's search export as
// the table the local index would give.
func remoteSearchTable(ctx context.Context, e *env, q *querier, p export.ExportParams, text string) error {
	var buf bytes.Buffer
	if err := q.export(ctx, p, "json", &buf); err != nil {
		return err
	}
	var res struct {
		Rows []struct {
			Kind, ID, Title, Match string
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &res); err != nil {
		return fmt.Errorf("the running serve's search answer is not JSON: %v", err)
	}
	width := outputWidth(e)
	writeText(e.stdout, width, fmt.Sprintf("%d %s for %q", len(res.Rows), pluralize(len(res.Rows), "hit", "hits"), text))
	if len(res.Rows) == 0 {
		return nil
	}
	fmt.Fprintln(e.stdout)
	t := newFitTable(column{head: "KIND"}, column{head: "ID", min: 24}, column{head: "TITLE", pipe: 50, min: 12}, column{head: "MATCH", pipe: 80, min: 24})
	for _, h := range res.Rows {
		t.add(h.Kind, h.ID, h.Title, h.Match)
	}
	return t.write(e.stdout, width)
}
