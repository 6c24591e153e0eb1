package main_test

import (
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestCuratorInBrowser drives curate.js in headless Chromium against a fresh
// store with a curator key and an editor key made by the built binary: the
// curator signs in and adds an evidence item through a compliance
// drill-down's form (a draft, in no public answer); the editor signs in and
// publishes the draft; the evidence is then in the drill-down, with its
// history, while the same drill-down known at a moment before the change
// shows the old answer. The drill-down's URL (drill=) reopens it.
func TestCuratorInBrowser(t *testing.T) {
	requireChromium(t)
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	artifacts := artifactsDir(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "db")
	curatorKey := createKey(t, bin, db, "curator", "carol")
	editorKey := createKey(t, bin, db, "editor", "ed")
	base := startServeDB(t, bin, db)
	ctx, exceptions := newBrowser(t)
	eval := func(t *testing.T, expr string) string {
		t.Helper()
		return run(t, ctx, chromedp.Evaluate[string](expr))
	}

	const (
		drill    = "IDN:actip-2015/art_5/obl_1"
		evidence = "idn/ev/browser-conviction"
		message  = "browser test: the 2019 conviction"
	)
	drillURL := func(extra string) string {
		return base + "/?view=heatmap&asOf=2020-01-01&drill=" + url.QueryEscape(drill) + extra
	}
	// openDrill loads a drill-down URL cold and waits until it is drawn.
	openDrill := func(t *testing.T, u string) {
		t.Helper()
		run(t, ctx, chromedp.Navigate(u))
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector("#drilldown").open && document.querySelector("#drilldown").dataset.loaded === %q`, drill))
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

	var knownBefore time.Time
	t.Run("EditorPublishesDraft", func(t *testing.T) {
		knownBefore = time.Now().UTC()
		time.Sleep(20 * time.Millisecond)
		signIn(t, editorKey, "ed:EDITOR")
		run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-open")))
		waitFor(t, ctx, `document.querySelector("#drafts-body").dataset.loaded !== undefined`)
		item := `#drafts-list > li:has(li[data-record="` + evidence + `"])`
		if got := eval(t, `String(document.querySelector('`+item+`') !== null)`); got != "true" {
			t.Fatalf("drafts: got %q, want the curator's draft with %s", eval(t, `document.querySelector("#drafts-body").innerText`), evidence)
		}
		if got := eval(t, `document.querySelector("#drafts-body").innerText`); strings.Contains(got, "null") || strings.Contains(got, "[object") {
			t.Errorf("drafts list: got %q, want no stray null or object", got)
		}
		if got := eval(t, `document.querySelector('`+item+`').dataset.author`); got != "carol" {
			t.Errorf("draft author: got %q, want carol", got)
		}
		saveScreenshot(t, ctx, artifacts, "curate-drafts-1280.png")
		run(t, ctx, chromedp.Click(chromedp.CSS(item+" button.publish-draft")))
		waitFor(t, ctx, `document.querySelector("#drafts-notice") !== null`)
		if got := eval(t, `document.querySelector("#drafts-notice").innerText`); !strings.Contains(got, "Published") || !strings.Contains(got, evidence) {
			t.Errorf("after publishing: got %q, want the record published", got)
		}
		if got := eval(t, `String(document.querySelector('`+item+`') === null)`); got != "true" {
			t.Errorf("the published draft is still listed")
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
