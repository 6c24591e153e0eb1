package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// The tier record a curator's draft once wiped by reusing its id.
const tierID = "tha/ev/tip-2019-tier"

const storedRecordQuery = `query($id: ID!) { record(id: $id) { id kind version record } }`

// stored reads a record whole through Query.record, as an edit form does.
func stored(t *testing.T, c *servertest.CurationServer, key, id string) (map[string]any, string) {
	t.Helper()
	var data struct {
		Record *struct {
			Kind    string
			Version string
			Record  map[string]any
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, key, storedRecordQuery, map[string]any{"id": id}), &data)
	if data.Record == nil {
		t.Fatalf("record(id: %q): null", id)
	}
	return data.Record.Record, data.Record.Version
}

type fieldChange struct {
	Name                    string
	Base, Current, Proposed any
	ChangedSinceBase        bool
}

type draftChange struct {
	ID               string
	Kind             string
	RecordKind       string
	ReplacesExisting bool
	BaseKnown        bool
	BaseVersion      *string
	CurrentVersion   *string
	Stale            bool
	Reason           *string
	Fields           []fieldChange
	Overlaps         []struct {
		Draft, Author, Message, Kind string
		Role                         *string
	}
}

func (c draftChange) field(name string) *fieldChange {
	for i := range c.Fields {
		if c.Fields[i].Name == name {
			return &c.Fields[i]
		}
	}
	return nil
}

const draftChangesQuery = `query($first: Int, $after: String) { drafts(first: 20) { id author baseKnown
  changes(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind recordKind replacesExisting baseKnown baseVersion currentVersion stale reason
      fields { name base current proposed changedSinceBase } overlaps { draft author role message kind } } } } } }`

type draftPage struct {
	ID        string
	Author    string
	BaseKnown bool
	Changes   struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
		Edges []struct {
			Cursor string
			Node   draftChange
		}
	}
}

// draftChanges reads every open draft's first page of changes, by id.
func draftChanges(t *testing.T, c *servertest.CurationServer, key string) map[string]draftPage {
	t.Helper()
	var data struct{ Drafts []draftPage }
	servertest.MustData(t, servertest.PostKey(t, c.TS, key, draftChangesQuery, map[string]any{"first": 50}), &data)
	out := map[string]draftPage{}
	for _, d := range data.Drafts {
		out[d.ID] = d
	}
	return out
}

// draftOf puts rec (an EVIDENCE record) as key's draft based on version,
// and returns the draft's id.
func draftOf(t *testing.T, c *servertest.CurationServer, key, message, version string, rec map[string]any) string {
	t.Helper()
	var data struct {
		ApplyChanges struct{ Draft struct{ ID string } }
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, key, applyVersion, versionedPut(message, false, false, version, rec)), &data)
	if data.ApplyChanges.Draft.ID == "" {
		t.Fatal("no draft made")
	}
	return data.ApplyChanges.Draft.ID
}

