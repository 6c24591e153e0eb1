package main

import (
	"context"
	"fmt"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/ingest"
)

func runValidate(ctx context.Context, e *env, args []string) error {
	f := newFlags("validate", "validate [--db DIR] PATH...",
		"Validate fixture files or directories without writing anything. Every problem is\n"+
			"listed on its own line as file:line:col: field: message, and the exit status is\n"+
			"non-zero if there is any. References resolve within the given files and the\n"+
			"fixtures embedded in pactwatch (which the files replace where they share a\n"+
			"name, e.g. states/idn.yaml), or, with --db, the files and that store. Files\n"+
			"too large for ingest's one transaction are refused too, with their size and\n"+
			"the limit.",
		"  pactwatch validate fixtures/\n  pactwatch validate --db ./data my-new-evidence.csv")
	db := f.String("db", "", "resolve references against the store in this directory instead of the embedded fixtures")
	paths, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(paths) == 0 {
		return usageErrorf("validate: no PATH given (run 'pactwatch validate --help')")
	}
	corpus, parseErr := ingest.ParsePaths(paths...)
	if corpus == nil {
		return reportProblems(e, parseErr, false)
	}
	var r *store.Store
	if *db != "" {
		s, err := openExistingStoreForReading(ctx, *db)
		if err != nil {
			return err
		}
		defer s.Close()
		r = s
	} else {
		s, err := embeddedStore(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		r = s
	}
	// Check reports the parse problems again, with those it finds itself.
	if err := ingest.Check(ctx, r, corpus); err != nil {
		return reportProblems(e, err, false)
	}
	// ingest loads in one transaction: say here if the files exceed it.
	if err := r.CheckBatch(ctx, &graph.Batch{Replace: corpus.Origins, Put: corpus.Nodes}); err != nil {
		if graph.ErrorCode(err) == graph.EINVALID {
			return fmt.Errorf("the files are valid, but too large to load at once: %s", graph.ErrorMessage(err))
		}
		return fmt.Errorf("checking the load's size: %v", err)
	}
	n := len(corpus.Origins)
	fmt.Fprintf(e.stdout, "%d %s valid\n", n, pluralize(n, "file", "files"))
	return nil
}

// embeddedStore returns an in-memory store holding the embedded fixtures.
func embeddedStore(ctx context.Context) (*store.Store, error) {
	s, err := store.Open(ctx, "", store.InMemory())
	if err != nil {
		return nil, fmt.Errorf("opening an in-memory store: %v", err)
	}
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		s.Close()
		return nil, fmt.Errorf("loading the embedded fixtures: %s", describeError(err))
	}
	return s, nil
}
