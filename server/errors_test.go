package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// syncBuffer is a log destination safe for the server's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestErrors(t *testing.T) {
	fixtures := servertest.MustOpenFixtures(t)
	// 13 fields deep: states, then laws and state alternating, then code.
	deep := "{ states " + strings.Repeat("{ laws { state ", 6) + "{ code }" + strings.Repeat(" } }", 6) + " }"
	tests := []struct {
		name       string
		store      func(graph.Store) graph.Store
		config     func(*server.Config)
		body       string // raw request body; query and vars are used when empty
		query      string
		vars       map[string]any
		wantStatus int
		wantCode   string
		wantMsg    string // substrings of the first error's message, separated by |
		wantLog    string // a substring of the server's log
	}{
		{name: "ErrUnknownState", query: `{ ratifiedButNotImplemented(state: "XYZ") { reasons } }`,
			wantCode: "NOT_FOUND", wantMsg: `state "XYZ" not found: valid codes are |IDN`},
		{name: "ErrUnknownStateInStatus", query: `{ obligations(first: 1) { edges { node { status(state: "ZZZ", asOf: "2020") { legal } } } } }`,
			wantCode: "NOT_FOUND", wantMsg: "valid codes are"},
		{name: "ErrUnknownStateInCompare", query: `{ compare(states: ["IDN", "FRA"]) { bound } }`,
			wantCode: "NOT_FOUND", wantMsg: `state "FRA" not found`},
		{name: "ErrUnknownStateLookup", query: `{ state(code: "XXX") { name } }`,
			wantCode: "NOT_FOUND", wantMsg: `state "XXX" not found: valid codes are |IDN`},
		{name: "ErrUnknownInstrumentLookup", query: `{ instrument(id: "actip-2016") { title } }`,
			wantCode: "NOT_FOUND", wantMsg: `instrument "actip-2016" not found: valid ids are |actip-2015`},
		{name: "ErrEmptyInstrumentLookup", query: `{ instrument(id: "") { title } }`,
			wantCode: "NOT_FOUND", wantMsg: `instrument "" not found`},
		{name: "ErrUnknownInstrument", query: `{ ratificationTable(instrument: "no-such-treaty") { party } }`,
			wantCode: "NOT_FOUND", wantMsg: "no-such-treaty"},
		{name: "ErrMalformedDateLiteral", query: `{ ratifiedButNotImplemented(state: "IDN", asOf: "2017-02-30") { reasons } }`,
			wantCode: "BAD_USER_INPUT", wantMsg: `invalid date "2017-02-30"`},
		{name: "ErrMalformedDateVariable", query: `query($d: Date) { ratificationTable(instrument: "actip-2015", asOf: $d) { party } }`,
			vars: map[string]any{"d": "8 March 2017"}, wantCode: "BAD_USER_INPUT", wantMsg: "invalid date"},
		{name: "ErrBadCursor", query: `{ laws(after: "not-a-cursor") { totalCount } }`,
			wantCode: "BAD_USER_INPUT", wantMsg: "invalid cursor"},
		{name: "ErrNegativeFirst", query: `{ obligations(first: -1) { totalCount } }`,
			wantCode: "BAD_USER_INPUT", wantMsg: "invalid first -1"},
		{name: "ErrBadEnumVariable", query: `query($b: Basis) { compare(basis: $b) { bound } }`,
			vars: map[string]any{"b": "VIBES"}, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "ErrSyntax", query: `{ states { code `, wantCode: "GRAPHQL_PARSE_FAILED"},
		{name: "ErrUnknownField", query: `{ states { flag } }`, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "ErrBodyNotJSON", body: `{"query": `, wantStatus: http.StatusBadRequest, wantCode: "BAD_REQUEST"},
		{name: "ErrTooDeep", query: deep, wantCode: "DEPTH_LIMIT_EXCEEDED", wantMsg: "exceeds the limit of 12"},
		{name: "ErrTooComplex",
			query:    `{ obligations(first: 1000) { edges { node { instrument { obligations { instrument { obligations { id } } } } } } } }`,
			wantCode: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "ErrBodyTooLarge", config: func(c *server.Config) { c.MaxBodyBytes = 1024 },
			query: `{ states { code } }` + strings.Repeat(" ", 2048), wantStatus: http.StatusRequestEntityTooLarge,
			wantCode: "REQUEST_TOO_LARGE", wantMsg: "limit of 1024 bytes"},
		{name: "ErrTimeout", store: func(s graph.Store) graph.Store { return &faultyStore{Store: s, fault: "block"} },
			config: func(c *server.Config) { c.Timeout = 50 * time.Millisecond },
			query:  `{ evidence { totalCount } }`, wantCode: "TIMEOUT", wantMsg: "timed out after 50ms"},
		{name: "ErrInternalRedacted", store: func(s graph.Store) graph.Store { return &faultyStore{Store: s, fault: "error"} },
			query: `{ evidence { totalCount } }`, wantCode: "INTERNAL_SERVER_ERROR", wantMsg: "internal error", wantLog: "000042.vlog"},
		{name: "ErrPanic", store: func(s graph.Store) graph.Store { return &faultyStore{Store: s, fault: "panic"} },
			query: `{ evidence { totalCount } }`, wantCode: "INTERNAL_SERVER_ERROR", wantMsg: "internal error", wantLog: "evidence index is corrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var store graph.Store = fixtures
			if tt.store != nil {
				store = tt.store(fixtures)
			}
			cfg := server.DefaultConfig()
			var logs syncBuffer
			cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			if tt.config != nil {
				tt.config(&cfg)
			}
			ts := servertest.NewHTTP(t, server.New(store, cfg))
			body := tt.body
			if body == "" {
				b, err := json.Marshal(map[string]any{"query": tt.query, "variables": tt.vars})
				if err != nil {
					t.Fatal(err)
				}
				body = string(b)
			}
			r := servertest.Send(t, ts, strings.NewReader(body))
			wantStatus := tt.wantStatus
			if wantStatus == 0 {
				wantStatus = http.StatusOK
			}
			if r.Status != wantStatus {
				t.Errorf("got HTTP status %d, want %d: %s", r.Status, wantStatus, r.Raw)
			}
			if len(r.Errors) == 0 {
				t.Fatalf("got no errors, want code %s: %s", tt.wantCode, r.Raw)
			}
			if got := r.Code(); got != tt.wantCode {
				t.Errorf("got code %q, want %q: %s", got, tt.wantCode, r.Raw)
			}
			for _, want := range strings.Split(tt.wantMsg, "|") {
				if got := r.Errors[0].Message; !strings.Contains(got, want) {
					t.Errorf("got message %q, want it to contain %q", got, want)
				}
			}
			if strings.Contains(string(r.Raw), "000042.vlog") || strings.Contains(string(r.Raw), "corrupt") {
				t.Errorf("got internal details in the response, want them redacted: %s", r.Raw)
			}
			if tt.wantLog != "" && !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("got log %q, want it to contain %q", logs.String(), tt.wantLog)
			}
		})
	}
}

