package suggest_test

import (
	"context"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/suggest"
	"github.com/pactwatch/pactwatch/ingest"
)

func fixtureStore(tb testing.TB) graph.Store {
	tb.Helper()
	s := graphtest.MustOpenStore(tb)
	if _, err := ingest.LoadEmbedded(context.Background(), s); err != nil {
		tb.Fatal(err)
	}
	return s
}

// The evaluation runs over the fixtures and meets the targets.
func TestEvaluate(t *testing.T) {
	s := fixtureStore(t)
	ev, err := suggest.Evaluate(context.Background(), s, []string{"IDN", "MYS", "THA"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		name string
		m    suggest.ModalityAgreement
	}{{"before", ev.Before}, {"protocol", ev.Protocol}} {
		t.Logf("modality %s: %d/%d (verbatim %d/%d), no reading %d", a.name, a.m.Agreed, a.m.Total, a.m.VerbatimAgreed, a.m.Verbatim, a.m.NoReading)
		for _, e := range a.m.Errors {
			t.Logf("  %s want %s got %s %v %s", e.Obligation, e.Want, e.Got, e.Cues, e.TextKind)
		}
	}
	for _, l := range ev.Links {
		t.Logf("links %s %q: %d links, recall@5 %.2f, MRR %.2f", l.State, l.Language, l.Links, l.Recall5, l.MRR)
		if l.Language == "" {
			for _, m := range l.Misses {
				t.Logf("  miss %s rank %d top %s want %v", m.Link, m.Rank, m.Top, m.Provided)
			}
		}
	}
	t.Logf("correspondence: %d/%d SOURCE, %d TEXT_COMPARISON", ev.Correspondence.Correct, ev.Correspondence.Source, ev.Correspondence.TextComparison)
}
