package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/graph/synth"
)

func mustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), "", store.InMemory())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func mustApply(tb testing.TB, s *store.Store, b *graph.Batch) *graph.ApplyResult {
	tb.Helper()
	res, err := s.Apply(context.Background(), b)
	if err != nil {
		var e *graph.Error
		if errors.As(err, &e) {
			tb.Fatalf("apply: %v: %q", err, e.Details)
		}
		tb.Fatalf("apply: %v", err)
	}
	return res
}

func mustDump(tb testing.TB, s *store.Store) map[string]string {
	tb.Helper()
	d, err := store.Dump(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

const (
	instOrigin  = "instruments/inst-a.yaml"
	stateOrigin = "states/AAA.yaml"
)

// base is a small valid graph: one instrument with two articles and their
// obligations, one state with two laws (the second amends the first), a law
// implementing an obligation, a ratification carried by a law with a
// reservation, and evidence on an obligation.
func base() []graph.Node {
	inst := graph.Record{Origin: instOrigin}
	st := graph.Record{Origin: stateOrigin}
	return []graph.Node{
		&graph.Instrument{ID: "inst-a", Title: "Instrument A", Kind: graph.InstrumentConvention, Binding: true, Record: inst},
		&graph.Provision{ID: "inst-a/art_1", InstrumentID: "inst-a", Label: "Article 1", Record: inst},
		&graph.Provision{ID: "inst-a/art_2", InstrumentID: "inst-a", Label: "Article 2", Record: inst},
		&graph.Obligation{ID: "inst-a/art_1/obl_1", InstrumentID: "inst-a", ProvisionID: "inst-a/art_1", Modality: graph.ModalityObligation, Record: inst},
		&graph.Obligation{ID: "inst-a/art_2/obl_1", InstrumentID: "inst-a", ProvisionID: "inst-a/art_2", Modality: graph.ModalityObligation, Record: inst},
		&graph.State{Code: "AAA", Name: "State A", Record: st},
		&graph.Law{ID: "aaa/law-1", StateCode: "AAA", Title: "Law 1", Enacted: graph.MustDate("2007-04"), Record: st},
		&graph.Law{ID: "aaa/law-10", StateCode: "AAA", Title: "Law 10", AmendsIDs: []string{"aaa/law-1"}, Record: st},
		&graph.Implementation{ID: "aaa/law-1/implements/inst-a/art_1/obl_1", LawID: "aaa/law-1", ObligationID: "inst-a/art_1/obl_1", Extent: graph.ExtentFull, Record: st},
		&graph.StateAction{ID: "AAA/inst-a/ratification", StateCode: "AAA", InstrumentID: "inst-a", Kind: graph.ActionRatification,
			DomesticActID: "aaa/law-10", Reservations: []graph.Reservation{{ProvisionIDs: []string{"inst-a/art_2"}}}, Record: st},
		&graph.Evidence{ID: "aaa/ev/report", StateCode: "AAA", Kind: graph.EvidenceReport, Finding: graph.FindingGap, ObligationIDs: []string{"inst-a/art_2/obl_1"}, Record: st},
	}
}

func ids(nodes []graph.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.NodeID()
	}
	slices.Sort(out)
	return out
}

func TestKeys(t *testing.T) {
	t.Run("RoundTrip", func(t *testing.T) {
		for _, id := range []string{"a", "law-1", "law-10", "actip-2015/art_14/para_1/obl_1", "é/\x00/x"} {
			if got, err := store.ParseNodeKey(store.NodeKey(id)); err != nil || got != id {
				t.Errorf("node key %q: got %q, %v", id, got, err)
			}
			if k, got, err := store.ParseKindKey(store.KindKey(graph.KindLaw, id)); err != nil || k != graph.KindLaw || got != id {
				t.Errorf("kind key %q: got %v %q, %v", id, k, got, err)
			}
			if o, got, err := store.ParseOriginKey(store.OriginKey("states/AAA.yaml", id)); err != nil || o != "states/AAA.yaml" || got != id {
				t.Errorf("origin key %q: got %q %q, %v", id, o, got, err)
			}
			rel, to, from, err := store.ParseEdgeKey(store.EdgeKey(graph.RelStateLaws, id, "x/"+id))
			if err != nil || rel != graph.RelStateLaws || to != id || from != "x/"+id {
				t.Errorf("edge key %q: got %v %q %q, %v", id, rel, to, from, err)
			}
		}
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		for _, k := range [][]byte{nil, {0x04}, {0x04, 0x00, 0x05, 'a'}, {0x03, 0xff}} {
			if _, _, _, err := store.ParseEdgeKey(k); err == nil && len(k) > 0 && k[0] == 0x04 {
				t.Errorf("edge key %x: got no error, want one", k)
			}
			if _, _, err := store.ParseOriginKey(k); err == nil {
				t.Errorf("origin key %x: got no error, want one", k)
			}
		}
	})
	t.Run("PrefixDoesNotMatchLongerID", func(t *testing.T) {
		p := store.EdgePrefix(graph.RelStateLaws, "law-1")
		if k := store.EdgeKey(graph.RelStateLaws, "law-10", "x"); bytes.HasPrefix(k, p) {
			t.Fatalf("edge key of law-10 %x has the prefix of law-1 %x", k, p)
		}
		if k := store.EdgeKey(graph.RelStateLaws, "law-1", "x"); !bytes.HasPrefix(k, p) {
			t.Fatalf("edge key of law-1 %x lacks its own prefix %x", k, p)
		}
	})
	t.Run("SortOrder", func(t *testing.T) {
		// Kind keys sort by kind, then by id in byte order; edge keys group
		// by target, then relation, then source in byte order.
		tests := []struct {
			name       string
			lo, hi     []byte
			loID, hiID string
		}{
			{"kind by kind", store.KindKey(graph.KindInstrument, "z"), store.KindKey(graph.KindLaw, "a"), "", ""},
			{"kind by id", store.KindKey(graph.KindLaw, "law-1"), store.KindKey(graph.KindLaw, "law-10"), "", ""},
			{"kind by id bytes", store.KindKey(graph.KindLaw, "law-10"), store.KindKey(graph.KindLaw, "law-2"), "", ""},
			{"edge by relation", store.EdgeKey(graph.RelStateActions, "AAA", "z"), store.EdgeKey(graph.RelStateLaws, "AAA", "a"), "", ""},
			{"edge by source", store.EdgeKey(graph.RelStateLaws, "AAA", "aaa/law-10"), store.EdgeKey(graph.RelStateLaws, "AAA", "aaa/law-2"), "", ""},
			{"node before kind", store.NodeKey("zzz"), store.KindKey(graph.KindInstrument, "a"), "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if bytes.Compare(tt.lo, tt.hi) >= 0 {
					t.Fatalf("got %x >= %x, want it before", tt.lo, tt.hi)
				}
			})
		}
	})
}

