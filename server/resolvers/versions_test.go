package resolvers_test

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// newVersionServer is a curation server whose write rate never refuses the
// tests' loops.
func newVersionServer(t *testing.T) *servertest.CurationServer {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.WriteRate, cfg.WriteBurst = 1e6, 1e6
	return servertest.NewCurationServer(t, cfg)
}

// versionedPut is applyChanges' input putting one evidence record at version
// (none when ""), live or as a draft, forced or not.
func versionedPut(message string, publish, force bool, version string, record map[string]any) map[string]any {
	in := map[string]any{"kind": "EVIDENCE", "record": record}
	if version != "" {
		in["version"] = version
	}
	return map[string]any{"input": map[string]any{"message": message, "publish": publish, "force": force, "put": []any{in}}}
}

const applyVersion = `mutation($input: ChangesInput!) { applyChanges(input: $input) { published version changed draft { id records { id version } } } }`

// evidence reads an evidence record's version and source citations.
func evidence(t *testing.T, c *servertest.CurationServer, id string) (version string, citations []string) {
	t.Helper()
	var data struct {
		Node *struct {
			Version string
			Summary string
			Sources []struct{ Citation string }
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `query($id: ID!) { node(id: $id) { ... on Evidence { version summary sources { citation } } } }`, map[string]any{"id": id}), &data)
	if data.Node == nil {
		t.Fatalf("%s: not stored", id)
	}
	for _, s := range data.Node.Sources {
		citations = append(citations, s.Citation)
	}
	return data.Node.Version, citations
}

func summary(t *testing.T, c *servertest.CurationServer, id string) string {
	t.Helper()
	var data struct{ Node struct{ Summary string } }
	servertest.MustData(t, servertest.Post(t, c.TS, `query($id: ID!) { node(id: $id) { ... on Evidence { summary } } }`, map[string]any{"id": id}), &data)
	return data.Node.Summary
}

// create publishes a new evidence record and returns its version.
func create(t *testing.T, c *servertest.CurationServer, rec map[string]any) string {
	t.Helper()
	var data struct{ ApplyChanges struct{ Version string } }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("create", true, false, "", rec)), &data)
	if data.ApplyChanges.Version == "" {
		t.Fatal("a created record: got no version")
	}
	return data.ApplyChanges.Version
}

// TestConcurrentAppends runs 8 read-modify-write loops over HTTP, each
// appending 10 sources to one record's list with the version it read and
// retrying on CONFLICT: every append must survive, and the writes that
// succeeded must form one chain, each based on the version the one before
// it wrote (no write was taken over a newer one).
func TestConcurrentAppends(t *testing.T) {
	c := newVersionServer(t)
	const id = "idn/ev/appends"
	create(t, c, servertest.NewEvidence(id))

	type write struct{ based, made uint64 }
	var (
		mu        sync.Mutex
		writes    []write
		conflicts int
		wg        sync.WaitGroup
	)
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				citation := fmt.Sprintf("append %d.%d", g, i)
				for {
					version, citations := evidence(t, c, id)
					if version == "" {
						continue // changed while it was read: read it again
					}
					rec := servertest.NewEvidence(id)
					var sources []map[string]any
					for _, s := range citations {
						sources = append(sources, map[string]any{"Citation": s, "URL": "https://example.org/case"})
					}
					rec["Sources"] = append(sources, map[string]any{"Citation": citation, "URL": "https://example.org/case"})
					r := servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("append", true, false, version, rec))
					if r.Code() == "CONFLICT" {
						if !strings.Contains(r.Errors[0].Message, id) || !strings.Contains(r.Errors[0].Message, "is at version") {
							t.Errorf("conflict message: got %q, want the record and its version", r.Errors[0].Message)
						}
						mu.Lock()
						conflicts++
						mu.Unlock()
						continue
					}
					var data struct{ ApplyChanges struct{ Version string } }
					servertest.MustData(t, r, &data)
					based, _ := strconv.ParseUint(version, 10, 64)
					made, _ := strconv.ParseUint(data.ApplyChanges.Version, 10, 64)
					mu.Lock()
					writes = append(writes, write{based, made})
					mu.Unlock()
					break
				}
			}
		})
	}
	wg.Wait()
	_, citations := evidence(t, c, id)
	lost := 0
	for g := range 8 {
		for i := range 10 {
			if !slices.Contains(citations, fmt.Sprintf("append %d.%d", g, i)) {
				lost++
			}
		}
	}
	if lost != 0 || len(writes) != 80 {
		t.Errorf("got %d acknowledged appends, %d lost; want 80, 0 lost", len(writes), lost)
	}
	slices.SortFunc(writes, func(a, b write) int { return cmp.Compare(a.made, b.made) })
	for i := 1; i < len(writes); i++ {
		if writes[i].based != writes[i-1].made {
			t.Errorf("write %d was based on version %d, want the version before it, %d", i, writes[i].based, writes[i-1].made)
		}
	}
	t.Logf("80 appends, %d stale attempts refused with CONFLICT", conflicts)
}

