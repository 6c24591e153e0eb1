package browsertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestDeskKnownAtInBrowser drives the Known at control on a desk page in
// headless Chromium: an editor publishes an evidence item that finds
// Indonesia's criminalisation effective; the IDN state page shows it; known
// at a moment before it (set with the header's control, as on the
// dashboard), the page's address, its "cite this" line and its export
// links carry the moment, and its compliance records are the old answer;
// "Now" brings the new one back. The search page's export links carry the
// moment too.
func TestDeskKnownAtInBrowser(t *testing.T) {
	requireChromium(t)
	artifacts := artifactsDir(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "db")
	editorKey := createKey(t, bin, db, "editor", "ed")
	base := startServeDB(t, bin, db)
	ctx, exceptions := newBrowser(t)
	eval := evaluator(ctx)

	const (
		obl      = "actip-2015/art_5/obl_1"
		evidence = "idn/ev/desk-known"
		page     = "/?page=state&code=IDN&asOf=2020-01-01"
	)
	// The control takes the precision typed (a minute, a second or
	// finer), and knownAt means the end of it: the moment chosen is the
	// millisecond before the one the change was logged in, after the load.
	publishEvidence(t, base, editorKey, evidence, obl)
	before := changeTime(t, base, evidence).Truncate(time.Millisecond).Add(-time.Millisecond)
	known := before.UTC().Format("2006-01-02T15:04:05.000Z") // as the control sends a time typed to the millisecond
	record := `#state-records tr[data-obligation="` + obl + `"]`
	hasEvidence := func(t *testing.T) bool {
		t.Helper()
		return eval(t, `String(document.getElementById("`+evidence+`") !== null)`) == "true"
	}

	var now string
	t.Run("NowShowsTheChange", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+page))
		waitFor(t, ctx, `document.body.dataset.page === "state:IDN@2020-01-01"`)
		if now = eval(t, `document.querySelector('`+record+`').dataset.practice`); now == "GAP" || now == "" {
			t.Fatalf("practice after the evidence: got %q, want the new answer", now)
		}
		if !hasEvidence(t) {
			t.Fatalf("evidence timeline: got no %s", evidence)
		}
	})

	t.Run("KnownAtControlOnStatePage", func(t *testing.T) {
		// Choose the moment in the header's control, in local time, as a reader would.
		eval(t, fmt.Sprintf(`(() => {
			const d = new Date(%d), p = (n) => String(n).padStart(2, "0");
			const el = document.querySelector("#knownat");
			el.value = d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + "T" + p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds()) + "." + String(d.getMilliseconds()).padStart(3, "0");
			el.dispatchEvent(new Event("change", { bubbles: true }));
			return "";
		})()`, before.UnixMilli()))
		waitFor(t, ctx, fmt.Sprintf(`document.body.dataset.page === %q`, "state:IDN@2020-01-01~"+known))
		loc := run(t, ctx, chromedp.Location())
		if !strings.Contains(loc, "knownAt="+url.QueryEscape(known)) || !strings.Contains(loc, "page=state") || !strings.Contains(loc, "asOf=2020-01-01") {
			t.Errorf("URL: got %q, want the page's address with knownAt=%s", loc, known)
		}
		if got := eval(t, `document.querySelector('`+record+`').dataset.practice`); got != "GAP" {
			t.Errorf("practice known at %s, before the evidence: got %q, want GAP (the old answer)", known, got)
		}
		cite := eval(t, `document.querySelector("#cite-this").innerText`)
		if got := eval(t, `document.querySelector("#cite-this").dataset.knownAt`); got != known || !strings.Contains(cite, "as the graph knew it on") || !strings.Contains(cite, "knownAt=") {
			t.Errorf("cite this: got %q (data-known-at %q), want the moment %s and the URL carrying it", cite, got, known)
		}
		if got := eval(t, `document.querySelector("#known-at-note").innerText`); !strings.Contains(got, "as the graph holds them now") {
			t.Errorf("known-at note: got %q, want it to say which lists are today's", got)
		}
		if got := eval(t, `document.querySelector("#export-records").getAttribute("href")`); !strings.Contains(got, "knownAt=") {
			t.Errorf("records export link: got %q, want it to carry knownAt", got)
		}
		saveScreenshot(t, ctx, artifacts, "desk-state-idn-known-at-1280.png")

		// The address opened cold draws the same page.
		run(t, ctx, chromedp.Navigate(loc))
		waitFor(t, ctx, fmt.Sprintf(`document.body.dataset.page === %q`, "state:IDN@2020-01-01~"+known))
		if got := eval(t, `document.querySelector('`+record+`').dataset.practice`); got != "GAP" {
			t.Errorf("practice, the URL opened cold: got %q, want GAP", got)
		}
		if got := eval(t, `document.querySelector("#knownat").value`); got == "" {
			t.Errorf("known-at control, the URL opened cold: got empty, want the URL's moment")
		}
	})

	t.Run("NowClearsKnownAt", func(t *testing.T) {
		run(t, ctx, chromedp.Click(chromedp.CSS("#known-now")))
		waitFor(t, ctx, `document.body.dataset.page === "state:IDN@2020-01-01"`)
		if loc := run(t, ctx, chromedp.Location()); strings.Contains(loc, "knownAt=") {
			t.Errorf("URL after Now: got %q, want no knownAt", loc)
		}
		if got := eval(t, `document.querySelector('`+record+`').dataset.practice`); got != now {
			t.Errorf("practice after Now: got %q, want %q", got, now)
		}
		// With no moment asked, the citation names the data's own moment (the
		// newest change), never the moment asked before.
		if got := eval(t, `document.querySelector("#cite-this").dataset.knownAt || ""`); got == "" || got == known {
			t.Errorf("cite this after Now: got data-known-at %q, want the data's own moment, not %q", got, known)
		}
	})
	t.Run("SearchPageExportsKnownAt", func(t *testing.T) {
		q := `"browser test"`
		run(t, ctx, chromedp.Navigate(base+"/?page=search&q="+url.QueryEscape(q)+"&knownAt="+url.QueryEscape(known)))
		waitFor(t, ctx, `(document.body.dataset.page || "").startsWith("search:")`)
		if got := eval(t, `String(document.querySelector('#search-results li[data-id="`+evidence+`"]') !== null)`); got != "true" {
			t.Errorf("search page: got no hit %s (the hits are of the graph now)", evidence)
		}
		if got := eval(t, `document.querySelector("#known-at-note").innerText`); !strings.Contains(got, "as the graph holds them now") {
			t.Errorf("search known-at note: got %q", got)
		}
		href := eval(t, `document.querySelector("#export-search-csv").getAttribute("href")`)
		if !strings.Contains(href, "knownAt=") {
			t.Fatalf("search export link: got %q, want it to carry knownAt", href)
		}
		resp, err := http.Get(base + href)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body bytes.Buffer
		body.ReadFrom(resp.Body)
		if resp.StatusCode != 200 || strings.Contains(body.String(), evidence) || !strings.Contains(body.String(), "# known at: "+known) {
			t.Errorf("search export known at %s: got %d\n%s\nwant the moment and no hit for the later evidence", known, resp.StatusCode, body.String())
		}
	})
	exceptions.check(t)
}

