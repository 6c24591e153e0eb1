package resolvers

import (
	"context"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/engine"
)

// ratificationTally is Query.ratificationTally: the cells of the
// instrument's status table counted (graph.RatificationTally), or of every
// binding instrument's when instrument is nil.
func (r *Resolver) ratificationTally(ctx context.Context, instrument *string, asOf *graph.Date, knownAt *graph.Moment) (*graph.RatificationTally, error) {
	e, err := engine.At(ctx, r.store, r.engine, knownAt)
	if err != nil {
		return nil, err
	}
	var ids []string
	if instrument != nil {
		ids = []string{*instrument}
	} else {
		all, err := loadersFrom(ctx).IDs(ctx, graph.KindInstrument)
		if err != nil {
			return nil, err
		}
		ins, err := loadMany[*graph.Instrument](ctx, all)
		if err != nil {
			return nil, err
		}
		for _, in := range ins {
			if in.Binding {
				ids = append(ids, in.ID)
			}
		}
	}
	t := &graph.RatificationTally{}
	for _, id := range ids {
		rows, err := e.RatificationTable(ctx, id, dateOr(asOf))
		if instrument == nil && graph.ErrorCode(err) == graph.ENOTFOUND {
			continue // not yet in the graph as known at knownAt: no cells
		}
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			t.Add(row.Cell)
		}
	}
	return t, nil
}
