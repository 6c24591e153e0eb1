package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

func TestWebhooks(t *testing.T) {
	ctx := context.Background()
	s := backupWorld(t)
	w, err := s.RegisterWebhook(ctx, &graph.Webhook{URL: "https://example.org/hook", State: "IDN", Author: "ed", Created: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	if w.ID == "" || w.Secret == nil || *w.Secret == "" {
		t.Fatalf("got %+v, want an id and a secret", w)
	}
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.RecordWebhookAttempt(ctx, w.ID, graph.WebhookAttempt{Time: at, Status: 500, Err: "the receiver answered 500"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordWebhookAttempt(ctx, "hook-none", graph.WebhookAttempt{Time: at}); err != nil {
		t.Errorf("an attempt of a deleted hook: %v, want nil", err)
	}

	// A backup carries the registrations and their secrets.
	var buf bytes.Buffer
	if err := s.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	r := openEmpty(t)
	if err := r.Restore(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	hooks, err := r.Webhooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != w.ID || hooks[0].Secret != nil || hooks[0].LastStatus != 500 || hooks[0].Failures != 1 || !hooks[0].LastAttempt.Equal(at) {
		t.Fatalf("restored %+v, want the hook with its failed attempt and no secret shown", hooks)
	}
	secret, err := r.WebhookSecret(ctx, w.ID)
	if err != nil || secret != *w.Secret {
		t.Errorf("restored secret %q, %v: want the registered one", secret, err)
	}
	if err := r.DeleteWebhook(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteWebhook(ctx, w.ID); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("deleted twice: %v, want ENOTFOUND", err)
	}
}
