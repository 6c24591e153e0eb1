package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/server"
)

// postKey sends a GraphQL POST with an API key (none when key is "").
func postKey(tb testing.TB, ts *httptest.Server, key, query string, vars map[string]any) *response {
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
	r := &response{Status: resp.StatusCode, Raw: buf.Bytes()}
	if err := json.Unmarshal(buf.Bytes(), r); err != nil {
		tb.Fatalf("response is not JSON: %v: %s", err, buf.Bytes())
	}
	if r.Status >= 500 {
		tb.Fatalf("got HTTP status %d, want no 5xx: %s", r.Status, r.Raw)
	}
	return r
}

// curationServer serves the fixtures with a key of each role.
type curationServer struct {
	ts                     *httptest.Server
	st                     *store.Store
	curator, editor, admin string
}

func newCurationServer(tb testing.TB, cfg server.Config) *curationServer {
	tb.Helper()
	st := mustOpenFixtures(tb).(*store.Store)
	c := &curationServer{st: st, ts: newHTTP(tb, server.New(st, cfg))}
	for _, k := range []struct {
		dst  *string
		name string
		role graph.Role
	}{{&c.curator, "carol", graph.RoleCurator}, {&c.editor, "ed", graph.RoleEditor}, {&c.admin, "ada", graph.RoleAdmin}} {
		secret, _, err := st.CreateAPIKey(context.Background(), k.name, k.role)
		if err != nil {
			tb.Fatal(err)
		}
		*k.dst = secret
	}
	return c
}

const applyMutation = `mutation($input: ChangesInput!) { applyChanges(input: $input) {
  published added changed removed unchanged draft { id author message records { id kind } } } }`

const statusQuery = `query($knownAt: Time) { node(id: "actip-2015/art_5/obl_1") { ... on Obligation {
  status(state: "IDN", asOf: "2020-01-01", knownAt: $knownAt) { practice } } } }`

// newEvidence is an evidence record that finds Indonesia's criminalisation
// effective in 2019.
func newEvidence(id string) map[string]any {
	return map[string]any{
		"ID": id, "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01",
		"ObligationIDs": []string{"actip-2015/art_5/obl_1"}, "Finding": "EFFECTIVE",
		"Summary": "A test conviction.",
		"Sources": []map[string]any{{"Citation": "Test court, case 1/2019", "URL": "https://example.org/case"}},
	}
}

func batch(message string, publish bool, records ...map[string]any) map[string]any {
	put := []map[string]any{}
	for _, r := range records {
		put = append(put, map[string]any{"kind": "EVIDENCE", "record": r})
	}
	return map[string]any{"input": map[string]any{"message": message, "publish": publish, "put": put}}
}

func practice(t *testing.T, c *curationServer, knownAt *time.Time) string {
	t.Helper()
	vars := map[string]any{}
	if knownAt != nil {
		vars["knownAt"] = knownAt.Format(time.RFC3339Nano)
	}
	var data struct {
		Node struct{ Status struct{ Practice string } }
	}
	mustData(t, postKey(t, c.ts, "", statusQuery, vars), &data)
	return data.Node.Status.Practice
}

