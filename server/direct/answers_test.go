package direct_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// The answer cache (server/direct/answers.go): a repeated lean gap list is answered with
// the same bytes until the graph changes, and never outlives a write.

const cachedGaps = `query G($state: String!, $asOf: Date) { ratifiedButNotImplemented(state: $state, asOf: $asOf) { obligation { id } legal } }`

// answerHits reads the cache's hit count from /metrics.
func answerHits(t *testing.T, base string) int {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^pactwatch_answer_cache_total\{outcome="hit"\} (\d+)$`).FindSubmatch(b)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func gapIDs(t *testing.T, raw []byte) map[string]string {
	t.Helper()
	var r struct {
		Data struct {
			Gaps []struct {
				Obligation struct{ ID string }
				Legal      string
			} `json:"ratifiedButNotImplemented"`
		}
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) > 0 {
		t.Fatalf("bad response %v: %.300s", err, raw)
	}
	out := map[string]string{}
	for _, g := range r.Data.Gaps {
		out[g.Obligation.ID] = g.Legal
	}
	return out
}

func TestAnswerCacheAnswersAgainUntilTheGraphChanges(t *testing.T) {
	ctx := context.Background()
	st := servertest.MustOpenFixtures(t).(*store.Store)
	ts := servertest.NewHTTP(t, server.New(st, server.DefaultConfig()))
	url := ts.URL + "/graphql"
	body := gapBody(cachedGaps, map[string]any{"state": "IDN", "asOf": "2020-01-01"})

	first, err := httpPost(url, body)
	if err != nil {
		t.Fatal(err)
	}
	gaps := gapIDs(t, first)
	if len(gaps) == 0 {
		t.Fatal("IDN has no gap on 2020-01-01; the test needs one")
	}
	if hits := answerHits(t, ts.URL); hits != 0 {
		t.Fatalf("a first request was a hit (%d)", hits)
	}
	// Asked a second time, the answer is kept; a third, it is a hit.
	for want := range 2 {
		again, err := httpPost(url, body)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("the repeated answer differs:\n%.300s\n%.300s", first, again)
		}
		if hits := answerHits(t, ts.URL); hits != want {
			t.Fatalf("hits after %d repeats = %d, want %d", want+1, hits, want)
		}
	}

	// A law that implements one obligation of IDN in 2020, linked as FULL to
	// a gap, takes that gap off the list at once.
	implemented, err := httpPost(url, gapBody(`query { ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01", include: [IMPLEMENTED]) { legal laws { id } } }`, nil))
	if err != nil {
		t.Fatal(err)
	}
	law := regexp.MustCompile(`"IMPLEMENTED","laws":\[\{"id":"([^"]+)"`).FindSubmatch(implemented)
	if law == nil {
		t.Fatalf("no law implements anything of IDN's in 2020: %.300s", implemented)
	}
	var gap string
	for id := range gaps {
		gap = id
		break
	}
	impl := &graph.Implementation{ID: "idn/impl/answer-cache-test", LawID: string(law[1]), ObligationID: gap, Extent: graph.ExtentFull,
		Record: graph.Record{Sources: []graph.Source{{Citation: "Test source", URL: "https://example.org/law"}}}}
	if _, err := st.Apply(ctx, &graph.Batch{Put: []graph.Node{impl}, Author: "test"}); err != nil {
		t.Fatal(err)
	}
	after, err := httpPost(url, body)
	if err != nil {
		t.Fatal(err)
	}
	if _, still := gapIDs(t, after)[gap]; still {
		t.Fatalf("%s is still a gap after the write: the cache answered from the old graph", gap)
	}
	if len(gapIDs(t, after)) != len(gaps)-1 {
		t.Fatalf("after the write %d gaps, want %d", len(gapIDs(t, after)), len(gaps)-1)
	}
	if hits := answerHits(t, ts.URL); hits != 1 {
		t.Fatalf("hits after the write = %d, want still 1", hits)
	}
}

func TestAnswerCacheKeepsNoErrorAndNoCredentials(t *testing.T) {
	st := servertest.MustOpenFixtures(t)
	ts := servertest.NewHTTP(t, server.New(st, server.DefaultConfig()))
	url := ts.URL + "/graphql"

	// An unknown state is an error each time, never a kept answer.
	bad := gapBody(cachedGaps, map[string]any{"state": "ZZZ"})
	for range 2 {
		raw, err := httpPost(url, bad)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), `"errors"`) {
			t.Fatalf("an unknown state answered %.300s", raw)
		}
	}
	// A request with credentials is answered by the engine every time.
	ok := gapBody(cachedGaps, map[string]any{"state": "MYS"})
	for range 2 {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(ok))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer not-a-key")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// Gap lists known at a moment are read at a past version, not kept.
	known := gapBody(`query G($state: String!, $at: DateTime) { ratifiedButNotImplemented(state: $state, knownAt: $at) { obligation { id } } }`,
		map[string]any{"state": "IDN", "at": "2099-01-01T00:00:00Z"})
	for range 2 {
		if _, err := httpPost(url, known); err != nil {
			t.Fatal(err)
		}
	}
	if hits := answerHits(t, ts.URL); hits != 0 {
		t.Fatalf("hits = %d, want 0: an error, a request with credentials or a knownAt was answered from the cache", hits)
	}
	// Off, it answers the same without keeping anything.
	cfg := server.DefaultConfig()
	cfg.AnswerBytes = 0
	off := servertest.NewHTTP(t, server.New(st, cfg))
	body := gapBody(cachedGaps, map[string]any{"state": "IDN", "asOf": "2020-01-01"})
	a, _ := httpPost(off.URL+"/graphql", body)
	b, _ := httpPost(off.URL+"/graphql", body)
	c, _ := httpPost(url, body)
	if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
		t.Fatal("answers with and without the cache differ")
	}
	if hits := answerHits(t, off.URL); hits != 0 {
		t.Fatalf("a server without the cache counted %d hits", hits)
	}
}

// TestAnswerCacheKeepsOnlyWhatDirectAnsweredWhole: an operation of several
// gap lists, all answered directly, is kept; one with a root field gqlgen
// resolves (which may read more than the request and the store's version)
// or a gap list that failed is answered afresh each time.
func TestAnswerCacheKeepsOnlyWhatDirectAnsweredWhole(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	url := ts.URL + "/graphql"
	ask := func(q string) []byte {
		t.Helper()
		var raw []byte
		for i := range 3 {
			out, err := httpPost(url, gapBody(q, nil))
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && !bytes.Equal(out, raw) {
				t.Fatalf("%s: the repeated answer differs", q)
			}
			raw = out
		}
		return raw
	}
	ask(`{ __typename a: ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01") { legal } b: ratifiedButNotImplemented(state: "MYS") { obligation { id } } }`)
	if hits := answerHits(t, ts.URL); hits != 1 {
		t.Fatalf("hits after repeating two gap lists = %d, want 1", hits)
	}
	for _, q := range []string{
		`{ ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01") { legal } state(code: "IDN") { code } }`,
		`{ ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01") { legal } compare(states: ["IDN"], asOf: "2020-01-01") { bound } }`,
		`{ a: ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01") { legal } b: ratifiedButNotImplemented(state: "IDN") { laws { sources { citation } } } }`,
		`{ a: ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01") { legal } b: ratifiedButNotImplemented(state: "ZZZ") { legal } }`,
	} {
		ask(q)
		if hits := answerHits(t, ts.URL); hits != 1 {
			t.Fatalf("%s was answered from the cache (hits %d, want still 1)", q, hits)
		}
	}
}
