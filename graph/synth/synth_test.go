package synth_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/graph/synth"
)

func TestMain(m *testing.M) {
	code := m.Run()
	synth.CloseWorlds()
	os.Exit(code)
}

func TestNodes(t *testing.T) {
	ctx := context.Background()
	c := synth.World(0.01)
	s, err := store.Open(ctx, "", store.InMemory())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.Load(ctx, c.Nodes())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if n != c.Count() {
		t.Fatalf("loaded: got %d nodes, want %d", n, c.Count())
	}
	want := map[graph.Kind]int{
		graph.KindState:          c.States,
		graph.KindInstrument:     c.Instruments,
		graph.KindObligation:     c.Instruments * c.ObligationsPerInstrument,
		graph.KindLaw:            c.Laws,
		graph.KindStateAction:    c.Actions,
		graph.KindImplementation: c.Implementations,
		graph.KindEvidence:       c.Evidence,
		graph.KindReview:         c.Reviews,
	}
	for k, w := range want {
		t.Run(k.String(), func(t *testing.T) {
			ids, err := s.IDs(ctx, k)
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != w {
				t.Fatalf("got %d, want %d", len(ids), w)
			}
		})
	}
	t.Run("Deterministic", func(t *testing.T) {
		var a, b []graph.Node
		for n := range c.Nodes() {
			a = append(a, n)
		}
		for n := range c.Nodes() {
			b = append(b, n)
		}
		if len(a) != len(b) {
			t.Fatalf("got %d then %d nodes", len(a), len(b))
		}
		for i := range a {
			ja, err := json.Marshal(a[i])
			if err != nil {
				t.Fatal(err)
			}
			jb, _ := json.Marshal(b[i])
			if string(ja) != string(jb) {
				t.Fatalf("node %d: got %s, then %s", i, ja, jb)
			}
		}
	})
	t.Run("ApplyAccepts", func(t *testing.T) {
		// A small world is also a valid batch for Apply.
		small := synth.Config{Seed: 1, States: 10, Instruments: 6, BindingEvery: 3, ObligationsPerInstrument: 4, Actions: 30, Laws: 40, Implementations: 100, Evidence: 50}
		var put []graph.Node
		for n := range small.Nodes() {
			put = append(put, n)
		}
		res := graphtest.MustApply(t, graphtest.MustOpenStore(t), &graph.Batch{Put: put})
		if got, want := len(res.Added), small.Count(); got != want {
			t.Fatalf("added: got %d, want %d", got, want)
		}
	})
}

func TestWorld(t *testing.T) {
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"states", synth.World(1).States, 200},
		{"instruments", synth.World(1).Instruments, 600},
		{"obligations per instrument", synth.World(1).ObligationsPerInstrument, 20},
		{"actions", synth.World(1).Actions, 60_000},
		{"laws", synth.World(1).Laws, 100_000},
		{"implementations", synth.World(1).Implementations, 1_000_000},
		{"evidence", synth.World(1).Evidence, 500_000},
		{"reviews", synth.World(1).Reviews, 20_000},
		{"nodes", synth.World(1).Count(), 1_704_800},
		{"laws at a tenth", synth.World(0.1).Laws, 10_000},
		{"states never below ten", synth.World(0.001).States, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %d, want %d", tt.got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := synth.Config{States: 2, Instruments: 2, ObligationsPerInstrument: 1, Actions: 4, Laws: 1, Implementations: 2}
	tests := []struct {
		name string
		edit func(*synth.Config)
		code string
	}{
		{"OK", func(*synth.Config) {}, ""},
		{"ErrNoStates", func(c *synth.Config) { c.States = 0 }, graph.EINVALID},
		{"ErrNegative", func(c *synth.Config) { c.Evidence = -1 }, graph.EINVALID},
		{"ErrTooManyActions", func(c *synth.Config) { c.Actions = 5 }, graph.EINVALID},
		{"ErrTooManyImplementations", func(c *synth.Config) { c.Implementations = 3 }, graph.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			if got := graph.ErrorCode(c.Validate()); got != tt.code {
				t.Fatalf("got %q, want %q", got, tt.code)
			}
		})
	}
}
