package resolvers

import (
	"context"
	stdjson "encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/guard"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// Review before publish: a draft's changes record by record (graph:
// ChangeKindOf, DiffFields), against the revision the draft was based on
// (Draft.Expect, read back from the change log) and the current one, with
// the other open drafts that touch the same records; a record whole for
// an edit form; and a revert to an earlier revision, itself a reviewed
// change.

// Page sizes of Draft.changes.
const (
	defaultDraftChangesPage = 50
	maxDraftChangesPage     = 500
)

// revisionStore reads records as they stood at a version (graph/store
// revisions.go).
type revisionStore interface {
	RecordAt(ctx context.Context, id string, version uint64) (graph.Node, error)
	PreviousVersion(ctx context.Context, id string, seq uint64, index uint32) (uint64, error)
}

// draftItem is one record a draft touches: a put or a retraction.
type draftItem struct {
	id      string
	put     graph.Node
	retract *graph.Retraction
}

func draftItems(d *graph.Draft) []draftItem {
	out := make([]draftItem, 0, len(d.Put)+len(d.Retract))
	for _, n := range d.Put {
		out = append(out, draftItem{id: n.NodeID(), put: n})
	}
	for i := range d.Retract {
		out = append(out, draftItem{id: d.Retract[i].ID, retract: &d.Retract[i]})
	}
	return out
}

// baseKnown reports whether d says which revisions it was based on: a
// draft saved before versions were kept does not (a forced one needs not).
func baseKnown(d *graph.Draft) bool { return d.Expect != nil }

// draftChanges is Draft.changes.
func (r *Resolver) draftChanges(ctx context.Context, d *graph.Draft, first *int, after *string) (*generated.DraftChangeConnection, error) {
	n := defaultDraftChangesPage
	if first != nil {
		n = *first
	}
	if n < 0 || n > maxDraftChangesPage {
		return nil, graph.Errorf(graph.EINVALID, "first: want 0 to %d, got %d", maxDraftChangesPage, n)
	}
	items := draftItems(d)
	from := 0
	if after != nil && *after != "" {
		pos, err := decodeCursor(*after)
		if err != nil {
			return nil, err
		}
		i, err := strconv.Atoi(pos)
		if err != nil || i < 0 || i >= len(items) {
			return nil, graph.Errorf(graph.EINVALID, "invalid cursor %q: use a cursor from a previous page of this draft", *after)
		}
		from = i + 1
	}
	page := items[from:min(from+n, len(items))]
	conn := &generated.DraftChangeConnection{Edges: []*generated.DraftChangeEdge{}, TotalCount: len(items),
		PageInfo: &generated.PageInfo{HasNextPage: from+len(page) < len(items), HasPreviousPage: from > 0}}
	if len(page) == 0 {
		return conn, nil
	}
	ids := make([]string, len(page))
	for i, it := range page {
		ids[i] = it.id
	}
	var current []graph.Node
	var versions []graph.RecordVersion
	if vs, ok := r.store.(graph.Versioned); ok {
		var err error
		if current, versions, err = vs.NodeVersions(ctx, ids); err != nil {
			return nil, err
		}
	} else {
		var err error
		if current, err = r.store.Nodes(ctx, ids); err != nil {
			return nil, err
		}
		versions = make([]graph.RecordVersion, len(ids))
	}
	overlaps, err := r.overlapsOf(ctx, d.ID, ids)
	if err != nil {
		return nil, err
	}
	revs, _ := r.store.(revisionStore)
	known := baseKnown(d)
	for i, it := range page {
		cur, curV := current[i], versions[i].Seq
		base, baseV := graph.Node(nil), d.Expect[it.id]
		if known && baseV != 0 {
			switch {
			case baseV == curV:
				base = cur
			case revs != nil:
				if base, err = revs.RecordAt(ctx, it.id, baseV); err != nil {
					return nil, err
				}
			}
		}
		kind := graph.ChangeKindOf(it.retract != nil, baseV, cur != nil)
		c := &generated.DraftChange{ID: it.id, Kind: kind, ReplacesExisting: cur != nil, BaseKnown: known,
			Stale: graph.ChangeStale(known, baseV, curV), Overlaps: overlaps[it.id]}
		if c.Overlaps == nil {
			c.Overlaps = []*generated.DraftOverlap{}
		}
		switch {
		case it.put != nil:
			c.RecordKind = webhook.RecordKind(it.put.NodeKind())
		case cur != nil:
			c.RecordKind = webhook.RecordKind(cur.NodeKind())
		case base != nil:
			c.RecordKind = webhook.RecordKind(base.NodeKind())
		}
		if it.retract != nil {
			c.Reason = &it.retract.Reason
		}
		if known && baseV != 0 {
			s := formatVersion(baseV)
			c.BaseVersion = &s
		}
		if curV != 0 {
			s := formatVersion(curV)
			c.CurrentVersion = &s
		}
		diffs, err := graph.DiffFields(base, cur, it.put)
		if err != nil {
			return nil, err
		}
		c.Fields = make([]*generated.FieldChange, 0, len(diffs))
		for _, f := range diffs {
			c.Fields = append(c.Fields, &generated.FieldChange{Name: f.Name, Base: jsonValue(f.Base), Current: jsonValue(f.Current),
				Proposed: jsonValue(f.Proposed), ChangedSinceBase: known && f.ChangedSinceBase()})
		}
		conn.Edges = append(conn.Edges, &generated.DraftChangeEdge{Cursor: encodeCursor(strconv.Itoa(from + i)), Node: c})
	}
	conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
	conn.PageInfo.EndCursor = &conn.Edges[len(conn.Edges)-1].Cursor
	return conn, nil
}

// jsonValue is a field's JSON as the API's JSON scalar, nil for none.
func jsonValue(raw stdjson.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	var v any
	d := stdjson.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return nil
	}
	return v
}

