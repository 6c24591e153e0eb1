package browsertest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestExportButtonsInBrowser checks the matrix, heatmap and compare panels'
// links to the server's exports with citations: each follows the view in the
// address (its known-at moment too), and what it downloads (parsed back
// here) has a citations column and, in the workbook, a Sources sheet.
func TestExportButtonsInBrowser(t *testing.T) {
	requireChromium(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	href := func(t *testing.T, panel, format string) string {
		t.Helper()
		return run(t, ctx, chromedp.Evaluate[string](`document.querySelector('#`+panel+` a.export-link[data-format="`+format+`"]').getAttribute("href")`))
	}
	fetch := func(t *testing.T, path string) []byte {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: got %d %s, want 200", path, resp.StatusCode, body)
		}
		return body
	}
	// A moment after the store was loaded, as the address carries it.
	known := time.Now().UTC().Format(time.RFC3339Nano)
	tests := []struct {
		name, query, drawn, panel string
		wantHref                  []string // for the CSV link; the XLSX link is the same with .xlsx
		sheet                     string
		wantCSV                   []string
	}{
		{name: "Matrix", query: "?asOf=2018-12-31&view=matrix", drawn: "matrix@2018-12-31", panel: "panel-matrix",
			wantHref: []string{"/export/matrix.csv?", "asOf=2018-12-31"}, sheet: "matrix"},
		{name: "Heatmap", query: "?asOf=2018-12-31&view=heatmap&instrument=actip-2015", drawn: "heatmap@2018-12-31", panel: "panel-heatmap",
			wantHref: []string{"/export/heatmap.csv?", "asOf=2018-12-31", "instrument=actip-2015"}, sheet: "heatmap"},
		{name: "Compare", query: "?asOf=2019-06-30&view=compare&basis=PRACTICE&compare=actip-2015", drawn: "compare@2019-06-30/PRACTICE", panel: "panel-compare",
			wantHref: []string{"/export/compare.csv?", "asOf=2019-06-30", "basis=PRACTICE", "instrument=actip-2015"}, sheet: "compare"},
		{name: "HeatmapKnownAt", query: "?asOf=2018-12-31&view=heatmap&instrument=actip-2015&knownAt=" + url.QueryEscape(known), drawn: "heatmap@2018-12-31/LAW~" + known, panel: "panel-heatmap",
			wantHref: []string{"/export/heatmap.csv?", "asOf=2018-12-31", "knownAt=" + url.QueryEscape(known)}, sheet: "heatmap",
			wantCSV: []string{"# known at: " + known + "\n", "as the graph knew it at " + known}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run(t, ctx, chromedp.Navigate(base+"/"+tt.query))
			waitDrawn(t, ctx, tt.drawn)
			csvHref := href(t, tt.panel, "csv")
			for _, want := range tt.wantHref {
				if !strings.Contains(csvHref, want) {
					t.Errorf("CSV link: got %q, want it to contain %q", csvHref, want)
				}
			}
			csv := string(fetch(t, csvHref))
			if !strings.Contains(csv, "citations") || !strings.Contains(csv, "source_urls") || !strings.Contains(csv, "# cite this") {
				t.Errorf("CSV from %s: got no citations column or cite-this line:\n%.400s", csvHref, csv)
			}
			for _, want := range tt.wantCSV {
				if !strings.Contains(csv, want) {
					t.Errorf("CSV from %s: got\n%.800s\nwant it to hold %q", csvHref, csv, want)
				}
			}
			xlsxHref := href(t, tt.panel, "xlsx")
			if want := strings.Replace(csvHref, ".csv", ".xlsx", 1); xlsxHref != want {
				t.Errorf("XLSX link: got %q, want %q", xlsxHref, want)
			}
			f, err := excelize.OpenReader(bytes.NewReader(fetch(t, xlsxHref)))
			if err != nil {
				t.Fatalf("opening the workbook from %s: %v", xlsxHref, err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !slices.Contains(got, "Sources") || !slices.Contains(got, tt.sheet) {
				t.Errorf("sheets: got %v, want %s and Sources", got, tt.sheet)
			}
			rows, _ := f.GetRows(tt.sheet)
			if len(rows) < 2 || !slices.Contains(rows[0], "citations") {
				t.Errorf("%s sheet: got header %v (%d rows), want a citations column and rows", tt.sheet, rows[0:min(1, len(rows))], len(rows))
			}
		})
	}
	exceptions.check(t)
}
