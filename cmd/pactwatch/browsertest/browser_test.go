package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pactwatch/pactwatch/cmd/pactwatch/internal/clitest"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

// TestDashboardInBrowser builds the pactwatch binary, serves the embedded
// fixtures from an empty store, and drives the dashboard in headless Chromium
// the way a user would: it reads the ratification matrix, moves the as-of
// date, opens drill-downs, downloads the CSV and, when $PACTWATCH_ARTIFACTS
// names a directory, saves screenshots there.
func TestDashboardInBrowser(t *testing.T) {
	requireChromium(t)
	artifacts := artifactsDir(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)

	// load opens a dashboard URL and waits until the view it names is drawn.
	load := func(t *testing.T, query, drawn string) {
		t.Helper()
		run(t, ctx, chromedp.Navigate(base+"/"+query))
		waitDrawn(t, ctx, drawn)
	}
	cellText := func(t *testing.T, sel string) string {
		t.Helper()
		return run(t, ctx, chromedp.Text(chromedp.CSS(sel)))
	}
	eval := evaluator(ctx)
	// mustExist fails the test at once when the page has no element sel,
	// rather than letting a query wait for it.
	mustExist := func(t *testing.T, sel string) {
		t.Helper()
		if got := eval(t, fmt.Sprintf(`String(document.querySelector(%q) !== null)`, sel)); got != "true" {
			t.Fatalf("element %s: got none, want one", sel)
		}
	}

	t.Run("MatrixShowsACTIPRatifications", func(t *testing.T) {
		start := time.Now()
		load(t, "?asOf=2018-12-31&view=matrix", "matrix@2018-12-31/LAW")
		t.Logf("matrix loaded and drawn in %v", time.Since(start))
		tests := []struct {
			state      string
			wantStatus string
			wantText   []string
		}{
			{"SGP", "in-force", []string{"In force", "2016-01-25"}},
			{"PHL", "in-force", []string{"In force", "2017-02-07"}},
		}
		for _, tt := range tests {
			t.Run(tt.state, func(t *testing.T) {
				sel := fmt.Sprintf("#matrix td[data-state=%s][data-instrument=actip-2015]", tt.state)
				mustExist(t, sel)
				if got := eval(t, `document.querySelector("`+sel+`").dataset.status`); got != tt.wantStatus {
					t.Errorf("%s data-status: got %q, want %q", sel, got, tt.wantStatus)
				}
				text := cellText(t, sel)
				for _, want := range tt.wantText {
					if !strings.Contains(text, want) {
						t.Errorf("%s text: got %q, want it to contain %q", sel, text, want)
					}
				}
			})
		}
		saveScreenshot(t, ctx, artifacts, "matrix-1280.png")
	})

	t.Run("AsOfBeforeEntryIntoForce", func(t *testing.T) {
		load(t, "?view=matrix", "matrix@")
		// Set the date the way a user does: the input's value, then its change event.
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#asof"), "2017-03-07"))
		eval(t, `document.querySelector("#asof").dispatchEvent(new Event("change", {bubbles: true})), ""`)
		waitDrawn(t, ctx, "matrix@2017-03-07/LAW")

		if got := eval(t, `String(document.querySelectorAll('#matrix td[data-instrument="actip-2015"][data-status="in-force"]').length)`); got != "0" {
			t.Errorf("ACTIP cells in force on 2017-03-07: got %s, want 0", got)
		}
		if got := eval(t, `String([...document.querySelectorAll('#matrix td[data-instrument="actip-2015"]')].some((td) => td.innerText.includes("In force")))`); got != "false" {
			t.Errorf("ACTIP column mentions \"In force\" on 2017-03-07: got %s, want false", got)
		}
		sgp := "#matrix td[data-state=SGP][data-instrument=actip-2015]"
		mustExist(t, sgp)
		if got := eval(t, `document.querySelector("`+sgp+`").dataset.status`); got != "ratified" {
			t.Errorf("SGP status on 2017-03-07: got %q, want %q (deposited 2016-01-25, not yet in force)", got, "ratified")
		}
		if got := run(t, ctx, chromedp.Location()); !strings.Contains(got, "asOf=2017-03-07") {
			t.Errorf("URL after setting the date: got %q, want it to contain asOf=2017-03-07", got)
		}
		// The shared URL reproduces the view.
		url := run(t, ctx, chromedp.Location())
		run(t, ctx, chromedp.Navigate(url))
		waitDrawn(t, ctx, "matrix@2017-03-07/LAW")
		if got := eval(t, `String(document.querySelectorAll('#matrix td[data-instrument="actip-2015"][data-status="in-force"]').length)`); got != "0" {
			t.Errorf("ACTIP cells in force after reloading %s: got %s, want 0", url, got)
		}
		saveScreenshot(t, ctx, artifacts, "matrix-2017-03-07-1280.png")
	})

	t.Run("ErrBadDateInURL", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?asOf=2017-02-30&view=matrix"))
		waitFor(t, ctx, `document.body.dataset.loading === "false" && (document.body.dataset.drawn || "").startsWith("matrix@")`)
		if got := run(t, ctx, chromedp.Text(chromedp.CSS("#status"))); !strings.Contains(got, `"2017-02-30"`) {
			t.Errorf("status after an impossible date in the URL: got %q, want it to name \"2017-02-30\"", got)
		}
		if got := eval(t, `String(document.querySelectorAll("#matrix tbody tr").length > 0)`); got != "true" {
			t.Errorf("matrix drawn for today after a bad date: got %s, want true", got)
		}
		if got := run(t, ctx, chromedp.Location()); strings.Contains(got, "2017-02-30") {
			t.Errorf("URL after a bad date: got %q, want the bad date dropped", got)
		}
	})

	t.Run("YearSlider", func(t *testing.T) {
		load(t, "?asOf=2018-12-31&view=matrix", "matrix@2018-12-31/LAW")
		tests := []struct {
			year  string
			state string
			want  string
		}{
			{"2016", "SGP", "ratified"},    // deposited 2016-01-25
			{"2016", "PHL", "signed"},      // deposited 2017-02-07
			{"2014", "SGP", "not-adopted"}, // ACTIP was adopted 2015-11-21
		}
		for _, tt := range tests {
			t.Run(tt.year+"/"+tt.state, func(t *testing.T) {
				run(t, ctx, chromedp.SetValue(chromedp.CSS("#year"), tt.year))
				eval(t, `document.querySelector("#year").dispatchEvent(new Event("input", {bubbles: true})), ""`)
				waitDrawn(t, ctx, "matrix@"+tt.year+"-12-31/LAW")
				sel := fmt.Sprintf("#matrix td[data-state=%s][data-instrument=actip-2015]", tt.state)
				mustExist(t, sel)
				if got := eval(t, `document.querySelector("`+sel+`").dataset.status`); got != tt.want {
					t.Errorf("%s on %s-12-31: got %q, want %q", sel, tt.year, got, tt.want)
				}
				if got := run(t, ctx, chromedp.Value(chromedp.CSS("#asof"))); got != tt.year+"-12-31" {
					t.Errorf("#asof after moving the slider to %s: got %q, want %q", tt.year, got, tt.year+"-12-31")
				}
			})
		}
	})

	t.Run("ShowQuery", func(t *testing.T) {
		load(t, "?asOf=2018-12-31&view=matrix", "matrix@2018-12-31/LAW")
		run(t, ctx, chromedp.Click(chromedp.CSS("#panel-matrix details.query summary")))
		got := run(t, ctx, chromedp.Text(chromedp.CSS("#panel-matrix details.query pre")))
		if want := `ratificationTable(instrument: "actip-2015", asOf: $asOf)`; !strings.Contains(got, want) {
			t.Errorf("matrix query: got %q, want it to contain %q", got, want)
		}
	})

	t.Run("RatificationDrillDown", func(t *testing.T) {
		load(t, "?asOf=2018-12-31&view=matrix", "matrix@2018-12-31/LAW")
		cell := "#matrix td[data-state=SGP][data-instrument=actip-2015] button"
		mustExist(t, cell)
		run(t, ctx, chromedp.Click(chromedp.CSS(cell)))
		waitFor(t, ctx, `document.querySelector("#drilldown").open && document.querySelectorAll('#drilldown-body a[href^="http"]').length > 0`)
		if got := eval(t, `document.querySelector("#drilldown-body").innerText`); !strings.Contains(got, "2016-01-25") {
			t.Errorf("drill-down text: got %q, want it to contain the deposit 2016-01-25", got)
		}
		saveScreenshot(t, ctx, artifacts, "drilldown-ratification-1280.png")
		run(t, ctx, chromedp.KeyEvent(kb.Escape))
		waitFor(t, ctx, `!document.querySelector("#drilldown").open`)
		// The close event (it gives focus back and takes the drill-down out
		// of the address) comes after the dialog has closed: wait for it, or
		// a key pressed meanwhile moves a focus the event then moves back.
		waitFor(t, ctx, `!location.search.includes("drill=")`)

		// Focus goes back to the cell, and the arrow keys move between cells.
		focused := `(document.activeElement.closest("td") || {dataset: {}}).dataset.state || "none"`
		if got := eval(t, focused); got != "SGP" {
			t.Errorf("focus after closing the drill-down: got %s, want the SGP cell", got)
		}
		run(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
		if got := eval(t, focused); got != "THA" {
			t.Errorf("focus after ArrowDown from Singapore: got %s, want THA (Thailand, the next row)", got)
		}
	})

	t.Run("HeatmapDrillDown", func(t *testing.T) {
		start := time.Now()
		load(t, "?asOf=2018-12-31&view=heatmap", "heatmap@2018-12-31/LAW")
		t.Logf("heatmap loaded and drawn in %v", time.Since(start))
		if got := eval(t, `String(document.querySelectorAll('#heatmap td[data-bound="true"]').length > 0)`); got != "true" {
			t.Fatalf("heatmap has bound cells on 2018-12-31: got %s, want true", got)
		}
		saveScreenshot(t, ctx, artifacts, "heatmap-1280.png")
		run(t, ctx, chromedp.Focus(chromedp.CSS(`#heatmap td[data-bound="true"] button`)))
		run(t, ctx, chromedp.KeyEvent(kb.Enter))
		waitFor(t, ctx, `document.querySelector("#drilldown").open && document.querySelectorAll("#drilldown-body li").length > 0 && !document.querySelector("#drilldown-body").innerText.includes("Loading")`)
		if got := eval(t, `document.querySelector("#drilldown-body").innerText`); !strings.Contains(got, "Reasons") || !strings.Contains(got, "bound since") {
			t.Errorf("heatmap drill-down: got %q, want reasons and the date the state is bound since", got)
		}
		if got := eval(t, `String(document.querySelectorAll('#drilldown-body a[href^="http"]').length > 0)`); got != "true" {
			t.Errorf("heatmap drill-down source links: got %s, want true", got)
		}
		saveScreenshot(t, ctx, artifacts, "drilldown-compliance-1280.png")
		// The drill-down is in the address: opened cold, the link shows it again.
		link := run(t, ctx, chromedp.Location())
		title := eval(t, `document.querySelector("#drilldown-title").textContent`)
		if !strings.Contains(link, "drill=") {
			t.Errorf("URL with a drill-down open: got %q, want a drill= parameter", link)
		}
		run(t, ctx, chromedp.Navigate(link))
		waitFor(t, ctx, `document.querySelector("#drilldown").open && !document.querySelector("#drilldown-body").innerText.includes("Loading")`)
		if got := eval(t, `document.querySelector("#drilldown-title").textContent`); got != title {
			t.Errorf("drill-down opened from its URL: got %q, want %q", got, title)
		}
		run(t, ctx, chromedp.KeyEvent(kb.Escape))
		waitFor(t, ctx, `!document.querySelector("#drilldown").open`)
		// The dialog's close event, which takes the drill-down out of the
		// address, comes after the dialog has closed.
		waitFor(t, ctx, `!location.search.includes("drill=")`)

		run(t, ctx, chromedp.Click(chromedp.CSS(`input[name=basis][value=PRACTICE]`)))
		waitDrawn(t, ctx, "heatmap@2018-12-31/PRACTICE")
		if got := run(t, ctx, chromedp.Location()); !strings.Contains(got, "basis=PRACTICE") {
			t.Errorf("URL after choosing practice: got %q, want it to contain basis=PRACTICE", got)
		}
		saveScreenshot(t, ctx, artifacts, "heatmap-practice-1280.png")

		run(t, ctx, chromedp.Click(chromedp.CSS(`input[name=basis][value=EITHER]`)))
		waitDrawn(t, ctx, "heatmap@2018-12-31/EITHER")
		// Under both bases a bound cell shows the legal and the practice symbol.
		if got := eval(t, `document.querySelector('#heatmap td[data-bound="true"] .sym2') ? "yes" : "no"`); got != "yes" {
			t.Errorf("bound cell under EITHER shows both symbols: got %s, want yes", got)
		}
		saveScreenshot(t, ctx, artifacts, "heatmap-either-1280.png")
	})

	t.Run("HeatmapAgreesWithCompare", func(t *testing.T) {
		// The heatmap's gaps per state are the API's (compare's gaps and
		// bound), as the comparison draws them; the cells, each drawn from
		// its record's own gap(basis:), must add up to them under every
		// basis.
		for _, basis := range []string{"LAW", "PRACTICE", "EITHER"} {
			t.Run(basis, func(t *testing.T) {
				load(t, "?asOf=2018-12-31&view=heatmap&basis="+basis, "heatmap@2018-12-31/"+basis)
				heat := run(t, ctx, chromedp.Evaluate[map[string][2]int](`Object.fromEntries([...document.querySelectorAll("#heatmap td.tot")].map((td) =>
					[td.closest("tr").dataset.state, [Number(td.dataset.gaps), Number(td.dataset.boundCount)]]))`))
				cells := run(t, ctx, chromedp.Evaluate[map[string][2]int](`Object.fromEntries([...document.querySelectorAll("#heatmap tbody tr")].map((tr) =>
					[tr.dataset.state, [tr.querySelectorAll("td.gap-bound").length, tr.querySelectorAll('td[data-bound="true"]').length]]))`))
				load(t, "?asOf=2018-12-31&view=compare&basis="+basis, "compare@2018-12-31/"+basis)
				cmp := run(t, ctx, chromedp.Evaluate[map[string][2]int](`Object.fromEntries([...document.querySelectorAll("#compare tbody tr")].map((tr) => {
					const n = (k) => Number(tr.querySelector("[data-key=" + k + "]").textContent);
					return [tr.dataset.state, [n("partial") + n("notImplemented"), n("bound")]];
				}))`))
				if len(heat) == 0 || len(heat) != len(cmp) {
					t.Fatalf("states: got %d in the heatmap and %d in the comparison, want the same, non-zero", len(heat), len(cmp))
				}
				for state, want := range cmp {
					if got := heat[state]; got != want {
						t.Errorf("%s [gaps, bound]: got %v in the heatmap, want %v as compare counts", state, got, want)
					}
					if got := cells[state]; got != want {
						t.Errorf("%s [gap cells, bound cells]: got %v drawn, want %v as compare counts", state, got, want)
					}
				}
			})
		}
	})

	// The page derives nothing: every drawn cell of the heatmap carries the
	// outcome the API gives for that state and obligation, on several dates
	// and under each basis, and is outlined as a gap exactly when that
	// outcome is one.
	t.Run("HeatmapDrawsTheAPIOutcome", func(t *testing.T) {
		for _, day := range []string{"2016-01-01", "2017-06-01", "2018-12-31", "2020-01-01"} {
			for _, basis := range []string{"LAW", "PRACTICE", "EITHER"} {
				load(t, "?asOf="+day+"&view=heatmap&basis="+basis, "heatmap@"+day+"/"+basis)
				script := `(async () => {
  const q = 'query($asOf: Date, $basis: Basis) { states { code records(asOf: $asOf) { obligation { id } bound outcome(basis: $basis) } } }';
  const res = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: q, variables: { asOf: '` + day + `', basis: '` + basis + `' } }) });
  const api = {};
  for (const s of (await res.json()).data.states) for (const r of s.records) api[s.code + ' ' + r.obligation.id] = r;
  const bad = []; let n = 0;
  for (const td of document.querySelectorAll('#heatmap td[data-obligation]')) {
    const r = api[td.dataset.state + ' ' + td.dataset.obligation];
    const want = !r ? 'NOT_BOUND' : r.bound === null ? 'STANDING_UNKNOWN' : r.outcome;
    const gap = td.classList.contains('gap-bound');
    n++;
    if (td.dataset.outcome !== want || gap !== (want === 'PARTIAL' || want === 'NOT_IMPLEMENTED')) bad.push(td.dataset.state + ' ' + td.dataset.obligation + ': drawn ' + td.dataset.outcome + (gap ? ' (gap)' : '') + ', API ' + want);
  }
  return JSON.stringify({ n, bad: bad.slice(0, 5), nbad: bad.length });
})()`
				out := run(t, ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
				var got struct {
					N, NBad int
					Bad     []string
				}
				if err := json.Unmarshal([]byte(out), &got); err != nil {
					t.Fatalf("%s/%s: %v (%s)", day, basis, err, out)
				}
				if got.N == 0 || got.NBad > 0 {
					t.Errorf("%s under %s: %d of %d cells disagree with the API, e.g. %q", day, basis, got.NBad, got.N, got.Bad)
				}
			}
		}
	})

	// The comparison shows each state's range, never a league table of
	// rates over unlike coverage: ordered by coverage, then the range's low
	// end; no percentage for a state with nothing reviewed; the caption
	// says the formula drawn.
	t.Run("CompareRangesByCoverage", func(t *testing.T) {
		load(t, "?asOf=2020-01-01&view=compare&compare=actip-2015", "compare@2020-01-01/LAW")
		rows := run(t, ctx, chromedp.Evaluate[[]struct{ State, Range, Coverage string }](`[...document.querySelectorAll("#compare tbody tr")].map((tr) => ({ State: tr.dataset.state,
  Range: tr.querySelector('td[data-key=range]').innerText, Coverage: tr.querySelector('td[data-key=coverage]').innerText }))`))
		if len(rows) != 10 {
			t.Fatalf("compare rows: got %d, want 10", len(rows))
		}
		var sums struct {
			Compare []struct {
				State                                             struct{ Code string }
				Implemented, Partial, NotImplemented, Denominator int
				RateLow, RateHigh, Coverage                       *float64
			}
		}
		resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ compare(instrument: \"actip-2015\", asOf: \"2020-01-01\", orderBy: COVERAGE) { state { code } implemented partial notImplemented denominator rateLow rateHigh coverage } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Data json.RawMessage }
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || json.Unmarshal(body.Data, &sums) != nil {
			t.Fatalf("compare over the API: %v (%s)", err, body.Data)
		}
		byCode := map[string]int{}
		for i, s := range sums.Compare {
			byCode[s.State.Code] = i
			if rows[i].State != s.State.Code {
				t.Errorf("row %d: drawn %s, want %s: the page draws the API's order", i, rows[i].State, s.State.Code)
			}
		}
		prevCov, prevLow := 2.0, 2.0
		for _, r := range rows {
			s := sums.Compare[byCode[r.State]]
			reviewed := s.Implemented + s.Partial + s.NotImplemented
			if reviewed == 0 {
				if strings.Contains(r.Range, "%") {
					t.Errorf("%s: got %q, want no percentage for a state with nothing reviewed", r.State, r.Range)
				}
				prevCov, prevLow = -1, -1
				continue
			}
			low, high := fmt.Sprintf("%.0f", 100**s.RateLow), fmt.Sprintf("%.0f%%", 100**s.RateHigh)
			if !strings.HasPrefix(r.Range, low) || !strings.HasSuffix(r.Range, high) {
				t.Errorf("%s: drawn range %q, want %s–%s from the API", r.State, r.Range, low, high)
			}
			if *s.Coverage > prevCov || (*s.Coverage == prevCov && *s.RateLow > prevLow) {
				t.Errorf("%s: coverage %.2f low %.2f after coverage %.2f low %.2f, want ordered by coverage then low end", r.State, *s.Coverage, *s.RateLow, prevCov, prevLow)
			}
			prevCov, prevLow = *s.Coverage, *s.RateLow
		}
		caption := eval(t, `document.querySelector("#compare-caption").innerText`)
		for _, want := range []string{"implemented ÷ D", "(implemented + not reviewed) ÷ D", "never averaged"} {
			if !strings.Contains(caption, want) {
				t.Errorf("caption: got %q, want it to say %q", caption, want)
			}
		}
		if got := eval(t, `String(document.querySelectorAll("#compare-chart rect.band-unknown").length > 0)`); got != "true" {
			t.Errorf("chart: got no band for what is not reviewed")
		}
		if lede := eval(t, `document.querySelector("#compare-lede").innerText`); strings.Contains(lede, "mean") || strings.Contains(lede, "%") {
			t.Errorf("lede: got %q, want no average across states", lede)
		}
	})

	t.Run("HonestUnknowns", func(t *testing.T) {
		// Unknown and unreviewed cells have their own legend entries and
		// pattern, and the headline counts what is known apart from what is
		// not reviewed.
		load(t, "?asOf=2020-01-01&view=heatmap&basis=LAW", "heatmap@2020-01-01/LAW")
		legend := eval(t, `document.querySelector("#heatmap-legend").textContent`)
		for _, want := range []string{"not reviewed", "standing not known", "reviewed: not implemented in law"} {
			if !strings.Contains(legend, want) {
				t.Errorf("heatmap legend: got %q, want an entry %q", legend, want)
			}
		}
		head := run(t, ctx, chromedp.Evaluate[map[string]string](`Object.assign({text: document.querySelector("#heatmap-lede .headline").textContent}, document.querySelector("#heatmap-lede .headline").dataset)`))
		if !strings.Contains(head["text"], "reviewed:") || !strings.Contains(head["text"], "not yet reviewed") {
			t.Errorf("headline: got %q, want it to say how many are reviewed and how many not yet", head["text"])
		}
		if head["unknown"] == "0" || head["unknown"] == "" {
			t.Errorf("headline: got %s unreviewed, want some (most obligations have no review)", head["unknown"])
		}
		if got := eval(t, `String(document.querySelectorAll("#heatmap td.st-UNREVIEWED").length > 0)`); got != "true" {
			t.Errorf("unreviewed cells: got %s, want some drawn with their own class", got)
		}
		load(t, "?asOf=2017-06-01&view=matrix", "matrix@2017-06-01")
		if got := eval(t, `document.querySelector('#matrix td[data-state="MYS"][data-instrument="actip-2015"]').dataset.status`); got != "ratified-undated" {
			t.Errorf("MYS ACTIP on 2017-06-01: got %q, want ratified-undated (ratified, deposit not held), not signed only", got)
		}
		if got := eval(t, `document.querySelector("#panel-matrix .legend").textContent`); !strings.Contains(got, "Ratified, date not held") || !strings.Contains(got, "Not known") {
			t.Errorf("matrix legend: got %q, want entries for an undated ratification and for not known", got)
		}
	})

	t.Run("CompareTable", func(t *testing.T) {
		load(t, "?asOf=2018-12-31&view=compare", "compare@2018-12-31/LAW")
		if got := eval(t, `String(document.querySelectorAll("#compare tbody tr").length)`); got == "0" {
			t.Errorf("compare rows: got %s, want one per state", got)
		}
		if got := eval(t, `String(document.querySelectorAll("#compare-chart svg rect").length > 0)`); got != "true" {
			t.Errorf("compare chart bars: got %s, want true", got)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(`#compare th[data-key=name] button`)))
		if got := eval(t, `document.querySelector("#compare th[data-key=name]").getAttribute("aria-sort")`); got != "ascending" {
			t.Errorf("aria-sort after sorting by state: got %q, want ascending", got)
		}
		saveScreenshot(t, ctx, artifacts, "compare-1280.png")
	})

	t.Run("CompareIgnoresStaleAnswer", func(t *testing.T) {
		// The answer for a basis the user has already left must not replace
		// the table of the basis now chosen: hold back every PRACTICE answer,
		// choose PRACTICE, then LAW again at once.
		load(t, "?asOf=2018-12-31&view=compare&basis=LAW", "compare@2018-12-31/LAW")
		law := eval(t, `document.querySelector("#compare tbody").innerText`)
		eval(t, `(() => {
			const orig = window.fetch;
			window.fetch = async (url, opts) => {
				const res = await orig(url, opts);
				if (opts && String(opts.body).includes('"basis":"PRACTICE"')) {
					await new Promise((r) => setTimeout(r, 1000));
					setTimeout(() => { window.staleAnswered = true; }, 300);
				}
				return res;
			};
			return "";
		})()`)
		run(t, ctx, chromedp.Click(chromedp.CSS(`input[name=basis][value=PRACTICE]`)))
		run(t, ctx, chromedp.Click(chromedp.CSS(`input[name=basis][value=LAW]`)))
		waitFor(t, ctx, `window.staleAnswered === true`)
		waitDrawn(t, ctx, "compare@2018-12-31/LAW")
		if got := eval(t, `document.querySelector("#compare tbody").innerText`); got != law {
			t.Errorf("compare table under LAW after a late PRACTICE answer: got\n%s\nwant\n%s", got, law)
		}
	})

	t.Run("ExportCSV", func(t *testing.T) {
		load(t, "?asOf=2018-12-31&view=matrix", "matrix@2018-12-31/LAW")
		dir := t.TempDir()
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior:         browser.SetDownloadBehaviorBehaviorAllow,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
			DownloadPath:     dir,
		})
		if err != nil {
			t.Fatalf("setting the download directory: %v", err)
		}
		// The page builds no CSV of its own: its export links are the
		// server's tables (one column definition, a citation on every row).
		run(t, ctx, chromedp.Click(chromedp.CSS(`#panel-matrix a.export-link[data-format="csv"]`)))
		csv := waitForGlob(t, filepath.Join(dir, "pactwatch-matrix-*2018-12-31*.csv"))
		var sgp string
		for _, l := range strings.Split(csv, "\n") {
			if strings.HasPrefix(l, "SGP,") && strings.Contains(l, ",actip-2015,") {
				sgp = l
			}
		}
		if !strings.Contains(sgp, "2016-01-25") || !strings.Contains(sgp, "PARTY") {
			t.Errorf("matrix CSV row for SGP and ACTIP: got %q, want PARTY and the deposit 2016-01-25", sgp)
		}

		load(t, "?asOf=2018-12-31&view=heatmap", "heatmap@2018-12-31/LAW")
		run(t, ctx, chromedp.Click(chromedp.CSS(`#panel-heatmap a.export-link[data-format="csv"]`)))
		heat := waitForGlob(t, filepath.Join(dir, "pactwatch-heatmap-*2018-12-31*.csv"))
		if !strings.Contains(heat, "SGP,") || !strings.Contains(heat, "actip-2015/art_5/obl_1") {
			t.Errorf("heatmap CSV: got no row for Singapore and ACTIP Article 5 on 2018-12-31:\n%.600s", heat)
		}
	})

	t.Run("PhoneWidth", func(t *testing.T) {
		run(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		t.Cleanup(func() { run(t, ctx, chromedp.EmulateViewport(1280, 800)) })
		for _, v := range []string{"matrix", "heatmap", "compare"} {
			load(t, "?asOf=2018-12-31&view="+v, v+"@2018-12-31/LAW")
			// The page itself must not scroll sideways; wide tables scroll in their own box.
			if got := eval(t, `String(document.documentElement.scrollWidth <= window.innerWidth + 1)`); got != "true" {
				w := eval(t, `document.documentElement.scrollWidth + " > " + window.innerWidth`)
				t.Errorf("%s at 390 px: page scrolls sideways: got %s", v, w)
			}
			saveScreenshot(t, ctx, artifacts, v+"-390.png")
		}
		load(t, "?asOf=2018-12-31&view=matrix", "matrix@2018-12-31/LAW")
		run(t, ctx, chromedp.Click(chromedp.CSS("#matrix td[data-state=SGP][data-instrument=actip-2015] button")))
		waitFor(t, ctx, `document.querySelector("#drilldown").open && document.querySelectorAll('#drilldown-body a[href^="http"]').length > 0`)
		if got := eval(t, `String(document.querySelector("#drilldown").getBoundingClientRect().width <= window.innerWidth)`); got != "true" {
			t.Errorf("drill-down at 390 px fits the screen: got %s, want true", got)
		}
		saveScreenshot(t, ctx, artifacts, "drilldown-390.png")
		run(t, ctx, chromedp.KeyEvent(kb.Escape))
	})

	exceptions.check(t)
	if artifacts != "" {
		t.Logf("screenshots in %s", artifacts)
	}
}

