package resolvers_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// worldOfStates builds a graph of n states that each signed and ratified one
// convention and have two laws implementing it and two items of evidence.
func worldOfStates(tb testing.TB, n int) graph.Store {
	tb.Helper()
	w := graphtest.NewWorld(tb)
	_, obls := w.Convention("conv-2015", graph.MustDate("2015-11-21"), 2, 30, 3)
	for i := range n {
		code := fmt.Sprintf("S%02d", i)
		w.State(code, graph.MustDate("1967-08-08"))
		w.Sign(code, "conv-2015", graph.MustDate("2015-11-21"))
		w.Deposit(code, "conv-2015", graph.MustDate("2016-06-01"))
		for j := range 2 {
			law := w.Law(code, fmt.Sprintf("law-%d", j), graph.MustDate("2010-01-01"))
			w.Implement(law.ID, obls[j].ID, graph.ExtentFull)
			w.Evidence(code, fmt.Sprintf("report-%d", j), graph.MustDate("2018"), graph.FindingMixed, obls[j].ID)
		}
	}
	return w.Store
}

// TestNoNPlusOne checks that the store calls of a query over every state with
// nested actions, laws and evidence do not grow with the number of states:
// each level of the result is read in one call.
func TestNoNPlusOne(t *testing.T) {
	const q = `{ states { code
  actions { id kind instrument { id title } state { code } }
  laws { id title implementations { extent obligation { id summary } } }
  evidence { id finding obligations { id } }
} }`
	var counts []int64
	for _, n := range []int{1, 4, 16, 64} {
		t.Run(fmt.Sprintf("States%d", n), func(t *testing.T) {
			store := &countingStore{Store: worldOfStates(t, n)}
			ts := servertest.NewHTTP(t, server.New(store, server.DefaultConfig()))
			store.reset()
			var data struct{ States []struct{ Code string } }
			servertest.MustData(t, servertest.Post(t, ts, q, nil), &data)
			if len(data.States) != n {
				t.Fatalf("got %d states, want %d", len(data.States), n)
			}
			calls := store.calls()
			t.Logf("%d states: %d store calls (%d Nodes, %d IDs, %d Neighbors)", n, calls, store.nodes.Load(), store.ids.Load(), store.neighbors.Load())
			counts = append(counts, calls)
			// One IDs call, then per level one Neighbors and one Nodes call:
			// states, their actions/laws/evidence, implementations,
			// obligations and instruments. A naive resolver makes several
			// calls per state.
			if calls > maxCallsAnyN {
				t.Errorf("got %d store calls for %d states, want at most %d whatever the number of states", calls, n, maxCallsAnyN)
			}
			if calls != counts[0] {
				t.Errorf("got %d store calls for %d states, want %d as for %d state", calls, n, counts[0], 1)
			}
		})
	}
}

const maxCallsAnyN = 16

// countingStore counts the calls made to the Reader methods of a store.
type countingStore struct {
	graph.Store
	nodes, ids, neighbors atomic.Int64
}

func (s *countingStore) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	s.nodes.Add(1)
	return s.Store.Nodes(ctx, ids)
}

func (s *countingStore) IDs(ctx context.Context, k graph.Kind) ([]string, error) {
	s.ids.Add(1)
	return s.Store.IDs(ctx, k)
}

func (s *countingStore) Neighbors(ctx context.Context, rel graph.Relation, from []string) ([][]string, error) {
	s.neighbors.Add(1)
	return s.Store.Neighbors(ctx, rel, from)
}

func (s *countingStore) calls() int64 { return s.nodes.Load() + s.ids.Load() + s.neighbors.Load() }

func (s *countingStore) reset() {
	s.nodes.Store(0)
	s.ids.Store(0)
	s.neighbors.Store(0)
}