func TestUnsupportedRequest(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	tests := []struct {
		name, method, contentType string
	}{
		{"ErrPut", http.MethodPut, "application/json"},
		{"ErrPlainText", http.MethodPost, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, ts.URL+"/graphql", strings.NewReader(`{"query": "{ states { code } }"}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", tt.contentType)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var r servertest.Response
			if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
				t.Fatalf("got a body that is not JSON: %v", err)
			}
			if resp.StatusCode != http.StatusBadRequest || r.Code() != "BAD_REQUEST" {
				t.Errorf("got %d %q, want 400 BAD_REQUEST", resp.StatusCode, r.Code())
			}
		})
	}
}

// TestGETErrors checks that a GET request gqlgen cannot decode is answered
// like a bad POST body: 400 with the BAD_REQUEST code.
func TestGETErrors(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	tests := []struct {
		name, rawQuery string
	}{
		{"ErrVariablesNotJSON", "query=" + url.QueryEscape("{ states { code } }") + "&variables=notjson"},
		{"ErrExtensionsNotJSON", "query=" + url.QueryEscape("{ states { code } }") + "&extensions=notjson"},
		{"ErrBadQueryString", "query=%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Get(ts.URL + "/graphql?" + tt.rawQuery)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var r servertest.Response
			if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
				t.Fatalf("got a body that is not JSON: %v", err)
			}
			if resp.StatusCode != http.StatusBadRequest || r.Code() != "BAD_REQUEST" {
				t.Errorf("got %d %q, want 400 BAD_REQUEST", resp.StatusCode, r.Code())
			}
		})
	}
}

// TestGETTooLarge checks that a GET cannot bypass the body limit by carrying
// the query in the URL.
func TestGETTooLarge(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.MaxBodyBytes = 1024
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), cfg))
	resp, err := http.Get(ts.URL + "/graphql?query=" + url.QueryEscape("{ states { code } }"+strings.Repeat(" ", 2048)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r servertest.Response
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("got a body that is not JSON: %v", err)
	}
	if resp.StatusCode != http.StatusRequestEntityTooLarge || r.Code() != "REQUEST_TOO_LARGE" {
		t.Errorf("got %d %q, want 413 REQUEST_TOO_LARGE", resp.StatusCode, r.Code())
	}
}