// requireChromium skips a browser test in -short mode, and without
// Chromium except in CI, where the browser test must run.
func requireChromium(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	if _, err := os.Stat(chromiumPath); err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing; CI must install it: apt-get install -y chromium", chromiumPath)
	}
	t.Skipf("%s is missing; install it to run the browser test: apt-get install -y chromium", chromiumPath)
}

// evaluator returns a function that evaluates a JavaScript expression in
// the browser of ctx and gives its value as a string.
func evaluator(ctx context.Context) func(t *testing.T, expr string) string {
	return func(t *testing.T, expr string) string {
		t.Helper()
		return run(t, ctx, chromedp.Evaluate[string](expr))
	}
}

// artifactsDir is $PACTWATCH_ARTIFACTS, created if needed, or "" when it
// is not set: then no screenshot is taken (saveScreenshot), as no one
// would see it.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PACTWATCH_ARTIFACTS")
	if dir == "" {
		return ""
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("creating the artefacts directory: %v", err)
	}
	return dir
}

// startServe returns the package's shared `pactwatch serve` (shared_test.go),
// on a store holding the embedded corpus; a test that writes to its store
// uses startServeDB. bin is the package's binary.
func startServe(t *testing.T, bin string) string {
	t.Helper()
	if bin != binary {
		return startServeDB(t, bin, filepath.Join(t.TempDir(), "db"))
	}
	return sharedServe(t)
}

