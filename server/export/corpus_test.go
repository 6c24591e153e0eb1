package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"path"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/export"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func TestCorpusZip(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	resp, body := getExport(t, ts.URL+"/export/corpus.zip")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("got %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[path.Base(f.Name)] = b
	}
	for _, name := range []string{"instruments.csv", "provisions.csv", "obligations.csv", "states.csv", "state_actions.csv", "laws.csv",
		"implementations.csv", "evidence.csv", "reviews.csv", "sources.csv", "changelog.csv", "revisions.csv", "NOTICE.txt", "LICENSE.md", "manifest.json"} {
		if files[name] == nil {
			t.Errorf("the zip has no %s (it has %d files)", name, len(files))
		}
	}
	var m export.CorpusManifest
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	if m.DataVersion == "" || m.Counts["provision"] == 0 || m.Counts["state"] != 10 || m.Changelog.Entries == 0 {
		t.Errorf("got manifest %+v, want the data version, counts and a changelog", m)
	}
	for _, fi := range m.Files {
		if !strings.HasSuffix(fi.Name, ".csv") {
			continue
		}
		rows, err := csv.NewReader(bytes.NewReader(files[fi.Name])).ReadAll()
		if err != nil {
			t.Errorf("%s does not parse: %v", fi.Name, err)
			continue
		}
		if len(rows)-1 != fi.Rows {
			t.Errorf("%s: got %d rows, the manifest says %d", fi.Name, len(rows)-1, fi.Rows)
		}
		if kind := strings.TrimSuffix(strings.TrimSuffix(fi.Name, ".csv"), "s"); m.Counts[kind] != 0 && m.Counts[kind] != fi.Rows {
			t.Errorf("%s: got %d rows, want %d records", fi.Name, fi.Rows, m.Counts[kind])
		}
	}
	prov, _ := csv.NewReader(bytes.NewReader(files["provisions.csv"])).ReadAll()
	head := strings.Join(prov[0], ",")
	if !strings.HasPrefix(head, "id,instrument,label") || !strings.HasSuffix(head, "origin,origin_line,claims,citations,source_urls") {
		t.Errorf("got provisions.csv header %s", head)
	}
	// Columns are named as the fixture files name the fields.
	ev, _ := csv.NewReader(bytes.NewReader(files["evidence.csv"])).ReadAll()
	if head := strings.Join(ev[0], ","); !strings.HasPrefix(head, "id,state,kind,date,period_from,period_to,obligations,themes,finding") {
		t.Errorf("got evidence.csv header %s", head)
	}
	for _, fi := range m.Files {
		if rows, _ := csv.NewReader(bytes.NewReader(files[fi.Name])).ReadAll(); strings.HasSuffix(fi.Name, ".csv") && len(rows) > 0 {
			for _, col := range rows[0] {
				if strings.Contains(col, "_i_d") || strings.HasSuffix(col, "_id") || strings.HasSuffix(col, "_code") {
					t.Errorf("%s: column %q is named for a Go field, not as the fixtures name it", fi.Name, col)
				}
			}
		}
	}
	if !strings.Contains(string(files["NOTICE.txt"]), "data version "+m.DataVersion) {
		t.Errorf("the notice does not cite the data version:\n%s", files["NOTICE.txt"])
	}

	t.Run("OKLicence", func(t *testing.T) {
		notice := string(files["NOTICE.txt"])
		if !strings.Contains(notice, "CC BY 4.0") || !strings.Contains(notice, "https://creativecommons.org/licenses/by/4.0/") ||
			!strings.Contains(notice, "remain those of their\nofficial sources") || strings.Contains(notice, "No licence") {
			t.Errorf("the notice does not carry the licence:\n%s", notice)
		}
		if l := m.License; l.ID != "CC-BY-4.0" || l.URL != "https://creativecommons.org/licenses/by/4.0/" || !strings.Contains(l.Scope, "official sources") || l.File != "LICENSE.md" {
			t.Errorf("got manifest licence %+v, want CC BY 4.0 and its scope", l)
		}
		if lic := string(files["LICENSE.md"]); !strings.Contains(lic, "Creative Commons Attribution 4.0 International") || !strings.Contains(lic, "reproduced for reference") {
			t.Errorf("LICENSE.md in the zip:\n%s", lic)
		}
		listed := false
		for _, fi := range m.Files {
			listed = listed || fi.Name == "LICENSE.md"
		}
		if !listed {
			t.Errorf("the manifest does not list LICENSE.md: %+v", m.Files)
		}
	})
	t.Run("ETag", func(t *testing.T) {
		req, _ := http.NewRequest("GET", ts.URL+"/export/corpus.zip", nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		r2, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r2.Body.Close()
		if resp.Header.Get("ETag") == "" || r2.StatusCode != http.StatusNotModified {
			t.Errorf("got ETag %q and %d, want a 304 for the same data version", resp.Header.Get("ETag"), r2.StatusCode)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		resp, body := getExport(t, ts.URL+"/export/corpus.json?changes=5")
		var doc struct {
			Manifest  export.CorpusManifest
			Notice    string
			Records   map[string][]json.RawMessage
			Changelog []export.CorpusChange
		}
		if err := json.Unmarshal(body, &doc); err != nil || resp.StatusCode != 200 {
			t.Fatalf("got %d: %v", resp.StatusCode, err)
		}
		if len(doc.Changelog) != 5 || doc.Manifest.Changelog.Complete || len(doc.Records["law"]) != doc.Manifest.Counts["law"] {
			t.Errorf("got %d changes (complete %v) and %d laws", len(doc.Changelog), doc.Manifest.Changelog.Complete, len(doc.Records["law"]))
		}
		if doc.Manifest.License.ID != "CC-BY-4.0" || !strings.Contains(doc.Notice, "CC BY 4.0") {
			t.Errorf("the JSON corpus: got licence %+v and notice %q, want CC BY 4.0 in both", doc.Manifest.License, doc.Notice)
		}
	})
	t.Run("ErrSince", func(t *testing.T) {
		resp, _ := getExport(t, ts.URL+"/export/corpus.json?since=yesterday")
		if resp.StatusCode != 400 {
			t.Errorf("got %d, want 400", resp.StatusCode)
		}
	})
}

func TestSearchExport(t *testing.T) {
	srv, _ := servertest.NewSearchServer(t)
	ts := servertest.NewHTTP(t, srv)
	resp, body := getExport(t, ts.URL+"/export/search.csv?q=non-punishment&kind=PROVISION,OBLIGATION")
	if resp.StatusCode != 200 {
		t.Fatalf("got %d: %s", resp.StatusCode, body)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "rank,kind,id,title,state,instrument,score,match,cited_records,citations,source_urls" {
		t.Fatalf("got %v", rows)
	}
	found := false
	for _, row := range rows[1:] {
		if row[2] == "actip-2015/art_14/para_7" {
			found = true
		}
		if row[9] == "" {
			t.Errorf("hit %s has no citations", row[2])
		}
	}
	if !found || !strings.Contains(string(body), "# query: non-punishment") {
		t.Errorf("no ACTIP Art. 14(7) hit, or no query line, in\n%s", body)
	}

	resp, body = getExport(t, ts.URL+"/export/search.xlsx?q=victim&n=3")
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("got %d, the workbook does not open: %v", resp.StatusCode, err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "About,search,Sources" {
		t.Errorf("got sheets %s", got)
	}
	if hits, _ := f.GetRows("search"); len(hits) != 4 {
		t.Errorf("got %d rows, want a header and n=3 hits", len(hits))
	}
	if src, _ := f.GetRows("Sources"); len(src) < 2 {
		t.Errorf("got %d Sources rows, want the hits' sources", len(src))
	}

	resp, _ = getExport(t, ts.URL+"/export/search.csv?q=%22unclosed")
	if resp.StatusCode != 400 {
		t.Errorf("a bad query: got %d, want 400", resp.StatusCode)
	}
}
