package server

import (
	"context"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// engineAt returns the engine that answers as the graph was known at
// knownAt: def when knownAt is nil, else an engine over the store's past
// graph (graph.History.At), whose "today" (an asOf left out) is knownAt's
// day, so that the answer is the one the graph gave at that moment. It
// keeps no facts between calls (its reader is no Versioner): the graph at a
// past moment is rebuilt from the change log for each answer.
func engineAt(ctx context.Context, store graph.Store, def complianceEngine, knownAt *time.Time) (complianceEngine, error) {
	if knownAt == nil {
		return def, nil
	}
	h, ok := store.(graph.History)
	if !ok {
		return nil, graph.Errorf(graph.EINVALID, "knownAt: this store keeps no history")
	}
	r, err := h.At(ctx, *knownAt)
	if err != nil {
		return nil, err
	}
	return graph.NewEngine(r).WithToday(graph.DateOf(knownAt.UTC())), nil
}