func copyRecord(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

const publishMutation = `mutation($id: ID!, $force: Boolean) { publishDraft(id: $id, force: $force) { published changed added removed version } }`

// TestDraftReview: two curators edit one stored record; each draft shows
// it as a CHANGE of an existing record, field by field against its base
// and the current revision, and names the other draft; once one is
// published, the other is stale (its fields show what changed since) and
// refused with CONFLICT naming the current revision. A draft that creates
// a record under an id stored since is refused the same way.
func TestDraftReview(t *testing.T) {
	c := newVersionServer(t)
	cora, _, err := c.Store.CreateAPIKey(context.Background(), "cora", graph.RoleCurator)
	if err != nil {
		t.Fatal(err)
	}
	rec, v0 := stored(t, c, c.Curator, tierID)
	if rec["Tier"] != "TIER_2" || rec["ReportYear"] == nil {
		t.Fatalf("record(%s): got %v, want its tier and report year", tierID, rec)
	}
	oldSummary := rec["Summary"].(string)

	a := copyRecord(rec)
	a["Summary"] = "Carol's reading."
	da := draftOf(t, c, c.Curator, "carol edits", v0, a)
	b := copyRecord(rec)
	b["Finding"] = "GAP"
	db := draftOf(t, c, cora, "cora edits", v0, b)

	drafts := draftChanges(t, c, c.Editor)
	for _, tc := range []struct{ id, other, otherAuthor, field string }{{da, db, "cora", "Summary"}, {db, da, "carol", "Finding"}} {
		d := drafts[tc.id]
		if !d.BaseKnown || d.Changes.TotalCount != 1 || len(d.Changes.Edges) != 1 {
			t.Fatalf("draft %s: got %+v, want one change with a known base", tc.id, d)
		}
		ch := d.Changes.Edges[0].Node
		if ch.ID != tierID || ch.Kind != "CHANGE" || ch.RecordKind != "EVIDENCE" || !ch.ReplacesExisting || ch.Stale ||
			ch.BaseVersion == nil || *ch.BaseVersion != v0 || ch.CurrentVersion == nil || *ch.CurrentVersion != v0 {
			t.Errorf("draft %s: got %+v, want a fresh CHANGE of the stored %s at %s", tc.id, ch, tierID, v0)
		}
		if len(ch.Fields) != 1 || ch.Fields[0].Name != tc.field {
			t.Errorf("draft %s fields: got %+v, want only %s", tc.id, ch.Fields, tc.field)
		}
		if len(ch.Overlaps) != 1 || ch.Overlaps[0].Draft != tc.other || ch.Overlaps[0].Author != tc.otherAuthor ||
			ch.Overlaps[0].Role == nil || *ch.Overlaps[0].Role != "CURATOR" || ch.Overlaps[0].Kind != "CHANGE" {
			t.Errorf("draft %s overlaps: got %+v, want draft %s by %s (CURATOR)", tc.id, ch.Overlaps, tc.other, tc.otherAuthor)
		}
	}
	f := drafts[da].Changes.Edges[0].Node.field("Summary")
	if f == nil || f.Base != oldSummary || f.Current != oldSummary || f.Proposed != "Carol's reading." || f.ChangedSinceBase {
		t.Errorf("Summary: got %+v, want base = current = the stored summary, proposed carol's", f)
	}

	var pub struct{ PublishDraft struct{ Version string } }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, publishMutation, map[string]any{"id": da}), &pub)
	v1 := pub.PublishDraft.Version

	d := draftChanges(t, c, c.Editor)[db]
	ch := d.Changes.Edges[0].Node
	if !ch.Stale || *ch.BaseVersion != v0 || ch.CurrentVersion == nil || *ch.CurrentVersion != v1 || len(ch.Overlaps) != 0 {
		t.Errorf("cora's draft after carol's is published: got %+v, want stale, base %s, current %s, no overlap", ch, v0, v1)
	}
	if f := ch.field("Summary"); f == nil || f.Base != oldSummary || f.Current != "Carol's reading." || f.Proposed != oldSummary || !f.ChangedSinceBase {
		t.Errorf("cora's Summary: got %+v, want changed since base (carol's) and the draft restoring the old one", f)
	}
	if f := ch.field("Finding"); f == nil || f.Base != "MIXED" || f.Current != "MIXED" || f.Proposed != "GAP" || f.ChangedSinceBase {
		t.Errorf("cora's Finding: got %+v", f)
	}
	r := servertest.PostKey(t, c.TS, c.Editor, publishMutation, map[string]any{"id": db})
	if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, tierID) || !strings.Contains(r.Errors[0].Message, "is at version "+v1) {
		t.Fatalf("publishing the stale draft: got %s, want CONFLICT naming %s at %s", r.Raw, tierID, v1)
	}

	// A create under an id stored since the draft was made.
	const newID = "idn/ev/made-twice"
	dn := draftOf(t, c, c.Curator, "a new case", "", servertest.NewEvidence(newID))
	vn := create(t, c, servertest.NewEvidence(newID))
	ch = draftChanges(t, c, c.Editor)[dn].Changes.Edges[0].Node
	if ch.Kind != "CHANGE" || !ch.ReplacesExisting || !ch.Stale || ch.BaseVersion != nil || *ch.CurrentVersion != vn {
		t.Errorf("a create under an id stored since: got %+v, want a stale CHANGE replacing version %s", ch, vn)
	}
	r = servertest.PostKey(t, c.TS, c.Editor, publishMutation, map[string]any{"id": dn})
	if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "already exists, at version "+vn) {
		t.Errorf("publishing it: got %s, want CONFLICT naming version %s", r.Raw, vn)
	}
	// A new record and a retraction read as ADD and RETRACT.
	dadd := draftOf(t, c, c.Curator, "another case", "", servertest.NewEvidence("idn/ev/new-one"))
	ch = draftChanges(t, c, c.Editor)[dadd].Changes.Edges[0].Node
	if ch.Kind != "ADD" || ch.ReplacesExisting || ch.Stale || ch.CurrentVersion != nil || ch.field("Summary") == nil || ch.field("Summary").Base != nil {
		t.Errorf("a new record: got %+v, want a fresh ADD with its fields proposed", ch)
	}
}

