package main_test

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSearchExportCLI(t *testing.T) {
	db := fixtureDB(t)
	r := mustRun(t, "search", "non-punishment", "--db", db, "--format", "csv")
	cr := csv.NewReader(strings.NewReader(r.stdout))
	cr.Comment = '#'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) < 2 || rows[0][len(rows[0])-2] != "citations" {
		t.Fatalf("search --format csv: %v\n%s", err, r.stdout)
	}
	if !strings.Contains(r.stdout, "actip-2015/art_14/para_7,") {
		t.Errorf("no ACTIP Art. 14(7) in\n%s", r.stdout)
	}
	file := filepath.Join(t.TempDir(), "hits.xlsx")
	mustRun(t, "search", "victim", "--state", "IDN", "--db", db, "--format", "xlsx", "-o", file, "-n", "5")
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	hits, _ := f.GetRows("search")
	src, _ := f.GetRows("Sources")
	if len(hits) != 6 || len(src) < 2 || hits[0][1] != "kind" {
		t.Errorf("got %d hit rows and %d source rows, want a header and 5 hits, and their sources", len(hits), len(src))
	}
	for _, h := range hits[1:] {
		if h[4] != "IDN" {
			t.Errorf("hit %v is not of IDN", h)
		}
	}
	r = pactwatch(t, nil, "search", "victim", "--db", db, "-o", "x.json")
	checkOneLineError(t, r, 2, "-o is for --format csv, xlsx or json")
}
