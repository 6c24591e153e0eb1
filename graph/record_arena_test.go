package graph_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/synth"
)

// TestRecordArena: lists made one after another in one arena, each Reset
// before the next, are the lists made anew, reasons and practice included;
// Reset leaves the records of the list before it holding nothing.
func TestRecordArena(t *testing.T) {
	ctx := context.Background()
	s := synth.MustOpenWorld(t, 0.01)
	e := graph.NewEngine(s)
	var a graph.RecordArena
	var before []*graph.ComplianceRecord
	lists := 0
	for i := range 6 {
		for _, on := range []string{"2011-03-01", "2019-06-01", "2026-01-01"} {
			q := graph.GapQuery{State: synth.StateCode(i), AsOf: graph.MustDate(on), Basis: graph.BasisEither, Include: graph.LegalStatuses}
			a.Reset()
			for _, r := range before {
				if r.ObligationID != "" || r.Obligation() != nil {
					t.Fatalf("after Reset a record of the list before still holds %q", r.ObligationID)
				}
			}
			got, err := e.GapListIn(ctx, q, &a)
			if err != nil {
				t.Fatal(err)
			}
			want, err := graph.NewEngine(s).GapList(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s %s: %d records in the arena, %d anew", q.State, on, len(got), len(want))
			}
			for j := range got {
				g, w := got[j], want[j]
				gr, err1 := g.Reasons(ctx)
				wr, err2 := w.Reasons(ctx)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if g.ObligationID != w.ObligationID || g.Legal != w.Legal || g.Practice() != w.Practice() ||
					g.Outcome(q.Basis) != w.Outcome(q.Basis) || g.BoundSince != w.BoundSince || !slices.Equal(gr, wr) {
					t.Fatalf("%s %s record %d: in the arena %+v %q, anew %+v %q", q.State, on, j, g, gr, w, wr)
				}
			}
			if len(got) > 0 {
				lists++
			}
			before = slices.Clone(got) // Reset empties the list itself too
		}
	}
	if lists < 6 {
		t.Errorf("only %d lists had records; the test compares too little", lists)
	}
}
