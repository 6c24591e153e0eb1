package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/ingest"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// A delivery that has not succeeded when the server stops is kept in the
// store: a server started later on the same store makes its next attempt,
// with the same delivery id, body and signature, when its backoff is due.
func TestWebhookResumesAfterRestart(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ingest.ParsePaths(filepath.Join("..", "..", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, st, c); err != nil {
		t.Fatal(err)
	}
	editor, _, err := st.CreateAPIKey(ctx, "ed", graph.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	cfg := server.DefaultConfig()
	cfg.WebhookAllowPrivate = true
	cfg.WebhookRetryBase = 500 * time.Millisecond

	rc := newReceiver(t, http.StatusServiceUnavailable)
	first := server.New(st, cfg)
	ts := httptest.NewServer(first)
	c1 := &servertest.CurationServer{TS: ts, Store: st, Editor: editor, Admin: editor}
	h := register(t, c1, rc.ts.URL+"/hook", map[string]any{"state": "IDN"})
	servertest.MustData(t, servertest.PostKey(t, ts, editor, servertest.ApplyMutation, servertest.Batch("before the restart", true, servertest.NewEvidence("idn/ev/restart"))), &struct{}{})
	failed := rc.next(t, 5*time.Second)
	for deadline := time.Now().Add(5 * time.Second); listWebhooks(t, c1)[h.ID].Failures != 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("webhooks shows %+v, want the failed attempt", listWebhooks(t, c1)[h.ID])
		}
	}
	ts.Close()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-rc.got:
		t.Fatalf("an attempt after the server stopped: %s", r.body)
	case <-time.After(700 * time.Millisecond):
	}

	st2, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	c2 := &servertest.CurationServer{TS: servertest.NewHTTP(t, server.New(st2, cfg)), Store: st2, Editor: editor, Admin: editor}
	got := rc.next(t, 5*time.Second)
	if got.header.Get(webhook.HeaderDelivery) != failed.header.Get(webhook.HeaderDelivery) || string(got.body) != string(failed.body) {
		t.Errorf("resumed delivery %q %s, want the failed one again: %q %s",
			got.header.Get(webhook.HeaderDelivery), got.body, failed.header.Get(webhook.HeaderDelivery), failed.body)
	}
	if sig, want := got.header.Get(webhook.HeaderSignature), webhook.Sign(*h.Secret, got.body); sig != want {
		t.Errorf("signature %q, want %q", sig, want)
	}
	var w webhookData
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if w = listWebhooks(t, c2)[h.ID]; w.LastDelivered != nil || time.Now().After(deadline) {
			break
		}
	}
	if w.LastStatus == nil || *w.LastStatus != 200 || w.Failures != 0 || w.LastDelivered == nil {
		t.Errorf("webhooks after the restart shows %+v, want the resumed attempt's 200", w)
	}
	select {
	case r := <-rc.got:
		t.Errorf("another attempt after the resumed one succeeded: %s", r.body)
	case <-time.After(300 * time.Millisecond):
	}
}
