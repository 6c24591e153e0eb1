package browsertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestGapsChartDrawsTheAPIsCounts: the desk's gaps-over-time chart draws,
// for each year end, the counts the API answers (compare's bound, gaps,
// gapsAtMost and standingUnknown) and derives none of them; every year is
// drawn, as a point or as missing.
func TestGapsChartDrawsTheAPIsCounts(t *testing.T) {
	requireChromium(t)
	artifacts := artifactsDir(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	defer exceptions.check(t)
	type point struct{ Bound, Gaps, GapsAtMost, StandingUnknown int }
	for _, code := range []string{"IDN", "PHL", "MMR"} {
		t.Run(code, func(t *testing.T) {
			run(t, ctx, chromedp.Navigate(base+"/?page=state&code="+code+"&asOf=2020-01-01"))
			waitFor(t, ctx, fmt.Sprintf(`(document.body.dataset.page || "").startsWith("state:%s")`, code))
			waitFor(t, ctx, `document.querySelectorAll("#gaps-chart [data-year]").length > 10`)
			var drawn map[string]point
			js := run(t, ctx, chromedp.Evaluate[string](`JSON.stringify(Object.fromEntries(Array.from(document.querySelectorAll("#gaps-chart circle[data-year]")).map(c =>
				[c.dataset.year, {Bound: +c.dataset.bound, Gaps: +c.dataset.gaps, GapsAtMost: +c.dataset.gapsAtMost, StandingUnknown: +c.dataset.standingUnknown}])))`))
			if err := json.Unmarshal([]byte(js), &drawn); err != nil {
				t.Fatal(err)
			}
			missing := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#gaps-chart [data-missing]").length`))
			first := 2004
			var today struct{ Today string }
			gqlKey(t, base, "", `{ today }`, &today)
			last, _ := strconv.Atoi(today.Today[:4]) // the API's year, not the browser's clock
			if got, want := len(drawn)+missing, last-first+1; got != want {
				t.Errorf("years drawn: got %d points and %d missing, want %d years", len(drawn), missing, want)
			}
			if run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#gaps-chart path.band.not-known").length`)) == 0 {
				t.Errorf("no band for what is not known")
			}
			if artifacts != "" {
				png := run(t, ctx, chromedp.Screenshot(chromedp.CSS("#gaps-chart")))
				if err := os.WriteFile(filepath.Join(artifacts, "desk-gaps-"+code+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, y := range []int{2008, 2015, 2019, last} {
				var ans struct{ Compare []point }
				gqlKey(t, base, "", fmt.Sprintf(`{ compare(states: ["%s"], asOf: "%d-12-31") { bound gaps gapsAtMost standingUnknown } }`, code, y), &ans)
				if len(ans.Compare) != 1 {
					t.Fatalf("%d: the API answered %d rows", y, len(ans.Compare))
				}
				got, ok := drawn[strconv.Itoa(y)]
				if !ok {
					t.Errorf("%d: not drawn, the API answers %+v", y, ans.Compare[0])
					continue
				}
				if got != ans.Compare[0] {
					t.Errorf("%d: drawn %+v, the API answers %+v", y, got, ans.Compare[0])
				}
			}
		})
	}
}

// TestDraftsDialogPagesAndMarks: the Drafts dialog reads the drafts 20 at a
// time and shows the rest under "More drafts"; each draft's stale and
// overlap marks are the API's (Draft.staleCount, overlapCount, over all its
// changes), here a stale record that is a draft's 25th, beyond the changes
// drawn, in the 23rd draft.
func TestDraftsDialogPagesAndMarks(t *testing.T) {
	requireChromium(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "db")
	carolKey := createKey(t, bin, db, "curator", "carol")
	editorKey := createKey(t, bin, db, "editor", "ed")
	base := startServeDB(t, bin, db)
	ctx, exceptions := newBrowser(t)
	defer exceptions.check(t)

	evidence := func(id string) map[string]any {
		return map[string]any{"kind": "EVIDENCE", "record": map[string]any{
			"ID": id, "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01",
			"ObligationIDs": []string{"actip-2015/art_5/obl_1"}, "Finding": "EFFECTIVE", "Summary": "A test conviction.",
			"Sources": []map[string]any{{"Citation": "Test court, case 1/2019", "URL": "https://example.org/case"}}}}
	}
	apply := func(key, message string, publish bool, ids ...string) {
		t.Helper()
		var put []map[string]any
		for _, id := range ids {
			put = append(put, evidence(id))
		}
		r := gqlVars(t, base, key, `mutation($input: ChangesInput!) { applyChanges(input: $input) { published } }`,
			map[string]any{"input": map[string]any{"message": message, "publish": publish, "put": put}})
		if r["errors"] != nil {
			t.Fatalf("%s: %v", message, r["errors"])
		}
	}
	// 23 drafts of one record each, all touching a shared one too; the
	// last draft puts 25 more.
	const drafts = 23
	var last []string
	for i := range drafts {
		ids := []string{fmt.Sprintf("idn/ev/dialog-%02d", i), "idn/ev/dialog-shared"}
		if i == drafts-1 {
			for j := range 25 {
				last = append(last, fmt.Sprintf("idn/ev/dialog-last-%02d", j))
			}
			ids = append(ids, last...)
		}
		apply(carolKey, fmt.Sprintf("draft %02d", i), false, ids...)
	}
	// The last draft's last record is stored since: stale.
	apply(editorKey, "stored meanwhile", true, last[len(last)-1])

	type marks struct{ StaleCount, OverlapCount int }
	api := map[string]marks{}
	var order []string
	r := gqlVars(t, base, editorKey, `{ drafts(first: 100) { id staleCount overlapCount } }`, nil)
	for _, x := range r["data"].(map[string]any)["drafts"].([]any) {
		m := x.(map[string]any)
		id := m["id"].(string)
		order = append(order, id)
		api[id] = marks{int(m["staleCount"].(float64)), int(m["overlapCount"].(float64))}
	}
	if len(order) != drafts {
		t.Fatalf("the API lists %d drafts, want %d", len(order), drafts)
	}
	stale := ""
	for id, m := range api {
		if m.StaleCount > 0 {
			stale = id
		}
	}
	if stale == "" || api[stale] != (marks{1, 1}) {
		t.Fatalf("the API's marks: got %v, want one draft with 1 stale record and 1 overlapping", api)
	}

	run(t, ctx, chromedp.Navigate(base+"/?view=heatmap&asOf=2020-01-01"))
	waitDrawn(t, ctx, "heatmap@2020-01-01")
	run(t, ctx, chromedp.Click(chromedp.CSS("#sign-in")))
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#api-key"), editorKey))
	run(t, ctx, chromedp.Click(chromedp.CSS("#sign-in-submit")))
	waitFor(t, ctx, `document.body.dataset.viewer === "ed:EDITOR"`)
	run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-open")))
	waitFor(t, ctx, `document.querySelector("#drafts-body").dataset.loaded === "20"`)
	run(t, ctx, chromedp.Click(chromedp.CSS("#more-drafts")))
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector("#drafts-body").dataset.loaded === "%d"`, drafts))

	var drawn []struct {
		ID, Stale, Overlap string
	}
	js := run(t, ctx, chromedp.Evaluate[string](`JSON.stringify(Array.from(document.querySelectorAll("#drafts-list > li[data-draft]")).map(li =>
		({ID: li.dataset.draft, Stale: li.dataset.staleCount, Overlap: li.dataset.overlapCount})))`))
	if err := json.Unmarshal([]byte(js), &drawn); err != nil {
		t.Fatal(err)
	}
	if len(drawn) != drafts {
		t.Fatalf("drawn %d drafts, want %d", len(drawn), drafts)
	}
	for i, d := range drawn {
		if d.ID != order[i] {
			t.Errorf("draft %d: drawn %s, the API lists %s", i, d.ID, order[i])
		}
		if m := api[d.ID]; d.Stale != strconv.Itoa(m.StaleCount) || d.Overlap != strconv.Itoa(m.OverlapCount) {
			t.Errorf("draft %s: drawn stale %s overlap %s, the API says %+v", d.ID, d.Stale, d.Overlap, m)
		}
	}
	badge := run(t, ctx, chromedp.Evaluate[string](`(document.querySelector('#drafts-list > li[data-draft="`+stale+`"] .badge.stale') || {}).textContent || ""`))
	if !strings.Contains(badge, "1 record changed since the draft was made") {
		t.Errorf("the stale draft's badge: got %q", badge)
	}
	// Its stale record is beyond the changes drawn (the first 20 of 27).
	if got := run(t, ctx, chromedp.Evaluate[string](`String(document.querySelectorAll('#drafts-list > li[data-draft="`+stale+`"] li.draft-change[data-stale="true"]').length)`)); got != "0" {
		t.Errorf("stale changes drawn on the first page: got %s, want 0 (the stale one is the 27th)", got)
	}
}

// TestLedesQuoteTheAPIsTotals: the heatmap's and the comparison's
// headlines quote compareTotals for the same question, on several dates
// and under each basis; the page adds nothing up.
func TestLedesQuoteTheAPIsTotals(t *testing.T) {
	requireChromium(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	defer exceptions.check(t)
	for _, day := range []string{"2012-06-30", "2018-12-31", "2020-01-01"} {
		for _, basis := range []string{"LAW", "PRACTICE", "EITHER"} {
			var ans struct {
				CompareTotals struct{ Bound, Reviewed, Gaps, NotImplemented, Unreviewed, Denominator, StatesBound int }
			}
			gqlKey(t, base, "", fmt.Sprintf(`{ compareTotals(asOf: "%s", basis: %s) { bound reviewed gaps notImplemented unreviewed denominator statesBound } }`, day, basis), &ans)
			api := ans.CompareTotals

			run(t, ctx, chromedp.Navigate(base+"/?asOf="+day+"&view=heatmap&basis="+basis))
			waitDrawn(t, ctx, "heatmap@"+day+"/"+basis)
			head := run(t, ctx, chromedp.Evaluate[map[string]string](`Object.assign({}, (document.querySelector("#heatmap-lede .headline") || {}).dataset)`))
			want := map[string]string{"bound": strconv.Itoa(api.Bound), "known": strconv.Itoa(api.Reviewed), "gaps": strconv.Itoa(api.Gaps),
				"none": strconv.Itoa(api.NotImplemented), "unknown": strconv.Itoa(api.Unreviewed)}
			if api.Bound == 0 {
				want = map[string]string{}
			}
			if fmt.Sprint(head) != fmt.Sprint(want) {
				t.Errorf("%s %s heatmap headline: drawn %v, the API's totals %v", day, basis, head, want)
			}

			run(t, ctx, chromedp.Navigate(base+"/?asOf="+day+"&view=compare&basis="+basis))
			waitDrawn(t, ctx, "compare@"+day+"/"+basis)
			lede := run(t, ctx, chromedp.Evaluate[map[string]string](`Object.assign({}, document.querySelector("#compare-lede").dataset)`))
			if lede["statesBound"] != strconv.Itoa(api.StatesBound) || lede["unreviewed"] != strconv.Itoa(api.Unreviewed) || lede["denominator"] != strconv.Itoa(api.Denominator) {
				t.Errorf("%s %s comparison lede: drawn %v, the API's totals %+v", day, basis, lede, api)
			}
		}
	}
}

// TestMatrixDrawsTheAPIsCells: every cell of the ratification matrix is
// the API's RatificationRow.cell, each footer the instrument's
// ratificationTally and the lede the tally over every binding instrument,
// on several dates.
func TestMatrixDrawsTheAPIsCells(t *testing.T) {
	requireChromium(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	defer exceptions.check(t)
	type tally struct{ InForce, Ratified, NotKnown int }
	for _, day := range []string{"2005-01-01", "2017-06-01", "2020-01-01"} {
		var ans struct {
			Instruments []struct{ ID string }
			Tally       tally
		}
		gqlKey(t, base, "", fmt.Sprintf(`{ instruments(binding: true) { id } tally: ratificationTally(asOf: "%s") { inForce ratified notKnown } }`, day), &ans)
		run(t, ctx, chromedp.Navigate(base+"/?asOf="+day+"&view=matrix"))
		waitDrawn(t, ctx, "matrix@"+day)
		drawn := run(t, ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll("#matrix td[data-status]")].map((td) =>
			[td.dataset.instrument + "|" + td.dataset.state, td.dataset.status]))`))
		foot := run(t, ctx, chromedp.Evaluate[map[string]tally](`Object.fromEntries([...document.querySelectorAll("#matrix tfoot td[data-instrument]")].map((td) =>
			[td.dataset.instrument, {InForce: +td.dataset.inForce, Ratified: +td.dataset.ratified, NotKnown: +td.dataset.notKnown}]))`))
		seen, kinds := 0, map[string]bool{}
		for _, in := range ans.Instruments {
			var tab struct {
				RatificationTable []struct {
					State struct{ Code string }
					Cell  string
				}
				RatificationTally tally
			}
			gqlKey(t, base, "", fmt.Sprintf(`{ ratificationTable(instrument: %q, asOf: %q) { state { code } cell } ratificationTally(instrument: %[1]q, asOf: %[2]q) { inForce ratified notKnown } }`, in.ID, day), &tab)
			for _, r := range tab.RatificationTable {
				want := strings.ReplaceAll(strings.ToLower(r.Cell), "_", "-")
				if got := drawn[in.ID+"|"+r.State.Code]; got != want {
					t.Errorf("%s %s %s: drawn %q, the API's cell %s", day, in.ID, r.State.Code, got, r.Cell)
				}
				seen++
				kinds[r.Cell] = true
			}
			if foot[in.ID] != tab.RatificationTally {
				t.Errorf("%s %s footer: drawn %+v, the API's tally %+v", day, in.ID, foot[in.ID], tab.RatificationTally)
			}
		}
		if seen == 0 || seen != len(drawn) {
			t.Errorf("%s: drawn %d cells, the API has %d", day, len(drawn), seen)
		}
		t.Logf("%s: cells %v", day, kinds)
		lede := run(t, ctx, chromedp.Evaluate[map[string]string](`Object.assign({}, document.querySelector("#matrix-lede").dataset)`))
		if lede["inForce"] != strconv.Itoa(ans.Tally.InForce) || lede["notKnown"] != strconv.Itoa(ans.Tally.NotKnown) {
			t.Errorf("%s lede: drawn %v, the API's tally %+v", day, lede, ans.Tally)
		}
	}
}