func TestApply(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		res := mustApply(t, s, &graph.Batch{Put: base()})
		if want := ids(base()); !slices.Equal(res.Added, want) {
			t.Fatalf("added: got %q, want %q", res.Added, want)
		}
		got, err := s.Nodes(ctx, []string{"aaa/law-1", "nope", "inst-a/art_2"})
		if err != nil {
			t.Fatal(err)
		}
		law, ok := got[0].(*graph.Law)
		if !ok || law.Title != "Law 1" || law.Enacted != graph.MustDate("2007-04") || law.Origin != stateOrigin {
			t.Fatalf("nodes[0]: got %#v, want law aaa/law-1 enacted 2007-04", got[0])
		}
		if got[1] != nil {
			t.Fatalf("nodes[1]: got %#v, want nil", got[1])
		}
		if p, ok := got[2].(*graph.Provision); !ok || p.Label != "Article 2" {
			t.Fatalf("nodes[2]: got %#v, want provision inst-a/art_2", got[2])
		}
		lawIDs, err := s.IDs(ctx, graph.KindLaw)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"aaa/law-1", "aaa/law-10"}; !slices.Equal(lawIDs, want) {
			t.Fatalf("law ids: got %q, want %q", lawIDs, want)
		}
	})
	t.Run("OKIdempotent", func(t *testing.T) {
		s := mustOpen(t)
		mustApply(t, s, &graph.Batch{Put: base(), Replace: []string{instOrigin, stateOrigin}})
		before := mustDump(t, s)
		res := mustApply(t, s, &graph.Batch{Put: base(), Replace: []string{instOrigin, stateOrigin}})
		if res.Unchanged != len(base()) || len(res.Added)+len(res.Changed)+len(res.Removed) != 0 {
			t.Fatalf("reapply: got %+v, want %d unchanged", res, len(base()))
		}
		if after := mustDump(t, s); !maps.Equal(before, after) {
			t.Fatalf("reapply changed the store: got %d keys, want %d", len(after), len(before))
		}
	})
	t.Run("OKChanged", func(t *testing.T) {
		s := mustOpen(t)
		mustApply(t, s, &graph.Batch{Put: base()})
		// Move the implementation from the first obligation to the second.
		im := &graph.Implementation{ID: "aaa/law-1/implements/inst-a/art_1/obl_1", LawID: "aaa/law-1", ObligationID: "inst-a/art_2/obl_1", Extent: graph.ExtentPartial}
		res := mustApply(t, s, &graph.Batch{Put: []graph.Node{im}})
		if want := []string{im.ID}; !slices.Equal(res.Changed, want) {
			t.Fatalf("changed: got %q, want %q", res.Changed, want)
		}
		nb, err := s.Neighbors(ctx, graph.RelObligationImplementations, []string{"inst-a/art_1/obl_1", "inst-a/art_2/obl_1"})
		if err != nil {
			t.Fatal(err)
		}
		if want := [][]string{nil, {im.ID}}; !slices.EqualFunc(nb, want, slices.Equal) {
			t.Fatalf("implementations: got %q, want %q", nb, want)
		}
		// The store holds exactly what a fresh load of the final graph holds:
		// the old version's edges and origin entry are gone.
		var final []graph.Node
		for _, n := range base() {
			if n.NodeID() != im.ID {
				final = append(final, n)
			}
		}
		fresh := mustOpen(t)
		mustApply(t, fresh, &graph.Batch{Put: append(final, im)})
		if got, want := mustDump(t, s), mustDump(t, fresh); !maps.Equal(got, want) {
			t.Fatalf("store after change:\n%s", diffKeys(got, want))
		}
	})
	t.Run("OKReplaceByOrigin", func(t *testing.T) {
		s := mustOpen(t)
		mustApply(t, s, &graph.Batch{Put: base()})
		// The state file no longer has the evidence, the implementation or
		// law-1 (and law-10 no longer amends it).
		var put []graph.Node
		for _, n := range base() {
			switch n.NodeID() {
			case "aaa/ev/report", "aaa/law-1/implements/inst-a/art_1/obl_1", "aaa/law-1":
				continue
			case "aaa/law-10":
				l := *n.(*graph.Law)
				l.AmendsIDs = nil
				n = &l
			}
			if graph.RecordOf(n).Origin == stateOrigin {
				put = append(put, n)
			}
		}
		res := mustApply(t, s, &graph.Batch{Replace: []string{stateOrigin}, Put: put})
		if want := []string{"aaa/ev/report", "aaa/law-1", "aaa/law-1/implements/inst-a/art_1/obl_1"}; !slices.Equal(res.Removed, want) {
			t.Fatalf("removed: got %q, want %q", res.Removed, want)
		}
		if want := []string{"aaa/law-10"}; !slices.Equal(res.Changed, want) {
			t.Fatalf("changed: got %q, want %q", res.Changed, want)
		}
		// A fresh store given the same final graph holds exactly the same
		// keys: nothing stale is left behind.
		fresh := mustOpen(t)
		var final []graph.Node
		for _, n := range base() {
			if graph.RecordOf(n).Origin == instOrigin {
				final = append(final, n)
			}
		}
		mustApply(t, fresh, &graph.Batch{Put: append(final, put...)})
		if got, want := mustDump(t, s), mustDump(t, fresh); !maps.Equal(got, want) {
			t.Fatalf("store after replace: got %d keys, want the %d keys of a fresh load:\n%s", len(got), len(want), diffKeys(got, want))
		}
	})
	t.Run("OKDelete", func(t *testing.T) {
		s := mustOpen(t)
		mustApply(t, s, &graph.Batch{Put: base()})
		res := mustApply(t, s, &graph.Batch{Delete: []string{"aaa/ev/report", "aaa/ev/report", "never-stored"}})
		if want := []string{"aaa/ev/report"}; !slices.Equal(res.Removed, want) {
			t.Fatalf("removed: got %q, want %q", res.Removed, want)
		}
		nb, err := s.Neighbors(ctx, graph.RelStateEvidence, []string{"AAA"})
		if err != nil {
			t.Fatal(err)
		}
		if nb[0] != nil {
			t.Fatalf("evidence of AAA: got %q, want none", nb[0])
		}
	})

	errTests := []struct {
		name  string
		batch *graph.Batch
		code  string
		want  []string // substrings of the details, one per detail
	}{
		{"ErrEmptyID", &graph.Batch{Put: []graph.Node{&graph.Law{StateCode: "AAA"}}}, graph.EINVALID,
			[]string{"put[0] (law): id: empty"}},
		{"ErrDangling", &graph.Batch{Put: []graph.Node{
			&graph.Law{ID: "aaa/law-2", StateCode: "AAA", RepealedByID: "aaa/law-99"},
			&graph.Implementation{ID: "im", LawID: "aaa/law-2", ObligationID: "inst-a/art_9/obl_1"},
		}}, graph.EINVALID, []string{
			`aaa/law-2: repealedBy: no law "aaa/law-99"`,
			`im: obligation: no obligation "inst-a/art_9/obl_1"`,
		}},
		{"ErrWrongKind", &graph.Batch{Put: []graph.Node{
			&graph.Law{ID: "aaa/law-2", StateCode: "inst-a"},
			&graph.Evidence{ID: "aaa/ev/x", StateCode: "AAA", ObligationIDs: []string{"aaa/law-2"}},
		}}, graph.EINVALID, []string{
			`aaa/law-2: state: "inst-a" is a instrument, want a state`,
			`aaa/ev/x: obligations: "aaa/law-2" is a law, want a obligation`,
		}},
		{"ErrDeleteReferenced", &graph.Batch{Delete: []string{"aaa/law-1"}}, graph.EINVALID, []string{
			`aaa/law-1/implements/inst-a/art_1/obl_1: law: references "aaa/law-1", which the batch deletes`,
			`aaa/law-10: amends: references "aaa/law-1", which the batch deletes`,
		}},
		{"ErrReplaceLeavesReference", &graph.Batch{Replace: []string{instOrigin}}, graph.EINVALID, []string{
			`AAA/inst-a/ratification: instrument: references "inst-a"`,
			`AAA/inst-a/ratification: reservations.provisions: references "inst-a/art_2"`,
			`aaa/ev/report: obligations: references "inst-a/art_2/obl_1"`,
			`aaa/law-1/implements/inst-a/art_1/obl_1: obligation: references "inst-a/art_1/obl_1"`,
		}},
		{"ErrPutReferencesDeleted", &graph.Batch{
			Delete: []string{"aaa/ev/report"},
			Put:    []graph.Node{&graph.Evidence{ID: "aaa/ev/other", StateCode: "AAA", ObligationIDs: []string{"aaa/ev/report"}}},
		}, graph.EINVALID, []string{`aaa/ev/other: obligations: references "aaa/ev/report", which the batch deletes`}},
		{"ErrKindConflict", &graph.Batch{Put: []graph.Node{&graph.State{Code: "aaa/law-1"}}}, graph.ECONFLICT,
			[]string{"aaa/law-1: id: already used by a law, cannot also name a state"}},
		{"ErrPutTwice", &graph.Batch{Put: []graph.Node{&graph.State{Code: "BBB"}, &graph.State{Code: "BBB"}}}, graph.EINVALID,
			[]string{"BBB: id: put twice in one batch"}},
		{"ErrPutAndDelete", &graph.Batch{Put: []graph.Node{&graph.State{Code: "BBB"}}, Delete: []string{"BBB"}}, graph.EINVALID,
			[]string{"BBB: both put and deleted in one batch"}},
		{"ErrManyAtOnce", &graph.Batch{
			Put:    []graph.Node{&graph.State{Code: "aaa/law-1"}, &graph.Law{ID: "bbb/law-1", StateCode: "BBB"}},
			Delete: []string{"inst-a/art_1/obl_1"},
		}, graph.EINVALID, []string{
			"aaa/law-1: id: already used by a law",
			`bbb/law-1: state: no state "BBB"`,
			`aaa/law-1/implements/inst-a/art_1/obl_1: obligation: references "inst-a/art_1/obl_1"`,
		}},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			mustApply(t, s, &graph.Batch{Put: base()})
			before := mustDump(t, s)
			res, err := s.Apply(ctx, tt.batch)
			var e *graph.Error
			if !errors.As(err, &e) {
				t.Fatalf("got result %+v, error %v; want an *graph.Error", res, err)
			}
			if e.Code != tt.code {
				t.Errorf("code: got %s, want %s (%q)", e.Code, tt.code, e.Details)
			}
			if len(e.Details) != len(tt.want) {
				t.Errorf("details: got %d %q, want %d", len(e.Details), e.Details, len(tt.want))
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(e.Details, func(d string) bool { return strings.Contains(d, w) }) {
					t.Errorf("details: got %q, want one containing %q", e.Details, w)
				}
			}
			if after := mustDump(t, s); !maps.Equal(before, after) {
				t.Fatalf("rejected batch changed the store:\n%s", diffKeys(after, before))
			}
		})
	}
	t.Run("ErrNilBatch", func(t *testing.T) {
		if _, err := mustOpen(t).Apply(ctx, nil); graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
	})
}

