package main_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
)

// apiEdit changes a stored record as the write API would: by a key's
// name, at the version it read.
func apiEdit(t *testing.T, db, author string, edits map[string]func(graph.Node)) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []string
	for id := range edits {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ns, vs, err := s.NodeVersions(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	expect := map[string]uint64{}
	for i, n := range ns {
		if n == nil {
			t.Fatalf("no record %s", ids[i])
		}
		edits[ids[i]](n)
		expect[ids[i]] = vs[i].Seq
	}
	if _, err := s.Apply(ctx, &graph.Batch{Put: ns, Author: author, Message: "a curator's edit", Expect: expect}); err != nil {
		t.Fatal(err)
	}
}

// tierLocator is the API's edit of the scenario: the locator of
// tha/ev/tip-2018-tier's first source.
func tierLocator(locator string) func(graph.Node) {
	return func(n graph.Node) { graph.RecordOf(n).Sources[0].Locator = locator }
}

// zipFiles reads a corpus zip's files by base name.
func zipFiles(t *testing.T, name string) map[string][]byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[path.Base(f.Name)], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// loadedRecords returns how many records an ingest of files added.
func loadedRecords(t *testing.T, r result) string {
	t.Helper()
	m := regexp.MustCompile(`: (\d+) added, `).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no count of records added in %q", r.stdout)
	}
	return m[1]
}

// excludedFromRoundTrip are the corpus files an import does not load: they
// describe the store and the moment, not the records.
var excludedFromRoundTrip = []string{"manifest.json", "NOTICE.txt", "changelog.csv", "revisions.csv"}

