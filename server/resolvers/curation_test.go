package resolvers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

const statusQuery = `query($knownAt: Time) { node(id: "actip-2015/art_5/obl_1") { ... on Obligation {
  status(state: "IDN", asOf: "2020-01-01", knownAt: $knownAt) { practice } } } }`

func practice(t *testing.T, c *servertest.CurationServer, knownAt *time.Time) string {
	t.Helper()
	vars := map[string]any{}
	if knownAt != nil {
		vars["knownAt"] = knownAt.Format(time.RFC3339Nano)
	}
	var data struct {
		Node struct{ Status struct{ Practice string } }
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, "", statusQuery, vars), &data)
	return data.Node.Status.Practice
}

func TestCuration(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())

	t.Run("ErrAnonymousMutation", func(t *testing.T) {
		r := servertest.PostKey(t, c.TS, "", servertest.ApplyMutation, servertest.Batch("x", true, servertest.NewEvidence("idn/ev/anon")))
		if got := r.Code(); got != "UNAUTHENTICATED" {
			t.Errorf("got %q (%s), want UNAUTHENTICATED", got, r.Raw)
		}
	})
	t.Run("ErrWrongKey", func(t *testing.T) {
		r := servertest.PostKey(t, c.TS, "pwk_wrong", servertest.ApplyMutation, servertest.Batch("x", true, servertest.NewEvidence("idn/ev/wrong")))
		if got := r.Code(); got != "UNAUTHENTICATED" {
			t.Errorf("got %q (%s), want UNAUTHENTICATED", got, r.Raw)
		}
	})
	t.Run("ErrAuthBeforeArguments", func(t *testing.T) {
		// A bad batch from an anonymous client is refused for the key, not
		// the batch.
		r := servertest.PostKey(t, c.TS, "", servertest.ApplyMutation, map[string]any{"input": map[string]any{"message": "", "put": []any{map[string]any{"kind": "EVIDENCE", "record": map[string]any{"Nope": 1}}}}})
		if got := r.Code(); got != "UNAUTHENTICATED" || len(r.Errors) != 1 {
			t.Errorf("got %q (%s), want one UNAUTHENTICATED", got, r.Raw)
		}
	})
	t.Run("ErrCuratorPublishes", func(t *testing.T) {
		r := servertest.PostKey(t, c.TS, c.Curator, servertest.ApplyMutation, servertest.Batch("x", true, servertest.NewEvidence("idn/ev/curator-live")))
		if got := r.Code(); got != "FORBIDDEN" {
			t.Errorf("got %q (%s), want FORBIDDEN", got, r.Raw)
		}
	})
	t.Run("ErrCuratorManagesKeys", func(t *testing.T) {
		for _, key := range []string{c.Curator, c.Editor} {
			r := servertest.PostKey(t, c.TS, key, `mutation { createAPIKey(name: "x", role: ADMIN) { secret } }`, nil)
			if got := r.Code(); got != "FORBIDDEN" {
				t.Errorf("got %q (%s), want FORBIDDEN", got, r.Raw)
			}
		}
	})
	t.Run("ErrBadBatchWritesNothing", func(t *testing.T) {
		bad := servertest.NewEvidence("idn/ev/bad")
		delete(bad, "Sources")
		bad["ObligationIDs"] = []string{"no/such/obligation"}
		worse := servertest.NewEvidence("idn/ev/worse")
		worse["Finding"] = "MAYBE"
		before, err := c.Store.Changes(context.Background(), graph.ChangeQuery{})
		if err != nil {
			t.Fatal(err)
		}
		r := servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("bad", true, servertest.NewEvidence("idn/ev/good"), bad, worse))
		fields := map[string]bool{}
		for _, e := range r.Errors {
			if e.Extensions["code"] != "BAD_USER_INPUT" {
				t.Errorf("error %q: got code %v, want BAD_USER_INPUT", e.Message, e.Extensions["code"])
			}
			f, _ := e.Extensions["field"].(string)
			fields[f] = true
		}
		for _, want := range []string{"input.put[1].record.sources", "input.put[1].record.obligations", "input.put[2].record.finding"} {
			if !fields[want] {
				t.Errorf("no problem at %s; got %v (%s)", want, fields, r.Raw)
			}
		}
		after, err := c.Store.Changes(context.Background(), graph.ChangeQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before) {
			t.Errorf("a rejected batch wrote: %d log entries, want %d", len(after), len(before))
		}
		if ns, _ := c.Store.Nodes(context.Background(), []string{"idn/ev/good"}); ns[0] != nil {
			t.Errorf("a rejected batch wrote its good record")
		}
		if ds, _ := c.Store.Drafts(context.Background()); len(ds) != 0 {
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
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, servertest.ApplyMutation, servertest.Batch("add a conviction", false, servertest.NewEvidence("idn/ev/test-conviction"))), &data)
		if data.ApplyChanges.Published || data.ApplyChanges.Draft.Author != "carol" {
			t.Fatalf("got %+v, want a draft by carol", data.ApplyChanges)
		}
		draftID = data.ApplyChanges.Draft.ID
		if got := practice(t, c, nil); got != "GAP" {
			t.Errorf("practice with a draft: got %s, want GAP", got)
		}
		var drafts struct{ Drafts []struct{ ID string } }
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `{ drafts { id } }`, nil), &drafts)
		if len(drafts.Drafts) != 1 || drafts.Drafts[0].ID != draftID {
			t.Errorf("drafts: got %+v, want %s", drafts.Drafts, draftID)
		}
		if r := servertest.PostKey(t, c.TS, "", `{ drafts { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous drafts: got %q, want UNAUTHENTICATED", r.Code())
		}
	})

	beforePublish := time.Now()
	time.Sleep(2 * time.Millisecond)
	t.Run("ErrCuratorPublishesDraft", func(t *testing.T) {
		r := servertest.PostKey(t, c.TS, c.Curator, `mutation($id: ID!) { publishDraft(id: $id) { published } }`, map[string]any{"id": draftID})
		if r.Code() != "FORBIDDEN" {
			t.Errorf("got %q, want FORBIDDEN", r.Code())
		}
	})
	t.Run("OKEditorPublishesDraft", func(t *testing.T) {
		var data struct {
			PublishDraft struct {
				Published bool
				Added     []string
			}
		}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { publishDraft(id: $id) { published added } }`, map[string]any{"id": draftID}), &data)
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
		r := servertest.PostKey(t, c.TS, "", statusQuery, map[string]any{"knownAt": "yesterday"})
		if r.Code() == "" {
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
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `{ changes(record: "idn/ev/test-conviction") { edges { node { author message record action after } } } }`, nil), &data)
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
		servertest.MustData(t, servertest.PostKey(t, c.TS, "", `{ changes(state: "IDN", first: 1) { edges { cursor } pageInfo { hasNextPage } } }`, nil), &state)
		if len(state.Changes.Edges) != 1 || !state.Changes.PageInfo.HasNextPage {
			t.Errorf("IDN's first change: got %+v, want one with more after it (the ingest)", state.Changes)
		}
	})
	t.Run("OKRetractKeepsHistory", func(t *testing.T) {
		var data struct{ ApplyChanges struct{ Removed []string } }
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, servertest.ApplyMutation, map[string]any{"input": map[string]any{
			"message": "withdrawn", "publish": true,
			"retract": []any{map[string]any{"id": "idn/ev/test-conviction", "reason": "the case was overturned", "version": servertest.Version(t, c.TS, "idn/ev/test-conviction")}}}}), &data)
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
		servertest.MustData(t, servertest.PostKey(t, c.TS, "", `{ changes(record: "idn/ev/test-conviction") { edges { node { action reason before } } } }`, nil), &log)
		if e := log.Changes.Edges; len(e) != 2 || e[1].Node.Action != "RETRACTED" || e[1].Node.Reason != "the case was overturned" || e[1].Node.Before["ID"] != "idn/ev/test-conviction" {
			t.Errorf("got %+v", log.Changes.Edges)
		}
	})
	t.Run("OKAdminKeysOverAPI", func(t *testing.T) {
		var data struct{ CreateAPIKey struct{ Secret string } }
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, `mutation { createAPIKey(name: "temp", role: EDITOR) { secret key { name role } } }`, nil), &data)
		secret := data.CreateAPIKey.Secret
		var v struct{ Viewer struct{ Name, Role string } }
		servertest.MustData(t, servertest.PostKey(t, c.TS, secret, `{ viewer { name role } }`, nil), &v)
		if v.Viewer.Name != "temp" || v.Viewer.Role != "EDITOR" {
			t.Errorf("viewer: got %+v", v.Viewer)
		}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, `mutation { revokeAPIKey(name: "temp") { revoked } }`, nil), &struct{}{})
		r := servertest.PostKey(t, c.TS, secret, servertest.ApplyMutation, servertest.Batch("x", true, servertest.NewEvidence("idn/ev/revoked")))
		if r.Code() != "UNAUTHENTICATED" {
			t.Errorf("revoked key: got %q (%s), want UNAUTHENTICATED", r.Code(), r.Raw)
		}
	})
}

func TestCurationRateLimit(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.WriteRate, cfg.WriteBurst = 1, 2
	c := servertest.NewCurationServer(t, cfg)
	q := `mutation { discardDraft(id: "none") }`
	var limited *servertest.Response
	for range 4 {
		if r := servertest.PostKey(t, c.TS, c.Curator, q, nil); r.Code() == "RATE_LIMITED" {
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
	if r := servertest.PostKey(t, c.TS, c.Editor, q, nil); r.Code() == "RATE_LIMITED" {
		t.Errorf("another key: got RATE_LIMITED")
	}
}

func TestChangeSubscription(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	got := servertest.SubscribeKey(t, c, c.Editor, `subscription { changes(state: "IDN") { record author action } }`)
	data := servertest.AwaitChange(t, c, got, func(i int) map[string]any { return servertest.NewEvidence("idn/ev/sub-" + string(rune('a'+i))) })
	if data["author"] != "ed" || data["action"] != "ADDED" {
		t.Errorf("got %v", data)
	}
}