// TestRatificationChartDrawsTheAPIsTimeline: the instrument page's chart
// draws consentTimeline's points (date, count, state) and its undated
// count, for each binding instrument on two dates.
func TestRatificationChartDrawsTheAPIsTimeline(t *testing.T) {
	requireChromium(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	defer exceptions.check(t)
	var ins struct{ Instruments []struct{ ID string } }
	gqlKey(t, base, "", `{ instruments(binding: true) { id } }`, &ins)
	points := 0
	for _, in := range ins.Instruments {
		for _, day := range []string{"2017-06-01", "2020-01-01"} {
			var ans struct {
				ConsentTimeline struct {
					Points []struct {
						State struct{ Code string }
						Date  string
						Count int
					}
					Undated int
				}
			}
			gqlKey(t, base, "", fmt.Sprintf(`{ consentTimeline(instrument: %q, asOf: %q) { points { state { code } date count } undated } }`, in.ID, day), &ans)
			var want []string
			for _, p := range ans.ConsentTimeline.Points {
				want = append(want, fmt.Sprintf("%s %s %d", p.State.Code, p.Date, p.Count))
			}
			run(t, ctx, chromedp.Navigate(base+"/?page=instrument&id="+in.ID+"&asOf="+day))
			waitFor(t, ctx, fmt.Sprintf(`(document.body.dataset.page || "").startsWith("instrument:%s@%s")`, in.ID, day))
			drawn := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#ratification-chart circle[data-date]")].map((c) => c.dataset.state + " " + c.dataset.date + " " + c.dataset.count)`))
			if fmt.Sprint(drawn) != fmt.Sprint(want) {
				t.Errorf("%s on %s: drawn %q, the API's %q", in.ID, day, drawn, want)
			}
			points += len(want)
			undated := run(t, ctx, chromedp.Evaluate[string](`(document.querySelector("#ratification-undated") || {dataset: {count: "0"}}).dataset.count`))
			if undated != strconv.Itoa(ans.ConsentTimeline.Undated) {
				t.Errorf("%s on %s: drawn %s undated, the API's %d", in.ID, day, undated, ans.ConsentTimeline.Undated)
			}
		}
	}
	if points == 0 {
		t.Errorf("no consent drawn for any binding instrument")
	}
}

// gqlVars posts a GraphQL operation with variables to the serve at base
// with key and returns the whole answer (data and errors).
func gqlVars(t *testing.T, base, key, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMatrixDrawsInstrumentForceAndRowDates: each matrix column's header
// says what the API's Instrument.force answers for the day (status, and
// the day or bound it names), before, on and after ACTIP's entry into
// force; each ACTIP cell lists the dates RatificationRow.dates answers,
// in its order; and with no day asked, the page's day is the API's today.
func TestMatrixDrawsInstrumentForceAndRowDates(t *testing.T) {
	requireChromium(t)
	base := sharedServe(t)
	ctx := sharedBrowser(t)
	var today struct{ Today string }
	gqlKey(t, base, "", `{ today }`, &today)
	run(t, ctx, chromedp.Navigate(base+"/?view=matrix"))
	waitDrawn(t, ctx, "matrix@")
	if got := run(t, ctx, chromedp.Evaluate[string](`document.querySelector("#asof").value`)); got != today.Today {
		t.Errorf("the page's day with none asked: %q, want the API's today %q", got, today.Today)
	}
	type force struct{ Status, Adopted, Since, NoLaterThan string }
	words := map[string]func(force) string{
		"NOT_ADOPTED":      func(f force) string { return "adopted " + f.Adopted },
		"NOT_YET_IN_FORCE": func(force) string { return "not yet in force" },
		"NOT_KNOWN":        func(force) string { return "in force: not known" },
		"IN_FORCE": func(f force) string {
			if f.Since != "" {
				return "in force since " + f.Since
			}
			return "in force no later than " + f.NoLaterThan
		},
	}
	seen := map[string]bool{}
	for _, day := range []string{"2014-06-30", "2017-03-07", "2017-03-08", "2020-01-01"} {
		run(t, ctx, chromedp.Navigate(base+"/?view=matrix&asOf="+day))
		waitDrawn(t, ctx, "matrix@"+day)
		js := run(t, ctx, chromedp.Evaluate[string](`JSON.stringify(Object.fromEntries(Array.from(document.querySelectorAll("#matrix thead th[data-instrument]")).map(th =>
			[th.dataset.instrument, {status: th.dataset.force, words: th.querySelector(".inst-sub").textContent}])))`))
		var drawn map[string]struct{ Status, Words string }
		if err := json.Unmarshal([]byte(js), &drawn); err != nil {
			t.Fatal(err)
		}
		if len(drawn) == 0 {
			t.Fatalf("%s: no instrument column drawn", day)
		}
		for id, d := range drawn {
			var ans struct{ Instrument struct{ Force force } }
			gqlKey(t, base, "", fmt.Sprintf(`{ instrument(id: %q) { force(asOf: %q) { status adopted since noLaterThan } } }`, id, day), &ans)
			f := ans.Instrument.Force
			seen[f.Status] = true
			if d.Status != f.Status || d.Words != words[f.Status](f) {
				t.Errorf("%s, %s: drawn %q (%s), the API answers %+v", day, id, d.Words, d.Status, f)
			}
		}
		var table struct {
			RatificationTable []struct {
				State struct{ Code string }
				Dates []struct{ Kind, Date string }
			}
		}
		gqlKey(t, base, "", fmt.Sprintf(`{ ratificationTable(instrument: "actip-2015", asOf: %q) { state { code } dates { kind date } } }`, day), &table)
		cells := run(t, ctx, chromedp.Evaluate[string](`JSON.stringify(Object.fromEntries(Array.from(document.querySelectorAll('#matrix td[data-instrument="actip-2015"]')).map(td =>
			[td.dataset.state, Array.from(td.querySelectorAll("dl.dates > div")).map(d => d.querySelector("dt").textContent + " " + d.querySelector("dd").textContent)])))`))
		var drawnDates map[string][]string
		if err := json.Unmarshal([]byte(cells), &drawnDates); err != nil {
			t.Fatal(err)
		}
		if len(table.RatificationTable) == 0 {
			t.Fatalf("%s: the API answers no ACTIP row", day)
		}
		label := map[string]string{"SIGNED": "Signed", "RATIFIED": "Ratified", "DEPOSITED": "Deposited", "IN_FORCE": "In force",
			"WITHDRAWN": "Withdrawn", "DEPOSITED_BEFORE": "Deposited before", "IN_FORCE_NO_LATER_THAN": "In force no later than"}
		for _, r := range table.RatificationTable {
			want := []string{}
			for _, d := range r.Dates {
				want = append(want, label[d.Kind]+" "+d.Date)
				seen["date:"+d.Kind] = true
			}
			if got := drawnDates[r.State.Code]; strings.Join(got, "; ") != strings.Join(want, "; ") {
				t.Errorf("%s, ACTIP, %s: drawn dates %q, the API answers %q", day, r.State.Code, got, want)
			}
		}
		if day == "2017-03-07" && drawn["actip-2015"].Status != "NOT_YET_IN_FORCE" {
			t.Errorf("ACTIP on %s: drawn %+v, want not yet in force (in force 2017-03-08)", day, drawn["actip-2015"])
		}
		if day == "2017-03-08" && drawn["actip-2015"].Words != "in force since 2017-03-08" {
			t.Errorf("ACTIP on %s: drawn %+v, want in force since 2017-03-08", day, drawn["actip-2015"])
		}
	}
	for _, s := range []string{"NOT_ADOPTED", "NOT_YET_IN_FORCE", "IN_FORCE", "date:SIGNED", "date:DEPOSITED", "date:IN_FORCE"} {
		if !seen[s] {
			t.Errorf("no column drawn %s on any day: the test does not reach it", s)
		}
	}
}

// TestTierChartDrawsTheAPIsSeries: each state page's tier chart draws the
// API's State.tierSeries: its span, its years not held, and each
// placement with its tier, evidence and inferred and disputed marks.
func TestTierChartDrawsTheAPIsSeries(t *testing.T) {
	requireChromium(t)
	base := sharedServe(t)
	ctx := sharedBrowser(t)
	type placement struct {
		Year                         int
		Tier                         string
		Inferred, Disputed, Conflict bool
		Evidence                     []struct{ ID string }
	}
	drawnPlacements := 0
	for _, code := range []string{"IDN", "MYS", "PHL", "THA", "MMR"} {
		t.Run(code, func(t *testing.T) {
			var ans struct {
				State struct {
					TierSeries struct {
						From, To   int
						NotHeld    []int
						Placements []placement
					}
				}
			}
			gqlKey(t, base, "", fmt.Sprintf(`{ state(code: %q) { tierSeries { from to notHeld placements { year tier inferred disputed conflict evidence { id } } } } }`, code), &ans)
			ts := ans.State.TierSeries
			run(t, ctx, chromedp.Navigate(base+"/?page=state&code="+code+"&asOf=2020-01-01"))
			waitFor(t, ctx, fmt.Sprintf(`(document.body.dataset.page || "").startsWith("state:%s") && document.querySelector("#tier-chart") !== null`, code))
			notHeld := []string{}
			for _, y := range ts.NotHeld {
				notHeld = append(notHeld, strconv.Itoa(y))
			}
			if got, want := run(t, ctx, chromedp.Evaluate[string](`document.querySelector("#tier-chart").dataset.notHeld`)), strings.Join(notHeld, " "); got != want {
				t.Errorf("years not held: drawn %q, the API answers %q", got, want)
			}
			if got, want := run(t, ctx, chromedp.Evaluate[string](`document.querySelector("#tier-chart").getAttribute("aria-label")`)), fmt.Sprintf("by report year, %d to %d", ts.From, ts.To); !strings.Contains(got, want) {
				t.Errorf("span: drawn %q, want it to say %q", got, want)
			}
			got := run(t, ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#tier-chart circle[data-year]")).map(c =>
				[c.dataset.year, c.dataset.tierValue, c.dataset.unverified, c.dataset.disputed, c.classList.contains("conflict"), c.dataset.evidence].join("|")).join("\n")`))
			var want []string
			for _, p := range ts.Placements {
				ids := []string{}
				for _, e := range p.Evidence {
					ids = append(ids, e.ID)
				}
				want = append(want, fmt.Sprintf("%d|%s|%t|%t|%t|%s", p.Year, p.Tier, p.Inferred, p.Disputed, p.Conflict, strings.Join(ids, " ")))
			}
			drawnPlacements += len(want)
			if got != strings.Join(want, "\n") {
				t.Errorf("placements drawn:\n%s\nthe API answers:\n%s", got, strings.Join(want, "\n"))
			}
		})
	}
	if drawnPlacements == 0 {
		t.Error("no placement in any state's series: the test compares nothing")
	}
}

// TestStatePageListsInTheAPIsOrder: the desk draws a state's reviews and
// evidence in the order State.reviews and State.evidence answer (earliest
// first, graph/chronology.go), sorting nothing itself; the API's order is
// chronological, checked here through the dates it answers.
func TestStatePageListsInTheAPIsOrder(t *testing.T) {
	requireChromium(t)
	base := sharedServe(t)
	ctx := sharedBrowser(t)
	type dated struct{ ID, Date string }
	listed := 0
	for _, code := range []string{"IDN", "MYS", "THA", "PHL"} {
		t.Run(code, func(t *testing.T) {
			var ans struct {
				State struct{ Reviews, Evidence []dated }
			}
			gqlKey(t, base, "", fmt.Sprintf(`{ state(code: %q) { reviews { id date } evidence { id date } } }`, code), &ans)
			run(t, ctx, chromedp.Navigate(base+"/?page=state&code="+code+"&asOf=2020-01-01"))
			waitFor(t, ctx, fmt.Sprintf(`(document.body.dataset.page || "").startsWith("state:%s") && document.querySelector("#state-evidence") !== null`, code))
			for _, list := range []struct {
				name  string
				css   string
				items []dated
			}{{"reviews", "#state-reviews > li[id]", ans.State.Reviews}, {"evidence", "#state-evidence > li[id]", ans.State.Evidence}} {
				var want []string
				for i, it := range list.items {
					want = append(want, it.ID)
					if i > 0 && it.Date != "" && list.items[i-1].Date != "" && firstDay(it.Date) < firstDay(list.items[i-1].Date) {
						t.Errorf("%s: the API lists %s (%s) after %s (%s)", list.name, it.ID, it.Date, list.items[i-1].ID, list.items[i-1].Date)
					}
				}
				listed += len(want)
				got := run(t, ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("`+list.css+`")).map(li => li.id).join("\n")`))
				if got != strings.Join(want, "\n") {
					t.Errorf("%s drawn:\n%s\nthe API answers:\n%s", list.name, got, strings.Join(want, "\n"))
				}
			}
		})
	}
	if listed < 10 {
		t.Errorf("%d reviews and items of evidence listed: too few to hold the order to account", listed)
	}
}

// firstDay writes the first day a date of any precision allows.
func firstDay(d string) string {
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	return d
}
