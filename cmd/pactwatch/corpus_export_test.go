package main_test

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportCorpus(t *testing.T) {
	db := fixtureDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "corpus.json")
	mustRun(t, "export", "--db", db, "--format", "json", "-o", file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Manifest struct {
			DataVersion string
			Counts      map[string]int
			License     struct{ ID, URL string }
		}
		Notice    string
		Records   map[string][]map[string]any
		Changelog []map[string]any
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the corpus is not JSON: %v", err)
	}
	if doc.Manifest.DataVersion == "" || doc.Notice == "" || len(doc.Changelog) == 0 {
		t.Errorf("got data version %q, %d changelog entries, want both and a notice", doc.Manifest.DataVersion, len(doc.Changelog))
	}
	if doc.Manifest.License.ID != "CC-BY-4.0" || !strings.Contains(doc.Notice, "CC BY 4.0") || !strings.Contains(doc.Notice, "reproduced for reference") {
		t.Errorf("got licence %+v and notice\n%s\nwant CC BY 4.0 and the note on quoted texts", doc.Manifest.License, doc.Notice)
	}
	for _, kind := range []string{"instrument", "provision", "obligation", "state", "state_action", "law", "implementation", "evidence", "review"} {
		if len(doc.Records[kind]) == 0 || len(doc.Records[kind]) != doc.Manifest.Counts[kind] {
			t.Errorf("%s: got %d records, manifest %d", kind, len(doc.Records[kind]), doc.Manifest.Counts[kind])
		}
	}

	t.Run("CSVDir", func(t *testing.T) {
		out := filepath.Join(dir, "csv")
		mustRun(t, "export", "--db", db, "--format", "csv", "-o", out)
		f, err := os.Open(filepath.Join(out, "laws.csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil || len(rows)-1 != doc.Manifest.Counts["law"] {
			t.Errorf("laws.csv: %d rows, %v; want %d laws", len(rows)-1, err, doc.Manifest.Counts["law"])
		}
		if lic, err := os.ReadFile(filepath.Join(out, "LICENSE.md")); err != nil || !strings.Contains(string(lic), "CC BY 4.0") {
			t.Errorf("LICENSE.md: %v\n%s", err, lic)
		}
	})
	t.Run("CSVZip", func(t *testing.T) {
		out := filepath.Join(dir, "c.zip")
		mustRun(t, "export", "--db", db, "--format", "csv", "-o", out, "--changes", "3")
		zr, err := zip.OpenReader(out)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		// One CSV per kind (10), sources, changelog, revisions, the notice,
		// the licence and the manifest.
		if len(zr.File) != 16 {
			t.Errorf("got %d files in the zip, want 16", len(zr.File))
		}
	})
	t.Run("ErrFormat", func(t *testing.T) {
		r := pactwatch(t, nil, "export", "--db", db, "--format", "xml")
		checkOneLineError(t, r, 2, "want json or csv")
	})
}
