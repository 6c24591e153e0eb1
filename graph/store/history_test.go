package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/store"
)

func TestHistory(t *testing.T) {
	ctx := context.Background()
	w := graphtest.NewWorld(t)
	s := w.Store.(*store.Store)
	w.State("IDN", graph.MustDate("1967-08-08"))
	law := w.Law("IDN", "law-1", graph.MustDate("2007-04-19"))
	t1 := time.Now()
	time.Sleep(time.Millisecond)

	changed := *law
	changed.Title = "changed title"
	graphtest.MustApply(t, s, &graph.Batch{Put: []graph.Node{&changed}, Author: "alice", Message: "fix the title"})
	t2 := time.Now()
	time.Sleep(time.Millisecond)
	graphtest.MustApply(t, s, &graph.Batch{Delete: []string{law.ID}, Author: "bob", Message: "retract", Reasons: map[string]string{law.ID: "not a law"}})

	title := func(t *testing.T, at time.Time) string {
		t.Helper()
		r, err := s.At(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		ns, err := r.Nodes(ctx, []string{law.ID})
		if err != nil {
			t.Fatal(err)
		}
		ids, err := r.Neighbors(ctx, graph.RelStateLaws, []string{"IDN"})
		if err != nil {
			t.Fatal(err)
		}
		if ns[0] == nil {
			if len(ids[0]) != 0 {
				t.Errorf("neighbors of IDN: got %v, want none", ids[0])
			}
			return ""
		}
		if len(ids[0]) != 1 {
			t.Errorf("neighbors of IDN: got %v, want the law", ids[0])
		}
		return ns[0].(*graph.Law).Title
	}
	t.Run("OKKnownAt", func(t *testing.T) {
		if got, want := title(t, t1), law.Title; got != want {
			t.Errorf("at t1: got %q, want %q", got, want)
		}
		if got, want := title(t, t2), "changed title"; got != want {
			t.Errorf("at t2: got %q, want %q", got, want)
		}
		if got := title(t, time.Now()); got != "" {
			t.Errorf("now: got %q, want the law gone", got)
		}
		// Before its first change the store cannot say what the graph
		// held: the question is refused, naming where the history starts.
		if _, err := s.At(ctx, time.Unix(0, 0)); graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(graph.ErrorMessage(err), "history starts") {
			t.Errorf("at 1970: got %v, want EINVALID naming where the history starts", err)
		}
	})
	t.Run("OKChanges", func(t *testing.T) {
		cs, err := s.Changes(ctx, graph.ChangeQuery{Record: law.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 3 {
			t.Fatalf("got %d changes of the law, want 3", len(cs))
		}
		if c := cs[2]; c.Action != graph.ChangeRetracted || c.Author != "bob" || c.Reason != "not a law" || c.After != nil || c.Before == nil {
			t.Errorf("retraction: got %+v", c)
		}
		if c := cs[1]; c.Action != graph.ChangeUpdated || c.Message != "fix the title" || c.After.(*graph.Law).Title != "changed title" {
			t.Errorf("update: got %+v", c)
		}
		all, err := s.Changes(ctx, graph.ChangeQuery{State: "IDN", Since: t1})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 {
			t.Errorf("IDN since t1: got %d, want 2", len(all))
		}
		page, err := s.Changes(ctx, graph.ChangeQuery{HasAfter: true, AfterSeq: cs[0].Seq, AfterIndex: cs[0].Index, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 1 || page[0].Seq <= cs[0].Seq && page[0].Index <= cs[0].Index {
			t.Errorf("page after the first: got %+v", page)
		}
	})
	t.Run("OKBackupKeepsHistory", func(t *testing.T) {
		var buf bytes.Buffer
		if err := s.Backup(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		r := openEmpty(t)
		if err := r.Restore(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		cs, err := r.Changes(ctx, graph.ChangeQuery{Record: law.ID})
		if err != nil || len(cs) != 3 {
			t.Fatalf("restored changes: got %d (%v), want 3", len(cs), err)
		}
		at, err := r.At(ctx, t2)
		if err != nil {
			t.Fatal(err)
		}
		l, err := graph.Get[*graph.Law](ctx, at, law.ID)
		if err != nil || l.Title != "changed title" {
			t.Errorf("restored at t2: got %v, %v", l, err)
		}
	})
}
