package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// The data version moves with the graph's changes only, names the newest
// change's commit time, and survives reopening the store.
func TestDataVersion(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if v := s.DataVersion(); v.Seq != 0 || !v.Time().IsZero() {
		t.Fatalf("empty store: got %+v, want 0 and no time", v)
	}
	res := mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A")}, Author: "ed"})
	v1 := s.DataVersion()
	if v1.Seq != res.Seq {
		t.Fatalf("after a change: got %d, want the change's sequence %d", v1.Seq, res.Seq)
	}
	changes, err := s.Changes(ctx, graph.ChangeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(changes); n == 0 || !changes[n-1].Time.Equal(v1.Time()) {
		t.Fatalf("the data version's time %v is not the newest change's", v1.Time())
	}

	// Bookkeeping beside the graph leaves it.
	if _, err := s.PutDraft(ctx, &graph.Draft{Author: "ed", Created: time.Now(), Put: []graph.Node{state("BBB", "B")}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateAPIKey(ctx, "k", graph.RoleCurator); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordAct(ctx, &graph.AuditEntry{At: time.Now(), Actor: "ed", Act: graph.ActKeyCreated, Subject: "k"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RegisterWebhook(ctx, &graph.Webhook{URL: "https://example.org/hook", Author: "ed", Created: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	// A batch that changes nothing leaves it too.
	mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A")}})
	if v := s.DataVersion(); v != v1 {
		t.Errorf("drafts, keys, the audit and an empty batch moved the data version: %d, was %d", v.Seq, v1.Seq)
	}

	res2 := mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A2")}})
	if v := s.DataVersion(); v.Seq != res2.Seq || v.Seq <= v1.Seq {
		t.Errorf("after a second change: got %d, want %d", v.Seq, res2.Seq)
	}
}
