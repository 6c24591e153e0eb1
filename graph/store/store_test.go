package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
)

func mustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), "", store.InMemory())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// base is a small valid graph: one instrument with a provision and an
// obligation, one state, a law of that state implementing the obligation,
// and a ratification carried by the law.
func base() []graph.Node {
	return []graph.Node{
		&graph.Instrument{ID: "inst-a", Title: "Instrument A", Kind: graph.InstrumentConvention, Binding: true, Record: graph.Record{Origin: "instruments/inst-a.yaml"}},
		&graph.Provision{ID: "inst-a/art_1", InstrumentID: "inst-a", Label: "Article 1", Record: graph.Record{Origin: "instruments/inst-a.yaml"}},
		&graph.Obligation{ID: "inst-a/art_1/obl_1", InstrumentID: "inst-a", ProvisionID: "inst-a/art_1", Modality: graph.ModalityObligation, Record: graph.Record{Origin: "instruments/inst-a.yaml"}},
		&graph.State{Code: "AAA", Name: "State A", Record: graph.Record{Origin: "states/AAA.yaml"}},
		&graph.Law{ID: "aaa/law-1", StateCode: "AAA", Title: "Law 1", Record: graph.Record{Origin: "states/AAA.yaml"}},
		&graph.Law{ID: "aaa/law-10", StateCode: "AAA", Title: "Law 10", AmendsIDs: []string{"aaa/law-1"}, Record: graph.Record{Origin: "states/AAA.yaml"}},
		&graph.Implementation{ID: "aaa/law-1/implements/inst-a/art_1/obl_1", LawID: "aaa/law-1", ObligationID: "inst-a/art_1/obl_1", Extent: graph.ExtentFull, Record: graph.Record{Origin: "states/AAA.yaml"}},
		&graph.StateAction{ID: "AAA/inst-a/ratification", StateCode: "AAA", InstrumentID: "inst-a", Kind: graph.ActionRatification, DomesticActID: "aaa/law-10", Record: graph.Record{Origin: "states/AAA.yaml"}},
	}
}

func TestApply(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		res, err := s.Apply(ctx, &graph.Batch{Put: base()})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(res.Added), 8; got != want {
			t.Fatalf("added: got %d, want %d", got, want)
		}
		ids, err := s.IDs(ctx, graph.KindLaw)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"aaa/law-1", "aaa/law-10"}; !slices.Equal(ids, want) {
			t.Fatalf("law ids: got %q, want %q", ids, want)
		}
		nb, err := s.Neighbors(ctx, graph.RelStateLaws, []string{"AAA", "BBB"})
		if err != nil {
			t.Fatal(err)
		}
		if want := [][]string{{"aaa/law-1", "aaa/law-10"}, nil}; !slices.EqualFunc(nb, want, slices.Equal) {
			t.Fatalf("neighbors: got %q, want %q", nb, want)
		}
		res, err = s.Apply(ctx, &graph.Batch{Put: base()})
		if err != nil {
			t.Fatal(err)
		}
		if res.Unchanged != 8 || len(res.Added)+len(res.Changed)+len(res.Removed) != 0 {
			t.Fatalf("reapply: got %+v, want 8 unchanged", res)
		}
	})
	t.Run("ErrDangling", func(t *testing.T) {
		s := mustOpen(t)
		_, err := s.Apply(ctx, &graph.Batch{Put: base()[1:]})
		var e *graph.Error
		if !errors.As(err, &e) || e.Code != graph.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
		t.Log(e.Details)
	})
}
