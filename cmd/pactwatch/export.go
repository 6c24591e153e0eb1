package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
)

// writeExport writes the server's export name (gaps or compare) as an XLSX
// workbook, every row with its citations, to -o FILE or standard output.
// vars are the command's GraphQL variables, which name the same things.
func writeExport(ctx context.Context, e *env, q *querier, rf *reportFlags, name string, vars map[string]any) error {
	p := server.ExportParams{Name: name, Instrument: *rf.instrument}
	if v, ok := vars["state"].(string); ok {
		p.State = v
	}
	if states, ok := vars["states"].([]any); ok {
		for _, st := range states {
			p.States = append(p.States, fmt.Sprint(st))
		}
	}
	if v, ok := vars["asOf"].(string); ok {
		d, err := graph.ParseDate(v)
		if err != nil {
			return usageErrorf("%s: --as-of %q: want YYYY-MM-DD, YYYY-MM or YYYY", name, v)
		}
		p.AsOf = d
	}
	p.Basis = graph.Basis(vars["basis"].(string))
	p.URL = "pactwatch " + name + " (command line)"
	var buf bytes.Buffer
	if err := q.srv.Export(ctx, p, "xlsx", &buf); err != nil {
		return fmt.Errorf("%s", describeError(err))
	}
	if *rf.out == "" {
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*rf.out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", *rf.out, err)
	}
	fmt.Fprintf(e.stderr, "pactwatch: wrote %s\n", *rf.out)
	return nil
}
