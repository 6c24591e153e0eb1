package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/export"
)

// writeExport writes the server's export name (gaps or compare) in the
// format asked (csv, xlsx or json), every row with its citations, to -o
// FILE or standard output: the same table, columns and writer as
// /export/NAME.FORMAT. vars are the command's GraphQL variables, which
// name the same things.
func writeExport(ctx context.Context, e *env, q *querier, rf *reportFlags, name string, vars map[string]any) error {
	p := export.ExportParams{Name: name, Instrument: *rf.instrument}
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
	if v, ok := vars["knownAt"].(string); ok {
		t, err := parseKnownAt(name, v)
		if err != nil {
			return err
		}
		p.KnownAt = t
	}
	if inc, ok := vars["include"].([]any); ok {
		for _, l := range inc {
			p.Include = append(p.Include, graph.LegalStatus(fmt.Sprint(l)))
		}
	}
	if ms, ok := vars["modalities"].([]any); ok {
		for _, m := range ms {
			p.Modalities = append(p.Modalities, graph.Modality(fmt.Sprint(m)))
		}
	}
	return writeExportTo(ctx, e, q, p, *rf.format, *rf.out)
}

// writeExportTo writes the server's export p in format (csv, xlsx or
// json) to the file out, or to standard output when out is empty. Its
// "cite this" URL is the export's path (/export/NAME.FORMAT?...), which
// any pactwatch server answers with the same table.
func writeExportTo(ctx context.Context, e *env, q *querier, p export.ExportParams, format, out string) error {
	var buf bytes.Buffer
	if err := q.export(ctx, p, format, &buf); err != nil {
		if graph.ErrorCode(err) == graph.EINVALID {
			return usageErrorf("%s: %s", p.Name, graph.ErrorMessage(err))
		}
		return fmt.Errorf("%s", describeError(err))
	}
	if out == "" {
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", out, err)
	}
	fmt.Fprintf(e.stderr, "pactwatch: wrote %s\n", out)
	return nil
}
