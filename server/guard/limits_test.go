package guard_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// fragmentChain returns an operation of n fragments, each spreading the next
// twice, ending in leaf: 1 KB of text whose expansion has 2^n selections.
func fragmentChain(n int, leaf string) string {
	var b strings.Builder
	b.WriteString("{ ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { %s }\n", n, leaf)
	return b.String()
}

// postWithin is post with a guard against a server that never answers: the
// test fails instead of hanging. It asserts nothing about timing.
func postWithin(t *testing.T, url, query string) *servertest.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("got %v, want an answer", err)
	}
	defer resp.Body.Close()
	r := &servertest.Response{Status: resp.StatusCode}
	if err := json.NewDecoder(resp.Body).Decode(r); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	return r
}

func TestFragmentFanOut(t *testing.T) {
	store := graphtest.MustOpenStore(t)
	tests := []struct {
		name     string
		config   func(*server.Config)
		query    string
		wantCode string
	}{
		{name: "ErrComplexityTypename", query: fragmentChain(30, "__typename"), wantCode: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "ErrComplexityField", query: fragmentChain(30, "states { code }"), wantCode: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "ErrDepth", query: fragmentChain(30, "states { laws { state { laws { state { laws { state { laws { state { laws { state { laws { state { code } } } } } } } } } } } } }"),
			wantCode: "DEPTH_LIMIT_EXCEEDED"},
		{name: "ErrComplexityNoDepthLimit", config: func(c *server.Config) { c.MaxDepth = 0 },
			query: fragmentChain(30, "states { code }"), wantCode: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "ErrTooManyTokens", query: "{" + strings.Repeat(" states { code }", 10000) + " }", wantCode: "GRAPHQL_PARSE_FAILED"},
		{name: "ErrDeadline", config: func(c *server.Config) { c.Timeout = time.Nanosecond },
			query: fragmentChain(30, "__typename"), wantCode: "TIMEOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := server.DefaultConfig()
			if tt.config != nil {
				tt.config(&cfg)
			}
			ts := servertest.NewHTTP(t, server.New(store, cfg))
			r := postWithin(t, ts.URL, tt.query)
			if got := r.Code(); got != tt.wantCode {
				t.Errorf("got code %q, want %q: %+v", got, tt.wantCode, r.Errors)
			}
		})
	}
}

// TestFragmentFanOutOK checks that memoising fragments keeps the costs of an
// ordinary query with fragments: a small chain still runs and answers.
func TestFragmentFanOutOK(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(graphtest.MustOpenStore(t), server.DefaultConfig()))
	r := postWithin(t, ts.URL, fragmentChain(3, "__typename states { code }"))
	var data struct {
		Typename string `json:"__typename"`
	}
	servertest.MustData(t, r, &data)
	if data.Typename != "Query" {
		t.Errorf("got __typename %q, want Query", data.Typename)
	}
}

