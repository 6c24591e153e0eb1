package browsertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestCuratorInBrowser drives curate.js and curate-forms.js in headless
// Chromium against a fresh store with a curator key and an editor key made
// by the built binary: the curator signs in and, through compliance
// drill-downs' forms, adds an evidence item, a review and a link from a
// law (each a draft, in no public answer); the editor signs in and
// publishes the drafts; the evidence, the review and the link are then in
// their drill-downs, with their history, while the same drill-down known at
// a moment before the change shows the old answer. The drill-down's URL
// (drill=) reopens it.
func TestCuratorInBrowser(t *testing.T) {
	requireChromium(t)
	artifacts := artifactsDir(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "db")
	curatorKey := createKey(t, bin, db, "curator", "carol")
	editorKey := createKey(t, bin, db, "editor", "ed")
	base := startServeDB(t, bin, db)
	ctx, exceptions := newBrowser(t)
	eval := evaluator(ctx)

	const (
		drill    = "IDN:actip-2015/art_5/obl_1"
		evidence = "idn/ev/browser-conviction"
		message  = "browser test: the 2019 conviction"
	)
	// A review and a law link go to an obligation Myanmar's law was never
	// linked to nor reviewed against: it is UNREVIEWED until they are
	// published.
	const (
		drill2 = "MMR:actip-2015/art_14/para_1/obl_1"
		review = "MMR/review/actip-2015/browser-test"
		law    = "mmr/law-5-2005"
		link   = law + "/implements/actip-2015/art_14/para_1/obl_1"
	)
	drillURL := func(extra string) string {
		return base + "/?view=heatmap&asOf=2020-01-01&drill=" + url.QueryEscape(drill) + extra
	}
	drill2URL := base + "/?view=heatmap&asOf=2020-01-01&drill=" + url.QueryEscape(drill2)
	// openDrillAt loads a drill-down URL cold and waits until the
	// drill-down key is drawn.
	openDrillAt := func(t *testing.T, u, key string) {
		t.Helper()
		run(t, ctx, chromedp.Navigate(u))
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector("#drilldown").open && document.querySelector("#drilldown").dataset.loaded === %q`, key))
	}
	openDrill := func(t *testing.T, u string) { t.Helper(); openDrillAt(t, u, drill) }
	has := func(t *testing.T, sel string) bool {
		t.Helper()
		return eval(t, `String(document.querySelector('`+sel+`') !== null)`) == "true"
	}
	legal := func(t *testing.T) string {
		t.Helper()
		return eval(t, `document.querySelector("#drilldown-body .verdict").dataset.legal`)
	}
	// fieldError is the error shown at a form's field, "" when none is.
	fieldError := func(t *testing.T, id string) string {
		t.Helper()
		return eval(t, `document.querySelector("#`+id+`-error").hidden ? "" : document.querySelector("#`+id+`-error").innerText`)
	}
	fill := func(t *testing.T, values map[string]string) {
		t.Helper()
		for sel, v := range values {
			run(t, ctx, chromedp.SetValue(chromedp.CSS(sel), v))
		}
	}
	// submit sends a form and waits for its outcome.
	submit := func(t *testing.T, form, button, want string) {
		t.Helper()
		run(t, ctx, chromedp.Click(chromedp.CSS(button)))
		waitFor(t, ctx, `document.querySelector("`+form+`").dataset.outcome !== undefined`)
		if got := eval(t, `document.querySelector("`+form+`").dataset.outcome`); got != want {
			t.Fatalf("%s: got outcome %q, want %q; errors: %q", form, got, want, eval(t, `document.querySelector("`+form+`").innerText`))
		}
	}
	hasEvidence := func(t *testing.T) bool {
		t.Helper()
		return eval(t, `String(document.querySelector('#drilldown-body .item[data-evidence="`+evidence+`"]') !== null)`) == "true"
	}
	practice := func(t *testing.T) string {
		t.Helper()
		return eval(t, `document.querySelector("#drilldown-body .verdict").dataset.practice`)
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

	var before string
	t.Run("DrillDownURLReopens", func(t *testing.T) {
		openDrill(t, drillURL(""))
		if got := run(t, ctx, chromedp.Location()); !strings.Contains(got, "drill="+url.QueryEscape(drill)) {
			t.Errorf("URL with the drill-down open: got %q, want drill=%s", got, drill)
		}
		if !strings.Contains(eval(t, `document.querySelector("#drilldown-title").innerText`), "Indonesia") {
			t.Errorf("drill-down title: got %q, want Indonesia's", eval(t, `document.querySelector("#drilldown-title").innerText`))
		}
		before = practice(t)
		if hasEvidence(t) {
			t.Fatalf("evidence %s is in the drill-down before it was added", evidence)
		}
		if got := eval(t, `String(document.querySelector("#evidence-form") !== null)`); got != "false" {
			t.Errorf("evidence form for an anonymous reader: got %s, want none", got)
		}
		run(t, ctx, chromedp.KeyEvent(kb.Escape))
		waitFor(t, ctx, `!document.querySelector("#drilldown").open`)
		// The dialog's close event, which takes drill= away, comes just after.
		waitFor(t, ctx, `!location.search.includes("drill=")`)
	})

	t.Run("ErrBadKey", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?view=heatmap&asOf=2020-01-01"))
		waitDrawn(t, ctx, "heatmap@2020-01-01")
		run(t, ctx, chromedp.Click(chromedp.CSS("#sign-in")))
		run(t, ctx, chromedp.SendKeys(chromedp.CSS("#api-key"), "pwk_not_a_key"))
		run(t, ctx, chromedp.Click(chromedp.CSS("#sign-in-submit")))
		waitFor(t, ctx, `document.querySelector("#sign-in-error") && !document.querySelector("#sign-in-error").hidden`)
		if got := eval(t, `String(sessionStorage.getItem("pactwatch.apiKey"))`); got != "null" {
			t.Errorf("a refused key stays in session storage: %q", got)
		}
	})

	t.Run("CuratorAddsEvidenceAsDraft", func(t *testing.T) {
		signIn(t, curatorKey, "carol:CURATOR")
		if got := eval(t, `document.querySelector("#viewer").innerText`); !strings.Contains(got, "carol") || !strings.Contains(got, "curator") {
			t.Errorf("viewer: got %q, want carol (curator)", got)
		}
		openDrill(t, drillURL(""))
		waitFor(t, ctx, `document.querySelector("#evidence-form") !== null`)
		if got := eval(t, `document.querySelector("#ev-obligations").value + "|" + document.querySelector("#ev-state").value`); got != "actip-2015/art_5/obl_1|IDN" {
			t.Errorf("form prefilled: got %q, want the drill-down's obligation and state", got)
		}
		if got := eval(t, `String(document.querySelector("#ev-publish") !== null)`); got != "false" {
			t.Errorf("publish box for a curator: got %s, want none", got)
		}
		for sel, v := range map[string]string{
			"#ev-id": evidence, "#ev-kind": "COURT_CASE", "#ev-date": "2019-06-01", "#ev-finding": "EFFECTIVE",
			"#ev-summary": "A conviction for trafficking, in a browser test.", "#ev-citation": "District court, case 1/2019",
			"#ev-url": "https://example.org/case-1-2019",
		} {
			run(t, ctx, chromedp.SetValue(chromedp.CSS(sel), v))
		}
		// No message: the server refuses the batch, and the form says so at the field.
		run(t, ctx, chromedp.Click(chromedp.CSS("#ev-submit")))
		waitFor(t, ctx, `document.querySelector("#evidence-form").dataset.outcome === "error"`)
		if got := eval(t, `(document.querySelector("#ev-message-error").hidden ? "hidden:" : "") + document.querySelector("#ev-message-error").innerText`); !strings.Contains(got, "required") || strings.HasPrefix(got, "hidden:") {
			t.Errorf("message error: got %q, want \"required\" shown at the message", got)
		}
		if got := eval(t, `document.querySelector("#ev-message").getAttribute("aria-invalid")`); got != "true" {
			t.Errorf("message aria-invalid: got %q, want true", got)
		}
		// A bad date is named at its field too.
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#ev-date"), "2019-13-45"))
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#ev-message"), message))
		run(t, ctx, chromedp.Click(chromedp.CSS("#ev-submit")))
		waitFor(t, ctx, `document.querySelector("#evidence-form").dataset.outcome === "error"`)
		if got := eval(t, `document.querySelector("#ev-date-error").hidden ? "" : document.querySelector("#ev-date-error").innerText`); got == "" {
			t.Errorf("bad date: got no error at the date field (general errors: %q)", eval(t, `document.querySelector("#ev-errors").innerText`))
		}
		saveScreenshot(t, ctx, artifacts, "curate-form-errors-1280.png")

		run(t, ctx, chromedp.SetValue(chromedp.CSS("#ev-date"), "2019-06-01"))
		run(t, ctx, chromedp.Click(chromedp.CSS("#ev-submit")))
		waitFor(t, ctx, `document.querySelector("#evidence-form").dataset.outcome === "draft"`)
		if got := eval(t, `document.querySelector("#ev-result").innerText`); !strings.Contains(got, "draft") {
			t.Errorf("result: got %q, want it saved as a draft", got)
		}
		// A draft is in no public answer.
		openDrill(t, drillURL(""))
		if hasEvidence(t) {
			t.Errorf("a curator's draft is in the drill-down before it is published")
		}
	})

	var legalBefore string
	t.Run("CuratorAddsReviewAndLinkAsDrafts", func(t *testing.T) {
		openDrillAt(t, drill2URL, drill2)
		legalBefore = legal(t)
		if legalBefore != "UNREVIEWED" || has(t, `#drilldown-body .item[data-review]`) {
			t.Fatalf("before: got legal %q and reviews %q, want UNREVIEWED and none", legalBefore, eval(t, `document.querySelector("#drilldown-body").innerText`))
		}
		waitFor(t, ctx, `document.querySelector("#review-form") !== null && document.querySelector("#link-form") !== null`)

		run(t, ctx, chromedp.Click(chromedp.CSS("#curate-review summary")))
		if got := eval(t, `["state", "instrument", "obligations", "scope"].map((f) => document.querySelector("#rv-" + f).value).join("|")`); got != "MMR|actip-2015|actip-2015/art_14/para_1/obl_1|LISTED" {
			t.Errorf("review form prefilled: got %q, want the drill-down's state, instrument and obligation, LISTED", got)
		}
		waitFor(t, ctx, `Number(document.querySelector("#curate-laws").dataset.loaded) > 0`)
		if !has(t, `#curate-laws option[value="`+law+`"]`) {
			t.Errorf("laws list: got %q, want Myanmar's %s", eval(t, `document.querySelector("#curate-laws").innerHTML`), law)
		}
		fill(t, map[string]string{
			"#rv-id": review, "#rv-date": "2019-01-01", "#rv-method": "STATUTE_READING", "#rv-reviewer": "a browser test",
			"#rv-laws": "mmr/law-none", "#rv-articles": "Art. 16",
			"#rv-summary":  "The 2005 law read against victim identification: no guidelines found.",
			"#rv-citation": "Anti Trafficking in Persons Law 2005", "#rv-message": "browser test: a review",
		})
		// No URL: a citation alone is a source, but the form asks once
		// where a reader finds it before anything is sent.
		submit(t, "#review-form", "#rv-submit", "prompt")
		if got := fieldError(t, "rv-locator"); !strings.Contains(got, "No URL") {
			t.Errorf("review without a URL: got %q at the locator, want the prompt for one", got)
		}
		// A law that does not exist: the server says so at the field.
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#rv-url"), "https://example.org/mmr-law-2005"))
		submit(t, "#review-form", "#rv-submit", "error")
		if got := fieldError(t, "rv-laws"); !strings.Contains(got, "mmr/law-none") {
			t.Errorf("review of a law that does not exist: got %q at the laws (general errors: %q)", got, eval(t, `document.querySelector("#rv-errors").innerText`))
		}
		if got := fieldError(t, "rv-locator"); got != "" {
			t.Errorf("locator prompt after a URL was given: got %q, want none", got)
		}
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#rv-laws"), law))
		submit(t, "#review-form", "#rv-submit", "draft")

		run(t, ctx, chromedp.Click(chromedp.CSS("#curate-link summary")))
		if got := eval(t, `document.querySelector("#ln-obligation").value + "|" + document.querySelector("#ln-extent").value`); got != "actip-2015/art_14/para_1/obl_1|PARTIAL" {
			t.Errorf("link form prefilled: got %q, want the drill-down's obligation, PARTIAL", got)
		}
		fill(t, map[string]string{
			"#ln-law": "mmr/law-none", "#ln-articles": "Art. 16", "#ln-note": "Identification is framed, with no guidelines.",
			"#ln-citation": "Anti Trafficking in Persons Law 2005, Art. 16", "#ln-url": "https://example.org/mmr-law-2005",
		})
		// No message and a law that does not exist: both at their fields.
		submit(t, "#link-form", "#ln-submit", "error")
		if got := fieldError(t, "ln-message"); !strings.Contains(got, "required") {
			t.Errorf("link without a message: got %q at the message", got)
		}
		if got := fieldError(t, "ln-law"); !strings.Contains(got, "mmr/law-none") {
			t.Errorf("link from a law that does not exist: got %q at the law (general errors: %q)", got, eval(t, `document.querySelector("#ln-errors").innerText`))
		}
		saveScreenshot(t, ctx, artifacts, "curate-link-errors-1280.png")
		fill(t, map[string]string{"#ln-law": law, "#ln-message": "browser test: a law link"})
		submit(t, "#link-form", "#ln-submit", "draft")

		// Drafts are in no public answer.
		openDrillAt(t, drill2URL, drill2)
		if has(t, `#drilldown-body .item[data-review="`+review+`"]`) || has(t, `#drilldown-body .item[data-implementation="`+link+`"]`) || legal(t) != "UNREVIEWED" {
			t.Errorf("the curator's drafts are in the drill-down before they are published: %q", eval(t, `document.querySelector("#drilldown-body").innerText`))
		}
	})

	var knownBefore time.Time
	t.Run("EditorPublishesDraft", func(t *testing.T) {
		knownBefore = time.Now().UTC()
		time.Sleep(20 * time.Millisecond)
		signIn(t, editorKey, "ed:EDITOR")
		run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-open")))
		waitFor(t, ctx, `document.querySelector("#drafts-body").dataset.loaded !== undefined`)
		if got := eval(t, `document.querySelector("#drafts-body").innerText`); strings.Contains(got, "null") || strings.Contains(got, "[object") {
			t.Errorf("drafts list: got %q, want no stray null or object", got)
		}
		saveScreenshot(t, ctx, artifacts, "curate-drafts-1280.png")
		for _, record := range []string{evidence, review, link} {
			item := `#drafts-list > li:has(li[data-record="` + record + `"])`
			if got := eval(t, `String(document.querySelector('`+item+`') !== null)`); got != "true" {
				t.Fatalf("drafts: got %q, want the curator's draft with %s", eval(t, `document.querySelector("#drafts-body").innerText`), record)
			}
			if got := eval(t, `document.querySelector('`+item+`').dataset.author`); got != "carol" {
				t.Errorf("draft author of %s: got %q, want carol", record, got)
			}
			run(t, ctx, chromedp.Click(chromedp.CSS(item+" button.publish-draft")))
			waitFor(t, ctx, `document.querySelector("#drafts-notice") !== null && document.querySelector("#drafts-notice").innerText.includes(`+fmt.Sprintf("%q", record)+`)`)
			if got := eval(t, `document.querySelector("#drafts-notice").innerText`); !strings.Contains(got, "Published") {
				t.Errorf("after publishing %s: got %q, want the record published", record, got)
			}
			if got := eval(t, `String(document.querySelector('`+item+`') === null)`); got != "true" {
				t.Errorf("the published draft of %s is still listed", record)
			}
		}
	})

	t.Run("PublishedEvidenceInDrillDown", func(t *testing.T) {
		openDrill(t, drillURL(""))
		if !hasEvidence(t) {
			t.Fatalf("drill-down after publishing: got %q, want the evidence %s", eval(t, `document.querySelector("#drilldown-body").innerText`), evidence)
		}
		if got := practice(t); got != "EFFECTIVE" {
			t.Errorf("practice after the conviction: got %q, want EFFECTIVE (was %q)", got, before)
		}
		hist := `#drilldown-body .item[data-evidence="` + evidence + `"] details.history`
		run(t, ctx, chromedp.Click(chromedp.CSS(hist+" summary")))
		waitFor(t, ctx, `document.querySelector('`+hist+` .history-list li') !== null`)
		if got := eval(t, `document.querySelector('`+hist+`').innerText`); !strings.Contains(got, message) || !strings.Contains(got, "added") {
			t.Errorf("history: got %q, want the change added with its message", got)
		}
		saveScreenshot(t, ctx, artifacts, "curate-published-1280.png")
	})

	t.Run("PublishedReviewAndLinkInDrillDown", func(t *testing.T) {
		openDrillAt(t, drill2URL, drill2)
		item := `#drilldown-body .item[data-review="` + review + `"]`
		if !has(t, item) {
			t.Fatalf("drill-down after publishing: got %q, want the review %s", eval(t, `document.querySelector("#drilldown-body").innerText`), review)
		}
		if got := eval(t, `document.querySelector('`+item+`').innerText`); !strings.Contains(got, "a browser test") || !strings.Contains(got, "2019-01-01") {
			t.Errorf("review: got %q, want its reviewer and date", got)
		}
		linked := `#drilldown-body .item[data-law="` + law + `"][data-implementation="` + link + `"]`
		if !has(t, linked) {
			t.Fatalf("drill-down after publishing: got %q, want %s linked to the obligation", eval(t, `document.querySelector("#drilldown-body").innerText`), law)
		}
		if got := eval(t, `document.querySelector('`+linked+`').innerText`); !strings.Contains(got, "partial") || !strings.Contains(got, "Art. 16") {
			t.Errorf("linked law: got %q, want it implementing in part, by Art. 16", got)
		}
		if got := legal(t); got != "PARTIAL" {
			t.Errorf("legal after the link: got %q, want PARTIAL (was %q)", got, legalBefore)
		}
		hist := item + ` details.history`
		run(t, ctx, chromedp.Click(chromedp.CSS(hist+" summary")))
		waitFor(t, ctx, `document.querySelector('`+hist+` .history-list li') !== null`)
		if got := eval(t, `document.querySelector('`+hist+`').innerText`); !strings.Contains(got, "browser test: a review") {
			t.Errorf("review history: got %q, want its change with the message", got)
		}
		saveScreenshot(t, ctx, artifacts, "curate-review-link-1280.png")
	})

	t.Run("KnownAtBeforeShowsOldAnswer", func(t *testing.T) {
		known := knownBefore.Format(time.RFC3339Nano)
		openDrill(t, drillURL("&knownAt="+url.QueryEscape(known)))
		if hasEvidence(t) {
			t.Errorf("drill-down known at %s, before the change: got the evidence, want the old answer", known)
		}
		if got := practice(t); got != before {
			t.Errorf("practice known at %s: got %q, want %q (the answer before the change)", known, got, before)
		}
		if got := eval(t, `document.querySelector("#drilldown-body .known-at-note").innerText`); !strings.Contains(got, "as the graph knew it on") {
			t.Errorf("known-at note: got %q", got)
		}
		if got := eval(t, `document.querySelector("#knownat").value`); got == "" {
			t.Errorf("known-at control: got empty, want the URL's moment")
		}
		run(t, ctx, chromedp.KeyEvent(kb.Escape))
		waitFor(t, ctx, `!document.querySelector("#drilldown").open && !location.search.includes("drill=")`)
		waitDrawn(t, ctx, "heatmap@2020-01-01/LAW~"+known)
		if got := eval(t, `document.querySelector("#heatmap-lede").innerText`); !strings.Contains(got, "as the graph knew it on") || strings.Contains(got, "[object") {
			t.Errorf("heatmap lede known at %s: got %q", known, got)
		}
		if got := run(t, ctx, chromedp.Location()); !strings.Contains(got, "knownAt=") || strings.Contains(got, "drill=") {
			t.Errorf("URL after closing: got %q, want knownAt kept and drill gone", got)
		}
		// The desk's pages carry it too, and say it in "cite this".
		run(t, ctx, chromedp.Navigate(base+"/?page=state&code=IDN&asOf=2020-01-01&knownAt="+url.QueryEscape(known)))
		waitFor(t, ctx, `(document.body.dataset.page || "").startsWith("state:IDN@2020-01-01")`)
		if got := eval(t, `document.querySelector("#cite-this").innerText`); !strings.Contains(got, "as the graph knew it on") {
			t.Errorf("cite this known at %s: got %q", known, got)
		}
	})

	t.Run("ConflictAtTheForm", func(t *testing.T) {
		openDrill(t, drillURL(""))
		waitFor(t, ctx, `document.querySelector("#evidence-form") !== null && document.querySelector("#ev-publish") !== null`)
		editForm := func(summary string) {
			fill(t, map[string]string{"#ev-id": evidence, "#ev-summary": summary, "#ev-date": "2019-06-01", "#ev-kind": "COURT_CASE", "#ev-citation": "District court, case 1/2019",
				"#ev-url": "https://example.org/case-1-2019", "#ev-message": "browser test: an edit"})
			if eval(t, `String(document.querySelector("#ev-publish").checked)`) != "true" {
				run(t, ctx, chromedp.Click(chromedp.CSS("#ev-publish")))
			}
		}
		reload := func(want string) {
			run(t, ctx, chromedp.Click(chromedp.CSS("#ev-reload")))
			waitFor(t, ctx, `document.querySelector("#ev-result").innerText.includes("Reloaded")`)
			if got := eval(t, `document.querySelector("#ev-summary").value`); got != want {
				t.Errorf("reloaded summary: got %q, want %q", got, want)
			}
		}
		// The id of a stored record, with no version loaded: the form
		// says it is stored, at which version, and offers to reload it.
		editForm("edited in the form")
		submit(t, "#evidence-form", "#ev-submit", "conflict")
		version := eval(t, `document.querySelector("#ev-conflict").dataset.version`)
		if got := eval(t, `document.querySelector("#ev-conflict").innerText`); version == "" || !strings.Contains(got, "stored already, at version "+version) {
			t.Errorf("conflict: got %q (version %q), want the record stored at its version", got, version)
		}
		reload("A conviction for trafficking, in a browser test.")
		// Another editor changes it meanwhile: the form's save is stale.
		body, _ := json.Marshal(map[string]any{"query": `mutation($input: ChangesInput!) { applyChanges(input: $input) { version } }`, "variables": map[string]any{"input": map[string]any{
			"message": "changed elsewhere", "publish": true, "put": []any{map[string]any{"kind": "EVIDENCE", "version": version, "record": map[string]any{
				"ID": evidence, "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01", "Finding": "EFFECTIVE", "ObligationIDs": []string{"actip-2015/art_5/obl_1"},
				"Summary": "changed elsewhere", "Sources": []any{map[string]any{"Citation": "District court, case 1/2019", "URL": "https://example.org/case-1-2019"},
					map[string]any{"Citation": "Appeal court, case 2/2020", "URL": "https://example.org/appeal-2-2020"}}}}}}}})
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+editorKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(answer), `"errors"`) {
			t.Fatalf("the other editor's change: %s", answer)
		}
		editForm("edited in the form")
		submit(t, "#evidence-form", "#ev-submit", "conflict")
		if got := eval(t, `document.querySelector("#ev-conflict").innerText`); !strings.Contains(got, evidence+": is at version") {
			t.Errorf("stale save: got %q, want CONFLICT naming the record and its version", got)
		}
		saveScreenshot(t, ctx, artifacts, "curate-conflict-1280.png")
		reload("changed elsewhere")
		if got := eval(t, `document.querySelector("#ev-result").innerText`); !strings.Contains(got, "other source will be kept") {
			t.Errorf("reloaded: got %q, want the second source said to be kept", got)
		}
		editForm("edited after reloading")
		submit(t, "#evidence-form", "#ev-submit", "published")
		// The save kept the source the form does not show.
		body, _ = json.Marshal(map[string]any{"query": `query($id: ID!) { changes(record: $id, first: 500) { edges { node { after } } } }`, "variables": map[string]any{"id": evidence}})
		resp, err = http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		answer, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if last := string(answer)[strings.LastIndex(string(answer), `"after"`):]; !strings.Contains(last, "edited after reloading") || !strings.Contains(last, "appeal-2-2020") {
			t.Errorf("saved after a reload: got %s, want the edit with both sources", last)
		}
	})

	t.Run("SignOutForgetsKey", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(base+"/?view=heatmap&asOf=2020-01-01"))
		waitFor(t, ctx, `document.body.dataset.viewer === "ed:EDITOR"`)
		run(t, ctx, chromedp.Click(chromedp.CSS("#sign-out")))
		waitFor(t, ctx, `document.body.dataset.viewer === "" && sessionStorage.getItem("pactwatch.apiKey") === null && document.querySelector("#sign-in") !== null`)
	})
	exceptions.check(t)
}

// createKey makes an API key with the built binary and returns its secret.
func createKey(t *testing.T, bin, db, role, name string) string {
	t.Helper()
	out, err := exec.Command(bin, "keys", "create", "--role", role, "--name", name, "--db", db).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("pactwatch keys create --role %s: %v\n%s", role, err, msg)
	}
	secret := strings.TrimSpace(string(out))
	if !strings.HasPrefix(secret, "pwk_") || strings.Contains(secret, "\n") {
		t.Fatalf("keys create printed %q, want the secret alone", out)
	}
	return secret
}
