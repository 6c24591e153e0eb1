package main_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestGapsXLSX(t *testing.T) {
	db := fixtureDB(t)
	file := filepath.Join(t.TempDir(), "idn.xlsx")
	mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "xlsx", "-o", file)
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("gaps")
	if err != nil {
		t.Fatal(err)
	}
	// The workbook holds the same gaps as the JSON output.
	js := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "json")
	if got, want := len(rows)-1, strings.Count(js.stdout, `"modality"`); got != want || got == 0 {
		t.Errorf("got %d gap rows, want %d (as in --format json)", got, want)
	}
	cites := -1
	for i, h := range rows[0] {
		if h == "citations" {
			cites = i
		}
	}
	for _, r := range rows[1:] {
		if cites < 0 || len(r) <= cites || r[cites] == "" {
			t.Errorf("row %v has no citations", r)
		}
	}
	about, _ := f.GetRows("About")
	if !strings.Contains(strings.Join(about[len(about)-1], " "), "cite this") {
		t.Errorf("got About %v, want a cite-this line last", about)
	}

	t.Run("OK/stdout", func(t *testing.T) {
		r := mustRun(t, "compare", "--db", db, "--instrument", "actip-2015", "--format", "xlsx")
		f, err := excelize.OpenReader(bytes.NewReader([]byte(r.stdout)))
		if err != nil {
			t.Fatalf("the workbook on stdout does not open: %v", err)
		}
		defer f.Close()
		rows, _ := f.GetRows("compare")
		if len(rows) != 11 {
			t.Errorf("got %d rows, want a header and ten states", len(rows))
		}
	})

	t.Run("ErrOutputWithoutXLSX", func(t *testing.T) {
		r := pactwatch(t, nil, "gaps", "IDN", "--db", db, "-o", filepath.Join(t.TempDir(), "x.csv"))
		checkOneLineError(t, r, 2, "-o is for --format xlsx")
	})
}
