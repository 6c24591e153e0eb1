// Package servertest helps the tests of the server's packages, which drive
// the server over real HTTP: a store of the real corpus, the server on a
// test listener, GraphQL requests and their decoded responses, a server
// with an API key of each role for the write API, and one with a search
// index.
package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/ingest"
	"github.com/pactwatch/pactwatch/server"
)

// Error is one error of a GraphQL response.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Response is a GraphQL response as a client reads it.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
	Raw    []byte
}

// Code returns the code of the response's first error, or "".
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// fixtures is the module's fixtures/ directory, wherever the test runs.
func fixtures() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "fixtures")
}

// MustOpenFixtures returns an in-memory store holding the real corpus. It
// reads fixtures/ from disk, the same files ingest.LoadEmbedded embeds, so
// that state files count as soon as they are written.
func MustOpenFixtures(tb testing.TB) graph.Store {
	tb.Helper()
	s := graphtest.MustOpenStore(tb)
	c, err := ingest.ParsePaths(fixtures())
	if err != nil {
		tb.Fatalf("parse fixtures: %v", err)
	}
	if _, err := ingest.Load(context.Background(), s, c); err != nil {
		tb.Fatalf("load fixtures: %v", err)
	}
	return s
}

// NewHTTP serves s over a real HTTP listener for the test.
func NewHTTP(tb testing.TB, s *server.Server) *httptest.Server {
	tb.Helper()
	tb.Cleanup(func() { s.Close() }) // after the listener's close, before the store's
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	return ts
}

// Post sends a GraphQL POST and decodes the response.
func Post(tb testing.TB, ts *httptest.Server, query string, vars map[string]any) *Response {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	return Send(tb, ts, bytes.NewReader(body))
}

// Send POSTs body to /graphql and decodes the response.
func Send(tb testing.TB, ts *httptest.Server, body io.Reader) *Response {
	tb.Helper()
	resp, err := http.Post(ts.URL+"/graphql", "application/json", body)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	r := &Response{Status: resp.StatusCode, Raw: raw}
	if err := json.Unmarshal(raw, r); err != nil {
		tb.Fatalf("response is not JSON: %v: %s", err, raw)
	}
	return r
}

// MustData fails the test if the response has errors and decodes its data.
func MustData(tb testing.TB, r *Response, dst any) {
	tb.Helper()
	if len(r.Errors) > 0 {
		tb.Fatalf("got errors %s, want none", r.Raw)
	}
	if r.Status != http.StatusOK {
		tb.Fatalf("got HTTP status %d, want 200: %s", r.Status, r.Raw)
	}
	if err := json.Unmarshal(r.Data, dst); err != nil {
		tb.Fatalf("decode data: %v: %s", err, r.Data)
	}
}

