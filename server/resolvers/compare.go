package resolvers

import (
	"context"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/engine"
)

// compareSums is the comparison Query.compare and Query.compareTotals
// answer: each state's summary (every state when states is nil), in the
// order of states.
func (r *Resolver) compareSums(ctx context.Context, states []string, instrument *string, asOf *graph.Date, basis *graph.Basis, knownAt *graph.Moment) ([]*graph.StateSummary, error) {
	if states != nil && len(states) == 0 {
		return []*graph.StateSummary{}, nil
	}
	codes := make([]string, len(states)) // nil: every state; the engine validates codes and instrument
	for i, s := range states {
		codes[i] = engine.NormalizeCode(s)
	}
	e, err := engine.At(ctx, r.store, r.engine, knownAt)
	if err != nil {
		return nil, err
	}
	return e.Compare(ctx, codes, deref(instrument), dateOr(asOf), basisOr(basis))
}