// startServeDB runs `pactwatch serve` of its own on the store in dir (which
// may already hold keys, made with `pactwatch keys create`), waits for
// /healthz, and stops it gracefully when the test ends.
func startServeDB(t *testing.T, bin, dir string) string {
	t.Helper()
	var logs clitest.SyncBuffer
	base, stop, err := clitest.StartServe(bin, dir, &logs)
	if err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("pactwatch serve output:\n%s", logs.String())
		}
	})
	return base
}

// exceptionLog collects the page's uncaught JavaScript exceptions.
type exceptionLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *exceptionLog) check(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.msgs {
		t.Errorf("uncaught exception in the page: %s", m)
	}
}

// newBrowser opens a tab at 1280×800 in a browser context of its own (no
// cookies, storage or downloads shared with another test) of the package's
// Chromium (shared_test.go), closed when the test ends, and returns its
// context.
func newBrowser(t *testing.T) (context.Context, *exceptionLog) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(sharedBrowser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	log := &exceptionLog{}
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*cdpruntime.EventExceptionThrown); ok && e.ExceptionDetails != nil {
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			log.mu.Lock()
			log.msgs = append(log.msgs, msg)
			log.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listening to the page: %v", err)
	}
	return ctx, log
}

// run runs one action with a 30 s limit and fails the test on error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, a)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// waitFor waits until the JavaScript expression is truthy.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	run(t, ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second)))
}

