package store_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/store"
)

func TestWebhookQueue(t *testing.T) {
	ctx := context.Background()
	w := graphtest.NewWorld(t)
	s := w.Store.(*store.Store)
	w.State("IDN", graph.MustDate("1967-08-08"))
	law := w.Law("IDN", "law-1", graph.MustDate("2007-04-19"))
	retitle := func(title string) *graph.ApplyResult {
		changed := *law
		changed.Title = title
		return graphtest.MustApply(t, s, &graph.Batch{Put: []graph.Node{&changed}, Author: "alice", Message: title})
	}
	batches := func(t *testing.T) []uint64 {
		t.Helper()
		seqs, err := s.WebhookBatches(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return seqs
	}
	pending := func(t *testing.T) []*graph.PendingDelivery {
		t.Helper()
		ds, err := s.PendingDeliveries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}

	t.Run("OKNothingQueuedWithoutWebhooks", func(t *testing.T) {
		retitle("before any webhook")
		if queued, err := s.WebhookQueued(ctx); err != nil || queued {
			t.Errorf("queued %v, %v: want nothing queued while no webhook is registered", queued, err)
		}
	})

	hook, err := s.RegisterWebhook(ctx, &graph.Webhook{URL: "https://example.org/hook", Author: "ed", Created: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	var first, second uint64
	t.Run("OKBatchesQueuedByApply", func(t *testing.T) {
		first, second = retitle("first").Seq, retitle("second").Seq
		if got := batches(t); !slices.Equal(got, []uint64{first, second}) {
			t.Fatalf("queued batches: got %v, want %v", got, []uint64{first, second})
		}
		changes, err := s.Changes(ctx, graph.ChangeQuery{Batch: first})
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 || changes[0].Seq != first || changes[0].Message != "first" {
			t.Errorf("changes of batch %d: got %+v, want its one entry", first, changes)
		}
	})

	d := &graph.PendingDelivery{ID: "dlv-1", Webhook: hook.ID, URL: hook.URL, Seq: second, Body: []byte(`{"changes":[]}`), Next: time.Now().UTC()}
	t.Run("OKQueueDeliveries", func(t *testing.T) {
		if err := s.QueueDeliveries(ctx, first, nil); err != nil {
			t.Fatal(err)
		}
		ghost := &graph.PendingDelivery{ID: "dlv-ghost", Webhook: "hook-gone", Seq: second}
		if err := s.QueueDeliveries(ctx, second, []*graph.PendingDelivery{d, ghost}); err != nil {
			t.Fatal(err)
		}
		if got := batches(t); len(got) != 0 {
			t.Errorf("queued batches: got %v, want none once matched", got)
		}
		got := pending(t)
		if len(got) != 1 || got[0].ID != "dlv-1" || !bytes.Equal(got[0].Body, d.Body) || got[0].URL != hook.URL {
			t.Fatalf("pending: got %+v, want dlv-1 alone (its registration exists)", got)
		}
		// A batch matched once is never matched again.
		again := *d
		again.ID = "dlv-again"
		if err := s.QueueDeliveries(ctx, second, []*graph.PendingDelivery{&again}); err != nil {
			t.Fatal(err)
		}
		if got := pending(t); len(got) != 1 || got[0].ID != "dlv-1" {
			t.Errorf("pending after queueing the batch twice: got %+v, want dlv-1 alone", got)
		}
	})

	t.Run("OKFailedAttemptKept", func(t *testing.T) {
		d.Attempts, d.Next = 1, time.Now().Add(time.Minute).UTC()
		if err := s.RecordDeliveryAttempt(ctx, d, graph.WebhookAttempt{Time: time.Now(), Status: 503, Err: "the receiver answered 503"}, false); err != nil {
			t.Fatal(err)
		}
		got := pending(t)
		if len(got) != 1 || got[0].Attempts != 1 || !got[0].Next.Equal(d.Next) {
			t.Errorf("pending: got %+v, want one attempt made and the next due", got)
		}
		hooks, _ := s.Webhooks(ctx)
		if len(hooks) != 1 || hooks[0].Failures != 1 || hooks[0].LastStatus != 503 {
			t.Errorf("registration: got %+v, want the failed attempt", hooks)
		}
	})

	t.Run("OKBackupCarriesQueue", func(t *testing.T) {
		var buf bytes.Buffer
		if err := s.Backup(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		r := openEmpty(t)
		if err := r.Restore(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		got, err := r.PendingDeliveries(ctx)
		if err != nil || len(got) != 1 || got[0].ID != "dlv-1" || got[0].Attempts != 1 {
			t.Errorf("restored pending %+v, %v: want dlv-1 with its attempt", got, err)
		}
	})

	t.Run("OKDoneTakesItOff", func(t *testing.T) {
		if err := s.RecordDeliveryAttempt(ctx, d, graph.WebhookAttempt{Time: time.Now(), Status: 200}, true); err != nil {
			t.Fatal(err)
		}
		if got := pending(t); len(got) != 0 {
			t.Errorf("pending after success: got %+v, want none", got)
		}
	})

	t.Run("OKDeleteWebhookDropsItsDeliveries", func(t *testing.T) {
		seq := retitle("third").Seq
		if err := s.QueueDeliveries(ctx, seq, []*graph.PendingDelivery{{ID: "dlv-3", Webhook: hook.ID, Seq: seq}}); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteWebhook(ctx, hook.ID); err != nil {
			t.Fatal(err)
		}
		if got := pending(t); len(got) != 0 {
			t.Errorf("pending after deleting the webhook: got %+v, want none", got)
		}
		retitle("fourth")
		if queued, err := s.WebhookQueued(ctx); err != nil || queued {
			t.Errorf("queued %v, %v: want nothing once no webhook is registered", queued, err)
		}
	})

	t.Run("ErrWrongBatch", func(t *testing.T) {
		if _, err := s.RegisterWebhook(ctx, &graph.Webhook{URL: "https://example.org/other", Created: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
		seq := retitle("fifth").Seq
		if err := s.QueueDeliveries(ctx, seq, []*graph.PendingDelivery{{ID: "dlv-x", Webhook: "hook-x", Seq: seq + 1}}); err == nil {
			t.Error("a delivery of another batch: got no error, want one")
		}
	})
}

func TestWebhookQueueKeys(t *testing.T) {
	for _, tc := range []struct {
		seq  uint64
		hook string
	}{{1, "hook-a"}, {1 << 60, "hook-b"}, {42, ""}} {
		seq, hook, err := store.ParseDeliveryKey(store.DeliveryKey(tc.seq, tc.hook))
		if err != nil || seq != tc.seq || hook != tc.hook {
			t.Errorf("delivery key (%d, %q): got (%d, %q), %v", tc.seq, tc.hook, seq, hook, err)
		}
		if seq, err := store.ParseHookBatchKey(store.HookBatchKey(tc.seq)); err != nil || seq != tc.seq {
			t.Errorf("batch key %d: got %d, %v", tc.seq, seq, err)
		}
	}
	// Oldest batch first, whatever the webhook ids.
	if bytes.Compare(store.DeliveryKey(255, "hook-z"), store.DeliveryKey(256, "hook-a")) >= 0 {
		t.Error("delivery keys do not sort by batch")
	}
	if bytes.Compare(store.HookBatchKey(255), store.HookBatchKey(256)) >= 0 {
		t.Error("batch keys do not sort by batch")
	}
	if _, _, err := store.ParseDeliveryKey(store.HookBatchKey(1)); err == nil {
		t.Error("a batch key parsed as a delivery key")
	}
}
