package ingest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// TestLoadEmbedded loads the real, embedded fixtures and checks sourced
// facts through the graph API and the engine.
func TestLoadEmbedded(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	res, err := ingest.LoadEmbedded(ctx, s)
	if err != nil {
		t.Fatalf("LoadEmbedded: %v", err)
	}
	if len(res.Added) == 0 {
		t.Fatal("got no nodes added, want the corpus")
	}

	t.Run("OKIdempotent", func(t *testing.T) {
		res, err := ingest.LoadEmbedded(ctx, s)
		if err != nil {
			t.Fatalf("LoadEmbedded: %v", err)
		}
		if n := len(res.Added) + len(res.Changed) + len(res.Removed); n != 0 {
			t.Errorf("got %d nodes added, changed or removed by a second load, want 0", n)
		}
	})

	t.Run("OKActipStatedEntryIntoForce", func(t *testing.T) {
		in, err := graph.Get[*graph.Instrument](ctx, s, "actip-2015")
		if err != nil {
			t.Fatal(err)
		}
		if want := graph.MustDate("2017-03-08"); in.EntryIntoForce != want || len(in.EntryIntoForceSources) == 0 {
			t.Errorf("got stated entry into force %s with %d sources, want %s with sources", in.EntryIntoForce, len(in.EntryIntoForceSources), want)
		}
		if in.Rule.Ratifications != 6 {
			t.Errorf("got %d ratifications in the rule, want 6", in.Rule.Ratifications)
		}
	})

	t.Run("OKPhilippinesDeposit", func(t *testing.T) {
		acts, err := graph.Related[*graph.StateAction](ctx, s, graph.RelInstrumentActions, "actip-2015")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(acts, func(a *graph.StateAction) bool {
			return a.StateCode == "PHL" && a.Kind == graph.ActionRatification
		})
		if i < 0 {
			t.Fatalf("got no Philippine ratification among %d actions on actip-2015, want one", len(acts))
		}
		if got, want := acts[i].Deposited, graph.MustDate("2017-02-07"); got != want {
			t.Errorf("got PHL deposit %s, want %s", got, want)
		}
	})

	t.Run("OKIndonesiaCriminalises", func(t *testing.T) {
		impls, err := graph.Related[*graph.Implementation](ctx, s, graph.RelLawImplementations, "idn/law-21-2007")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, impl := range impls {
			ob, err := graph.Get[*graph.Obligation](ctx, s, impl.ObligationID)
			if err != nil {
				t.Fatal(err)
			}
			if ob.InstrumentID == "actip-2015" && slices.Contains(ob.Themes, graph.ThemeCriminalisation) {
				found = true
			}
		}
		if !found {
			t.Errorf("got %d implementations by idn/law-21-2007 and none of an ACTIP criminalisation obligation, want one", len(impls))
		}
	})

	t.Run("OKEngine", func(t *testing.T) {
		e := graph.NewEngine(s)
		ef, err := e.EntryIntoForce(ctx, "actip-2015")
		if err != nil {
			t.Fatal(err)
		}
		if want := graph.MustDate("2017-03-08"); ef.Date != want {
			t.Errorf("got ACTIP in force %s, want %s (reasons %q)", ef.Date, want, ef.Reasons)
		}
		rows, err := e.RatificationTable(ctx, "actip-2015", graph.MustDate("2016-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		var ratified []string
		for _, r := range rows {
			if !r.Ratified.IsZero() || !r.Deposited.IsZero() {
				ratified = append(ratified, r.StateCode)
			}
		}
		if want := []string{"KHM", "SGP", "THA"}; !slices.Equal(ratified, want) {
			t.Errorf("got ratified by 2016-12-31 %q, want %q", ratified, want)
		}
	})
}