func TestNeighbors(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustApply(t, s, &graph.Batch{Put: base()})
	tests := []struct {
		name string
		rel  graph.Relation
		from []string
		want [][]string
	}{
		{"provisions", graph.RelInstrumentProvisions, []string{"inst-a"}, [][]string{{"inst-a/art_1", "inst-a/art_2"}}},
		{"laws of states", graph.RelStateLaws, []string{"AAA", "BBB"}, [][]string{{"aaa/law-1", "aaa/law-10"}, nil}},
		{"amendments", graph.RelLawAmendments, []string{"aaa/law-1", "aaa/law-10"}, [][]string{{"aaa/law-10"}, nil}},
		{"domestic act", graph.RelLawActions, []string{"aaa/law-10"}, [][]string{{"AAA/inst-a/ratification"}}},
		{"reservations", graph.RelProvisionReservations, []string{"inst-a/art_2", "inst-a/art_1"}, [][]string{{"AAA/inst-a/ratification"}, nil}},
		{"evidence", graph.RelObligationEvidence, []string{"inst-a/art_2/obl_1"}, [][]string{{"aaa/ev/report"}}},
		{"law-1 is not law-10", graph.RelLawImplementations, []string{"aaa/law-1", "aaa/law-10"}, [][]string{{"aaa/law-1/implements/inst-a/art_1/obl_1"}, nil}},
		{"empty", graph.RelStateLaws, nil, [][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Neighbors(ctx, tt.rel, tt.from)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("Forward", func(t *testing.T) {
		// The other direction is the node's own field.
		im, err := graph.Get[*graph.Implementation](ctx, s, "aaa/law-1/implements/inst-a/art_1/obl_1")
		if err != nil {
			t.Fatal(err)
		}
		if im.LawID != "aaa/law-1" || im.ObligationID != "inst-a/art_1/obl_1" {
			t.Fatalf("got law %q obligation %q, want aaa/law-1 and inst-a/art_1/obl_1", im.LawID, im.ObligationID)
		}
	})
}

func TestConcurrentReaders(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustApply(t, s, &graph.Batch{Put: base()})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				nb, err := s.Neighbors(ctx, graph.RelStateLaws, []string{"AAA"})
				if err != nil {
					errs <- err
					return
				}
				if len(nb[0]) < 2 {
					errs <- fmt.Errorf("reader %d: got laws %q, want at least 2", g, nb[0])
					return
				}
				if _, err := s.Nodes(ctx, nb[0]); err != nil {
					errs <- err
					return
				}
				if g == 0 {
					law := &graph.Law{ID: fmt.Sprintf("aaa/law-x%d", i), StateCode: "AAA"}
					if _, err := s.Apply(ctx, &graph.Batch{Put: []graph.Node{law}}); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	laws, err := s.IDs(ctx, graph.KindLaw)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(laws), 52; got != want {
		t.Fatalf("laws: got %d, want %d", got, want)
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("OKReopen", func(t *testing.T) {
		dir := t.TempDir()
		s, err := store.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		mustApply(t, s, &graph.Batch{Put: base()})
		want := mustDump(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s, err = store.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if got := mustDump(t, s); !maps.Equal(got, want) {
			t.Fatalf("reopened store:\n%s", diffKeys(got, want))
		}
		res := mustApply(t, s, &graph.Batch{Put: base()})
		if res.Unchanged != len(base()) {
			t.Fatalf("reapply after reopen: got %+v, want %d unchanged", res, len(base()))
		}
	})
	t.Run("ErrNoDir", func(t *testing.T) {
		if _, err := store.Open(ctx, ""); graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
	})
	t.Run("ErrDirInMemory", func(t *testing.T) {
		if _, err := store.Open(ctx, t.TempDir(), store.InMemory()); graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
	})
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		n, err := s.Load(ctx, slices.Values(base()))
		if err != nil {
			t.Fatal(err)
		}
		if n != len(base()) {
			t.Fatalf("loaded: got %d, want %d", n, len(base()))
		}
		applied := mustOpen(t)
		mustApply(t, applied, &graph.Batch{Put: base()})
		if got, want := mustDump(t, s), mustDump(t, applied); !maps.Equal(got, want) {
			t.Fatalf("loaded store differs from applied store:\n%s", diffKeys(got, want))
		}
		// A loaded store takes batches like any other.
		res := mustApply(t, s, &graph.Batch{Put: append(base(), &graph.Law{ID: "aaa/law-2", StateCode: "AAA"})})
		if want := []string{"aaa/law-2"}; !slices.Equal(res.Added, want) || res.Unchanged != len(base()) {
			t.Fatalf("apply after load: got %+v, want %q added and %d unchanged", res, want, len(base()))
		}
		laws, err := s.Neighbors(ctx, graph.RelStateLaws, []string{"AAA"})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"aaa/law-1", "aaa/law-10", "aaa/law-2"}; !slices.Equal(laws[0], want) {
			t.Fatalf("laws after apply: got %q, want %q", laws[0], want)
		}
	})
	t.Run("OKOnDisk", func(t *testing.T) {
		dir := t.TempDir()
		s, err := store.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Load(ctx, slices.Values(base())); err != nil {
			t.Fatal(err)
		}
		want := mustDump(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if s, err = store.Open(ctx, dir); err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if got := mustDump(t, s); !maps.Equal(got, want) {
			t.Fatalf("reopened loaded store:\n%s", diffKeys(got, want))
		}
		mustApply(t, s, &graph.Batch{Delete: []string{"aaa/ev/report"}})
	})
	t.Run("ErrNotEmpty", func(t *testing.T) {
		s := mustOpen(t)
		mustApply(t, s, &graph.Batch{Put: base()[:1]})
		if _, err := s.Load(ctx, slices.Values(base())); graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
	})
	t.Run("ErrDropsEverything", func(t *testing.T) {
		s := mustOpen(t)
		nodes := base()
		// Out of order: the evidence comes before its obligation, and a
		// state repeats.
		nodes = append([]graph.Node{nodes[len(nodes)-1]}, nodes[:len(nodes)-1]...)
		nodes = append(nodes, &graph.State{Code: "AAA"})
		_, err := s.Load(ctx, slices.Values(nodes))
		var e *graph.Error
		if !errors.As(err, &e) || e.Code != graph.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
		want := []string{`aaa/ev/report: state: no state "AAA" before it`, `aaa/ev/report: obligations: no obligation "inst-a/art_2/obl_1" before it`, "AAA: id: already used by a state"}
		if !slices.Equal(e.Details, want) {
			t.Fatalf("details: got %q, want %q", e.Details, want)
		}
		if got := mustDump(t, s); len(got) != 0 {
			t.Fatalf("store after failed load: got %d keys, want none", len(got))
		}
	})
}

func diffKeys(got, want map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if w, ok := want[k]; !ok {
			fmt.Fprintf(&b, "extra %q\n", k)
		} else if w != got[k] {
			fmt.Fprintf(&b, "changed %q\n", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if _, ok := got[k]; !ok {
			fmt.Fprintf(&b, "missing %q\n", k)
		}
	}
	return b.String()
}

func TestLoadEqualsApply(t *testing.T) {
	// A synthetic world several encoder batches long: Load must leave
	// exactly the keys and values that Apply does.
	ctx := context.Background()
	c := synth.Config{Seed: 7, States: 12, Instruments: 9, BindingEvery: 3, ObligationsPerInstrument: 5, Actions: 80, Laws: 300, Implementations: 1500, Evidence: 700}
	loaded, applied := mustOpen(t), mustOpen(t)
	n, err := loaded.Load(ctx, c.Nodes())
	if err != nil {
		t.Fatal(err)
	}
	if n != c.Count() {
		t.Fatalf("loaded: got %d nodes, want %d", n, c.Count())
	}
	mustApply(t, applied, &graph.Batch{Put: slices.Collect(c.Nodes())})
	if got, want := mustDump(t, loaded), mustDump(t, applied); !maps.Equal(got, want) {
		t.Fatalf("loaded store differs from applied store:\n%.2000s", diffKeys(got, want))
	}
}

func TestApplyTooLarge(t *testing.T) {
	// A batch larger than one Badger transaction is refused whole.
	ctx := context.Background()
	s := mustOpen(t)
	c := synth.Config{Seed: 3, States: 20, Instruments: 10, ObligationsPerInstrument: 10, Laws: 2000, Implementations: 40_000}
	_, err := s.Apply(ctx, &graph.Batch{Put: slices.Collect(c.Nodes())})
	if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("got %v, want EINVALID naming a batch too large", err)
	}
	if got := mustDump(t, s); len(got) != 0 {
		t.Fatalf("store after refused batch: got %d keys, want none", len(got))
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := store.Open(context.Background(), t.TempDir(), store.WithLogger(l))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "component=badger") {
		t.Fatalf("log: got %q, want Badger's lines tagged component=badger", buf.String())
	}
}

func TestNodesRoundTrip(t *testing.T) {
	// Every node reads back exactly as it was put: nil and empty slices,
	// dates at every precision, figures, reservations, claims.
	ctx := context.Background()
	nodes := base()
	ev := nodes[len(nodes)-1].(*graph.Evidence)
	ev.Themes = []graph.Theme{}
	ev.PeriodFrom, ev.PeriodTo = graph.MustDate("2016"), graph.MustDate("2017-03")
	ev.Figures = []graph.Figure{{Name: "victims identified", Unit: "persons", Points: []graph.FigurePoint{{Period: "2017", Value: 1451.5}}}}
	ev.Claims = []graph.Claim{{Field: "date", Value: "2017", Used: true, Sources: []graph.Source{{Citation: "A report", Date: graph.MustDate("2018-01-02")}}}}
	ev.Summary = "bad UTF-8 \xff is mangled"
	c := synth.Config{Seed: 5, States: 10, Instruments: 6, BindingEvery: 2, ObligationsPerInstrument: 4, Actions: 60, Laws: 60, Implementations: 100, Evidence: 100}
	s := mustOpen(t)
	mustApply(t, s, &graph.Batch{Put: nodes})
	if _, err := s.Apply(ctx, &graph.Batch{Put: slices.Collect(c.Nodes())}); err != nil {
		t.Fatal(err)
	}
	want := append(nodes, slices.Collect(c.Nodes())...)
	ev.Summary = "bad UTF-8 \uFFFD is mangled"
	got, err := s.Nodes(ctx, ids(want))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]graph.Node{}
	for _, n := range want {
		byID[n.NodeID()] = n
	}
	for _, g := range got {
		if w := byID[g.NodeID()]; !reflect.DeepEqual(g, w) {
			t.Errorf("got %#v, want %#v", g, w)
		}
	}
}
