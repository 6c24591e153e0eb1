package resolvers_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestDraftMarksOverAllChanges: a draft's staleCount and overlapCount count
// every one of its changes (the 25th and 27th of 30 here, beyond any first
// page), agreeing with the changes' own stale and overlaps; pendingDrafts
// names every open draft touching each record asked about.
func TestDraftMarksOverAllChanges(t *testing.T) {
	c := newVersionServer(t)
	id := func(i int) string { return fmt.Sprintf("idn/ev/marks-%03d", i) }
	var recs []map[string]any
	for i := range 30 {
		recs = append(recs, servertest.NewEvidence(id(i)))
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, servertest.ApplyMutation, servertest.Batch("a big draft", false, recs...)), &struct{}{})
	create(t, c, servertest.NewEvidence(id(25)))
	other := draftOf(t, c, c.Curator, "another draft", "", servertest.NewEvidence(id(27)))

	const q = `{ drafts(first: 5) { id message staleCount overlapCount changes(first: 100) { edges { node { id stale overlaps { draft } } } } } }`
	var data struct {
		Drafts []struct {
			ID, Message              string
			StaleCount, OverlapCount int
			Changes                  struct {
				Edges []struct{ Node draftChange }
			}
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, q, nil), &data)
	if len(data.Drafts) != 2 {
		t.Fatalf("got %d drafts, want 2", len(data.Drafts))
	}
	big := ""
	for _, d := range data.Drafts {
		stale, overlapping := 0, 0
		for _, e := range d.Changes.Edges {
			if e.Node.Stale {
				stale++
			}
			if len(e.Node.Overlaps) > 0 {
				overlapping++
			}
		}
		if d.StaleCount != stale || d.OverlapCount != overlapping {
			t.Errorf("draft %q: got staleCount %d overlapCount %d, its changes say %d and %d", d.Message, d.StaleCount, d.OverlapCount, stale, overlapping)
		}
		want := [2]int{0, 1}
		if d.Message == "a big draft" {
			want, big = [2]int{1, 1}, d.ID
		}
		if got := [2]int{d.StaleCount, d.OverlapCount}; got != want {
			t.Errorf("draft %q: got [stale overlap] %v, want %v", d.Message, got, want)
		}
	}

	const pq = `query($ids: [ID!]!) { pendingDrafts(records: $ids) { record drafts { draft author message kind } } }`
	var pend struct {
		PendingDrafts []struct {
			Record string
			Drafts []struct{ Draft, Author, Message, Kind string }
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, pq, map[string]any{"ids": []string{id(27), id(3), tierID, "no/such/record"}}), &pend)
	var got []string
	for _, p := range pend.PendingDrafts {
		var ds []string
		for _, d := range p.Drafts {
			ds = append(ds, d.Draft)
		}
		got = append(got, fmt.Sprint(p.Record, ds))
	}
	want := []string{fmt.Sprint(id(27), []string{big, other}), fmt.Sprint(id(3), []string{big})}
	if big > other {
		want[0] = fmt.Sprint(id(27), []string{other, big})
	}
	if !slices.Equal(got, want) {
		t.Errorf("pendingDrafts: got %q, want %q", got, want)
	}
	if r := servertest.PostKey(t, c.TS, "", pq, map[string]any{"ids": []string{id(3)}}); r.Code() == "" {
		t.Errorf("pendingDrafts without a key: got %s, want an error", r.Raw)
	}
}