// Get fetches url and returns its status, headers and body.
func Get(tb testing.TB, url string) (int, http.Header, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// PostKey sends a GraphQL POST with an API key (none when key is "").
func PostKey(tb testing.TB, ts *httptest.Server, key, query string, vars map[string]any) *Response {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	r := &Response{Status: resp.StatusCode, Raw: buf.Bytes()}
	if err := json.Unmarshal(buf.Bytes(), r); err != nil {
		tb.Fatalf("response is not JSON: %v: %s", err, buf.Bytes())
	}
	if r.Status >= 500 {
		tb.Fatalf("got HTTP status %d, want no 5xx: %s", r.Status, r.Raw)
	}
	return r
}

// CurationServer serves the fixtures with a key of each role.
type CurationServer struct {
	TS                     *httptest.Server
	Store                  *store.Store
	Curator, Editor, Admin string
}

// NewCurationServer serves the fixtures with cfg, and makes a key of each
// role: carol the curator, ed the editor and ada the admin.
func NewCurationServer(tb testing.TB, cfg server.Config) *CurationServer {
	tb.Helper()
	st := MustOpenFixtures(tb).(*store.Store)
	c := &CurationServer{Store: st, TS: NewHTTP(tb, server.New(st, cfg))}
	for _, k := range []struct {
		dst  *string
		name string
		role graph.Role
	}{{&c.Curator, "carol", graph.RoleCurator}, {&c.Editor, "ed", graph.RoleEditor}, {&c.Admin, "ada", graph.RoleAdmin}} {
		secret, _, err := st.CreateAPIKey(context.Background(), k.name, k.role)
		if err != nil {
			tb.Fatal(err)
		}
		*k.dst = secret
	}
	return c
}

// ApplyMutation applies a batch ($input, as Batch makes it) and asks what
// it did.
const ApplyMutation = `mutation($input: ChangesInput!) { applyChanges(input: $input) {
  published added changed removed unchanged draft { id author message records { id kind } } } }`

// NewEvidence is an evidence record that finds Indonesia's criminalisation
// effective in 2019.
func NewEvidence(id string) map[string]any {
	return map[string]any{
		"ID": id, "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01",
		"ObligationIDs": []string{"actip-2015/art_5/obl_1"}, "Finding": "EFFECTIVE",
		"Summary": "A test conviction.",
		"Sources": []map[string]any{{"Citation": "Test court, case 1/2019", "URL": "https://example.org/case"}},
	}
}

// Batch is the variables of ApplyMutation putting evidence records.
func Batch(message string, publish bool, records ...map[string]any) map[string]any {
	put := []map[string]any{}
	for _, r := range records {
		put = append(put, map[string]any{"kind": "EVIDENCE", "record": r})
	}
	return map[string]any{"input": map[string]any{"message": message, "publish": publish, "put": put}}
}

// NewSearchServer serves the fixtures with a search index built from them.
func NewSearchServer(t *testing.T) (*server.Server, *search.Index) {
	t.Helper()
	s := MustOpenFixtures(t)
	ix := search.NewMemory()
	t.Cleanup(func() { ix.Close() })
	if err := ix.Rebuild(context.Background(), s, s.(graph.Versioner).Version()); err != nil {
		t.Fatal(err)
	}
	cfg := server.DefaultConfig()
	cfg.Search = ix
	return server.New(s, cfg), ix
}

// Subscribe opens a graphql-transport-ws socket to c, subscribes with
// query, and returns a channel of the "next" messages' data.
func Subscribe(t *testing.T, c *CurationServer, query string) <-chan map[string]any {
	t.Helper()
	return SubscribeKey(t, c, "", query)
}

// SubscribeKey is Subscribe with an API key (none when key is "").
func SubscribeKey(t *testing.T, c *CurationServer, key, query string) <-chan map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	opts := &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}}
	if key != "" {
		opts.HTTPHeader = http.Header{"Authorization": {"Bearer " + key}}
	}
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(c.TS.URL, "http")+"/graphql", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	write := func(v any) {
		b, _ := json.Marshal(v)
		if err := ws.Write(ctx, websocket.MessageText, b); err != nil {
			t.Fatal(err)
		}
	}
	read := func() (map[string]any, error) {
		for {
			_, b, err := ws.Read(ctx)
			if err != nil {
				return nil, err
			}
			var m map[string]any
			json.Unmarshal(b, &m)
			if m["type"] != "ping" && m["type"] != "pong" && m["type"] != "ka" {
				return m, nil
			}
		}
	}
	write(map[string]any{"type": "connection_init"})
	if m, err := read(); err != nil || m["type"] != "connection_ack" {
		t.Fatalf("got %v (%v), want connection_ack", m, err)
	}
	write(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query}})
	out := make(chan map[string]any, 16)
	go func() {
		defer close(out)
		for {
			m, err := read()
			if err != nil {
				return
			}
			out <- m
		}
	}()
	return out
}

// AwaitChange publishes the evidence record(i) for i = 0, 1, ... until the
// subscription got hears of one (it is registered asynchronously), and
// returns the change's data.
func AwaitChange(t *testing.T, c *CurationServer, got <-chan map[string]any, record func(i int) map[string]any) map[string]any {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for i := 0; ; i++ {
		MustData(t, PostKey(t, c.TS, c.Editor, ApplyMutation, Batch("subscribed", true, record(i))), &struct{}{})
		select {
		case m, ok := <-got:
			if !ok {
				t.Fatal("the socket closed")
			}
			if m["type"] != "next" {
				t.Fatalf("got %v, want next", m)
			}
			return m["payload"].(map[string]any)["data"].(map[string]any)["changes"].(map[string]any)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no change arrived")
		}
	}
}

// Version reads record id's version field over ts, "" when it is not
// stored.
func Version(tb testing.TB, ts *httptest.Server, id string) string {
	tb.Helper()
	var data struct {
		Node *struct{ Version string }
	}
	q := `query($id: ID!) { node(id: $id) { ... on Instrument { version } ... on Provision { version } ... on Obligation { version }
  ... on State { version } ... on StateAction { version } ... on Law { version } ... on Implementation { version }
  ... on Evidence { version } ... on Review { version } ... on StatuteProvision { version } } }`
	MustData(tb, Post(tb, ts, q, map[string]any{"id": id}), &data)
	if data.Node == nil {
		return ""
	}
	return data.Node.Version
}