func TestVersions(t *testing.T) {
	c := newVersionServer(t)

	t.Run("OKLoadedRecordHasItsLoadsVersion", func(t *testing.T) {
		var data struct {
			Changes struct {
				Edges []struct {
					Node struct{ Version, Author string }
				}
			}
		}
		servertest.MustData(t, servertest.Post(t, c.TS, `{ changes(record: "IDN") { edges { node { version author } } } }`, nil), &data)
		e := data.Changes.Edges
		if len(e) == 0 || e[len(e)-1].Node.Author != "ingest" {
			t.Fatalf("IDN's changes: got %+v, want the load", e)
		}
		if got, want := servertest.Version(t, c.TS, "IDN"), e[len(e)-1].Node.Version; got != want {
			t.Errorf("IDN's version: got %q, want the load's %q", got, want)
		}
	})
	t.Run("ErrUpdateWithoutVersion", func(t *testing.T) {
		const id = "idn/ev/no-version"
		create(t, c, servertest.NewEvidence(id))
		for _, publish := range []bool{true, false} {
			r := servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("no version", publish, false, "", servertest.NewEvidence(id)))
			if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "input.put[0].version" {
				t.Errorf("publish %v: got %s, want BAD_USER_INPUT at input.put[0].version", publish, r.Raw)
			}
		}
		r := servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, map[string]any{"input": map[string]any{"message": "x", "publish": true,
			"retract": []any{map[string]any{"id": id, "reason": "gone"}}}})
		if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "input.retract[0].version" {
			t.Errorf("retract: got %s, want BAD_USER_INPUT at input.retract[0].version", r.Raw)
		}
	})
	t.Run("ErrStaleWrite", func(t *testing.T) {
		const id = "idn/ev/stale"
		v1 := create(t, c, servertest.NewEvidence(id))
		rec := servertest.NewEvidence(id)
		rec["Summary"] = "first correction"
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("fix", true, false, v1, rec)), &struct{}{})
		v2 := servertest.Version(t, c.TS, id)
		rec["Summary"] = "second correction, from an old read"
		r := servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("fix", true, false, v1, rec))
		if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, id+": is at version "+v2+", not "+v1) {
			t.Errorf("got %s, want CONFLICT naming %s at version %s", r.Raw, id, v2)
		}
		// A stale draft is refused when it is made, too.
		if r := servertest.PostKey(t, c.TS, c.Curator, applyVersion, versionedPut("fix", false, false, v1, rec)); r.Code() != "CONFLICT" {
			t.Errorf("stale draft: got %s, want CONFLICT", r.Raw)
		}
		if got := summary(t, c, id); got != "first correction" {
			t.Errorf("got summary %q, want the first correction kept", got)
		}
	})
	t.Run("ErrCreateTwice", func(t *testing.T) {
		const id = "idn/ev/twice"
		var drafts []string
		for range 2 {
			var data struct {
				ApplyChanges struct{ Draft struct{ ID string } }
			}
			servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, applyVersion, versionedPut("new", false, false, "", servertest.NewEvidence(id))), &data)
			drafts = append(drafts, data.ApplyChanges.Draft.ID)
		}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, publishDraft, map[string]any{"id": drafts[0]}), &struct{}{})
		r := servertest.PostKey(t, c.TS, c.Editor, publishDraft, map[string]any{"id": drafts[1]})
		if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "already exists") {
			t.Errorf("second creation: got %s, want CONFLICT: already exists", r.Raw)
		}
	})
	t.Run("ErrOldDraftAfterCorrection", func(t *testing.T) {
		const id = "idn/ev/old-draft"
		v1 := create(t, c, servertest.NewEvidence(id))
		old := servertest.NewEvidence(id)
		old["Summary"] = "the curator's old change"
		var data struct {
			ApplyChanges struct {
				Draft struct {
					ID      string
					Records []struct{ ID, Version string }
				}
			}
		}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, applyVersion, versionedPut("old", false, false, v1, old)), &data)
		draft := data.ApplyChanges.Draft
		if len(draft.Records) != 1 || draft.Records[0].Version != v1 {
			t.Fatalf("draft records: got %+v, want %s at version %s", draft.Records, id, v1)
		}
		fix := servertest.NewEvidence(id)
		fix["Summary"] = "the editor's correction"
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("correction", true, false, v1, fix)), &struct{}{})
		v2 := servertest.Version(t, c.TS, id)

		r := servertest.PostKey(t, c.TS, c.Editor, publishDraft, map[string]any{"id": draft.ID})
		if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, id+": is at version "+v2) {
			t.Errorf("publishing the old draft: got %s, want CONFLICT naming %s at version %s", r.Raw, id, v2)
		}
		if got := summary(t, c, id); got != "the editor's correction" {
			t.Errorf("got summary %q, want the correction to stand", got)
		}
		// Forced, it goes through, and the log says so.
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, publishDraft, map[string]any{"id": draft.ID, "force": true}), &struct{}{})
		if got := summary(t, c, id); got != "the curator's old change" {
			t.Errorf("forced: got summary %q, want the draft's", got)
		}
		if got := lastForced(t, c, id); !got {
			t.Errorf("the forced publication: got forced false in the change log, want true")
		}
	})
	t.Run("OKForceOverStaleVersion", func(t *testing.T) {
		const id = "idn/ev/forced"
		v1 := create(t, c, servertest.NewEvidence(id))
		rec := servertest.NewEvidence(id)
		rec["Summary"] = "newer"
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("newer", true, false, v1, rec)), &struct{}{})
		if lastForced(t, c, id) {
			t.Errorf("an unforced write: got forced true")
		}
		rec["Summary"] = "forced over it"
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, applyVersion, versionedPut("last writer wins", true, true, v1, rec)), &struct{}{})
		if got := summary(t, c, id); got != "forced over it" {
			t.Errorf("got summary %q, want the forced write", got)
		}
		if !lastForced(t, c, id) {
			t.Errorf("the forced write: got forced false in the change log, want true")
		}
	})
}

const publishDraft = `mutation($id: ID!, $force: Boolean) { publishDraft(id: $id, force: $force) { published version } }`

// lastForced reports whether record id's newest change was forced.
func lastForced(t *testing.T, c *servertest.CurationServer, id string) bool {
	t.Helper()
	var data struct {
		Changes struct {
			Edges []struct{ Node struct{ Forced bool } }
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `query($id: ID!) { changes(record: $id) { edges { node { forced } } } }`, map[string]any{"id": id}), &data)
	e := data.Changes.Edges
	return len(e) > 0 && e[len(e)-1].Node.Forced
}