// TestRevertRecord: an editor reverts a record to the revision before a
// change the history lists (its previousVersion): a draft based on the
// current version, carrying the old content, which publishes back the
// record as it was.
func TestRevertRecord(t *testing.T) {
	c := newVersionServer(t)
	rec, v0 := stored(t, c, c.Curator, tierID)
	wiped := map[string]any{"ID": tierID, "StateCode": "THA", "Kind": "ASSESSMENT", "Date": "2019-06-20", "Finding": "MIXED",
		"Summary": "Wiped.", "Themes": []string{"PROSECUTION"}, "Sources": rec["Sources"]}
	var data struct{ ApplyChanges struct{ Version string } }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("wipe", true, false, v0, wiped)), &data)
	v1 := data.ApplyChanges.Version

	var hist struct {
		Changes struct {
			Edges []struct {
				Node struct {
					Version, Action string
					PreviousVersion *string
				}
			}
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `query($id: ID!) { changes(record: $id) { edges { node { version previousVersion action } } } }`, map[string]any{"id": tierID}), &hist)
	edges := hist.Changes.Edges
	if len(edges) == 0 {
		t.Fatal("history: no change")
	}
	if last := edges[len(edges)-1].Node; last.Version != v1 || last.Action != "UPDATED" || last.PreviousVersion == nil || *last.PreviousVersion != v0 {
		t.Fatalf("history: got %+v, want the last change %s from %s", hist, v1, v0)
	}
	if first := edges[0].Node; first.Action == "ADDED" && first.PreviousVersion != nil {
		t.Errorf("an ADDED change: got previousVersion %s, want null", *first.PreviousVersion)
	}

	const revert = `mutation($id: ID!, $version: String!, $message: String!, $publish: Boolean) {
  revertRecord(id: $id, version: $version, message: $message, publish: $publish) { published draft { id changes { edges { node { kind baseVersion stale fields { name current proposed } } } } } } }`
	vars := map[string]any{"id": tierID, "version": v0, "message": "undo the wipe"}
	if r := servertest.PostKey(t, c.TS, c.Curator, revert, vars); r.Code() != "FORBIDDEN" {
		t.Errorf("a curator's revert: got %s, want FORBIDDEN", r.Raw)
	}
	var rv struct {
		RevertRecord struct {
			Published bool
			Draft     struct {
				ID      string
				Changes struct {
					Edges []struct {
						Node struct {
							Kind        string
							BaseVersion string
							Stale       bool
							Fields      []fieldChange
						}
					}
				}
			}
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, revert, vars), &rv)
	ch := rv.RevertRecord.Draft.Changes.Edges[0].Node
	if rv.RevertRecord.Published || ch.Kind != "CHANGE" || ch.BaseVersion != v1 || ch.Stale {
		t.Fatalf("revert: got %+v, want a draft based on %s", rv, v1)
	}
	names := map[string]bool{}
	for _, f := range ch.Fields {
		names[f.Name] = true
	}
	for _, want := range []string{"Tier", "ReportYear", "Summary", "Themes"} {
		if !names[want] {
			t.Errorf("revert's fields: got %v, want %s restored", ch.Fields, want)
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, publishMutation, map[string]any{"id": rv.RevertRecord.Draft.ID}), &struct{}{})
	back, _ := stored(t, c, c.Curator, tierID)
	if fmt.Sprint(back) != fmt.Sprint(rec) {
		t.Errorf("after the revert: got %v, want %v", back, rec)
	}
	// Reverting to what is stored is said, not drafted.
	_, v2 := stored(t, c, c.Curator, tierID)
	if r := servertest.PostKey(t, c.TS, c.Editor, revert, map[string]any{"id": tierID, "version": v2, "message": "again"}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("a revert to the current revision: got %s, want BAD_USER_INPUT", r.Raw)
	}
}

// TestDraftChangesPaged: a draft of 120 records is read 50 at a time.
func TestDraftChangesPaged(t *testing.T) {
	c := newVersionServer(t)
	var recs []map[string]any
	for i := range 120 {
		recs = append(recs, servertest.NewEvidence(fmt.Sprintf("idn/ev/paged-%03d", i)))
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, servertest.ApplyMutation, servertest.Batch("a big draft", false, recs...)), &struct{}{})
	var after any
	seen := 0
	for pages := 1; ; pages++ {
		var data struct{ Drafts []draftPage }
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, draftChangesQuery, map[string]any{"first": 50, "after": after}), &data)
		d := data.Drafts[0]
		if d.Changes.TotalCount != 120 {
			t.Fatalf("totalCount: got %d, want 120", d.Changes.TotalCount)
		}
		for _, e := range d.Changes.Edges {
			if want := fmt.Sprintf("idn/ev/paged-%03d", seen); e.Node.ID != want || e.Node.Kind != "ADD" {
				t.Fatalf("change %d: got %s %s, want %s ADD", seen, e.Node.ID, e.Node.Kind, want)
			}
			seen++
		}
		if !d.Changes.PageInfo.HasNextPage {
			if pages != 3 || seen != 120 {
				t.Errorf("got %d changes in %d pages, want 120 in 3", seen, pages)
			}
			break
		}
		after = *d.Changes.PageInfo.EndCursor
	}
	if r := servertest.PostKey(t, c.TS, c.Editor, `{ drafts(first: 1) { changes(first: 501) { totalCount } } }`, nil); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("first: 501: got %s, want BAD_USER_INPUT", r.Raw)
	}
}

