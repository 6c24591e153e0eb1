package engine

import (
	"context"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// GraphAt returns the graph as the store knew it at knownAt: the store
// itself when knownAt is nil, else its past graph (graph.History.At). A
// store that keeps no history cannot answer for a past moment: EINVALID.
func GraphAt(ctx context.Context, store graph.Store, knownAt *time.Time) (graph.Reader, error) {
	if knownAt == nil {
		return store, nil
	}
	h, ok := store.(graph.History)
	if !ok {
		return nil, graph.Errorf(graph.EINVALID, "knownAt: this store keeps no history")
	}
	return h.At(ctx, *knownAt)
}

// KnownAt is the instant a knownAt argument asks about: the end of the
// period it was typed to (graph.Moment.End), so that "2026-12-07" means
// what was known by the end of that day (UTC) and a time copied to the
// second includes a batch logged later in that second. Nil for nil.
func KnownAt(m *graph.Moment) *time.Time {
	if m == nil {
		return nil
	}
	t := m.End()
	return &t
}

// At returns the engine that answers as the graph was known at
// knownAt (KnownAt): def when knownAt is nil, else an engine over the
// store's past graph (GraphAt), whose "today" (an asOf left out) is
// knownAt's day, so that the answer is the one the graph gave at that
// moment. It keeps no facts between calls (its reader is no Versioner):
// the graph at a past moment is rebuilt from the change log for each
// answer.
func At(ctx context.Context, store graph.Store, def Compliance, knownAt *graph.Moment) (Compliance, error) {
	t := KnownAt(knownAt)
	if t == nil {
		return def, nil
	}
	r, err := GraphAt(ctx, store, t)
	if err != nil {
		return nil, err
	}
	return Over(r, *t), nil
}

// Over is an engine over r, the graph as known at knownAt, whose
// "today" is knownAt's day.
func Over(r graph.Reader, knownAt time.Time) Compliance {
	return graph.NewEngine(r).WithToday(graph.DateOf(knownAt.UTC()))
}
