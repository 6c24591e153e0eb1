package resolvers_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestSearchFollowsWrites checks over HTTP that a record the write API
// publishes is found by search at once, and that a write the index could
// not take asks for a rebuild.
func TestSearchFollowsWrites(t *testing.T) {
	ctx := context.Background()
	st := servertest.MustOpenFixtures(t).(*store.Store)
	// The key first: any write to the store, a key's too, moves its
	// version, and an index is current only at the version it was built at.
	editor, _, err := st.CreateAPIKey(ctx, "ed", graph.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	ix := search.NewMemory()
	t.Cleanup(func() { ix.Close() })
	if err := ix.Rebuild(ctx, st, st.Version()); err != nil {
		t.Fatal(err)
	}
	var stale atomic.Int32
	cfg := server.DefaultConfig()
	cfg.Search = ix
	cfg.SearchStale = func() { stale.Add(1) }
	ts := servertest.NewHTTP(t, server.New(st, cfg))
	hits := func(t *testing.T, text string) []string {
		t.Helper()
		var ids []string
		for _, e := range decodeSearch(t, servertest.Post(t, ts, `query($t: String!) { search(text: $t) { edges { node { id } } } }`, map[string]any{"t": text})).Search.Edges {
			ids = append(ids, e.Node.ID)
		}
		return ids
	}
	publish := func(t *testing.T, id, summary string) {
		t.Helper()
		ev := servertest.NewEvidence(id)
		ev["Summary"] = summary
		var data struct{ ApplyChanges struct{ Published bool } }
		servertest.MustData(t, servertest.PostKey(t, ts, editor, servertest.ApplyMutation, servertest.Batch("search test", true, ev)), &data)
		if !data.ApplyChanges.Published {
			t.Fatalf("publishing %s: not published", id)
		}
	}

	t.Run("OKPublishedRecordFound", func(t *testing.T) {
		publish(t, "idn/ev/search-sync", "A conviction before a bladderwort bench.")
		if got := hits(t, "bladderwort"); len(got) != 1 || got[0] != "idn/ev/search-sync" {
			t.Errorf("search after the write: got %v, want the new evidence", got)
		}
		if n := stale.Load(); n != 0 {
			t.Errorf("a write the index took asked for %d rebuilds, want none", n)
		}
	})

	t.Run("OKIndexBehindAsksForRebuild", func(t *testing.T) {
		// A write straight to the store leaves the index behind it.
		past := &graph.Evidence{ID: "idn/ev/search-past", StateCode: "IDN", Kind: graph.EvidenceReport, Date: graph.MustDate("2019"),
			Finding: graph.FindingMixed, Summary: "Written past the index.", Themes: []graph.Theme{graph.ThemeProtection},
			Record: graph.Record{Sources: []graph.Source{{Citation: "Test report", URL: "https://example.org/report"}}}}
		if _, err := st.Apply(ctx, &graph.Batch{Put: []graph.Node{past}, Author: "test"}); err != nil {
			t.Fatal(err)
		}
		publish(t, "idn/ev/search-sync-2", "A second conviction before a sundew bench.")
		if n := stale.Load(); n != 1 {
			t.Errorf("a write the index could not take: got %d rebuilds asked, want 1", n)
		}
		if err := ix.Rebuild(ctx, st, st.Version()); err != nil {
			t.Fatal(err)
		}
		if got := hits(t, "sundew"); len(got) != 1 {
			t.Errorf("search after the rebuild: got %v, want the second evidence", got)
		}
	})
}