func TestCuration(t *testing.T) {
	c := newCurationServer(t, server.DefaultConfig())

	t.Run("ErrAnonymousMutation", func(t *testing.T) {
		r := postKey(t, c.ts, "", applyMutation, batch("x", true, newEvidence("idn/ev/anon")))
		if got := r.code(); got != "UNAUTHENTICATED" {
			t.Errorf("got %q (%s), want UNAUTHENTICATED", got, r.Raw)
		}
	})
	t.Run("ErrWrongKey", func(t *testing.T) {
		r := postKey(t, c.ts, "pwk_wrong", applyMutation, batch("x", true, newEvidence("idn/ev/wrong")))
		if got := r.code(); got != "UNAUTHENTICATED" {
			t.Errorf("got %q (%s), want UNAUTHENTICATED", got, r.Raw)
		}
	})
	t.Run("ErrAuthBeforeArguments", func(t *testing.T) {
		// A bad batch from an anonymous client is refused for the key, not
		// the batch.
		r := postKey(t, c.ts, "", applyMutation, map[string]any{"input": map[string]any{"message": "", "put": []any{map[string]any{"kind": "EVIDENCE", "record": map[string]any{"Nope": 1}}}}})
		if got := r.code(); got != "UNAUTHENTICATED" || len(r.Errors) != 1 {
			t.Errorf("got %q (%s), want one UNAUTHENTICATED", got, r.Raw)
		}
	})
	t.Run("ErrCuratorPublishes", func(t *testing.T) {
		r := postKey(t, c.ts, c.curator, applyMutation, batch("x", true, newEvidence("idn/ev/curator-live")))
		if got := r.code(); got != "FORBIDDEN" {
			t.Errorf("got %q (%s), want FORBIDDEN", got, r.Raw)
		}
	})
	t.Run("ErrCuratorManagesKeys", func(t *testing.T) {
		for _, key := range []string{c.curator, c.editor} {
			r := postKey(t, c.ts, key, `mutation { createAPIKey(name: "x", role: ADMIN) { secret } }`, nil)
			if got := r.code(); got != "FORBIDDEN" {
				t.Errorf("got %q (%s), want FORBIDDEN", got, r.Raw)
			}
		}
	})
	t.Run("ErrBadBatchWritesNothing", func(t *testing.T) {
		bad := newEvidence("idn/ev/bad")
		delete(bad, "Sources")
		bad["ObligationIDs"] = []string{"no/such/obligation"}
		worse := newEvidence("idn/ev/worse")
		worse["Finding"] = "MAYBE"
		before, err := c.st.Changes(context.Background(), graph.ChangeQuery{})
		if err != nil {
			t.Fatal(err)
		}
		r := postKey(t, c.ts, c.editor, applyMutation, batch("bad", true, newEvidence("idn/ev/good"), bad, worse))
		fields := map[string]bool{}
		for _, e := range r.Errors {
			if e.Extensions["code"] != "BAD_USER_INPUT" {
				t.Errorf("error %q: got code %v, want BAD_USER_INPUT", e.Message, e.Extensions["code"])
			}
			f, _ := e.Extensions["field"].(string)
			fields[f] = true
		}
		for _, want := range []string{"input.put[1].record.sources", "input.put[1].record.obligations", "input.put[2].record.Finding"} {
			if !fields[want] {
				t.Errorf("no problem at %s; got %v (%s)", want, fields, r.Raw)
			}
		}
		after, err := c.st.Changes(context.Background(), graph.ChangeQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before) {
			t.Errorf("a rejected batch wrote: %d log entries, want %d", len(after), len(before))
		}
		if ns, _ := c.st.Nodes(context.Background(), []string{"idn/ev/good"}); ns[0] != nil {
			t.Errorf("a rejected batch wrote its good record")
		}
		if ds, _ := c.st.Drafts(context.Background()); len(ds) != 0 {
			t.Errorf("a rejected batch left %d drafts", len(ds))
		}
	})

	var draftID string
	t.Run("OKCuratorDraftIsNotPublic", func(t *testing.T) {
		var data struct {
			ApplyChanges struct {
				Published bool
				Draft     struct{ ID, Author string }
			}
		}
		mustData(t, postKey(t, c.ts, c.curator, applyMutation, batch("add a conviction", false, newEvidence("idn/ev/test-conviction"))), &data)
		if data.ApplyChanges.Published || data.ApplyChanges.Draft.Author != "carol" {
			t.Fatalf("got %+v, want a draft by carol", data.ApplyChanges)
		}
		draftID = data.ApplyChanges.Draft.ID
		if got := practice(t, c, nil); got != "GAP" {
			t.Errorf("practice with a draft: got %s, want GAP", got)
		}
		var drafts struct{ Drafts []struct{ ID string } }
		mustData(t, postKey(t, c.ts, c.editor, `{ drafts { id } }`, nil), &drafts)
		if len(drafts.Drafts) != 1 || drafts.Drafts[0].ID != draftID {
			t.Errorf("drafts: got %+v, want %s", drafts.Drafts, draftID)
		}
		if r := postKey(t, c.ts, "", `{ drafts { id } }`, nil); r.code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous drafts: got %q, want UNAUTHENTICATED", r.code())
		}
	})

	beforePublish := time.Now()
	time.Sleep(2 * time.Millisecond)
	t.Run("ErrCuratorPublishesDraft", func(t *testing.T) {
		r := postKey(t, c.ts, c.curator, `mutation($id: ID!) { publishDraft(id: $id) { published } }`, map[string]any{"id": draftID})
		if r.code() != "FORBIDDEN" {
			t.Errorf("got %q, want FORBIDDEN", r.code())
		}
	})
	t.Run("OKEditorPublishesDraft", func(t *testing.T) {
		var data struct {
			PublishDraft struct {
				Published bool
				Added     []string
			}
		}
		mustData(t, postKey(t, c.ts, c.editor, `mutation($id: ID!) { publishDraft(id: $id) { published added } }`, map[string]any{"id": draftID}), &data)
		if !data.PublishDraft.Published || len(data.PublishDraft.Added) != 1 {
			t.Fatalf("got %+v", data.PublishDraft)
		}
		if got := practice(t, c, nil); got == "GAP" {
			t.Errorf("practice after publishing: got GAP, want the new evidence counted")
		}
	})
	t.Run("OKKnownAt", func(t *testing.T) {
		if got := practice(t, c, &beforePublish); got != "GAP" {
			t.Errorf("knownAt before the change: got %s, want GAP", got)
		}
		now := time.Now()
		if got := practice(t, c, &now); got == "GAP" {
			t.Errorf("knownAt after the change: got GAP, want the new answer")
		}
		r := postKey(t, c.ts, "", statusQuery, map[string]any{"knownAt": "yesterday"})
		if r.code() == "" {
			t.Errorf("knownAt yesterday: got no error")
		}
	})
	t.Run("OKAuditLog", func(t *testing.T) {
		var data struct {
			Changes struct {
				Edges []struct {
					Node struct {
						Author, Message, Record, Action string
						After                           map[string]any
					}
				}
			}
		}
		mustData(t, postKey(t, c.ts, "", `{ changes(record: "idn/ev/test-conviction") { edges { node { author message record action after } } } }`, nil), &data)
		if len(data.Changes.Edges) != 1 {
			t.Fatalf("got %d changes, want 1", len(data.Changes.Edges))
		}
		n := data.Changes.Edges[0].Node
		if n.Author != "ed" || !strings.HasPrefix(n.Message, "add a conviction") || n.Action != "ADDED" || n.After["Finding"] != "EFFECTIVE" {
			t.Errorf("got %+v", n)
		}
		var state struct {
			Changes struct {
				Edges    []struct{ Cursor string }
				PageInfo struct{ HasNextPage bool }
			}
		}
		mustData(t, postKey(t, c.ts, "", `{ changes(state: "IDN", first: 1) { edges { cursor } pageInfo { hasNextPage } } }`, nil), &state)
		if len(state.Changes.Edges) != 1 || !state.Changes.PageInfo.HasNextPage {
			t.Errorf("IDN's first change: got %+v, want one with more after it (the ingest)", state.Changes)
		}
	})
	t.Run("OKRetractKeepsHistory", func(t *testing.T) {
		var data struct{ ApplyChanges struct{ Removed []string } }
		mustData(t, postKey(t, c.ts, c.admin, applyMutation, map[string]any{"input": map[string]any{
			"message": "withdrawn", "publish": true,
			"retract": []any{map[string]any{"id": "idn/ev/test-conviction", "reason": "the case was overturned"}}}}), &data)
		if len(data.ApplyChanges.Removed) != 1 {
			t.Fatalf("got %+v", data.ApplyChanges)
		}
		var log struct {
			Changes struct {
				Edges []struct {
					Node struct {
						Action, Reason string
						Before         map[string]any
					}
				}
			}
		}
		mustData(t, postKey(t, c.ts, "", `{ changes(record: "idn/ev/test-conviction") { edges { node { action reason before } } } }`, nil), &log)
		if e := log.Changes.Edges; len(e) != 2 || e[1].Node.Action != "RETRACTED" || e[1].Node.Reason != "the case was overturned" || e[1].Node.Before["ID"] != "idn/ev/test-conviction" {
			t.Errorf("got %+v", log.Changes.Edges)
		}
	})
	t.Run("OKAdminKeysOverAPI", func(t *testing.T) {
		var data struct{ CreateAPIKey struct{ Secret string } }
		mustData(t, postKey(t, c.ts, c.admin, `mutation { createAPIKey(name: "temp", role: EDITOR) { secret key { name role } } }`, nil), &data)
		secret := data.CreateAPIKey.Secret
		var v struct{ Viewer struct{ Name, Role string } }
		mustData(t, postKey(t, c.ts, secret, `{ viewer { name role } }`, nil), &v)
		if v.Viewer.Name != "temp" || v.Viewer.Role != "EDITOR" {
			t.Errorf("viewer: got %+v", v.Viewer)
		}
		mustData(t, postKey(t, c.ts, c.admin, `mutation { revokeAPIKey(name: "temp") { revoked } }`, nil), &struct{}{})
		r := postKey(t, c.ts, secret, applyMutation, batch("x", true, newEvidence("idn/ev/revoked")))
		if r.code() != "UNAUTHENTICATED" {
			t.Errorf("revoked key: got %q (%s), want UNAUTHENTICATED", r.code(), r.Raw)
		}
	})
}

