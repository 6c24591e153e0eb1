package graph_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/synth"
	"github.com/pactwatch/pactwatch/ingest"
)

// TestReasonLinesKeptAreLinesSaidAlone: the reasons of each record of a gap
// list, where a line met before is said again from what the call or the
// state's facts kept (one engine answers every list, on several days), are
// the reasons a new engine gives that record asked for alone. Over the
// sourced corpus (reviews, repeals dated to a year, reservations, laws that
// do not count) and the synthetic world (many records sharing laws and
// evidence), on several days, listing every legal status.
func TestReasonLinesKeptAreLinesSaidAlone(t *testing.T) {
	ctx := context.Background()
	corpus := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, corpus); err != nil {
		t.Fatal(err)
	}
	worlds := []struct {
		name   string
		s      graph.Reader
		states []string
	}{
		{"corpus", corpus, []string{"IDN", "MYS", "PHL", "THA", "BRN", "MMR", "VNM"}},
		{"synth", synth.MustOpenWorld(t, 0.01), []string{synth.StateCode(0), synth.StateCode(1), synth.StateCode(2)}},
	}
	days := []graph.Date{graph.MustDate("2012-06-30"), graph.MustDate("2019-06-01"), graph.MustDate("2024-01-01")}
	for _, w := range worlds {
		e := graph.NewEngine(w.s)
		compared := 0
		for _, st := range w.states {
			for _, on := range days {
				q := graph.GapQuery{State: st, AsOf: on, Basis: graph.BasisEither, Include: graph.LegalStatuses}
				recs, err := e.GapList(ctx, q)
				if err != nil {
					t.Fatalf("%s %s %s: %v", w.name, st, on, err)
				}
				for _, r := range recs {
					got, err := r.Reasons(ctx)
					if err != nil {
						t.Fatal(err)
					}
					alone, err := graph.NewEngine(w.s).Status(ctx, st, r.ObligationID, on)
					if err != nil {
						t.Fatal(err)
					}
					want, err := alone.Reasons(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Fatalf("%s %s %s %s:\nin the list: %q\nalone:       %q", w.name, st, r.ObligationID, on, got, want)
					}
					compared++
				}
			}
		}
		if compared < 50 {
			t.Errorf("%s: %d records compared; the world lists too few to hold the lines kept", w.name, compared)
		}
	}
}