// changeTime is the time the change log gives record's last change.
func changeTime(t *testing.T, base, record string) time.Time {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": `query($r: ID) { changes(record: $r) { edges { node { time } } } }`, "variables": map[string]any{"r": record}})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			Changes struct {
				Edges []struct{ Node struct{ Time time.Time } }
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Data.Changes.Edges) == 0 {
		t.Fatalf("the change log of %s: got %+v (%v)", record, out, err)
	}
	return out.Data.Changes.Edges[len(out.Data.Changes.Edges)-1].Node.Time
}

// publishEvidence adds and publishes, with an editor's key, an evidence
// item that finds Indonesia's implementation of obligation effective.
func publishEvidence(t *testing.T, base, key, id, obligation string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"query": `mutation($input: ChangesInput!) { applyChanges(input: $input) { published added } }`,
		"variables": map[string]any{"input": map[string]any{"message": "browser test: a conviction", "publish": true,
			"put": []map[string]any{{"kind": "EVIDENCE", "record": map[string]any{
				"ID": id, "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01",
				"ObligationIDs": []string{obligation}, "Finding": "EFFECTIVE", "Summary": "A conviction, in a browser test.",
				"Sources": []map[string]any{{"Citation": "District court, case 2/2019", "URL": "https://example.org/case-2-2019"}},
			}}}}},
	})
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			ApplyChanges struct {
				Published bool
				Added     []string
			}
		}
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) > 0 || !out.Data.ApplyChanges.Published || len(out.Data.ApplyChanges.Added) != 1 {
		t.Fatalf("publishing %s: got %+v", id, out)
	}
}
