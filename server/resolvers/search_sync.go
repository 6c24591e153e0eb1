package resolvers

import (
	"context"

	"github.com/pactwatch/pactwatch/graph"
)

// syncSearch brings the search index in step with a write of the write API
// that took the store from version before: the write is applied to the
// index when the index reflected version before, else the caller is told
// to rebuild it (Options.SearchStale). The store is the record: an index
// that fails to take the write is logged, and left for a rebuild.
func (r *Resolver) syncSearch(ctx context.Context, before uint64, res *graph.ApplyResult) {
	if r.search == nil || res == nil || len(res.Added)+len(res.Changed)+len(res.Removed) == 0 {
		return
	}
	after := storeVersion(r.store)
	applied, err := r.search.Update(context.WithoutCancel(ctx), r.store, before, after, res)
	if err != nil {
		r.logger.Error("search index: the write was not applied; it is rebuilt", "err", err)
	}
	if !applied && r.searchStale != nil {
		r.searchStale()
	}
}

// storeVersion is the store's version, 0 for a store that keeps none.
func storeVersion(s graph.Store) uint64 {
	if v, ok := s.(graph.Versioner); ok {
		return v.Version()
	}
	return 0
}
