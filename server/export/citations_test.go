package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/export"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// citedRow checks one data row: a citation, or exactly the marker with no
// record named.
func citedRow(t *testing.T, where string, head, row []string) {
	t.Helper()
	col := func(name string) string {
		for i, h := range head {
			if h == name && i < len(row) {
				return row[i]
			}
		}
		return ""
	}
	cites, records := col("citations"), col("cited_records")
	switch {
	case cites == "":
		t.Errorf("%s: row %.120q has no citation and not the marker", where, strings.Join(row, ","))
	case cites == export.NoRecordHeld && records != "":
		t.Errorf("%s: row %.120q says %q but names records %q", where, strings.Join(row, ","), cites, records)
	case cites != export.NoRecordHeld && records == "":
		t.Errorf("%s: row %.120q cites %q from no record", where, strings.Join(row, ","), cites)
	}
}

// dimensionRE reads a worksheet's declared range.
var dimensionRE = regexp.MustCompile(`<dimension ref="([^"]*)"`)

// checkDimensions fails on any sheet of the workbook whose declared
// dimension is not the range its rows and columns fill.
func checkDimensions(t *testing.T, where string, body []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: the workbook does not open: %v", where, err)
	}
	defer f.Close()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]string{} // sheet file → ref
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if m := dimensionRE.FindSubmatch(b); m != nil {
			declared[zf.Name] = string(m[1])
		}
	}
	for i, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		want := "A1"
		if len(rows) > 0 && cols > 0 {
			last, _ := excelize.CoordinatesToCellName(cols, len(rows))
			want = "A1:" + last
		}
		file := "xl/worksheets/sheet" + string(rune('1'+i)) + ".xml"
		if got := declared[file]; got != want {
			t.Errorf("%s: sheet %s declares dimension %q, want %q (%d rows, %d columns)", where, sheet, got, want, len(rows), cols)
		}
	}
}

// TestExportEveryRowCited reads every exported table, as CSV and as XLSX,
// today and on 2016-01-01, and fails on any data row without a citation or
// the marker, and on any sheet whose declared dimension differs from its
// rows.
func TestExportEveryRowCited(t *testing.T) {
	srv, _ := servertest.NewSearchServer(t)
	ts := servertest.NewHTTP(t, srv)
	paths := []string{"matrix", "heatmap", "compare", "compare?instrument=actip-2015", "records?state=IDN", "records?state=BRN",
		"gaps?state=IDN", "gaps?state=LAO&include=UNREVIEWED", "gaps?state=KHM&basis=EITHER", "search?q=trafficking&n=50"}
	for _, asOf := range []string{"", "2016-01-01"} {
		for _, p := range paths {
			name, q, _ := strings.Cut(p, "?")
			if asOf != "" {
				q = strings.TrimPrefix(q+"&asOf="+asOf, "&")
			}
			t.Run(name+"/"+cmpOr(asOf, "today"), func(t *testing.T) {
				u := ts.URL + "/export/" + name + ".csv?" + q
				meta, rows := exportCSV(t, u)
				cite := meta["cite this"]
				if !strings.Contains(cite, "knownAt=") || !strings.Contains(cite, "as the graph knew it at "+meta["known at"]) || meta["known at"] == "" ||
					!strings.Contains(cite, "asOf=") || (name != "search" && (!strings.Contains(cite, "asOf="+meta["as of"]) || meta["as of"] == "")) {
					t.Errorf("%s: got cite this %q (as of %q, known at %q), want asOf and knownAt in it and its URL", u, cite, meta["as of"], meta["known at"])
				}
				if len(rows) < 2 && name != "gaps" { // IDN had no gaps in 2016
					t.Fatalf("%s: got no rows", u)
				}
				if got, want := strings.Join(rows[0], ","), strings.Join(export.Columns(name), ","); got != want {
					t.Errorf("%s: got columns %s, want %s", u, got, want)
				}
				for _, r := range rows[1:] {
					citedRow(t, u, rows[0], r)
				}
				u = ts.URL + "/export/" + name + ".xlsx?" + q
				resp, body := getExport(t, u)
				if resp.StatusCode != 200 {
					t.Fatalf("GET %s: %d %s", u, resp.StatusCode, body)
				}
				checkDimensions(t, u, body)
				f, _ := excelize.OpenReader(bytes.NewReader(body))
				defer f.Close()
				sheet, _ := f.GetRows(name)
				if len(sheet) != len(rows) {
					t.Errorf("%s: got %d rows, want %d as in the CSV", u, len(sheet), len(rows))
				}
				for _, r := range sheet[1:] {
					citedRow(t, u, sheet[0], r)
				}
			})
		}
	}
}

func cmpOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