// TestImportRoundTrip: export, import into an empty store, export again:
// every record table and the sources table are byte-identical, for the
// zip and the JSON document, with a record written through the API (its
// sources whole) among them. Importing again changes nothing.
func TestImportRoundTrip(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	tmp := t.TempDir()
	a := filepath.Join(tmp, "a")
	n := loadedRecords(t, mustRun(t, "ingest", "--db", a, fixturesDir))
	apiEdit(t, a, "cora", map[string]func(graph.Node){"tha/ev/tip-2018-tier": tierLocator("p. 412, Thailand narrative")})
	mustRun(t, "export", "--db", a, "--format", "csv", "-o", filepath.Join(tmp, "a.zip"))
	mustRun(t, "export", "--db", a, "--format", "json", "-o", filepath.Join(tmp, "a.json"))

	t.Run("Zip", func(t *testing.T) {
		b := filepath.Join(tmp, "b")
		r := mustRun(t, "import", "--db", b, filepath.Join(tmp, "a.zip"))
		if !strings.Contains(r.stdout, ": "+n+" added, 0 changed, 0 removed, 0 unchanged") || !strings.Contains(r.stdout, "not loaded: the manifest") {
			t.Errorf("import: got %q", r.stdout)
		}
		mustRun(t, "export", "--db", b, "--format", "csv", "-o", filepath.Join(tmp, "b.zip"))
		before, after := zipFiles(t, filepath.Join(tmp, "a.zip")), zipFiles(t, filepath.Join(tmp, "b.zip"))
		if len(before) != len(after) {
			t.Errorf("got %d files, want %d", len(after), len(before))
		}
		tables := 0
		for name, want := range before {
			switch {
			case slices.Contains(excludedFromRoundTrip, name):
				if !bytes.Equal(after[name], want) {
					t.Logf("%s differs, as it should: it is not loaded", name)
				}
			case !bytes.Equal(after[name], want):
				t.Errorf("%s differs after the round trip", name)
			case strings.HasSuffix(name, ".csv"):
				tables++
			}
		}
		if tables != len(graph.Kinds)+1 {
			t.Errorf("compared %d tables, want every record table and sources.csv (%d)", tables, len(graph.Kinds)+1)
		}
		if !bytes.Contains(after["sources.csv"], []byte("p. 412, Thailand narrative")) {
			t.Error("the API's source locator did not survive the round trip")
		}
		r = mustRun(t, "import", "--db", b, filepath.Join(tmp, "a.zip"))
		if !strings.Contains(r.stdout, "0 added, 0 changed, 0 removed, "+n+" unchanged") {
			t.Errorf("importing again: got %q, want nothing changed", r.stdout)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		c := filepath.Join(tmp, "c")
		mustRun(t, "import", "--db", c, filepath.Join(tmp, "a.json"))
		mustRun(t, "export", "--db", c, "--format", "json", "-o", filepath.Join(tmp, "c.json"))
		records := func(name string) json.RawMessage {
			var doc struct{ Records json.RawMessage }
			b, err := os.ReadFile(name)
			if err != nil || json.Unmarshal(b, &doc) != nil || len(doc.Records) < 1000 {
				t.Fatalf("%s: %v", name, err)
			}
			return doc.Records
		}
		if !bytes.Equal(records(filepath.Join(tmp, "a.json")), records(filepath.Join(tmp, "c.json"))) {
			t.Error("the records differ after the round trip through corpus.json")
		}
	})
	t.Run("ErrIngestPointsToImport", func(t *testing.T) {
		r := pactwatch(t, nil, "ingest", "--dry-run", "--db", a, filepath.Join(tmp, "a.zip"))
		if r.code != 1 || !strings.Contains(r.stderr, "a corpus download (corpus.json, corpus.zip) loads back with 'pactwatch import'") {
			t.Errorf("ingest of a corpus zip: exit %d, stderr %q", r.code, r.stderr)
		}
		ev := filepath.Join(tmp, "corpus-dir", "evidence.csv")
		os.MkdirAll(filepath.Dir(ev), 0o755)
		os.WriteFile(ev, zipFiles(t, filepath.Join(tmp, "a.zip"))["evidence.csv"], 0o644)
		r = pactwatch(t, nil, "ingest", "--dry-run", "--db", a, ev)
		if r.code != 1 || !strings.Contains(r.stderr, "evidence.csv:1:1: a table of a corpus download") || strings.Contains(r.stderr, "unknown column") {
			t.Errorf("ingest of a corpus table: exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("ErrNotACorpus", func(t *testing.T) {
		bad := filepath.Join(tmp, "bad.json")
		os.WriteFile(bad, []byte(`{"instrument": {"id": "x"}}`), 0o644)
		r := pactwatch(t, nil, "import", "--db", filepath.Join(tmp, "d"), bad)
		if r.code != 1 || !strings.Contains(r.stderr, "not a corpus document") {
			t.Errorf("got exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

// TestImportStaleRefused: an export imported after the store moved on is
// refused for the records changed since, by name, and nothing is written;
// --force loads over them and the change log says so. A store held by a
// running serve names it and says what to do.
func TestImportStaleRefused(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	tmp := t.TempDir()
	db := filepath.Join(tmp, "db")
	n := loadedRecords(t, mustRun(t, "ingest", "--db", db, fixturesDir))
	old := filepath.Join(tmp, "old.json")
	mustRun(t, "export", "--db", db, "--format", "json", "-o", old)
	// Unchanged since: the import changes nothing.
	if r := mustRun(t, "import", "--db", db, old); !strings.Contains(r.stdout, "0 added, 0 changed, 0 removed, "+n+" unchanged") {
		t.Errorf("import of a fresh export: got %q", r.stdout)
	}
	apiEdit(t, db, "cora", map[string]func(graph.Node){
		"tha/ev/tip-2018-tier": tierLocator("p. 412"),
		"IDN":                  func(n graph.Node) { graph.RecordOf(n).Note = "checked against the gazette" },
	})
	// A record added in the file is not written either.
	b, _ := os.ReadFile(old)
	edited := filepath.Join(tmp, "edited.json")
	os.WriteFile(edited, bytes.Replace(b, []byte(`"Name": "Thailand"`), []byte(`"Name": "Kingdom of Thailand"`), 1), 0o644)

	r := pactwatch(t, nil, "import", "--db", db, edited)
	for _, want := range []string{
		"refused: evidence tha/ev/tip-2018-tier: changed since the file was written (the store has it at version ",
		"refused: state IDN: changed since", " by cora; the file has it at version ",
		"2 records changed in the store since", "nothing was written",
	} {
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("stale import: exit %d, stderr %q, want %q", r.code, r.stderr, want)
		}
	}
	if strings.Contains(r.stderr, "THA") {
		t.Errorf("THA, changed in the file only, is listed as stale: %q", r.stderr)
	}
	q := mustRun(t, "query", "--db", db, `{ state(code: "THA") { name } }`)
	if !strings.Contains(q.stdout, `"Thailand"`) {
		t.Errorf("after the refusal: got %s, want THA as it was", q.stdout)
	}

	r = mustRun(t, "import", "--force", "--db", db, edited)
	if !strings.Contains(r.stdout, "0 added, 3 changed") {
		t.Errorf("forced import: got %q", r.stdout)
	}
	if c := lastChange(t, db); c.Author != "import" || !c.Forced || !strings.Contains(c.Message, "--force over 2 records changed since: IDN, tha/ev/tip-2018-tier") {
		t.Errorf("IDN's last change: got %s %q forced %v", c.Author, c.Message, c.Forced)
	}

	t.Run("ErrHeldByServe", func(t *testing.T) {
		base := startServeDB(t, db)
		r := pactwatch(t, nil, "import", "--db", db, old)
		if r.code != 1 || !strings.Contains(r.stderr, "held by a running 'pactwatch serve' at "+base) || !strings.Contains(r.stderr, "stop serve, run 'pactwatch import") {
			t.Errorf("import on a held store: exit %d, stderr %q", r.code, r.stderr)
		}
	})
}
