package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/graph/synth"
)

// sameBlocks checks that every state's and instrument's kept block equals
// the one read from the nodes, and that the kept ones name no state or
// instrument that is gone.
func sameBlocks(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	codes, err := s.IDs(ctx, graph.KindState)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range append(codes, "ZZZ") {
		kept, err := s.StateBlock(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		read, err := graph.ReadStateBlock(ctx, s, code)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(kept.Facts(), read.Facts()) && (kept != nil || read != nil) {
			t.Errorf("%s: got kept block %+v, want %+v as read from the nodes", code, kept, read)
		}
	}
	ids, err := s.IDs(ctx, graph.KindInstrument)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := s.InstrumentBlocks(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	read, err := graph.ReadInstrumentBlocks(ctx, s, ids)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ids {
		if !reflect.DeepEqual(kept[i].Facts(), read[i].Facts()) {
			t.Errorf("%s: got kept block %+v, want %+v", ids[i], kept[i], read[i])
		}
	}
}

func TestFactBlocksFollowApply(t *testing.T) {
	w := graphtest.NewWorld(t)
	s := w.Store.(*store.Store)
	_, obs := w.Convention("conv-f", graph.MustDate("2015-01-01"), 1, 30, 3)
	w.State("AAA", graph.Date{})
	w.State("BBB", graph.Date{})
	w.Deposit("AAA", "conv-f", graph.MustDate("2016-01-01"))
	sameBlocks(t, s)
	law := w.Law("AAA", "law-1", graph.MustDate("2010-01-01"))
	w.Implement(law.ID, obs[0].ID, graph.ExtentFull)
	w.Evidence("BBB", "ev-1", graph.MustDate("2018-01-01"), graph.FindingGap, obs[1].ID)
	sameBlocks(t, s)
	// A changed law date, a removed link and a removed state.
	law.Enacted = graph.MustDate("2019-01-01")
	w.Put(law)
	w.Delete(law.ID + "/implements/" + obs[0].ID)
	sameBlocks(t, s)
	w.Delete("bbb/ev/ev-1")
	w.Delete("BBB")
	sameBlocks(t, s)
	if b, err := s.StateBlock(context.Background(), "BBB"); err != nil || b != nil {
		t.Errorf("BBB removed: got block %v, %v, want none", b, err)
	}
	// The engine over the store answers from the blocks as from the nodes.
	ctx := context.Background()
	got, err := graph.NewEngine(s).Status(ctx, "AAA", obs[0].ID, graph.MustDate("2020-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := graph.NewEngine(struct{ graph.Reader }{s}).Status(ctx, "AAA", obs[0].ID, graph.MustDate("2020-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Legal != want.Legal || got.Standing != want.Standing || got.Legal != graph.LegalUnreviewed {
		t.Errorf("got %s %s from blocks, %s %s from nodes, want UNREVIEWED (the link was removed)", got.Standing, got.Legal, want.Standing, want.Legal)
	}
}

func TestFactBlocksFromLoad(t *testing.T) {
	sameBlocks(t, synth.MustOpenWorld(t, 0.01))
}
