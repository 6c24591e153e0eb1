package browsertest

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestGraphiQLInBrowser opens the vendored GraphiQL at /graphiql in headless
// Chromium, served by the binary with no network: the IDE renders, runs a
// query from its URL, completes a field name as one types and opens the
// documentation explorer on a 390 px wide screen, all within the page's
// Content-Security-Policy.
func TestGraphiQLInBrowser(t *testing.T) {
	requireChromium(t)
	artifacts := artifactsDir(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	eval := evaluator(ctx)
	const (
		queryEditor = `document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror`
		response    = `document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue()`
	)
	noViolations := func(t *testing.T) {
		t.Helper()
		if got := eval(t, `document.getElementById("graphiql").dataset.cspViolations || ""`); got != "" {
			t.Errorf("Content-Security-Policy refused: %s", got)
		}
	}

	t.Run("RendersAndRunsAQuery", func(t *testing.T) {
		q := `{ state(code: "IDN") { code name } }`
		run(t, ctx, chromedp.Navigate(base+"/graphiql?query="+url.QueryEscape(q)))
		waitFor(t, ctx, `document.getElementById("graphiql").dataset.ready === "true"`)
		if got := eval(t, queryEditor+`.getValue()`); got != q {
			t.Errorf("query editor: got %q, want the query from the URL %q", got, q)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
		waitFor(t, ctx, response+`.includes("Indonesia")`)
		if got := eval(t, response); !strings.Contains(got, `"code": "IDN"`) {
			t.Errorf("response: got %s, want IDN's code and name", got)
		}
		saveScreenshot(t, ctx, artifacts, "graphiql-1280.png")
		noViolations(t)
	})

	t.Run("AutocompleteAndDocsAt390", func(t *testing.T) {
		run(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		t.Cleanup(func() { run(t, ctx, chromedp.EmulateViewport(1280, 800)) })
		run(t, ctx, chromedp.Navigate(base+"/graphiql?query="+url.QueryEscape("{ state(code: \"IDN\") {  } }")))
		waitFor(t, ctx, `document.getElementById("graphiql").dataset.ready === "true"`)
		// The schema is fetched by introspection; completion needs it.
		waitFor(t, ctx, `!document.querySelector(".graphiql-spinner")`)
		eval(t, queryEditor+`.focus(), `+queryEditor+`.setCursor({line: 0, ch: 24}), ""`)
		run(t, ctx, chromedp.SendKeys(chromedp.CSS(".graphiql-query-editor textarea"), "nam"))
		waitFor(t, ctx, `[...document.querySelectorAll(".CodeMirror-hints .CodeMirror-hint")].some((li) => li.textContent === "name")`)
		run(t, ctx, chromedp.KeyEvent(kb.Enter))
		if got := eval(t, queryEditor+`.getValue()`); !strings.Contains(got, `{  name`) {
			t.Errorf("query after completing: got %q, want the field name completed", got)
		}
		saveScreenshot(t, ctx, artifacts, "graphiql-autocomplete-390.png")
		run(t, ctx, chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
		waitFor(t, ctx, response+`.includes("Indonesia")`)
		if got := eval(t, `(() => { const r = document.querySelector(".graphiql-response").getBoundingClientRect(); return String(r.width > 300 && r.height > 100 && r.bottom <= innerHeight) })()`); got != "true" {
			t.Errorf("response at 390 px: got on screen and wide %s, want true", got)
		}
		saveScreenshot(t, ctx, artifacts, "graphiql-response-390.png")

		run(t, ctx, chromedp.Click(chromedp.CSS(`button[aria-label="Show Documentation Explorer"]`)))
		waitFor(t, ctx, `document.querySelector(".graphiql-doc-explorer") !== null && document.querySelector(".graphiql-doc-explorer").innerText.includes("Query")`)
		run(t, ctx, chromedp.Click(chromedp.CSS(`.graphiql-doc-explorer a.graphiql-doc-explorer-type-name`)))
		waitFor(t, ctx, `document.querySelector(".graphiql-doc-explorer-title") && document.querySelector(".graphiql-doc-explorer-title").innerText === "Query"`)
		if got := eval(t, `document.querySelector(".graphiql-doc-explorer").innerText`); !strings.Contains(got, "ratifiedButNotImplemented") {
			t.Errorf("docs explorer on Query: got %q, want its fields", got[:min(len(got), 300)])
		}
		if got := eval(t, `String(document.querySelector(".graphiql-doc-explorer").getBoundingClientRect().width > 0 && document.documentElement.scrollWidth <= 390)`); got != "true" {
			t.Errorf("docs explorer at 390 px: got visible-and-fits %s, want true", got)
		}
		saveScreenshot(t, ctx, artifacts, "graphiql-docs-390.png")
		noViolations(t)
	})
	exceptions.check(t)
}
