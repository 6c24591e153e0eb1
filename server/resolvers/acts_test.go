package resolvers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func TestActsAudited(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.WebhookAllowPrivate, cfg.HoldWebhooks = true, true
	c := servertest.NewCurationServer(t, cfg)

	var created struct {
		CreateAPIKey struct{ Secret string }
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, `mutation { createAPIKey(name: "cleo", role: CURATOR) { secret } }`, nil), &created)
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, `mutation { revokeAPIKey(name: "cleo") { revoked } }`, nil), &struct{}{})
	var hook struct {
		RegisterWebhook struct{ ID, Secret string }
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation { registerWebhook(url: "http://127.0.0.1:9/hook?token=t0ps3cret", state: "IDN") { id secret } }`, nil), &hook)
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { deleteWebhook(id: $id) }`, map[string]any{"id": hook.RegisterWebhook.ID}), &struct{}{})

	acts, err := c.Store.Acts(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		actor   string
		act     graph.Act
		subject string
	}{
		{"ed", graph.ActWebhookDeleted, hook.RegisterWebhook.ID},
		{"ed", graph.ActWebhookRegistered, hook.RegisterWebhook.ID},
		{"ada", graph.ActKeyRevoked, "cleo"},
		{"ada", graph.ActKeyCreated, "cleo"},
	}
	// Before them, the three keys NewCurationServer made through the store
	// directly, as the CLI does: by no key.
	if len(acts) != len(want)+3 {
		t.Fatalf("got %d acts, want %d", len(acts), len(want)+3)
	}
	for _, a := range acts[len(want):] {
		if a.Actor != "" || a.Act != graph.ActKeyCreated {
			t.Errorf("got %+v, want a key created by the operator", a)
		}
	}
	for i, w := range want {
		a := acts[i]
		if a.Actor != w.actor || a.Act != w.act || a.Subject != w.subject || a.At.IsZero() {
			t.Errorf("act %d: got %+v, want %s %s %s", i, a, w.actor, w.act, w.subject)
		}
		for _, v := range a.Details {
			for _, secret := range []string{created.CreateAPIKey.Secret, hook.RegisterWebhook.Secret, "t0ps3cret", c.Admin, c.Editor} {
				if secret != "" && strings.Contains(v, secret) {
					t.Errorf("act %d holds a secret: %+v", i, a)
				}
			}
		}
	}
	if got := acts[3].Details["role"]; got != "CURATOR" {
		t.Errorf("got role %q, want CURATOR", got)
	}
	if got := acts[1].Details["target"]; got != "http://127.0.0.1:9/hook" {
		t.Errorf("got target %q, want http://127.0.0.1:9/hook", got)
	}

	// Admins read them over the API; nobody else does.
	const actsQuery = `{ acts(first: 2) { seq at actor act subject details } }`
	var data struct {
		Acts []struct {
			Actor, Act, Subject string
			Details             map[string]string
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, actsQuery, nil), &data)
	if len(data.Acts) != 2 || data.Acts[0].Act != "WEBHOOK_DELETED" || data.Acts[1].Details["target"] != "http://127.0.0.1:9/hook" {
		t.Errorf("got %+v, want the webhook's deletion and registration", data.Acts)
	}
	if r := servertest.PostKey(t, c.TS, c.Editor, actsQuery, nil); r.Code() != "FORBIDDEN" {
		t.Errorf("an editor reading acts: got %s, want FORBIDDEN", r.Raw)
	}
}
