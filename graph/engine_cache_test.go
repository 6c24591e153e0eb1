package graph_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/synth"
)

// Tests of the engine's caches and of its answers on the synthetic world.

func TestMain(m *testing.M) {
	code := m.Run()
	synth.CloseWorlds()
	os.Exit(code)
}

// counting is a store that counts the node reads it serves and passes on the
// store's version.
type counting struct {
	graph.Store
	reads atomic.Int64
}

func (c *counting) Version() uint64 { return c.Store.(graph.Versioner).Version() }

func (c *counting) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	c.reads.Add(int64(len(ids)))
	return c.Store.Nodes(ctx, ids)
}

func TestEngineCache(t *testing.T) {
	ctx := context.Background()
	w := legalWorld(t)
	v := &counting{Store: w.Store}
	e := graph.NewEngine(v)
	day := d("2018-05-01")
	summary := func() *graph.StateSummary {
		t.Helper()
		sum, err := e.Summary(ctx, "CCC", convA, day, graph.BasisLaw)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	first := summary()
	coldReads := v.reads.Load()
	second := summary()
	if warm := v.reads.Load() - coldReads; warm >= coldReads {
		t.Errorf("reads: got %d on a warm cache, want fewer than the %d of a cold one", warm, coldReads)
	}
	if !reflect.DeepEqual(*first, *second) {
		t.Fatalf("got %+v from the cache, want %+v", *second, *first)
	}
	if first.Implemented != 0 {
		t.Fatalf("implemented: got %d, want 0 before CCC has a law", first.Implemented)
	}
	// A write to the store changes its version: the next answer sees the
	// new law.
	law := w.Law("CCC", "law-new", d("2018-01-01"))
	w.Implement(law.ID, obl(convA, 1), graph.ExtentFull)
	if got := summary(); got.Implemented != 1 {
		t.Fatalf("implemented after a write: got %d, want 1", got.Implemented)
	}
}

// TestEngineSynthWorld checks, on a small synthetic world, that the cached
// engine and the read-through one agree, and that summaries match gaps.
func TestEngineSynthWorld(t *testing.T) {
	ctx := context.Background()
	s := synth.MustOpenWorld(t, 0.01)
	plain := graph.NewEngine(readThrough{s})
	cached := graph.NewEngine(s)
	for _, day := range []string{"2012-06-30", "2020-12-31"} {
		for _, basis := range graph.Bases {
			t.Run(day+"/"+string(basis), func(t *testing.T) {
				a, err := plain.Compare(ctx, nil, "", d(day), basis)
				if err != nil {
					t.Fatal(err)
				}
				b, err := cached.Compare(ctx, nil, "", d(day), basis)
				if err != nil {
					t.Fatal(err)
				}
				if len(a) != len(b) {
					t.Fatalf("got %d cached summaries, want %d", len(b), len(a))
				}
				bound := 0
				for i := range a {
					if !reflect.DeepEqual(*a[i], *b[i]) {
						t.Fatalf("%s: cached gives %+v, read-through %+v", a[i].StateCode, *b[i], *a[i])
					}
					bound += a[i].Bound
					if i < 2 {
						gaps, err := plain.Gaps(ctx, a[i].StateCode, d(day), basis, "", graph.LegalUnreviewed)
						if err != nil {
							t.Fatal(err)
						}
						if got := a[i].Partial + a[i].NotImplemented + a[i].Unreviewed; got != len(gaps) {
							t.Errorf("%s: got partial+not implemented %d, want len(gaps) %d", a[i].StateCode, got, len(gaps))
						}
					}
				}
				if day == "2020-12-31" && bound == 0 {
					t.Errorf("bound: got 0 over every state, want some obligations bound by 2020")
				}
			})
		}
	}
}

// readThrough hides the store's version, so that an engine over it keeps
// nothing between calls.
type readThrough struct{ graph.Reader }

// TestEngineGapsMatchRecords checks, on a small synthetic world, that Gaps
// from a warm cache (asked twice) are exactly the bound records of Records
// that fail under the basis, reasons included.
func TestEngineGapsMatchRecords(t *testing.T) {
	ctx := context.Background()
	s := synth.MustOpenWorld(t, 0.01)
	plain := graph.NewEngine(readThrough{s})
	cached := graph.NewEngine(s)
	fails := map[graph.Basis]func(r *graph.ComplianceRecord) bool{
		graph.BasisLaw: func(r *graph.ComplianceRecord) bool {
			return r.Legal != graph.LegalReserved && r.Legal != graph.LegalImplemented
		},
		graph.BasisPractice: func(r *graph.ComplianceRecord) bool {
			return r.Legal != graph.LegalReserved && r.Practice() != graph.PracticeEffective
		},
		graph.BasisEither: func(r *graph.ComplianceRecord) bool {
			return r.Legal != graph.LegalReserved && (r.Legal != graph.LegalImplemented || r.Practice() != graph.PracticeEffective)
		},
	}
	total := 0
	for _, code := range []string{synth.StateCode(0), synth.StateCode(1)} {
		for _, day := range []string{"2012-06-30", "2020-12-31"} {
			for _, basis := range graph.Bases {
				t.Run(code+"/"+day+"/"+string(basis), func(t *testing.T) {
					recs, err := plain.Records(ctx, code, d(day), "")
					if err != nil {
						t.Fatal(err)
					}
					var want []*graph.ComplianceRecord
					for _, r := range recs {
						if r.Bound && fails[basis](r) {
							want = append(want, r)
						}
					}
					total += len(want)
					for range 2 {
						got, err := cached.Gaps(ctx, code, d(day), basis, "", graph.LegalUnreviewed)
						if err != nil {
							t.Fatal(err)
						}
						if len(got) != len(want) {
							t.Fatalf("got %d gaps, want %d", len(got), len(want))
						}
						for i := range got {
							if decisionOf(got[i]) != decisionOf(want[i]) {
								t.Fatalf("gap %d: got %s, want %s", i, decisionOf(got[i]), decisionOf(want[i]))
							}
						}
					}
				})
			}
		}
	}
	if total == 0 {
		t.Errorf("gaps: got none in any case, want some to compare")
	}
}

// TestEngineConcurrentGaps asks Gaps and Records of the same states at once
// on one engine, whose cached state data they share (run with -race).
func TestEngineConcurrentGaps(t *testing.T) {
	ctx := context.Background()
	e := graph.NewEngine(synth.MustOpenWorld(t, 0.01))
	want, err := e.Gaps(ctx, synth.StateCode(0), d("2020-12-31"), graph.BasisEither, "", graph.LegalUnreviewed)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			code := synth.StateCode(i % 3)
			if _, err := e.Records(ctx, code, d("2015-06-30"), ""); err != nil {
				errs <- err
				return
			}
			got, err := e.Gaps(ctx, synth.StateCode(0), d("2020-12-31"), graph.BasisEither, "", graph.LegalUnreviewed)
			if err != nil {
				errs <- err
				return
			}
			if !slices.Equal(decisionsOf(got), decisionsOf(want)) {
				errs <- errors.New("got gaps that differ from a lone call's, want the same")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestEngineReasonsReadOncePerVersion: reasons read each law and link node
// once per store version, and a write is seen at once: the next answer
// names the law as it now reads.
func TestEngineReasonsReadOncePerVersion(t *testing.T) {
	ctx := context.Background()
	w := legalWorld(t)
	v := &counting{Store: w.Store}
	e := graph.NewEngine(v)
	status := func() *graph.ComplianceRecord {
		t.Helper()
		r, err := e.Status(ctx, "BBB", obl(convA, 1), d("2017-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	reasons := func() []string { return reasonsOf(status()) }
	first := reasons()
	again := status()
	before := v.reads.Load()
	if got := reasonsOf(again); !slices.Equal(got, first) {
		t.Fatalf("got %q, want %q", got, first)
	}
	if reads := v.reads.Load() - before; reads != 0 {
		t.Errorf("reads: got %d node reads explaining the same record again, want 0", reads)
	}
	law, err := graph.Get[*graph.Law](ctx, w.Store, "bbb/law-full")
	if err != nil {
		t.Fatal(err)
	}
	renamed := *law
	renamed.Number = "law-renamed"
	w.Put(&renamed)
	if after := reasons(); !hasLine(after, "(law-renamed)") {
		t.Errorf("after renaming the law: got %q, want the new name", after)
	}
}
