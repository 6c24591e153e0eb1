package webhook_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/server/servertest"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// A delivery's change carries the record's version after it, as the API
// gives it, and whether its batch was forced.
func TestWebhookVersionAndForced(t *testing.T) {
	c := webhookServer(t)
	rc := newReceiver(t)
	register(t, c, rc.ts.URL+"/hook", map[string]any{"state": "IDN"})
	const id = "idn/ev/hook-version"
	next := func() webhook.Change {
		t.Helper()
		r := rc.next(t, 5*time.Second)
		var body webhook.Delivery
		if err := json.Unmarshal(r.body, &body); err != nil || len(body.Changes) != 1 {
			t.Fatalf("body %s (%v), want one change", r.body, err)
		}
		return body.Changes[0]
	}
	version := func() string {
		t.Helper()
		var data struct {
			Changes struct {
				Edges []struct{ Node struct{ Version string } }
			}
		}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `query($id: ID!) { changes(record: $id) { edges { node { version } } } }`, map[string]any{"id": id}), &data)
		if len(data.Changes.Edges) == 0 {
			t.Fatal("no change of the record")
		}
		return data.Changes.Edges[len(data.Changes.Edges)-1].Node.Version
	}

	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("plain", true, servertest.NewEvidence(id))), &struct{}{})
	added := next()
	if v := version(); added.Version == "" || added.Version != v || added.Forced {
		t.Errorf("an unforced add: got version %q forced %v, want version %q and not forced", added.Version, added.Forced, v)
	}

	ev := servertest.NewEvidence(id)
	ev["Summary"] = "A test conviction, overwritten."
	vars := servertest.Batch("forced", true, ev)
	vars["input"].(map[string]any)["force"] = true
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, vars), &struct{}{})
	forced := next()
	if v := version(); forced.Version != v || forced.Version == added.Version || !forced.Forced {
		t.Errorf("a forced replace: got version %q forced %v, want version %q (not %q) and forced", forced.Version, forced.Forced, v, added.Version)
	}
}
