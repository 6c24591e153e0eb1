package browsertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestReviewBeforePublishInBrowser drives desk-edit.js and curate.js in
// headless Chromium: a curator edits a law's link from the obligation page
// (the form submitted twice at once makes one draft); a second curator,
// who sees the record marked as pending, edits the same link; the editor's
// Drafts dialog flags both drafts as touching one record, each with its
// field diff; the editor publishes one, and the other is refused as stale
// (CONFLICT naming the current revision); the editor then reverts the link
// to its earlier revision from its History, reviews that draft and
// publishes it, and the link is as it was.
func TestReviewBeforePublishInBrowser(t *testing.T) {
	requireChromium(t)
	artifacts := artifactsDir(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "db")
	carolKey := createKey(t, bin, db, "curator", "carol")
	coraKey := createKey(t, bin, db, "curator", "cora")
	editorKey := createKey(t, bin, db, "editor", "ed")
	base := startServeDB(t, bin, db)
	ctx, exceptions := newBrowser(t)
	eval := evaluator(ctx)

	const (
		obligation = "actip-2015/art_5/obl_1"
		link       = "idn/law-21-2007/implements/" + obligation
	)
	pageURL := base + "/?page=obligation&id=" + url.QueryEscape(obligation) + "&asOf=2020-01-01"
	article := `#link-texts > article.link[id="` + link + `"]`

	// gql posts a query with key and returns the data.
	gql := func(t *testing.T, key, query string, vars map[string]any) map[string]any {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out struct {
			Data   map[string]any
			Errors []any
		}
		if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) > 0 {
			t.Fatalf("%s: %s", query, raw)
		}
		return out.Data
	}
	storedNote := func(t *testing.T) (note, extent string) {
		t.Helper()
		d := gql(t, editorKey, `query($id: ID!) { record(id: $id) { record } }`, map[string]any{"id": link})
		rec := d["record"].(map[string]any)["record"].(map[string]any)
		note, _ = rec["Note"].(string)
		extent, _ = rec["Extent"].(string)
		return note, extent
	}
	draftsBy := func(t *testing.T, author string) []string {
		t.Helper()
		d := gql(t, editorKey, `{ drafts(first: 100) { id author } }`, nil)
		var ids []string
		for _, x := range d["drafts"].([]any) {
			if m := x.(map[string]any); m["author"] == author {
				ids = append(ids, m["id"].(string))
			}
		}
		return ids
	}
	signIn := func(t *testing.T, key, want string) {
		t.Helper()
		run(t, ctx, chromedp.Navigate(base+"/?view=heatmap&asOf=2020-01-01"))
		waitDrawn(t, ctx, "heatmap@2020-01-01")
		if eval(t, `String(document.querySelector("#sign-out") !== null)`) == "true" {
			run(t, ctx, chromedp.Click(chromedp.CSS("#sign-out")))
			waitFor(t, ctx, `document.body.dataset.viewer === "" && sessionStorage.getItem("pactwatch.apiKey") === null`)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS("#sign-in")))
		run(t, ctx, chromedp.SendKeys(chromedp.CSS("#api-key"), key))
		run(t, ctx, chromedp.Click(chromedp.CSS("#sign-in-submit")))
		waitFor(t, ctx, fmt.Sprintf(`document.body.dataset.viewer === %q`, want))
	}
	openPage := func(t *testing.T) {
		t.Helper()
		run(t, ctx, chromedp.Navigate(pageURL))
		waitFor(t, ctx, `(document.body.dataset.page || "").startsWith("obligation:`+obligation+`@") && document.querySelector("#desk-page").dataset.pending !== undefined`)
	}
	// editLink opens the link's form from the obligation page, sets the
	// fields and sends the form twice at once, and returns the outcome.
	editLink := func(t *testing.T, fields map[string]string) string {
		t.Helper()
		openPage(t)
		run(t, ctx, chromedp.Click(chromedp.CSS(article+` button.edit-record`)))
		waitFor(t, ctx, `document.querySelector("#edit-dialog").open && document.querySelector("#link-form .edit-base") !== null`)
		if got := eval(t, `document.querySelector("#ln-law").value + "|" + document.querySelector("#ln-obligation").value + "|" + document.querySelector("#ln-citation").value`); !strings.HasPrefix(got, "idn/law-21-2007|"+obligation+"|") || strings.HasSuffix(got, "|") {
			t.Errorf("the edit form: got %q, want the stored link with its source", got)
		}
		for sel, v := range fields {
			run(t, ctx, chromedp.SetValue(chromedp.CSS(sel), v))
		}
		// A double submission: the button waits, and one draft is made.
		eval(t, `(() => { const f = document.querySelector("#link-form"); f.requestSubmit(); f.requestSubmit(); return ""; })()`)
		waitFor(t, ctx, `document.querySelector("#link-form").dataset.outcome !== undefined`)
		return eval(t, `document.querySelector("#link-form").dataset.outcome + " " + document.querySelector("#link-form").innerText`)
	}

	noteBefore, extentBefore := storedNote(t)

	t.Run("CuratorEditsFromTheObligationPage", func(t *testing.T) {
		signIn(t, carolKey, "carol:CURATOR")
		if got := editLink(t, map[string]string{"#ln-note": "carol's reading of Art. 2", "#ln-message": "carol: a sharper note"}); !strings.HasPrefix(got, "draft") {
			t.Fatalf("carol's edit: got %q, want a draft", got)
		}
		if got := draftsBy(t, "carol"); len(got) != 1 {
			t.Errorf("carol's drafts after a double submission: got %v, want one", got)
		}
		openPage(t)
		if got := eval(t, `document.querySelector('`+article+`').dataset.pendingDraft || ""`); !strings.HasPrefix(got, "draft-") {
			t.Errorf("the link on the page: got pending %q, want carol's draft marked", got)
		}
	})

	t.Run("SecondCuratorEditsTheSameRecord", func(t *testing.T) {
		signIn(t, coraKey, "cora:CURATOR")
		openPage(t)
		if got := eval(t, `document.querySelector('`+article+` .pending-draft').innerText`); !strings.Contains(got, "carol") {
			t.Errorf("pending mark for cora: got %q, want carol's draft named", got)
		}
		if got := editLink(t, map[string]string{"#ln-extent": "FULL", "#ln-message": "cora: the law implements it fully"}); !strings.HasPrefix(got, "draft") {
			t.Fatalf("cora's edit: got %q, want a draft", got)
		}
	})

	t.Run("EditorSeesBothAndPublishesOne", func(t *testing.T) {
		signIn(t, editorKey, "ed:EDITOR")
		run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-open")))
		waitFor(t, ctx, `document.querySelector("#drafts-body").dataset.loaded === "2"`)
		saveScreenshot(t, ctx, artifacts, "review-drafts-1280.png")
		for _, tc := range []struct{ author, other, field, proposed string }{
			{"carol", "cora", "Note", "carol's reading of Art. 2"},
			{"cora", "carol", "Extent", "FULL"},
		} {
			item := `#drafts-list > li[data-author="` + tc.author + `"]`
			change := item + ` li.draft-change[data-record="` + link + `"]`
			if got := eval(t, `(() => { const c = document.querySelector('`+change+`'); return c ? [c.dataset.kind, c.dataset.replaces, c.dataset.stale, c.dataset.overlaps].join("|") : "none"; })()`); got != "CHANGE|true|false|1" {
				t.Errorf("%s's draft: got %q, want a fresh CHANGE replacing the stored link, overlapping one draft", tc.author, got)
			}
			if got := eval(t, `document.querySelector('`+change+` li.overlap').dataset.author`); got != tc.other {
				t.Errorf("%s's draft overlaps: got %q, want %s's", tc.author, got, tc.other)
			}
			if got := eval(t, `document.querySelector('`+change+` tr[data-field="`+tc.field+`"] td.proposed').innerText`); got != tc.proposed {
				t.Errorf("%s's %s proposed: got %q, want %q", tc.author, tc.field, got, tc.proposed)
			}
			if got := eval(t, `String(document.querySelectorAll('`+change+` tr[data-field]').length)`); got != "1" {
				t.Errorf("%s's diff: got %s fields, want 1: %q", tc.author, got, eval(t, `document.querySelector('`+change+`').innerText`))
			}
		}
		if got := eval(t, `document.querySelector('#drafts-list > li[data-author="carol"] tr[data-field="Note"] td.base').innerText`); got != noteBefore {
			t.Errorf("carol's Note as based on: got %q, want the stored %q", got, noteBefore)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(`#drafts-list > li[data-author="carol"] button.publish-draft`)))
		waitFor(t, ctx, `document.querySelector("#drafts-notice") !== null && document.querySelector("#drafts-body").dataset.loaded === "1"`)
		if got := eval(t, `document.querySelector("#drafts-notice").innerText`); !strings.Contains(got, "Published") || !strings.Contains(got, link) {
			t.Errorf("after publishing carol's: got %q", got)
		}
		cora := `#drafts-list > li[data-author="cora"]`
		if got := eval(t, `document.querySelector('`+cora+` li.draft-change').dataset.stale + "|" + document.querySelector('`+cora+` tr[data-field="Note"]').dataset.changedSinceBase`); got != "true|true" {
			t.Errorf("cora's draft after carol's is published: got %q, want stale, the Note changed since its base", got)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(cora+` button.publish-draft`)))
		waitFor(t, ctx, `document.querySelector('`+cora+` .draft-status').dataset.conflict === "true"`)
		if got := eval(t, `document.querySelector('`+cora+` .draft-status').innerText`); !strings.Contains(got, link+": is at version") {
			t.Errorf("publishing cora's: got %q, want CONFLICT naming the link's current version", got)
		}
		saveScreenshot(t, ctx, artifacts, "review-stale-1280.png")
		if note, extent := storedNote(t); note != "carol's reading of Art. 2" || extent != extentBefore {
			t.Errorf("stored after one publish: got %q/%q, want carol's note and the old extent", note, extent)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-close")))
	})

	t.Run("EditorRevertsToTheEarlierRevision", func(t *testing.T) {
		openPage(t)
		history := article + ` details.history`
		run(t, ctx, chromedp.Click(chromedp.CSS(history+` > summary`)))
		waitFor(t, ctx, `document.querySelector('`+history+`').dataset.count !== undefined`)
		// The revision before the last change (carol's).
		prev := eval(t, `(() => { const lis = [...document.querySelectorAll('`+history+` li[data-action="UPDATED"]')]; return lis.length ? lis[lis.length - 1].dataset.previousVersion : ""; })()`)
		if prev == "" {
			t.Fatalf("history: got %q, want carol's change with the revision it replaced", eval(t, `document.querySelector('`+history+`').innerText`))
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(history+` button.revert[data-version="`+prev+`"]`)))
		waitFor(t, ctx, `document.querySelector('`+history+` .history-status').dataset.outcome !== undefined`)
		if got := eval(t, `document.querySelector('`+history+` .history-status').dataset.outcome`); got != "draft" {
			t.Fatalf("revert: got %q (%s), want a draft", got, eval(t, `document.querySelector('`+history+` .history-status').innerText`))
		}
		revert := eval(t, `document.querySelector('`+history+` .history-status').dataset.draft`)
		run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-open")))
		waitFor(t, ctx, `document.querySelector("#drafts-body").dataset.loaded === "2"`)
		item := `#drafts-list > li[data-draft="` + revert + `"]`
		if got := eval(t, `document.querySelector('`+item+` tr[data-field="Note"] td.current').innerText + "|" + document.querySelector('`+item+` tr[data-field="Note"] td.proposed').innerText`); got != "carol's reading of Art. 2|"+noteBefore {
			t.Errorf("the revert's diff: got %q, want carol's note back to %q", got, noteBefore)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(item+` button.publish-draft`)))
		waitFor(t, ctx, `document.querySelector("#drafts-notice") !== null && document.querySelector("#drafts-body").dataset.loaded === "1"`)
		if note, extent := storedNote(t); note != noteBefore || extent != extentBefore {
			t.Errorf("after the revert: got %q/%q, want %q/%q", note, extent, noteBefore, extentBefore)
		}
	})

	t.Run("DraftsArePaged", func(t *testing.T) {
		var put []any
		for i := range 25 {
			put = append(put, map[string]any{"kind": "EVIDENCE", "record": map[string]any{
				"ID": fmt.Sprintf("idn/ev/paged-%02d", i), "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01",
				"ObligationIDs": []string{obligation}, "Finding": "EFFECTIVE", "Summary": "A case.",
				"Sources": []any{map[string]any{"Citation": "Court file", "Locator": "registry no. " + fmt.Sprint(i)}}}})
		}
		gql(t, carolKey, `mutation($input: ChangesInput!) { applyChanges(input: $input) { draft { id } } }`,
			map[string]any{"input": map[string]any{"message": "25 cases", "put": put}})
		run(t, ctx, chromedp.Navigate(pageURL))
		waitFor(t, ctx, `document.querySelector("#drafts-open") !== null`)
		run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-open")))
		item := `#drafts-list > li[data-author="carol"]`
		waitFor(t, ctx, `document.querySelector('`+item+`') !== null`)
		if got := eval(t, `document.querySelector('`+item+` ul.draft-changes').dataset.shown + "|" + document.querySelector('`+item+` button.more-changes').innerText`); got != "20|More changes (20 of 25 shown)" {
			t.Errorf("a 25-record draft: got %q, want 20 shown and a button for the rest", got)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(item+` button.more-changes`)))
		waitFor(t, ctx, `document.querySelector('`+item+` ul.draft-changes').dataset.shown === "25"`)
		if got := eval(t, `String(document.querySelector('`+item+` button.more-changes') === null) + "|" + document.querySelector('`+item+` li.draft-change:last-child').dataset.record`); got != "true|idn/ev/paged-24" {
			t.Errorf("after More changes: got %q, want every record and no button", got)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-close")))
	})

	t.Run("StateAndInstrumentPages", func(t *testing.T) {
		const tier = "tha/ev/tip-2019-tier"
		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=THA&asOf=2020-01-01"))
		waitFor(t, ctx, `(document.body.dataset.page || "").startsWith("state:THA@") && document.querySelector("#desk-page").dataset.pending !== undefined`)
		for _, sel := range []string{
			`#state-evidence > li[id="` + tier + `"] button.edit-record`, `#state-reviews > li button.retract-record`,
			`#state-laws > li .law-links li[data-link] button.edit-record`, `#state-actions tr[id] button.edit-record`,
			`.add-bar button.add-record[data-kind="LAW"]`, `.add-bar button.add-record[data-kind="EVIDENCE"]`,
		} {
			if eval(t, `String(document.querySelector('`+sel+`') !== null)`) != "true" {
				t.Errorf("state page: no %s", sel)
			}
		}
		// Edit the tier record with a citation alone: the form asks once
		// for a locator, keeps the fields it does not show, and saves.
		run(t, ctx, chromedp.Click(chromedp.CSS(`#state-evidence > li[id="`+tier+`"] button.edit-record`)))
		waitFor(t, ctx, `document.querySelector("#evidence-form .edit-base") !== null`)
		for sel, v := range map[string]string{"#ev-summary": "Tier 2, as read in an interview.", "#ev-url": "", "#ev-locator": "",
			"#ev-citation": "Interview with a shelter worker, Bangkok, 2019", "#ev-message": "a citation alone"} {
			eval(t, fmt.Sprintf(`(() => { document.querySelector(%q).value = %q; return ""; })()`, sel, v))
		}
		run(t, ctx, chromedp.Click(chromedp.CSS("#ev-submit")))
		waitFor(t, ctx, `document.querySelector("#evidence-form").dataset.outcome !== undefined`)
		if got := eval(t, `document.querySelector("#evidence-form").dataset.outcome + "|" + document.querySelector("#ev-locator-error").innerText`); !strings.HasPrefix(got, "prompt|No URL") {
			t.Errorf("a citation without URL or locator: got %q, want the locator asked for", got)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS("#ev-submit")))
		waitFor(t, ctx, `document.querySelector("#evidence-form").dataset.outcome !== undefined`)
		if got := eval(t, `document.querySelector("#evidence-form").dataset.outcome`); got != "draft" {
			t.Fatalf("the edit saved again: got %q (%s), want a draft", got, eval(t, `document.querySelector("#evidence-form").innerText`))
		}
		d := gql(t, editorKey, `query($id: ID!) { draft(id: $id) { records { record } } }`, map[string]any{"id": eval(t, `document.querySelector("#evidence-form").dataset.draft`)})
		rec := d["draft"].(map[string]any)["records"].([]any)[0].(map[string]any)["record"].(map[string]any)
		src := rec["Sources"].([]any)
		first := src[0].(map[string]any)
		if rec["Tier"] != "TIER_2" || rec["ReportYear"] == nil || len(src) != 2 || first["URL"] != "" || !strings.HasPrefix(first["Citation"].(string), "Interview") {
			t.Errorf("the drafted tier record: got %v, want its tier, report year and second source kept, the first a citation alone", rec)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS("#edit-close")))

		// A retraction needs a reason.
		review := eval(t, `document.querySelector("#state-reviews > li[id]").id`)
		run(t, ctx, chromedp.Click(chromedp.CSS(`#state-reviews > li[id="`+review+`"] button.retract-record`)))
		waitFor(t, ctx, `document.querySelector("#retract-form") !== null`)
		run(t, ctx, chromedp.Click(chromedp.CSS("#rt-submit")))
		waitFor(t, ctx, `document.querySelector("#retract-form").dataset.outcome !== undefined`)
		if got := eval(t, `document.querySelector("#retract-form").dataset.outcome + "|" + document.querySelector("#rt-reason-error").innerText`); !strings.HasPrefix(got, "error|required") {
			t.Errorf("a retraction without a reason: got %q", got)
		}
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#rt-reason"), "superseded by a later reading"))
		run(t, ctx, chromedp.Click(chromedp.CSS("#rt-submit")))
		waitFor(t, ctx, `document.querySelector("#retract-form").dataset.outcome !== "error"`)
		if got := eval(t, `document.querySelector("#retract-form").dataset.outcome`); got != "draft" {
			t.Errorf("the retraction: got %q (%s), want a draft", got, eval(t, `document.querySelector("#retract-form").innerText`))
		}
		waitFor(t, ctx, `(document.querySelector('#state-reviews > li[id="`+review+`"]').dataset.pendingDraft || "") !== ""`)
		run(t, ctx, chromedp.Click(chromedp.CSS("#edit-close")))

		run(t, ctx, chromedp.Navigate(base+"/?page=instrument&id=actip-2015&asOf=2020-01-01"))
		waitFor(t, ctx, `(document.body.dataset.page || "").startsWith("instrument:actip-2015@") && document.querySelector("#desk-page").dataset.pending !== undefined`)
		run(t, ctx, chromedp.Click(chromedp.CSS(`#provisions li[data-obligation="`+obligation+`"] button.edit-record`)))
		waitFor(t, ctx, `document.querySelector("#record-form .edit-base") !== null`)
		if got := eval(t, `JSON.parse(document.querySelector("#rc-json").value).ID`); got != obligation {
			t.Errorf("the obligation's form: got ID %q, want %s", got, obligation)
		}
		if eval(t, `String(document.querySelector('#provisions > article.provision button.edit-record') !== null)`) != "true" {
			t.Error("instrument page: no edit button on a provision")
		}
		saveScreenshot(t, ctx, artifacts, "review-instrument-edit-1280.png")
		run(t, ctx, chromedp.Click(chromedp.CSS("#edit-close")))

		// On the obligation page, evidence is added for the state chosen.
		openPage(t)
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#edit-state"), "MYS"))
		run(t, ctx, chromedp.Click(chromedp.CSS(`.add-bar button.add-record[data-kind="EVIDENCE"]`)))
		waitFor(t, ctx, `document.querySelector("#evidence-form") !== null`)
		if got := eval(t, `document.querySelector("#ev-state").value + "|" + document.querySelector("#ev-obligations").value + "|" + document.querySelector("#ev-id").value`); !strings.HasPrefix(got, "MYS|"+obligation+"|mys/ev/") {
			t.Errorf("add evidence from the obligation page: got %q, want MYS's, on the obligation", got)
		}
	})
	exceptions.check(t)
}
