package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func getExport(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestExportXLSX(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	resp, body := getExport(t, ts.URL+"/export/gaps.xlsx?state=IDN&asOf=2020-01-01")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("got %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "pactwatch-gaps-IDN-2020-01-01.xlsx") {
		t.Errorf("got Content-Disposition %q", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "About,gaps,Sources" {
		t.Fatalf("got sheets %v, want About, gaps, Sources", got)
	}
	about, _ := f.GetRows("About")
	meta := map[string]string{}
	for _, r := range about {
		if len(r) == 2 {
			meta[r[0]] = r[1]
		}
	}
	if meta["as of"] != "2020-01-01" || meta["data version"] == "" || !strings.Contains(meta["cite this"], "/export/gaps.xlsx?state=IDN&asOf=2020-01-01") {
		t.Errorf("got About %v, want the as-of date, the data version and a cite-this line with the URL", meta)
	}
	rows, _ := f.GetRows("gaps")
	if len(rows) < 2 {
		t.Fatalf("got %d rows, want IDN's gaps", len(rows))
	}
	head := rows[0]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, head)
		return -1
	}
	cites, urls, obl := col("citations"), col("source_urls"), col("obligation")
	for _, r := range rows[1:] {
		if len(r) <= urls || r[cites] == "" || !strings.Contains(r[urls], "http") {
			t.Errorf("row %v has no citations", r[obl])
		}
		if !strings.HasPrefix(r[obl], "actip-2015/") && !strings.Contains(r[obl], "/") {
			t.Errorf("row obligation %q is not an obligation id", r[obl])
		}
	}
	srcs, _ := f.GetRows("Sources")
	if len(srcs) < 2 || srcs[0][0] != "citation" {
		t.Errorf("got Sources %v, want a list of sources", srcs)
	}
}

func TestExportCSV(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	resp, body := getExport(t, ts.URL+"/export/matrix.csv?asOf=2018-01-01&instrument=actip-2015")
	if resp.StatusCode != 200 {
		t.Fatalf("got %d: %s", resp.StatusCode, body)
	}
	text := string(body)
	if !strings.Contains(text, "# as of: 2018-01-01\n") || !strings.Contains(text, "# cite this: pactwatch, ") {
		t.Errorf("got header block\n%s\nwant the as-of date and a cite-this line", text[:min(len(text), 600)])
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 11 {
		t.Fatalf("got %d lines, want a header and ten states", len(recs))
	}
	var khm []string
	for _, rec := range recs[1:] {
		if rec[0] == "KHM" {
			khm = rec
		}
		for _, c := range rec {
			if c == "-" {
				t.Errorf("row %v holds a dash; an unknown value is empty", rec)
			}
		}
	}
	// Cambodia deposited in January 2016 (the fixtures' idea of the date),
	// and its row cites the deposit's sources.
	if khm == nil || khm[2] != "true" || khm[3] != "PARTY" || khm[7] != "2016-01" || khm[len(khm)-2] == "" {
		t.Errorf("got KHM row %v, want a party that deposited 2016-01 with citations", khm)
	}

	for _, name := range []string{"heatmap", "compare", "records?state=PHL"} {
		t.Run("OK/"+name, func(t *testing.T) {
			n, q, _ := strings.Cut(name, "?")
			resp, body := getExport(t, ts.URL+"/export/"+n+".csv?instrument=actip-2015&asOf=2020-01-01&"+q)
			if resp.StatusCode != 200 || strings.Count(string(body), "\n") < 5 {
				t.Errorf("got %d: %s", resp.StatusCode, body)
			}
		})
	}

	for _, tc := range []struct {
		name, path string
		status     int
		code       string
	}{
		{"ErrNoState", "/export/gaps.csv", 400, apierr.CodeBadUserInput},
		{"ErrUnknownState", "/export/gaps.csv?state=XYZ", 404, apierr.CodeNotFound},
		{"ErrBadDate", "/export/gaps.csv?state=IDN&asOf=yesterday", 400, apierr.CodeBadUserInput},
		{"ErrBadBasis", "/export/compare.csv?basis=vibes", 400, apierr.CodeBadUserInput},
		{"ErrUnknownExport", "/export/planets.csv", 404, apierr.CodeNotFound},
		{"ErrFormat", "/export/gaps.pdf?state=IDN", 400, apierr.CodeBadUserInput},
		{"ErrUnknownInstrument", "/export/matrix.xlsx?instrument=nope", 404, apierr.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := getExport(t, ts.URL+tc.path)
			var out struct {
				Errors []struct {
					Extensions struct{ Code string }
				}
			}
			json.Unmarshal(body, &out)
			if resp.StatusCode != tc.status || len(out.Errors) == 0 || out.Errors[0].Extensions.Code != tc.code {
				t.Errorf("got %d %s, want %d with code %s", resp.StatusCode, body, tc.status, tc.code)
			}
		})
	}
}
