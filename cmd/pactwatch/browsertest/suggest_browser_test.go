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

	"github.com/chromedp/chromedp"
)

// TestSuggestionInBrowser drives curate-suggest.js in headless Chromium: a
// curator signs in, opens a compliance drill-down, accepts the first
// suggested provision (a draft, shown nowhere) and rejects the second; an
// editor publishes the draft from "Drafts"; the drill-down then shows the
// link with the suggestion it came from, and the audit log (acts, read by
// an admin over HTTP) holds both decisions.
func TestSuggestionInBrowser(t *testing.T) {
	requireChromium(t)
	artifacts := artifactsDir(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "db")
	curatorKey := createKey(t, bin, db, "curator", "carol")
	editorKey := createKey(t, bin, db, "editor", "ed")
	adminKey := createKey(t, bin, db, "admin", "ada")
	base := startServeDB(t, bin, db)
	ctx, exceptions := newBrowser(t)
	defer exceptions.check(t)
	eval := evaluator(ctx)

	// The provision accepted is the first suggested whose law has no link
	// to the obligation yet (Act 670 has one: Malaysia's amending Acts
	// have none); another is rejected.
	const (
		state      = "MYS"
		obligation = "untoc-tip-protocol-2000/art_6/para_3/obl_1"
		drill      = state + ":" + obligation
	)
	type suggested struct {
		Provision struct {
			ID  string
			Law struct{ ID string }
		}
		Score float64
	}
	var top struct {
		SuggestLinks []suggested
		Node         struct {
			Implementations []struct{ Law struct{ ID string } }
		}
	}
	gqlKey(t, base, "", `{ suggestLinks(obligation: "`+obligation+`", state: "`+state+`", first: 5) { provision { id law { id } } score }
  node(id: "`+obligation+`") { ... on Obligation { implementations { law { id } } } } }`, &top)
	linked := map[string]bool{}
	for _, l := range top.Node.Implementations {
		linked[l.Law.ID] = true
	}
	var first, second *suggested
	for i := range top.SuggestLinks {
		s := &top.SuggestLinks[i]
		if first == nil && !linked[s.Provision.Law.ID] {
			first = s
		} else if second == nil {
			second = s
		}
	}
	var drawn []string // the API's answer, which the desk draws
	for _, s := range top.SuggestLinks {
		drawn = append(drawn, s.Provision.ID)
	}
	if first == nil || second == nil {
		t.Fatalf("want a suggestion of a law not yet linked and another among the first 5, got %+v", top.SuggestLinks)
	}
	link := first.Provision.Law.ID + "/implements/" + obligation
	drillURL := base + "/?view=heatmap&asOf=2020-01-01&drill=" + url.QueryEscape(drill)
	openDrill := func(t *testing.T) {
		t.Helper()
		run(t, ctx, chromedp.Navigate(drillURL))
		waitFor(t, ctx, fmt.Sprintf(`document.querySelector("#drilldown").open && document.querySelector("#drilldown").dataset.loaded === %q`, drill))
	}
	signIn := func(t *testing.T, key, want string) {
		t.Helper()
		run(t, ctx, chromedp.Navigate(base+"/?view=heatmap&asOf=2020-01-01"))
		waitDrawn(t, ctx, "heatmap@2020-01-01")
		if eval(t, `String(document.querySelector("#sign-out") !== null)`) == "true" {
			run(t, ctx, chromedp.Click(chromedp.CSS("#sign-out")))
			waitFor(t, ctx, `document.body.dataset.viewer === ""`)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS("#sign-in")))
		run(t, ctx, chromedp.SendKeys(chromedp.CSS("#api-key"), key))
		run(t, ctx, chromedp.Click(chromedp.CSS("#sign-in-submit")))
		waitFor(t, ctx, fmt.Sprintf(`document.body.dataset.viewer === %q`, want))
	}
	item := func(provision string) string { return `#suggest-list li[data-provision="` + provision + `"]` }

	t.Run("AnonymousSeesNoSuggestions", func(t *testing.T) {
		openDrill(t)
		if got := eval(t, `String(document.querySelector("#curate-suggest") !== null)`); got != "false" {
			t.Errorf("suggestions for an anonymous reader: got %s, want none", got)
		}
	})

	var draft string
	t.Run("CuratorAcceptsAndRejects", func(t *testing.T) {
		signIn(t, curatorKey, "carol:CURATOR")
		openDrill(t)
		waitFor(t, ctx, `document.querySelector("#suggest-list") && document.querySelector("#suggest-list").dataset.loaded !== undefined`)
		if got := eval(t, `[...document.querySelectorAll("#suggest-list > li")].map((li) => li.dataset.provision).join(" ")`); got != strings.Join(drawn, " ") {
			t.Errorf("suggestions drawn: got %q, want the API's %q", got, strings.Join(drawn, " "))
		}
		// No reason: nothing is sent, and the field says so.
		run(t, ctx, chromedp.Click(chromedp.CSS(item(first.Provision.ID)+" .suggest-accept")))
		waitFor(t, ctx, `!document.querySelector("#sg-message-error").hidden`)
		if got := eval(t, `String(document.querySelector('`+item(first.Provision.ID)+`').dataset.outcome)`); got != "undefined" {
			t.Errorf("accepted without a reason: outcome %q", got)
		}
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#sg-message"), "browser test: the Council's functions include assistance"))
		run(t, ctx, chromedp.Click(chromedp.CSS(item(first.Provision.ID)+" .suggest-accept")))
		waitFor(t, ctx, `document.querySelector('`+item(first.Provision.ID)+`').dataset.outcome !== undefined`)
		if got := eval(t, `document.querySelector('`+item(first.Provision.ID)+`').dataset.outcome`); got != "accepted" {
			t.Fatalf("accept: got %q (%s)", got, eval(t, `document.querySelector('`+item(first.Provision.ID)+`').innerText`))
		}
		draft = eval(t, `document.querySelector('`+item(first.Provision.ID)+`').dataset.draft`)

		run(t, ctx, chromedp.SetValue(chromedp.CSS("#sg-message"), "browser test: not about assistance"))
		run(t, ctx, chromedp.Click(chromedp.CSS(item(second.Provision.ID)+" .suggest-reject")))
		waitFor(t, ctx, `document.querySelector('`+item(second.Provision.ID)+`').dataset.outcome !== undefined`)
		if got := eval(t, `document.querySelector('`+item(second.Provision.ID)+`').dataset.outcome`); got != "rejected" {
			t.Errorf("reject: got %q", got)
		}
		run(t, ctx, chromedp.ScrollIntoView(chromedp.CSS("#curate-suggest")))
		saveScreenshot(t, ctx, artifacts, "curate-suggestions-1280.png")
		// Nothing suggested is shown until an editor publishes it.
		openDrill(t)
		if got := eval(t, `String(document.querySelector('#drilldown-body .item[data-implementation="`+link+`"]') !== null)`); got != "false" {
			t.Errorf("the accepted suggestion's link %s is in the drill-down before publication", link)
		}
	})

	t.Run("EditorPublishes", func(t *testing.T) {
		signIn(t, editorKey, "ed:EDITOR")
		run(t, ctx, chromedp.Click(chromedp.CSS("#drafts-open")))
		sel := `#drafts-list > li[data-draft="` + draft + `"]`
		waitFor(t, ctx, `document.querySelector('`+sel+`') !== null`)
		run(t, ctx, chromedp.Click(chromedp.CSS(sel+" button.publish-draft")))
		waitFor(t, ctx, `document.querySelector("#drafts-notice") !== null && document.querySelector("#drafts-notice").innerText.includes(`+fmt.Sprintf("%q", link)+`)`)
	})

	t.Run("SuggestionOnTheRecordAndInTheAuditLog", func(t *testing.T) {
		// Read as the editor: an anonymous reader's answers may come from
		// the HTTP cache for up to a minute (public, max-age=60), and this
		// browser read the drill-down anonymously before the publication.
		openDrill(t)
		note := `#drilldown-body .item[data-implementation="` + link + `"] .suggested-from`
		waitFor(t, ctx, `document.querySelector('`+note+`') !== null`)
		if got := eval(t, `document.querySelector('`+note+`').dataset.acceptedBy + " " + document.querySelector('`+note+`').dataset.score`); got != fmt.Sprintf("carol %v", first.Score) {
			t.Errorf("the link's suggestion: got %q, want carol %v", got, first.Score)
		}
		var rec struct {
			Node struct {
				Suggestion *struct {
					Kind, AcceptedBy string
					Score            float64
				}
			}
		}
		gqlKey(t, base, "", `{ node(id: "`+link+`") { ... on Implementation { suggestion { kind acceptedBy score } } } }`, &rec)
		if s := rec.Node.Suggestion; s == nil || s.Kind != "LINK" || s.AcceptedBy != "carol" || s.Score != first.Score {
			t.Errorf("the published record's suggestion: got %+v", s)
		}
		var acts struct {
			Acts []struct {
				Actor, Act, Subject string
				Details             map[string]string
			}
		}
		gqlKey(t, base, adminKey, `{ acts(first: 10) { actor act subject details } }`, &acts)
		var accepted, rejected bool
		for _, a := range acts.Acts {
			switch a.Act {
			case "SUGGESTION_ACCEPTED":
				accepted = a.Actor == "carol" && a.Subject == link && a.Details["draft"] == draft && a.Details["target"] == first.Provision.ID
			case "SUGGESTION_REJECTED":
				rejected = a.Actor == "carol" && a.Details["target"] == second.Provision.ID && strings.Contains(a.Details["reason"], "not about assistance")
			}
		}
		if !accepted || !rejected {
			t.Errorf("acts: got %+v, want carol's acceptance of %s (draft %s) and rejection of %s", acts.Acts, link, draft, second.Provision.ID)
		}
	})
}

// gqlKey posts a GraphQL query to the serve at base (http://host:port)
// with key ("" for none) and decodes its data into dst; an error fails the
// test.
func gqlKey(t *testing.T, base, key, query string, dst any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
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
	var out struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) > 0 {
		t.Fatalf("%s: %s", query, out.Errors[0].Message)
	}
	if err := json.Unmarshal(out.Data, dst); err != nil {
		t.Fatal(err)
	}
}
