package main_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDeskInBrowser drives the researcher's desk (desk.js) in headless
// Chromium: the search box finds ACTIP Art. 14(7) and jumps to it, and the
// state and instrument pages opened cold from their URLs draw their tables,
// charts and "cite this" lines.
func TestDeskInBrowser(t *testing.T) {
	requireChromium(t)
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	artifacts := artifactsDir(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	eval := func(t *testing.T, expr string) string {
		t.Helper()
		return run(t, ctx, chromedp.Evaluate[string](expr))
	}
	waitPage := func(t *testing.T, prefix string) {
		t.Helper()
		waitFor(t, ctx, fmt.Sprintf(`(document.body.dataset.page || "").startsWith(%q)`, prefix))
	}

	t.Run("SearchJumpsToProvision", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?asOf=2018-12-31"))
		waitDrawn(t, ctx, "matrix@2018-12-31")
		run(t, ctx, chromedp.SendKeys(chromedp.CSS("#search-input"), "non-punishment\n"))
		waitPage(t, "search:non-punishment")
		hit := `#search-results li[data-id="actip-2015/art_14/para_7"][data-kind="PROVISION"]`
		if got := eval(t, `String(document.querySelector('`+hit+`') !== null)`); got != "true" {
			t.Fatalf("search results: got %q, want the provision actip-2015/art_14/para_7", eval(t, `document.querySelector("#search-results").innerText`))
		}
		if got := eval(t, `document.querySelector('`+hit+` mark') ? document.querySelector('`+hit+` mark').textContent : ""`); !strings.EqualFold(got, "non") && !strings.EqualFold(got, "punishment") {
			t.Errorf("highlight: got %q, want the matching word in <mark>", got)
		}
		saveScreenshot(t, ctx, artifacts, "desk-search-1280.png")
		run(t, ctx, chromedp.Click(chromedp.CSS(hit+" a.hit-link")))
		waitPage(t, "instrument:actip-2015@2018-12-31")
		if got := eval(t, `document.getElementById("actip-2015/art_14/para_7").className`); !strings.Contains(got, "desk-target") {
			t.Errorf("provision after the jump: got class %q, want it marked as the target", got)
		}
		if got := run(t, ctx, chromedp.Location()); !strings.Contains(got, "page=instrument") || !strings.Contains(got, "#actip-2015/art_14/para_7") {
			t.Errorf("URL after the jump: got %q", got)
		}
	})

	t.Run("InstrumentPageCold", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?page=instrument&id=actip-2015&asOf=2018-01-01"))
		waitPage(t, "instrument:actip-2015@2018-01-01")
		if got := eval(t, `document.querySelector('#participants tr[data-state="KHM"]').dataset.party`); got != "true" {
			t.Errorf("KHM on 2018-01-01: got party %q, want true", got)
		}
		if got := eval(t, `String(document.querySelectorAll("#ratification-chart circle[data-date]").length)`); got == "0" {
			t.Errorf("ratification chart: got no steps")
		}
		if got := eval(t, `document.querySelector("#entry-into-force").dataset.date`); got != "2017-03-08" {
			t.Errorf("entry into force: got %q, want 2017-03-08", got)
		}
	})

	t.Run("StatePageShowsTierChart", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=IDN&asOf=2020-01-01"))
		waitPage(t, "state:IDN@2020-01-01")
		if got := eval(t, `String(document.querySelector('#tier-chart circle[data-year="2018"][data-tier="2"]') !== null)`); got != "true" {
			t.Errorf("tier chart: got points %q, want Tier 2 in 2018", eval(t, `Array.from(document.querySelectorAll("#tier-chart circle")).map(c => c.dataset.year + ":" + c.dataset.tier).join(",")`))
		}
		cite := eval(t, `document.querySelector("#cite-this").innerText`)
		if !strings.Contains(cite, "as of 2020-01-01") || !strings.Contains(cite, "page=state&code=IDN") || eval(t, `document.querySelector("#cite-this").dataset.version`) == "" {
			t.Errorf("cite this: got %q, want the URL, the as-of date and the data version", cite)
		}
		waitFor(t, ctx, `document.querySelectorAll("#gaps-chart circle[data-year]").length > 10`)
		if got := eval(t, `document.querySelector('#gaps-chart circle[data-year="2019"]').dataset.bound`); got == "0" || got == "" {
			t.Errorf("gaps chart: IDN bound by nothing at the end of 2019 (got %q)", got)
		}
		saveScreenshot(t, ctx, artifacts, "desk-state-idn-1280.png")
	})
	exceptions.check(t)
}
