package suggest_test

import (
	"context"
	"slices"
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

// TestEvaluate runs the evaluation over the fixtures: modality agreement
// meets the target (90%) in both groups; the links evaluated are
// every curated link of IDN, MYS and THA whose provisions are held. Link
// recall is logged with every miss (go test -v): THA (0.94), IDN (0.64,
// 27 of 42) and MYS (0.60) meet the target of 0.6; the weights, the
// glossary and the rules were set on these links, so the figures are
// in-sample. The test holds each state at what it reaches so that a
// change that makes it worse is seen.
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
		if a.m.Total == 0 || float64(a.m.Agreed)/float64(a.m.Total) < 0.9 {
			t.Errorf("modality agreement %s: got %d/%d, want at least 90%%", a.name, a.m.Agreed, a.m.Total)
		}
	}
	// The links whose statutes' provisions are held, at least as many as
	// when the evaluation was written (a link that resolves later counts).
	wantLinks := map[string]int{"IDN": 40, "MYS": 23, "THA": 31}
	floor := map[string]float64{"IDN": 0.64, "MYS": 0.6, "THA": 0.93}
	for _, l := range ev.Links {
		t.Logf("links %s %q: %d links, recall@5 %.2f, MRR %.2f", l.State, l.Language, l.Links, l.Recall5, l.MRR)
		if l.Language != "" {
			continue
		}
		for _, m := range l.Misses {
			t.Logf("  miss %s rank %d top %s want %v %v", m.Link, m.Rank, m.Top, m.Provided, m.Kinds)
			far := 0
			for _, k := range m.Kinds {
				if k == suggest.ErrNear || k == suggest.ErrFar || k == suggest.ErrPast50 {
					far++
				}
			}
			if far != 1 || (m.Rank == 0) != slices.Contains(m.Kinds, suggest.ErrPast50) {
				t.Errorf("miss %s at rank %d: kinds %v, want exactly one of how far it ranked", m.Link, m.Rank, m.Kinds)
			}
		}
		if l.Links < wantLinks[l.State] {
			t.Errorf("%s: got %d links evaluated, want at least %d", l.State, l.Links, wantLinks[l.State])
		}
		if l.Recall5 < floor[l.State] {
			t.Errorf("%s: recall@5 %.2f, want at least %.2f", l.State, l.Recall5, floor[l.State])
		}
	}
	// Every miss is counted once by how far it ranked.
	misses, far := 0, 0
	for _, l := range ev.Links {
		if l.Language == "" {
			misses += len(l.Misses)
		}
	}
	for _, c := range ev.ErrorCounts() {
		t.Logf("errors %s: %d %v", c.Kind, c.N, c.ByState)
		if c.Kind == suggest.ErrNear || c.Kind == suggest.ErrFar || c.Kind == suggest.ErrPast50 {
			far += c.N
		}
	}
	if far != misses || misses == 0 {
		t.Errorf("error counts by rank: %d, want the %d misses", far, misses)
	}
	t.Logf("correspondence: %d/%d SOURCE, %d TEXT_COMPARISON", ev.Correspondence.Correct, ev.Correspondence.Source, ev.Correspondence.TextComparison)
}