// TestExportCitationsNamed checks named rows for the records they cite.
func TestExportCitationsNamed(t *testing.T) {
	st := servertest.MustOpenFixtures(t)
	ts := servertest.NewHTTP(t, server.New(st, server.DefaultConfig()))
	sourcesOf := func(t *testing.T, id string) []graph.Source {
		t.Helper()
		ns, err := st.Nodes(t.Context(), []string{id})
		if err != nil || ns[0] == nil {
			t.Fatalf("no record %s: %v", id, err)
		}
		return graph.RecordOf(ns[0]).Sources
	}
	row := func(t *testing.T, u, key1, want1, key2, want2 string) map[string]string {
		t.Helper()
		_, rows := exportCSV(t, ts.URL+u)
		for _, r := range rows[1:] {
			m := map[string]string{}
			for i, h := range rows[0] {
				m[h] = r[i]
			}
			if m[key1] == want1 && m[key2] == want2 {
				return m
			}
		}
		t.Fatalf("%s: no row %s=%s, %s=%s", u, key1, want1, key2, want2)
		return nil
	}
	wantCites := func(t *testing.T, m map[string]string, ids ...string) {
		t.Helper()
		for _, id := range ids {
			if !strings.Contains(" "+m["cited_records"]+" ", " "+id+" ") {
				t.Errorf("got cited_records %q, want %s among them", m["cited_records"], id)
			}
			for _, s := range sourcesOf(t, id) {
				if !strings.Contains(m["citations"], s.Citation) {
					t.Errorf("got citations %q, want %s's %q", m["citations"], id, s.Citation)
				}
			}
		}
	}

	t.Run("OKSignature", func(t *testing.T) {
		m := row(t, "/export/matrix.csv?instrument=asean-mlat-2004", "state", "BRN", "instrument", "asean-mlat-2004")
		if m["signed"] != "2004-11-29" {
			t.Fatalf("got BRN × MLAT signed %q, want 2004-11-29", m["signed"])
		}
		wantCites(t, m, "BRN/asean-mlat-2004/signature")
	})
	t.Run("OKCommitted", func(t *testing.T) {
		const inst = "apa-2015" // a plan of action: it commits, it does not bind
		m := row(t, "/export/matrix.csv", "state", "IDN", "instrument", inst)
		if m["standing"] != string(graph.StandingCommitted) {
			t.Fatalf("got IDN × %s %s, want COMMITTED", inst, m["standing"])
		}
		wantCites(t, m, inst, "IDN") // the instrument's adoption, the state's membership
		r := row(t, "/export/records.csv?state=IDN&instrument="+inst, "state", "IDN", "standing", string(graph.StandingCommitted))
		wantCites(t, r, inst, "IDN")
	})
	t.Run("OKConsent", func(t *testing.T) {
		m := row(t, "/export/matrix.csv?instrument=actip-2015", "state", "KHM", "instrument", "actip-2015")
		if m["action"] == "" {
			t.Fatalf("got KHM × ACTIP with no action: %v", m)
		}
		wantCites(t, m, m["action"])
	})
}

// TestExportFormulaInHeaderLines: a search text that is a formula after a
// comma stays text in every line a spreadsheet reads, the "# " lines too.
func TestExportFormulaInHeaderLines(t *testing.T) {
	srv, _ := servertest.NewSearchServer(t)
	ts := servertest.NewHTTP(t, srv)
	const evil = `x,=cmd|' /C calc'!A0`
	resp, body := getExport(t, ts.URL+"/export/search.csv?q="+strings.ReplaceAll(strings.ReplaceAll(evil, "|", "%7C"), " ", "%20"))
	if resp.StatusCode != 200 {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
	// Read every line as a spreadsheet does: split at commas, no comment.
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rec := range recs {
		for _, c := range rec {
			c = strings.TrimLeft(c, ` "`)
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("got field %q, which a spreadsheet runs as a formula", c)
			}
			found = found || strings.Contains(c, "cmd|")
		}
	}
	if !found {
		t.Errorf("the search text is not in the export:\n%s", body)
	}
	if !strings.Contains(string(body), "# url: http") || strings.Contains(string(body), "# url: "+ts.URL+"/export/search.csv?q=x,=") {
		t.Errorf("the url line is not built from the parsed parameters:\n%s", body)
	}
}

// TestExportPublicURL: the URL an export cites starts with the server's
// public URL when it has one, and the export it names gives the same rows.
func TestExportPublicURL(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.PublicURL = "https://pactwatch.example.org/"
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), cfg))
	meta, rows := exportCSV(t, ts.URL+"/export/gaps.csv?state=idn&instrument=actip-2015")
	const want = "https://pactwatch.example.org/export/gaps.csv?state=IDN&asOf="
	if !strings.HasPrefix(meta["url"], want) || !strings.HasSuffix(meta["cite this"], ". "+meta["url"]) {
		t.Fatalf("got url %q and cite this %q, want the public URL %s...", meta["url"], meta["cite this"], want)
	}
	// Following the URL cited (on this server) gives the same table.
	_, again := exportCSV(t, ts.URL+strings.TrimPrefix(meta["url"], "https://pactwatch.example.org"))
	if len(again) != len(rows) || strings.Join(again[len(again)-1], ",") != strings.Join(rows[len(rows)-1], ",") {
		t.Errorf("the cited URL gives %d rows, want the %d first given", len(again), len(rows))
	}
}
