package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
)

func state(code, name string) *graph.State {
	return &graph.State{Code: code, Name: name, Record: graph.Record{Sources: []graph.Source{{Citation: "test"}}}}
}

func version(t *testing.T, s interface {
	Versions(context.Context, []string) ([]graph.RecordVersion, error)
}, id string) graph.RecordVersion {
	t.Helper()
	vs, err := s.Versions(context.Background(), []string{id})
	if err != nil {
		t.Fatal(err)
	}
	return vs[0]
}

func TestVersions(t *testing.T) {
	ctx := context.Background()

	t.Run("OKVersionIsTheLastChange", func(t *testing.T) {
		s := mustOpen(t)
		if v := version(t, s, "AAA"); v.Seq != 0 {
			t.Errorf("absent: got version %d, want 0", v.Seq)
		}
		res := mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A")}, Author: "ed", Expect: map[string]uint64{"AAA": 0}})
		if v := version(t, s, "AAA"); v.Seq != res.Seq || v.Author != "ed" {
			t.Errorf("got %+v, want version %d by ed", v, res.Seq)
		}
		// A batch that changes nothing leaves the version.
		mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A")}, Expect: map[string]uint64{"AAA": res.Seq}})
		if v := version(t, s, "AAA"); v.Seq != res.Seq {
			t.Errorf("unchanged: got version %d, want %d", v.Seq, res.Seq)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		s := mustOpen(t)
		v1 := mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A")}}).Seq
		v2 := mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A2")}, Expect: map[string]uint64{"AAA": v1}}).Seq
		_, err := s.Apply(ctx, &graph.Batch{Put: []graph.Node{state("AAA", "old"), state("BBB", "B")}, Expect: map[string]uint64{"AAA": v1, "BBB": 0}})
		if graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(graph.ErrorMessage(err), "AAA: is at version") {
			t.Fatalf("got %v, want ECONFLICT naming AAA", err)
		}
		if v := version(t, s, "AAA"); v.Seq != v2 {
			t.Errorf("after the refusal: got version %d, want %d", v.Seq, v2)
		}
		if v := version(t, s, "BBB"); v.Seq != 0 {
			t.Errorf("a refused batch wrote BBB")
		}
		// Absent expected, present found; and a retraction of a moved record.
		if _, err := s.Apply(ctx, &graph.Batch{Put: []graph.Node{state("AAA", "new")}, Expect: map[string]uint64{"AAA": 0}}); graph.ErrorCode(err) != graph.ECONFLICT {
			t.Errorf("creating a stored record: got %v, want ECONFLICT", err)
		}
		if _, err := s.Apply(ctx, &graph.Batch{Delete: []string{"AAA"}, Expect: map[string]uint64{"AAA": v1}}); graph.ErrorCode(err) != graph.ECONFLICT {
			t.Errorf("a stale retraction: got %v, want ECONFLICT", err)
		}
	})
	t.Run("OKForce", func(t *testing.T) {
		s := mustOpen(t)
		v1 := mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A")}}).Seq
		mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "A2")}})
		res := mustApply(t, s, &graph.Batch{Put: []graph.Node{state("AAA", "forced")}, Expect: map[string]uint64{"AAA": v1}, Force: true})
		cs, err := s.Changes(ctx, graph.ChangeQuery{Record: "AAA"})
		if err != nil {
			t.Fatal(err)
		}
		forced := slices.IndexFunc(cs, func(c *graph.RecordChange) bool { return c.Forced })
		if forced != len(cs)-1 || cs[forced].Seq != res.Seq {
			t.Errorf("forced entries: got index %d of %d, want only the last", forced, len(cs))
		}
	})
	t.Run("OKBulkLoadedRecordHasTheLoadsVersion", func(t *testing.T) {
		s := mustOpen(t)
		if _, err := s.Load(ctx, slices.Values([]graph.Node{state("AAA", "A")})); err != nil {
			t.Fatal(err)
		}
		v := version(t, s, "AAA")
		if v.Seq == 0 || v.Author != "" {
			t.Fatalf("got %+v, want the load's version and no author", v)
		}
		if _, err := s.Apply(ctx, &graph.Batch{Put: []graph.Node{state("AAA", "A2")}, Expect: map[string]uint64{"AAA": v.Seq}}); err != nil {
			t.Errorf("writing at the load's version: %v", err)
		}
	})
}
