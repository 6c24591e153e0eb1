package export_test

import (
	"context"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// knownExportWord is a word only the evidence the test adds holds.
const knownExportWord = "quillwort"

// newKnownExportServer serves the fixtures with a search index, then adds
// an evidence item that finds Indonesia's criminalisation effective, and
// returns the server and a moment before the addition.
func newKnownExportServer(t *testing.T) (string, time.Time) {
	t.Helper()
	ctx := context.Background()
	st := servertest.MustOpenFixtures(t).(*store.Store)
	ix := search.NewMemory()
	t.Cleanup(func() { ix.Close() })
	if err := ix.Rebuild(ctx, st, st.Version()); err != nil {
		t.Fatal(err)
	}
	cfg := server.DefaultConfig()
	cfg.Search = ix
	ts := servertest.NewHTTP(t, server.New(st, cfg))

	before := time.Now().UTC()
	time.Sleep(2 * time.Millisecond)
	v := st.Version()
	ev := &graph.Evidence{ID: "idn/ev/export-known", StateCode: "IDN", Kind: graph.EvidenceCourtCase, Date: mustDate(t, "2019-06-01"),
		ObligationIDs: []string{"actip-2015/art_5/obl_1"}, Finding: graph.FindingEffective,
		Summary: "A test conviction for trafficking, its court a " + knownExportWord + " bench.",
		Record:  graph.Record{Sources: []graph.Source{{Citation: "Test court, case 1/2019", URL: "https://example.org/case"}}}}
	res, err := st.Apply(ctx, &graph.Batch{Put: []graph.Node{ev}, Author: "test", Message: "an evidence item for the known-at exports"})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := ix.Update(ctx, st, v, st.Version(), res); err != nil || !ok {
		t.Fatalf("updating the index: %v (applied %v)", err, ok)
	}
	return ts.URL, before
}

func mustDate(t *testing.T, s string) graph.Date {
	t.Helper()
	d, err := graph.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// exportCSV fetches an export as CSV and returns its "# key: value" lines
// and its rows, the header first.
func exportCSV(t *testing.T, u string) (map[string]string, [][]string) {
	t.Helper()
	resp, body := getExport(t, u)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: got %d: %s", u, resp.StatusCode, body)
	}
	meta := map[string]string{}
	for _, line := range strings.Split(string(body), "\n") {
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "# "), ": "); ok && strings.HasPrefix(line, "# ") {
			meta[k] = v
		}
	}
	r := csv.NewReader(strings.NewReader(string(body)))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return meta, rows
}

// cell returns the value of column col in the first row whose column key
// is want ("" when there is none).
func cell(rows [][]string, key, want, col string) string {
	ki, ci := -1, -1
	for i, h := range rows[0] {
		switch h {
		case key:
			ki = i
		case col:
			ci = i
		}
	}
	for _, r := range rows[1:] {
		if ki >= 0 && ci >= 0 && r[ki] == want {
			return r[ci]
		}
	}
	return ""
}