// TestDraftBaseUnknown: a draft saved before records carried versions
// says so, and publishes only when forced.
func TestDraftBaseUnknown(t *testing.T) {
	c := newVersionServer(t)
	nodes, err := c.Store.Nodes(context.Background(), []string{tierID})
	if err != nil {
		t.Fatal(err)
	}
	ev := *nodes[0].(*graph.Evidence)
	ev.Summary = "An old draft's reading."
	id, err := c.Store.PutDraft(context.Background(), &graph.Draft{Author: "carol", Created: time.Now().UTC(), Message: "before versions", Put: []graph.Node{&ev}})
	if err != nil {
		t.Fatal(err)
	}
	d := draftChanges(t, c, c.Editor)[id]
	ch := d.Changes.Edges[0].Node
	if d.BaseKnown || ch.BaseKnown || ch.BaseVersion != nil || ch.Stale || ch.Kind != "CHANGE" || !ch.ReplacesExisting {
		t.Errorf("an old draft: got %+v, want base unknown, a CHANGE of a stored record", d)
	}
	if f := ch.field("Summary"); f == nil || f.Base != nil || f.Proposed != "An old draft's reading." || f.ChangedSinceBase {
		t.Errorf("its Summary: got %+v, want no base, the draft's proposal", f)
	}
	r := servertest.PostKey(t, c.TS, c.Editor, publishMutation, map[string]any{"id": id})
	if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "base unknown") || !strings.Contains(r.Errors[0].Message, tierID) {
		t.Fatalf("publishing it unforced: got %s, want CONFLICT saying base unknown", r.Raw)
	}
	var pub struct{ PublishDraft struct{ Changed []string } }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, publishMutation, map[string]any{"id": id, "force": true}), &pub)
	if len(pub.PublishDraft.Changed) != 1 {
		t.Errorf("forced: got %+v, want the record changed", pub)
	}
}

// TestIdempotentDraft: a batch sent twice with one idempotency key makes
// one draft, and the repeat is told the same draft, even when the two
// arrive together; another batch under the key is refused; another API
// key's key is its own.
func TestIdempotentDraft(t *testing.T) {
	c := newVersionServer(t)
	send := func(key, idem string, rec map[string]any) *servertest.Response {
		vars := versionedPut("a case", false, false, "", rec)
		vars["input"].(map[string]any)["idempotencyKey"] = idem
		return servertest.PostKey(t, c.TS, key, applyVersion, vars)
	}
	draftID := func(r *servertest.Response) string {
		var data struct {
			ApplyChanges struct{ Draft struct{ ID string } }
		}
		servertest.MustData(t, r, &data)
		return data.ApplyChanges.Draft.ID
	}
	rec := servertest.NewEvidence("idn/ev/once")
	ids := make([]string, 4)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() { ids[i] = draftID(send(c.Curator, "form-1", rec)) })
	}
	wg.Wait()
	for _, id := range ids[1:] {
		if id != ids[0] {
			t.Fatalf("four sends of one key: got drafts %v, want one", ids)
		}
	}
	if again := draftID(send(c.Curator, "form-1", rec)); again != ids[0] {
		t.Errorf("a later repeat: got %s, want %s", again, ids[0])
	}
	drafts, err := c.Store.Drafts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 1 {
		t.Errorf("drafts stored: got %d, want 1", len(drafts))
	}
	other := servertest.NewEvidence("idn/ev/other")
	if r := send(c.Curator, "form-1", other); r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "input.idempotencyKey" {
		t.Errorf("another batch under the key: got %s, want BAD_USER_INPUT at input.idempotencyKey", r.Raw)
	}
	if id := draftID(send(c.Editor, "form-1", rec)); id == ids[0] || id == "" {
		t.Errorf("another API key's form-1: got draft %q, want a draft of its own", id)
	}
	if r := send(c.Curator, strings.Repeat("k", 201), rec); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("a 201-character key: got %s, want BAD_USER_INPUT", r.Raw)
	}
}
