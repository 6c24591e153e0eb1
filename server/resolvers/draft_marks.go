package resolvers

import (
	"context"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/guard"
)

// A draft's marks over all its changes (Draft.staleCount, overlapCount),
// and the open drafts touching named records (Query.pendingDrafts), by the
// rules Draft.changes applies record by record (graph.ChangeStale, and
// overlapsOf), so that a page draws them without reading every change.

// maxPendingRecords bounds the records one pendingDrafts names.
const maxPendingRecords = 5000

// draftIDs is every record d puts or retracts, in draftItems' order.
func draftIDs(d *graph.Draft) []string {
	items := draftItems(d)
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.id
	}
	return ids
}

// draftStaleCount is Draft.staleCount: how many of d's changes are stale.
func (r *Resolver) draftStaleCount(ctx context.Context, d *graph.Draft) (int, error) {
	ids := draftIDs(d)
	versions := make([]graph.RecordVersion, len(ids))
	if vs, ok := r.store.(graph.Versioned); ok && len(ids) > 0 {
		var err error
		if _, versions, err = vs.NodeVersions(ctx, ids); err != nil {
			return 0, err
		}
	}
	known := baseKnown(d)
	n := 0
	for i, id := range ids {
		if graph.ChangeStale(known, d.Expect[id], versions[i].Seq) {
			n++
		}
	}
	return n, nil
}

// draftOverlapCount is Draft.overlapCount: how many of d's records another
// open draft touches.
func (r *Resolver) draftOverlapCount(ctx context.Context, d *graph.Draft) (int, error) {
	ids := draftIDs(d)
	if len(ids) == 0 {
		return 0, nil
	}
	overlaps, err := r.overlapsOf(ctx, d.ID, ids)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if len(overlaps[id]) > 0 {
			n++
		}
	}
	return n, nil
}

// pendingDrafts is Query.pendingDrafts.
func (r *Resolver) pendingDrafts(ctx context.Context, records []string) ([]*generated.PendingRecord, error) {
	if _, err := guard.RequireRole(ctx, graph.RoleCurator); err != nil {
		return nil, err
	}
	if len(records) > maxPendingRecords {
		return nil, graph.Errorf(graph.EINVALID, "records: want at most %d, got %d", maxPendingRecords, len(records))
	}
	out := []*generated.PendingRecord{}
	if len(records) == 0 {
		return out, nil
	}
	// No draft is excluded: every open draft touching a record is pending.
	by, err := r.overlapsOf(ctx, "", records)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(records))
	for _, id := range records {
		if ds := by[id]; len(ds) > 0 && !seen[id] {
			seen[id] = true
			out = append(out, &generated.PendingRecord{Record: id, Drafts: ds})
		}
	}
	return out, nil
}