func TestExportKnownAt(t *testing.T) {
	base, before := newKnownExportServer(t)
	known := before.Format(time.RFC3339Nano)
	at := func(path string, moment string) string {
		if moment == "" {
			return base + path
		}
		return base + path + "&knownAt=" + url.QueryEscape(moment)
	}
	const obl = "actip-2015/art_5/obl_1"

	t.Run("OKRecords", func(t *testing.T) {
		path := "/export/records.csv?state=IDN&asOf=2020-01-01&instrument=actip-2015"
		meta, old := exportCSV(t, at(path, known))
		_, now := exportCSV(t, at(path, ""))
		_, later := exportCSV(t, at(path, time.Now().UTC().Format(time.RFC3339Nano)))
		if got := cell(old, "obligation", obl, "practice"); got != "GAP" {
			t.Errorf("practice known at %s, before the change: got %q, want GAP", known, got)
		}
		if got := cell(old, "obligation", obl, "evidence"); strings.Contains(got, "idn/ev/export-known") {
			t.Errorf("evidence known before the change: got %q, want no new item", got)
		}
		for name, rows := range map[string][][]string{"now": now, "known after the change": later} {
			if got := cell(rows, "obligation", obl, "practice"); got == "GAP" || got == "" {
				t.Errorf("practice %s: got %q, want the new answer", name, got)
			}
			if got := cell(rows, "obligation", obl, "evidence"); !strings.Contains(got, "idn/ev/export-known") {
				t.Errorf("evidence %s: got %q, want the new item", name, got)
			}
		}
		if meta["known at"] != known {
			t.Errorf("known at line: got %q, want %q", meta["known at"], known)
		}
		if c := meta["cite this"]; !strings.Contains(c, "as the graph knew it at "+known) || !strings.Contains(c, "knownAt=") {
			t.Errorf("cite this: got %q, want the moment and the URL carrying it", c)
		}
	})

	t.Run("OKGapsAndCompare", func(t *testing.T) {
		gaps := "/export/gaps.csv?state=IDN&asOf=2020-01-01&basis=PRACTICE&instrument=actip-2015"
		_, old := exportCSV(t, at(gaps, known))
		_, now := exportCSV(t, at(gaps, ""))
		if cell(old, "obligation", obl, "practice") != "GAP" || cell(now, "obligation", obl, "practice") != "" {
			t.Errorf("practice gaps: got %s listed %v before and %v now, want listed before the change only",
				obl, cell(old, "obligation", obl, "practice") != "", cell(now, "obligation", obl, "practice") != "")
		}
		cmp := "/export/compare.csv?states=IDN&asOf=2020-01-01&basis=PRACTICE&instrument=actip-2015"
		_, oldCmp := exportCSV(t, at(cmp, known))
		_, nowCmp := exportCSV(t, at(cmp, ""))
		if o, n := cell(oldCmp, "state", "IDN", "implemented"), cell(nowCmp, "state", "IDN", "implemented"); o == n || o == "" {
			t.Errorf("IDN implemented in practice: got %q known before the change and %q now, want them to differ", o, n)
		}
		heat := "/export/heatmap.csv?asOf=2020-01-01&instrument=actip-2015"
		_, oldHeat := exportCSV(t, at(heat, known))
		if got := cell(oldHeat, "obligation", obl, "practice"); got != "GAP" { // IDN's row is the first of the obligation
			t.Errorf("heatmap known before the change: got practice %q, want GAP", got)
		}
	})

	t.Run("OKSearch", func(t *testing.T) {
		path := "/export/search.csv?q=" + knownExportWord
		meta, old := exportCSV(t, at(path, known))
		_, now := exportCSV(t, at(path, ""))
		if len(old) != 1 {
			t.Errorf("search known before the change: got %d hits, want none", len(old)-1)
		}
		if cell(now, "id", "idn/ev/export-known", "kind") != "EVIDENCE" {
			t.Errorf("search now: got %v, want the new evidence", now)
		}
		if meta["known at"] != known || !strings.Contains(meta["cite this"], "as the graph knew it at") {
			t.Errorf("search meta: got %v, want the moment", meta)
		}
	})

	t.Run("OKAsOfDefaultsToKnownAtDay", func(t *testing.T) {
		meta, _ := exportCSV(t, at("/export/matrix.csv?instrument=actip-2015", "2030-01-02T03:04:05Z"))
		if meta["as of"] != "2030-01-02" {
			t.Errorf("as of without asOf, known at 2030-01-02: got %q, want the moment's day", meta["as of"])
		}
	})

	t.Run("ErrBeforeTheHistory", func(t *testing.T) {
		// Before the fixtures were loaded the store can say nothing: the
		// question is refused, naming where its history starts.
		resp, body := getExport(t, at("/export/matrix.csv?asOf=2020-01-01", "2001-01-01T00:00:00Z"))
		if resp.StatusCode != 400 || !strings.Contains(string(body), apierr.CodeBadUserInput) || !strings.Contains(string(body), "history starts") {
			t.Errorf("got %d %s, want 400 naming where the history starts", resp.StatusCode, body)
		}
	})

	t.Run("ErrBadKnownAt", func(t *testing.T) {
		resp, body := getExport(t, base+"/export/gaps.csv?state=IDN&knownAt=yesterday")
		if resp.StatusCode != 400 || !strings.Contains(string(body), apierr.CodeBadUserInput) || !strings.Contains(string(body), "knownAt: invalid time") {
			t.Errorf("got %d %s, want 400 naming knownAt", resp.StatusCode, body)
		}
	})
}
