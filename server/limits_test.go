package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/server"
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
func postWithin(t *testing.T, url, query string) *response {
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
	r := &response{Status: resp.StatusCode}
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
			ts := newHTTP(t, server.New(store, cfg))
			r := postWithin(t, ts.URL, tt.query)
			if got := r.code(); got != tt.wantCode {
				t.Errorf("got code %q, want %q: %+v", got, tt.wantCode, r.Errors)
			}
		})
	}
}

// TestFragmentFanOutOK checks that memoising fragments keeps the costs of an
// ordinary query with fragments: a small chain still runs and answers.
func TestFragmentFanOutOK(t *testing.T) {
	ts := newHTTP(t, server.New(graphtest.MustOpenStore(t), server.DefaultConfig()))
	r := postWithin(t, ts.URL, fragmentChain(3, "__typename states { code }"))
	var data struct {
		Typename string `json:"__typename"`
	}
	mustData(t, r, &data)
	if data.Typename != "Query" {
		t.Errorf("got __typename %q, want Query", data.Typename)
	}
}