// waitDrawn waits until the dashboard has drawn the view whose
// "view@asOf/basis" key starts with prefix, and reports a load error.
func waitDrawn(t *testing.T, ctx context.Context, prefix string) {
	t.Helper()
	expr := fmt.Sprintf(`document.body.dataset.loading === "false" && (document.body.dataset.drawn || "").startsWith(%q)`, prefix)
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err := chromedp.Run(tctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#status").innerText + " | drawn=" + (document.body.dataset.drawn || "")`))
		t.Fatalf("waiting for the dashboard to draw %q: %v (page status: %q)", prefix, err, status)
	}
	if status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#status.error") ? document.querySelector("#status").innerText : ""`)); status != "" {
		t.Errorf("dashboard error after drawing %q: %s", prefix, status)
	}
}

// waitForFile waits for a finished download and returns its content.
// waitForGlob waits for the one download matching pattern and returns it.
func waitForGlob(t *testing.T, pattern string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if m, _ := filepath.Glob(pattern); len(m) == 1 && !strings.HasSuffix(m[0], ".crdownload") {
			return waitForFile(t, m[0])
		}
		if time.Now().After(deadline) {
			m, _ := filepath.Glob(filepath.Join(filepath.Dir(pattern), "*"))
			t.Fatalf("download %s: not there after 15s (directory has %v)", filepath.Base(pattern), m)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func waitForFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		b, err := os.ReadFile(path)
		if err == nil && len(b) > 0 {
			return string(b)
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("reading the download: %v", err)
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(filepath.Dir(path))
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("download %s: not there after 15s (directory has %v)", filepath.Base(path), names)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// saveScreenshot writes a full-page PNG of the current view to the
// artefacts directory dir; with none ("") it takes none: a full-page
// capture costs Chromium a second or so on a loaded machine, and nothing
// is asserted of it.
func saveScreenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	png := run(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatalf("saving %s: %v", name, err)
	}
}