// operationCostOf returns the cost the server gives query with vars: a
// server whose complexity limit is 1 refuses every operation and names its
// cost.
func operationCostOf(t *testing.T, ts *httptest.Server, query string, vars map[string]any) int {
	t.Helper()
	r := servertest.Post(t, ts, query, vars)
	if r.Code() != "COMPLEXITY_LIMIT_EXCEEDED" || len(r.Errors) == 0 {
		t.Fatalf("got %s, want the complexity error that names the cost", r.Raw)
	}
	m := regexp.MustCompile(`complexity (\d+)`).FindStringSubmatch(r.Errors[0].Message)
	if m == nil {
		t.Fatalf("got message %q, want the operation's complexity in it", r.Errors[0].Message)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestSearchComplexity(t *testing.T) {
	store := graphtest.MustOpenStore(t)
	cfg := server.DefaultConfig()
	cfg.MaxComplexity = 1
	costs := servertest.NewHTTP(t, server.New(store, cfg))
	const hits = `query($first: Int, $after: String) { search(text: "victim", first: $first, after: $after) {
  totalCount facets { kind { value count } state { value count } }
  edges { cursor node { id title highlights { field fragments } } } } }`
	cost := func(t *testing.T, vars map[string]any) int { return operationCostOf(t, costs, hits, vars) }

	t.Run("OKGrowsWithFirst", func(t *testing.T) {
		c10, c100 := cost(t, map[string]any{"first": 10}), cost(t, map[string]any{"first": 100})
		if c100 < 5*c10 {
			t.Errorf("got cost %d for 100 hits and %d for 10, want it to grow with the page", c100, c10)
		}
		if def := cost(t, nil); def != cost(t, map[string]any{"first": 20}) {
			t.Errorf("got cost %d without first, want that of the default page of 20", def)
		}
	})
	t.Run("OKFirstClampedToMaxPage", func(t *testing.T) {
		if got, want := cost(t, map[string]any{"first": 1 << 30}), cost(t, map[string]any{"first": search.MaxPageSize}); got != want {
			t.Errorf("got cost %d for first 2^30, want %d (a page over %d is refused by the field itself)", got, want, search.MaxPageSize)
		}
	})
	t.Run("OKDeepPageCostsMore", func(t *testing.T) {
		// The opaque cursor of the hit at rank 9000 (server/resolvers/search.go).
		deep := base64.RawURLEncoding.EncodeToString([]byte("rank:9000"))
		if got, shallow := cost(t, map[string]any{"after": deep}), cost(t, nil); got <= shallow {
			t.Errorf("got cost %d after rank 9000 and %d on the first page, want the deep page dearer", got, shallow)
		}
	})
	t.Run("OKHitRecordsMultiply", func(t *testing.T) {
		nested := `{ search(text: "victim", first: 50) { edges { node { ... on ProvisionHit {
  provision { obligations { implementations { law { id } } } } } } } } }`
		// 50 hits × 10 obligations × 10 implementations.
		if got := operationCostOf(t, costs, nested, nil); got < 50*10*10 {
			t.Errorf("got cost %d, want at least %d for 50 hits of 10 obligations of 10 implementations", got, 50*10*10)
		}
	})

	ts := servertest.NewHTTP(t, server.New(store, server.DefaultConfig()))
	t.Run("ErrNestedPageOverLimit", func(t *testing.T) {
		q := `{ search(text: "victim", first: 100) { edges { node { ... on ProvisionHit {
  provision { obligations { implementations { law { implementations { obligation { evidence { id } } } } } } } } } } } }`
		if r := servertest.Post(t, ts, q, nil); r.Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Errorf("got %s, want COMPLEXITY_LIMIT_EXCEEDED", r.Raw)
		}
	})
	t.Run("OKDashboardSearchIsCheap", func(t *testing.T) {
		// The desk's search page asks for 50 hits with their facets and sources.
		q := `query Search($text: String!, $first: Int) { search(text: $text, first: $first) {
  totalCount tookMs
  facets { kind { value count } state { value count } instrument { value count } theme { value count } }
  edges { node { __typename id kind title score highlights { field fragments }
    ... on SourceHit { source { citation url } record { __typename id } } } } } }`
		got := operationCostOf(t, costs, q, map[string]any{"text": "victim", "first": 50})
		if expensive := server.DefaultConfig().MaxComplexity / 4; got >= expensive {
			t.Errorf("got cost %d, want the dashboard's search under the expensive cost %d", got, expensive)
		}
		t.Logf("the dashboard's search costs %d", got)
	})
}

// TestGapReasonsAreExpensive: a state's gap list with its reasons is
// admitted as an expensive operation, without them it is not (the bench's
// lean and rich gap queries).
func TestGapReasonsAreExpensive(t *testing.T) {
	store := graphtest.MustOpenStore(t)
	cfg := server.DefaultConfig()
	cfg.MaxComplexity = 1
	costs := servertest.NewHTTP(t, server.New(store, cfg))
	expensive := server.DefaultConfig().MaxComplexity / 4
	const lean = `query($state: String!) { ratifiedButNotImplemented(state: $state, basis: LAW) { obligation { id summary } instrument { id title } legal } }`
	const rich = `query($state: String!) { ratifiedButNotImplemented(state: $state, basis: LAW) { obligation { id summary } instrument { id title } legal bound boundSince boundBy { id } laws { id } reasons } }`
	vars := map[string]any{"state": "IDN"}
	if got := operationCostOf(t, costs, lean, vars); got >= expensive {
		t.Errorf("the lean gap list costs %d, want it under the expensive cost %d", got, expensive)
	}
	if got := operationCostOf(t, costs, rich, vars); got < expensive {
		t.Errorf("the gap list with reasons costs %d, want it expensive (at least %d)", got, expensive)
	}
}
