package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIAsksTheRunningServe: while serve holds a store, the CLI's read
// commands pointed at it answer from that server's API, the same answer as
// from the store itself, and say so in one line; a command that writes says
// which serve holds the store and what to do.
func TestCLIAsksTheRunningServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	// The answers from the store itself, before serve holds it.
	localGaps := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "csv")
	localQuery := mustRun(t, "query", "--db", db, `{ states { code } }`)

	base := startServeDB(t, binary, db)

	t.Run("OKGapsFromTheAPI", func(t *testing.T) {
		r := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "csv")
		if !strings.Contains(r.stderr, "held by a running 'pactwatch serve'") || !strings.Contains(r.stderr, base) {
			t.Errorf("stderr: got %q, want one line naming the running serve at %s", r.stderr, base)
		}
		if got, want := dataRows(r.stdout), dataRows(localGaps.stdout); got != want {
			t.Errorf("gaps from the API:\n%s\nwant the store's own rows:\n%s", got, want)
		}
	})
	t.Run("OKQueryFromTheAPI", func(t *testing.T) {
		r := mustRun(t, "query", "--db", db, `{ states { code } }`)
		if r.stdout != localQuery.stdout {
			t.Errorf("query from the API: got %s, want %s", r.stdout, localQuery.stdout)
		}
	})
	t.Run("OKSearchAndCompare", func(t *testing.T) {
		mustRun(t, "compare", "--db", db, "--instrument", "actip-2015", "--format", "json")
		if r := mustRun(t, "search", "--db", db, "trafficking"); !strings.Contains(r.stdout, "hits for") {
			t.Errorf("search from the API: got %q", r.stdout)
		}
	})
	t.Run("ErrIngestSaysWhatToDo", func(t *testing.T) {
		r := pactwatch(t, nil, "ingest", "--db", db, filepath.Join("..", "..", "fixtures"))
		if r.code == 0 || !strings.Contains(r.stderr, "held by a running 'pactwatch serve' at "+base) || !strings.Contains(r.stderr, "stop it") {
			t.Errorf("ingest on a held store: exit %d, stderr %q, want it to name the serve and what to do", r.code, r.stderr)
		}
	})
}

// dataRows is a CSV export without its "# " lines (they name the URL and
// the moment, which differ between the two paths), so that two answers
// compare by their rows.
func dataRows(csv string) string {
	var out []string
	for _, l := range strings.Split(csv, "\n") {
		if !strings.HasPrefix(l, "# ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
