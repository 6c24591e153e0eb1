package browsertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDeskInBrowser drives the researcher's desk (desk.js) in headless
// Chromium: the search box finds ACTIP Art. 14(7) and jumps to it, and the
// state and instrument pages opened cold from their URLs draw their tables,
// charts and "cite this" lines. The obligation page and the drill-down show
// each link with the obligation's text and the statute provision's text in
// force on the day, the correspondences labelled by their basis, and each
// review with both its dates.
func TestDeskInBrowser(t *testing.T) {
	requireChromium(t)
	artifacts := artifactsDir(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	eval := evaluator(ctx)
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
		if !strings.Contains(cite, "as of 2020-01-01") || !strings.Contains(cite, "page=state&code=IDN") || !strings.Contains(cite, "asOf=2020-01-01") || !strings.Contains(cite, "knownAt=") || eval(t, `document.querySelector("#cite-this").dataset.version`) == "" {
			t.Errorf("cite this: got %q, want the URL, the as-of date and the data version", cite)
		}
		waitFor(t, ctx, `document.querySelectorAll("#gaps-chart circle[data-year]").length > 10`)
		if got := eval(t, `document.querySelector('#gaps-chart circle[data-year="2019"]').dataset.bound`); got == "0" || got == "" {
			t.Errorf("gaps chart: IDN bound by nothing at the end of 2019 (got %q)", got)
		}
		saveScreenshot(t, ctx, artifacts, "desk-state-idn-1280.png")
	})

	t.Run("TierChartShowsYearsNotHeld", func(t *testing.T) {
		// What the chart must show follows from the data: the years 2013-2019
		// with no placement held are gaps, and lines run only over held years.
		held := idnTierYears(t, base)
		var notHeld, lines []string
		from := 0
		for y := 2013; y <= 2020; y++ {
			switch {
			case y <= 2019 && held[y]:
				if from == 0 {
					from = y
				}
			default:
				if from != 0 && y-1 > from {
					lines = append(lines, fmt.Sprintf("%d-%d", from, y-1))
				}
				from = 0
				if y <= 2019 {
					notHeld = append(notHeld, fmt.Sprint(y))
				}
			}
		}
		if len(notHeld) == 0 {
			t.Skip("every IDN tier 2013-2019 is held: no gap to show")
		}
		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=IDN&asOf=2020-01-01"))
		waitPage(t, "state:IDN@2020-01-01")
		if got, want := eval(t, `document.querySelector("#tier-chart").dataset.notHeld`), strings.Join(notHeld, " "); got != want {
			t.Errorf("years not held: got %q, want %q", got, want)
		}
		for _, year := range notHeld {
			if got := eval(t, `String(document.querySelector('#tier-chart [data-year="`+year+`"][data-held="false"]') !== null && document.querySelector('#tier-chart [data-year="`+year+`"][data-tier]') === null)`); got != "true" {
				t.Errorf("%s: got no 'not held' marker, or a tier, want the gap", year)
			}
		}
		// Lines never bridge a year not held.
		if got, want := eval(t, `Array.from(document.querySelectorAll("#tier-chart polyline")).map((p) => p.dataset.from + "-" + p.dataset.to).join(",")`), strings.Join(lines, ","); got != want {
			t.Errorf("tier lines: got %q, want %q", got, want)
		}
		if got := eval(t, `document.querySelector("#tier-not-held").innerText`); !strings.Contains(got, "not a tier") {
			t.Errorf("caption: got %q, want the years not held said to be no tier", got)
		}
	})

	t.Run("StateProfileShowsUnknownsApart", func(t *testing.T) {
		// Before its deposit date is known, MYS's ACTIP consent is "not
		// known", never "not a party".
		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=MYS&asOf=2017-06-01"))
		waitPage(t, "state:MYS@2017-06-01")
		row := `#state-standing tr[data-instrument="actip-2015"]`
		if got := eval(t, `document.querySelector('`+row+`').dataset.standing`); got != "CONSENT_NOT_DATED" {
			t.Errorf("MYS ACTIP standing: got %q, want CONSENT_NOT_DATED", got)
		}
		if got := eval(t, `document.querySelector('`+row+` td[data-party]').dataset.party + "|" + document.querySelector('`+row+` td[data-party]').className`); got != "unknown|st-unknown" {
			t.Errorf("MYS ACTIP party cell: got %q, want unknown|st-unknown", got)
		}
		if got := eval(t, `document.querySelector('`+row+`').innerText`); strings.Contains(got, "not a party") || strings.Contains(got, "\tno\t") {
			t.Errorf("MYS ACTIP row: got %q, want no negative without a source", got)
		}
		if got := eval(t, `document.querySelector('`+row+` .coverage').dataset.complete`); got != "false" {
			t.Errorf("ACTIP coverage on the state page: got complete=%q, want the incomplete-record caveat", got)
		}

		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=IDN&asOf=2020-01-01"))
		waitPage(t, "state:IDN@2020-01-01")
		for _, legal := range []string{"UNREVIEWED", "NOT_DOMESTIC", "NONE"} {
			sel := `#state-records td.legal[data-legal="` + legal + `"]`
			if got := eval(t, `String(document.querySelector('`+sel+`') !== null && document.querySelector('`+sel+`').classList.contains("st-`+legal+`"))`); got != "true" {
				t.Errorf("records: got no %s cell with its own look (st-%s)", legal, legal)
			}
		}
		if got := eval(t, `getComputedStyle(document.querySelector('#state-records td[data-legal="UNREVIEWED"]')).backgroundImage`); !strings.Contains(got, "repeating-linear-gradient") {
			t.Errorf("UNREVIEWED cell background: got %q, want the hatch of an unknown", got)
		}
		if got := eval(t, `document.querySelector('#state-records td[data-legal="UNREVIEWED"]').innerText`); strings.Contains(got, "not implemented") {
			t.Errorf("UNREVIEWED cell: got %q, want it not called \"not implemented\"", got)
		}
		// A NONE names the review that found no law, and links to it on the page.
		if got := eval(t, `document.querySelector('#state-records td[data-legal="NONE"] a').getAttribute("href")`); !strings.HasPrefix(got, "#IDN/review/") {
			t.Errorf("NONE cell: got a link to %q, want the review", got)
		}
		if got := eval(t, `String(document.querySelector('#state-reviews li[data-instrument="actip-2015"]') !== null)`); got != "true" {
			t.Errorf("reviews: got %q, want IDN's review against ACTIP", eval(t, `document.querySelector("#state-reviews").innerText`))
		}
		// Every domestic ACTIP obligation of IDN is reviewed, and its
		// Protocol consent is dated by its act only (standing not known), so
		// its unknowns are the standing's; Malaysia's Protocol obligations
		// added in the third pass are not reviewed.
		if got := eval(t, `document.querySelector("#state-summary").dataset.standingUnknown`); got == "" || got == "0" {
			t.Errorf("IDN summary: got %q of standing not known, want the Protocol's obligations counted apart", got)
		}
		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=MYS&asOf=2020-01-01"))
		waitPage(t, "state:MYS@2020-01-01")
		if got := eval(t, `document.querySelector("#state-summary").dataset.unreviewed`); got == "" || got == "0" {
			t.Errorf("MYS summary: got %q unreviewed, want the count of obligations not reviewed", got)
		}
		saveScreenshot(t, ctx, artifacts, "desk-state-idn-unknowns-1280.png")
	})

	t.Run("InstrumentPageShowsStandingAndCoverage", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?page=instrument&id=actip-2015&asOf=2017-06-01"))
		waitPage(t, "instrument:actip-2015@2017-06-01")
		row := `#participants tr[data-state="MYS"]`
		if got := eval(t, `document.querySelector('`+row+`').dataset.party + "|" + document.querySelector('`+row+`').dataset.standing`); got != "unknown|CONSENT_NOT_DATED" {
			t.Errorf("MYS on 2017-06-01: got party|standing %q, want unknown|CONSENT_NOT_DATED", got)
		}
		if got := eval(t, `document.querySelector('`+row+` td.standing').innerText`); !strings.Contains(got, "not held") {
			t.Errorf("MYS standing: got %q, want the status that says the date is not held", got)
		}
		if got := eval(t, `document.querySelector('`+row+`').lastElementChild.innerText`); got != "not known" {
			t.Errorf("MYS party cell: got %q, want \"not known\"", got)
		}
		if got := eval(t, `document.querySelector('#participants tr[data-state="IDN"]').dataset.standing`); got != "SIGNED_ONLY" {
			t.Errorf("IDN on 2017-06-01: got standing %q, want SIGNED_ONLY (sourced)", got)
		}
		if got := eval(t, `document.querySelector("#coverage").dataset.complete + "|" + document.querySelector("#coverage").innerText`); !strings.HasPrefix(got, "false|") || !strings.Contains(got, "Not held: Articles 2-4") {
			t.Errorf("coverage: got %q, want the caveat and the provisions not held", got)
		}
		if got := eval(t, `String(document.getElementById("actip-2015/art_14/para_9").dataset.incomplete)`); got != "true" {
			t.Errorf("Art. 14(9): got data-incomplete %q, want it marked as held in part", got)
		}
		saveScreenshot(t, ctx, artifacts, "desk-instrument-actip-2017-06-01-1280.png")
	})

	// A link is shown with both its texts: the obligation's, and the
	// statute provision's in the version in force on the page's day.
	t.Run("ObligationPageQuotesBothTexts", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?page=obligation&id=actip-2015/art_14/para_7/obl_1&asOf=2020-01-01"))
		waitPage(t, "obligation:actip-2015/art_14/para_7/obl_1@2020-01-01")
		link := `#link-texts article.link[data-state="IDN"][data-law="idn/law-21-2007"]`
		if got := eval(t, `String(document.querySelector('`+link+`') !== null)`); got != "true" {
			t.Fatalf("links: got %q, want IDN's Law 21/2007", eval(t, `document.querySelector("#link-texts").innerText`))
		}
		obl := eval(t, `document.querySelector('`+link+` .obligation-side blockquote.verbatim').innerText`)
		if !strings.Contains(obl, "subject to its domestic laws") || !strings.Contains(obl, "consider not holding victims") {
			t.Errorf("the obligation's text: got %q, want Art. 14(7)'s words quoted", obl)
		}
		if got := eval(t, `document.querySelector('`+link+` .obligation-side .obligation-summary').innerText`); !strings.HasPrefix(got, "The duty, in pactwatch's summary:") {
			t.Errorf("the obligation's summary: got %q, want it marked as a summary", got)
		}
		pasal := link + ` .statute-provision[data-provision="idn/law-21-2007/art_18"]`
		if got := eval(t, `document.querySelector('`+pasal+`').dataset.held + "|" + document.querySelector('`+pasal+`').dataset.asOf`); got != "true|2020-01-01" {
			t.Errorf("Pasal 18: got held|asOf %q, want true|2020-01-01", got)
		}
		quote := eval(t, `document.querySelector('`+pasal+` .statute-version.quoted blockquote.verbatim').innerText`)
		if !strings.HasPrefix(quote, "Korban yang melakukan tindak pidana karena dipaksa") {
			t.Errorf("Pasal 18's text: got %q, want it quoted", quote)
		}
		if got := eval(t, `document.querySelector('`+pasal+` .statute-version.quoted blockquote').lang`); got != "id" {
			t.Errorf("Pasal 18's quotation: got lang %q, want id", got)
		}
		all := eval(t, `document.querySelector('`+pasal+`').innerText`)
		for _, want := range []string{"Pasal 18", "Indonesian (id), official text, as enacted, in force from 2007-04-19", "mblonyox/data-peraturan"} {
			if !strings.Contains(all, want) {
				t.Errorf("Pasal 18: got %q, want %q", all, want)
			}
		}
		// A link that names no article quotes nothing and says why.
		if got := eval(t, `(document.querySelector('#link-texts article.link[data-state="MMR"] .unresolved') || {}).innerText || ""`); !strings.Contains(got, "names no articles") {
			t.Errorf("MMR's link: got %q, want the unresolved article and its reason", got)
		}
		saveScreenshot(t, ctx, artifacts, "desk-obligation-14-7-1280.png")

		// Before Law 21/2007, Pasal 18 has no version: nothing is quoted.
		run(t, ctx, chromedp.Navigate(base+"/?page=obligation&id=actip-2015/art_14/para_7/obl_1&asOf=2005-01-01"))
		waitPage(t, "obligation:actip-2015/art_14/para_7/obl_1@2005-01-01")
		if got := eval(t, `document.querySelector('`+pasal+`').dataset.held + "|" + document.querySelector('`+pasal+`').innerText`); !strings.HasPrefix(got, "false|") || !strings.Contains(got, "No version held for that day (2005-01-01)") || strings.Contains(got, "Korban") {
			t.Errorf("Pasal 18 on 2005-01-01: got %q, want no version held and no quotation", got)
		}
	})

	t.Run("ObligationPageShowsTranslationsAfterTheOfficialText", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?page=obligation&id=actip-2015/art_5/obl_1&asOf=2016-06-01"))
		waitPage(t, "obligation:actip-2015/art_5/obl_1@2016-06-01")
		sec := `#link-texts .statute-provision[data-provision="tha/act-2551-2008/sec_6"]`
		if got := eval(t, `Array.from(document.querySelectorAll('`+sec+` .statute-version')).map((v) => v.dataset.role + ":" + v.dataset.language + ":" + v.dataset.edition).join(",")`); got != "quoted:th:OFFICIAL,parallel:en:UNOFFICIAL_TRANSLATION" {
			t.Errorf("THA s. 6 on 2016-06-01: got versions %q, want the official Thai text, then the English translation", got)
		}
		if got := eval(t, `document.querySelector('`+sec+` .statute-version.parallel').innerText`); !strings.Contains(got, "unofficial translation") || !strings.Contains(got, "is guilty of trafficking in persons") {
			t.Errorf("THA s. 6's translation: got %q", got)
		}
	})

	// Correspondences are labelled by what they rest on, and never read as
	// implementation.
	t.Run("ObligationPageLabelsCorrespondences", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?page=obligation&id=actip-2015/art_14/para_5/obl_1&asOf=2020-01-01"))
		waitPage(t, "obligation:actip-2015/art_14/para_5/obl_1@2020-01-01")
		c := `#correspondences li.correspondence[data-provision="untoc-tip-protocol-2000/art_6/para_5"]`
		got := eval(t, `(document.querySelector('`+c+`') || {}).innerText || ""`)
		if !strings.Contains(got, "texts compared, similarity 0.96") || !strings.Contains(got, "physical safety of victims") || !strings.Contains(got, "statengeneraal/laws-markdown") {
			t.Errorf("the correspondence to Protocol 6(5): got %q, want its basis, similarity, text and sources", got)
		}
		if got := eval(t, `document.querySelector("#correspondences").innerText`); strings.Contains(strings.ToLower(got), "implement") {
			t.Errorf("correspondences: got %q, want nothing said of implementation", got)
		}
		// The other side finds it, with the same label.
		run(t, ctx, chromedp.Navigate(base+"/?page=obligation&id=untoc-tip-protocol-2000/art_6/para_5/obl_1&asOf=2020-01-01"))
		waitPage(t, "obligation:untoc-tip-protocol-2000/art_6/para_5/obl_1@2020-01-01")
		if got := eval(t, `(document.querySelector('#correspondences li.correspondence[data-provision="actip-2015/art_14/para_5"]') || {}).innerText || ""`); !strings.Contains(got, "texts compared, similarity 0.96") {
			t.Errorf("Protocol 6(5)'s correspondence: got %q, want ACTIP 14(5) labelled", got)
		}
	})

	// A review carries the day as of which the law was read and the day
	// it was read; one that states no reading day shows the first alone.
	t.Run("ReviewsShowBothDates", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=IDN&asOf=2020-01-01"))
		waitPage(t, "state:IDN@2020-01-01")
		if got := eval(t, `document.getElementById("IDN/review/actip-2015/statutes-2026").querySelector(".review-when").innerText`); got != "law as of 2008-02-04, read 2026-12-01" {
			t.Errorf("IDN's review: got %q, want \"law as of 2008-02-04, read 2026-12-01\"", got)
		}
		if got := eval(t, `document.querySelector('#state-records td[data-legal="NONE"] a.review-when').innerText`); got != "reviewed: law as of 2008-02-04, read 2026-12-01" {
			t.Errorf("a NONE cell: got %q, want the review's two dates", got)
		}
		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=VNM"))
		waitPage(t, "state:VNM@")
		if got := eval(t, `document.getElementById("VNM/review/actip-2015/penal-code-arts-150-151").querySelector(".review-when").innerText`); got != "law as of 2026-12-07" {
			t.Errorf("VNM's review (no reading day stated): got %q, want \"law as of 2026-12-07\"", got)
		}
	})

	// The dashboard's drill-down quotes the same texts and dates.
	t.Run("DrillDownQuotesBothTexts", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?asOf=2020-01-01&drill=IDN:actip-2015/art_14/para_7/obl_1"))
		waitFor(t, ctx, `document.querySelector("#drilldown").dataset.loaded === "IDN:actip-2015/art_14/para_7/obl_1"`)
		body := `#drilldown-body [data-implementation="idn/law-21-2007/implements/actip-2015/art_14/para_7/obl_1"] .link-texts`
		if got := eval(t, `(document.querySelector('`+body+` .statute-provision[data-provision="idn/law-21-2007/art_18"] blockquote') || {}).innerText || ""`); !strings.HasPrefix(got, "Korban yang melakukan tindak pidana karena dipaksa") {
			t.Errorf("drill-down, Pasal 18: got %q, want its text quoted", got)
		}
		if got := eval(t, `(document.querySelector('`+body+` .obligation-side blockquote') || {}).innerText || ""`); !strings.Contains(got, "consider not holding victims") {
			t.Errorf("drill-down, the obligation's text: got %q", got)
		}
		if got := eval(t, `document.querySelector('#drilldown-body [data-review="IDN/review/actip-2015/statutes-2026"] .review-when').innerText`); got != "Reviewed: law as of 2008-02-04, read 2026-12-01" {
			t.Errorf("drill-down, the review: got %q, want both dates", got)
		}
		eval(t, `(document.querySelector('`+body+`').scrollIntoView({ block: "start" }), "")`)
		saveScreenshot(t, ctx, artifacts, "drilldown-idn-14-7-1280.png")
	})
	exceptions.check(t)
}

// idnTierYears asks the server which report years hold a tier for IDN.
func idnTierYears(t *testing.T, base string) map[int]bool {
	t.Helper()
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ state(code: \"IDN\") { evidence { tier reportYear } } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			State struct {
				Evidence []struct {
					Tier       *string
					ReportYear *int
				}
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	held := map[int]bool{}
	for _, e := range out.Data.State.Evidence {
		if e.Tier != nil && e.ReportYear != nil {
			held[*e.ReportYear] = true
		}
	}
	return held
}
