package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pactwatch/pactwatch/server/export"
)

// runExport writes the whole corpus as one versioned download: one JSON
// document, or CSV files (one per kind, sources, changelog, a notice and a
// manifest) in a directory or a zip. It is what /export/corpus.json and
// /export/corpus.zip serve (server/export/corpus.go).
func runExport(ctx context.Context, e *env, args []string) error {
	f := newFlags("export", "export [--format json|csv] [-o FILE|DIR] [--since TIME] [--changes N] [--db DIR]\n       pactwatch export --fixtures DIR [--db DIR]",
		"Write every record of the store as one versioned download for R, pandas or a\n"+
			"spreadsheet, with the data version, a notice on its sources and its licence\n"+
			"(CC BY 4.0; quoted texts remain their sources'), and a changelog from the\n"+
			"store's change log (the entries since --since, or the last --changes).\n"+
			"--format json writes one document (manifest, notice, records by kind,\n"+
			"changelog) to standard output or -o FILE. --format csv writes one CSV per\n"+
			"record kind, sources.csv, changelog.csv, NOTICE.txt, LICENSE.md and\n"+
			"manifest.json into -o DIR (default ./pactwatch-corpus-vVERSION), or a zip\n"+
			"when -o ends in .zip or is - (standard output). The server serves the same\n"+
			"at /export/corpus.json and /export/corpus.zip; 'pactwatch import' loads them back.\n"+
			"--fixtures DIR writes the store as fixture files instead (one YAML file per state,\n"+
			"instrument and statute, as fixtures/ holds them) so that changes made through the\n"+
			"API can be reviewed and committed; ingesting DIR into the same store changes\n"+
			"nothing.",
		"  pactwatch export --format json -o corpus.json\n  pactwatch export --format csv -o corpus/\n  pactwatch export --format csv -o corpus.zip --since 2026-01-01T00:00:00Z\n  pactwatch export --fixtures fixtures/ && git diff fixtures/")
	db := dbFlag(f)
	format := f.String("format", "json", "output format: json or csv")
	out := f.String("o", "", "the file (json, or csv as a .zip) or directory (csv) to write")
	since := f.String("since", "", "the changelog starts at this RFC 3339 time (default: the last --changes entries)")
	changes := f.Int("changes", export.DefaultCorpusChanges, "with no --since, how many of the change log's latest entries the changelog holds")
	fixturesOut := f.String("fixtures", "", "write the store as fixture files into this directory")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) > 0 {
		return usageErrorf("export: unexpected argument %q (run 'pactwatch export --help')", rest[0])
	}
	if *format != "json" && *format != "csv" {
		return usageErrorf("export: --format %q: want json or csv", *format)
	}
	if *changes < 1 {
		return usageErrorf("export: --changes %d: want at least 1", *changes)
	}
	p := export.CorpusParams{Changes: *changes, URL: "pactwatch export (command line)"}
	if *since != "" {
		t, err := time.Parse(time.RFC3339, *since)
		if err != nil {
			return usageErrorf("export: --since %q: want an RFC 3339 time such as 2026-01-01T00:00:00Z", *since)
		}
		p.Since = t
	}
	q, err := openQuerier(ctx, e, *db)
	if err != nil {
		return err
	}
	defer q.close()
	if *fixturesOut != "" {
		return exportFixtures(ctx, e, q, *fixturesOut)
	}

	var buf bytes.Buffer
	if q.remote() {
		// The running serve writes the same corpus: as JSON, or as a zip.
		kind := "zip"
		if *format == "json" {
			kind = "json"
		} else if *out != "-" && !strings.HasSuffix(strings.ToLower(*out), ".zip") {
			return usageErrorf("export: the store is held by a running serve, which sends the corpus as JSON or as a zip: pass --format json, or -o FILE.zip")
		}
		if err := q.api.get(ctx, "/export/corpus."+kind+corpusQuery(p), &buf); err != nil {
			return err
		}
		if *out == "" || *out == "-" {
			_, err := e.stdout.Write(buf.Bytes())
			return err
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("cannot write %s: %v", *out, err)
		}
		fmt.Fprintf(e.stderr, "pactwatch: wrote %s (from the running serve)\n", *out)
		return nil
	}
	switch {
	case *format == "json":
		if err := q.srv.Exports().WriteCorpusJSON(ctx, p, &buf); err != nil {
			return fmt.Errorf("%s", describeError(err))
		}
	case *out == "-" || strings.HasSuffix(strings.ToLower(*out), ".zip"):
		if err := q.srv.Exports().WriteCorpusZip(ctx, p, &buf); err != nil {
			return fmt.Errorf("%s", describeError(err))
		}
	default:
		dir := *out
		if dir == "" {
			dir = q.srv.Exports().CorpusDirName()
		}
		files, err := q.srv.Exports().CorpusFiles(ctx, p)
		if err != nil {
			return fmt.Errorf("%s", describeError(err))
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cannot make %s: %v", dir, err)
		}
		for _, file := range files {
			if err := os.WriteFile(filepath.Join(dir, file.Name), file.Data, 0o644); err != nil {
				return fmt.Errorf("cannot write %s: %v", filepath.Join(dir, file.Name), err)
			}
		}
		fmt.Fprintf(e.stderr, "pactwatch: wrote %d files of data version %s to %s\n", len(files), q.srv.Exports().DataVersion(), dir)
		return nil
	}
	if *out == "" || *out == "-" {
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", *out, err)
	}
	fmt.Fprintf(e.stderr, "pactwatch: wrote %s (data version %s)\n", *out, q.srv.Exports().DataVersion())
	return nil
}

// corpusQuery is the query string of /export/corpus.* for p.
func corpusQuery(p export.CorpusParams) string {
	v := url.Values{}
	if !p.Since.IsZero() {
		v.Set("since", p.Since.UTC().Format(time.RFC3339))
	} else if p.Changes > 0 {
		v.Set("changes", strconv.Itoa(p.Changes))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}