// overlapsOf returns, for each of ids, the other open drafts (not draft)
// that put or retract it, by draft id.
func (r *Resolver) overlapsOf(ctx context.Context, draft string, ids []string) (map[string][]*generated.DraftOverlap, error) {
	cs, err := r.curation()
	if err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	drafts, err := cs.Drafts(ctx)
	if err != nil {
		return nil, err
	}
	var roles map[string]graph.Role
	out := map[string][]*generated.DraftOverlap{}
	for _, o := range drafts {
		if o.ID == draft {
			continue
		}
		for _, it := range draftItems(o) {
			if !want[it.id] {
				continue
			}
			if roles == nil {
				roles = map[string]graph.Role{}
				keys, err := cs.APIKeys(ctx)
				if err != nil {
					return nil, err
				}
				for _, k := range keys {
					roles[k.Name] = k.Role
				}
			}
			ov := &generated.DraftOverlap{Draft: o.ID, Author: o.Author, Message: o.Message,
				Kind: graph.ChangeKindOf(it.retract != nil, o.Expect[it.id], true)}
			if role, ok := roles[o.Author]; ok {
				ov.Role = &role
			}
			out[it.id] = append(out[it.id], ov)
		}
	}
	return out, nil
}

// storedRecord is Query.record.
func (r *Resolver) storedRecord(ctx context.Context, id string) (*generated.StoredRecord, error) {
	if _, err := guard.RequireRole(ctx, graph.RoleCurator); err != nil {
		return nil, err
	}
	vs, ok := r.store.(graph.Versioned)
	if !ok {
		return nil, graph.Errorf(graph.EINVALID, "this store keeps no versions")
	}
	nodes, versions, err := vs.NodeVersions(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if nodes[0] == nil {
		return nil, nil
	}
	v, err := recordJSON(nodes[0])
	if err != nil {
		return nil, err
	}
	return &generated.StoredRecord{ID: id, Kind: webhook.RecordKind(nodes[0].NodeKind()), Record: v, Version: formatVersion(versions[0].Seq)}, nil
}

// previousVersion is Change.previousVersion.
func (r *Resolver) previousVersion(ctx context.Context, c *graph.RecordChange) (*string, error) {
	revs, ok := r.store.(revisionStore)
	if !ok || c.Action == graph.ChangeAdded {
		return nil, nil
	}
	v, err := revs.PreviousVersion(ctx, c.ID, c.Seq, c.Index)
	if err != nil {
		return nil, err
	}
	s := formatVersion(v)
	return &s, nil
}

// revertRecord is the revertRecord mutation: the record's revision at
// version, as a batch based on its current version, through applyChanges
// (a draft, or live with publish).
func (r *Resolver) revertRecord(ctx context.Context, id, version, message string, publish bool) (*generated.ChangesPayload, error) {
	if _, err := guard.RequireRole(ctx, graph.RoleEditor); err != nil {
		return nil, err
	}
	revs, ok1 := r.store.(revisionStore)
	vs, ok2 := r.store.(graph.Versioned)
	if !ok1 || !ok2 {
		return nil, graph.Errorf(graph.EINVALID, "this store keeps no revisions")
	}
	want, err := strconv.ParseUint(strings.TrimSpace(version), 10, 64)
	if err != nil || want == 0 {
		r.reportProblems(ctx, []inputProblem{{path: "version", message: fmt.Sprintf("want a version from the record's history (a decimal string), got %q", version)}})
		return nil, nil
	}
	nodes, versions, err := vs.NodeVersions(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	cur, curV := nodes[0], versions[0].Seq
	if curV != 0 && want > curV {
		r.reportProblems(ctx, []inputProblem{{path: "version", message: fmt.Sprintf("%s is at version %d: %d is not one of its revisions", id, curV, want)}})
		return nil, nil
	}
	old, err := revs.RecordAt(ctx, id, want)
	if err != nil {
		return nil, err
	}
	if old == nil && cur == nil {
		return nil, graph.Errorf(graph.ENOTFOUND, "record %q is not stored, and was not at version %d", id, want)
	}
	if diffs, err := graph.DiffFields(cur, cur, old); err != nil {
		return nil, err
	} else if len(diffs) == 0 && (old == nil) == (cur == nil) {
		r.reportProblems(ctx, []inputProblem{{path: "version", message: fmt.Sprintf("%s at version %d is what is stored now: nothing to revert", id, want)}})
		return nil, nil
	}
	in := generated.ChangesInput{Message: message, Publish: &publish}
	var based *string
	if cur != nil {
		s := formatVersion(curV)
		based = &s
	}
	if old == nil {
		in.Retract = []*generated.RetractInput{{ID: id, Reason: message, Version: based}}
	} else {
		rec, err := recordJSON(old)
		if err != nil {
			return nil, err
		}
		in.Put = []*generated.RecordInput{{Kind: webhook.RecordKind(old.NodeKind()), Record: rec, Version: based}}
	}
	unlock, err := r.checkDraftBound(ctx, in)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return r.applyChanges(ctx, in)
}