func TestCurationRateLimit(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.WriteRate, cfg.WriteBurst = 1, 2
	c := newCurationServer(t, cfg)
	q := `mutation { discardDraft(id: "none") }`
	var limited *response
	for range 4 {
		if r := postKey(t, c.ts, c.curator, q, nil); r.code() == "RATE_LIMITED" {
			limited = r
			break
		}
	}
	if limited == nil {
		t.Fatal("4 writes at once with a burst of 2: none was RATE_LIMITED")
	}
	if s, ok := limited.Errors[0].Extensions["retryAfterSeconds"].(float64); !ok || s <= 0 {
		t.Errorf("retryAfterSeconds: got %v, want a positive number", limited.Errors[0].Extensions["retryAfterSeconds"])
	}
	// Another key has a bucket of its own.
	if r := postKey(t, c.ts, c.editor, q, nil); r.code() == "RATE_LIMITED" {
		t.Errorf("another key: got RATE_LIMITED")
	}
}

func TestChangeSubscription(t *testing.T) {
	c := newCurationServer(t, server.DefaultConfig())
	got := subscribe(t, c, `subscription { changes(state: "IDN") { record author action } }`)
	data := awaitChange(t, c, got, func(i int) map[string]any { return newEvidence("idn/ev/sub-" + string(rune('a'+i))) })
	if data["author"] != "ed" || data["action"] != "ADDED" {
		t.Errorf("got %v", data)
	}
}

// subscribe opens a graphql-transport-ws socket to c, subscribes with
// query, and returns a channel of the "next" messages' data.
func subscribe(t *testing.T, c *curationServer, query string) <-chan map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(c.ts.URL, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
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

// awaitChange publishes the evidence record(i) for i = 0, 1, ... until the
// subscription got hears of one (it is registered asynchronously), and
// returns the change's data.
func awaitChange(t *testing.T, c *curationServer, got <-chan map[string]any, record func(i int) map[string]any) map[string]any {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for i := 0; ; i++ {
		mustData(t, postKey(t, c.ts, c.editor, applyMutation, batch("subscribed", true, record(i))), &struct{}{})
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
