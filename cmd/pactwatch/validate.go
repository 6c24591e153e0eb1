package main

import (
	"context"
	"fmt"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/ingest"
)

func runValidate(ctx context.Context, e *env, args []string) error {
	f := newFlags("validate", "validate [--db DIR] PATH...",
		"Validate fixture files or directories without writing anything. Every problem is\n"+
			"listed on its own line as file:line:col: field: message, and the exit status is\n"+
			"non-zero if there is any. References must resolve within the given files, or,\n"+
			"with --db, within the files and that store.",
		"  pactwatch validate fixtures/\n  pactwatch validate --db ./data my-new-evidence.csv")
	db := f.String("db", "", "also resolve references against the store in this directory")
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
	var r graph.Reader // nil: check the files alone
	if *db != "" {
		s, err := openExistingStore(ctx, *db)
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
	fmt.Fprintf(e.stdout, "%d files valid\n", len(corpus.Origins))
	return nil
}
