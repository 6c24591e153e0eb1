package main_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactwatch/pactwatch/server/export"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// exportJSON is an export written as JSON (server/export/json.go).
type exportJSON struct {
	About   map[string]string `json:"about"`
	Columns []string          `json:"columns"`
	Rows    []map[string]any  `json:"rows"`
}

// parseExportJSON reads a command's --format json output.
func parseExportJSON(t *testing.T, out string) exportJSON {
	t.Helper()
	var doc exportJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("the JSON export does not parse: %v\n%.400s", err, out)
	}
	return doc
}

// exportRowsOf is the rows of a --format json output as JSON: the answer,
// without the about lines (whose data version a refused write may move).
func exportRowsOf(t *testing.T, out string) string {
	t.Helper()
	b, err := json.Marshal(parseExportJSON(t, out).Rows)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// parseExportCSV reads a command's --format csv output: the rows, the
// header first, with the "# " lines skipped.
func parseExportCSV(t *testing.T, out string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(out))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV export does not parse: %v\n%.400s", err, out)
	}
	return rows
}

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
	js := parseExportJSON(t, mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "json").stdout)
	if got, want := len(rows)-1, len(js.Rows); got != want || got == 0 {
		t.Errorf("got %d gap rows, want %d (as in --format json)", got, want)
	}
	cites := slices.Index(rows[0], "citations")
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

	t.Run("ErrOutputWithTable", func(t *testing.T) {
		r := pactwatch(t, nil, "gaps", "IDN", "--db", db, "-o", filepath.Join(t.TempDir(), "x.csv"))
		checkOneLineError(t, r, 2, "-o is for --format csv, xlsx or json")
	})
}

// TestExportColumnsCLI: gaps, compare and search write, as CSV, XLSX and
// JSON, the columns of the server's exports, in the same order, with the
// same names, and the cite-this line carries asOf and knownAt.
func TestExportColumnsCLI(t *testing.T) {
	db := fixtureDB(t)
	srv, _ := servertest.NewSearchServer(t)
	ts := servertest.NewHTTP(t, srv)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"gaps", []string{"gaps", "IDN", "--as-of", "2020-01-01"}},
		{"gaps", []string{"gaps", "LAO", "--include-unreviewed"}},
		{"compare", []string{"compare", "--instrument", "actip-2015"}},
		{"compare", []string{"compare", "IDN", "PHL", "--as-of", "2016-01-01", "--basis", "either"}},
		{"search", []string{"search", "victim", "-n", "5"}},
	} {
		t.Run(tc.name+"/"+strings.Join(tc.args[1:], "_"), func(t *testing.T) {
			want := strings.Join(export.Columns(tc.name), ",")
			resp, err := http.Get(ts.URL + "/export/" + tc.name + ".csv?state=IDN&q=victim")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if got := strings.Join(parseExportCSV(t, string(body))[0], ","); got != want {
				t.Fatalf("/export/%s.csv: got columns\n%s\nwant\n%s", tc.name, got, want)
			}
			args := append(append([]string{}, tc.args...), "--db", db, "--format")
			rows := parseExportCSV(t, mustRun(t, append(args, "csv")...).stdout)
			if got := strings.Join(rows[0], ","); got != want {
				t.Errorf("csv: got columns\n%s\nwant\n%s", got, want)
			}
			js := parseExportJSON(t, mustRun(t, append(args, "json")...).stdout)
			if got := strings.Join(js.Columns, ","); got != want {
				t.Errorf("json: got columns\n%s\nwant\n%s", got, want)
			}
			if len(js.Rows) != len(rows)-1 {
				t.Errorf("json: got %d rows, want %d as in the CSV", len(js.Rows), len(rows)-1)
			}
			for _, r := range js.Rows {
				if c, _ := r["citations"].(string); c == "" {
					t.Errorf("json: row %v has no citation", r)
				}
			}
			cite := js.About["cite_this"]
			if !strings.Contains(cite, "/export/"+tc.name+".json?") || !strings.Contains(cite, "knownAt=") || !strings.Contains(cite, "asOf=") {
				t.Errorf("json: got cite this %q, want the export's URL with asOf and knownAt", cite)
			}
			f, err := excelize.OpenReader(bytes.NewReader([]byte(mustRun(t, append(args, "xlsx")...).stdout)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet, _ := f.GetRows(tc.name)
			if got := strings.Join(sheet[0], ","); got != want {
				t.Errorf("xlsx: got columns\n%s\nwant\n%s", got, want)
			}
			if len(sheet) != len(rows) {
				t.Errorf("xlsx: got %d rows, want %d as in the CSV", len(sheet), len(rows))
			}
		})
	}
}
