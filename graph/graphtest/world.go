package graphtest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
)

// World builds a test graph in an in-memory store. Every method puts its
// nodes through Store.Apply at once (failing the test on error) and returns
// them, so a test can read ids from what it built and the store always holds
// a valid graph. Ids follow the fixture conventions of fixtures/README.md.
type World struct {
	TB    testing.TB
	Store graph.Store
}

// NewWorld returns a World over a new in-memory store.
func NewWorld(tb testing.TB) *World {
	tb.Helper()
	return &World{TB: tb, Store: MustOpenStore(tb)}
}

// Put applies nodes as one batch.
func (w *World) Put(nodes ...graph.Node) *graph.ApplyResult {
	w.TB.Helper()
	return MustApply(w.TB, w.Store, &graph.Batch{Put: nodes})
}

// Delete removes nodes by id as one batch.
func (w *World) Delete(ids ...string) *graph.ApplyResult {
	w.TB.Helper()
	return MustApply(w.TB, w.Store, &graph.Batch{Delete: ids})
}

// Instrument puts inst and n articles, each with one OBLIGATION-modality
// obligation: provisions "<id>/art_<i>" and obligations
// "<id>/art_<i>/obl_1", i from 1. It returns the obligations in order.
// Kind defaults to CONVENTION for a binding instrument and DECLARATION
// otherwise.
func (w *World) Instrument(inst *graph.Instrument, n int, themes ...graph.Theme) []*graph.Obligation {
	w.TB.Helper()
	if inst.Kind == "" {
		inst.Kind = graph.InstrumentDeclaration
		if inst.Binding {
			inst.Kind = graph.InstrumentConvention
		}
	}
	if inst.Title == "" {
		inst.Title = "Instrument " + inst.ID
	}
	nodes := []graph.Node{inst}
	obls := make([]*graph.Obligation, 0, n)
	for i := 1; i <= n; i++ {
		p := &graph.Provision{
			ID:           fmt.Sprintf("%s/art_%d", inst.ID, i),
			InstrumentID: inst.ID,
			Label:        fmt.Sprintf("Article %d", i),
			TextKind:     graph.TextSummary,
			Order:        i,
		}
		o := &graph.Obligation{
			ID:           p.ID + "/obl_1",
			InstrumentID: inst.ID,
			ProvisionID:  p.ID,
			Modality:     graph.ModalityObligation,
			Themes:       themes,
		}
		nodes = append(nodes, p, o)
		obls = append(obls, o)
	}
	w.Put(nodes...)
	return obls
}

// Convention puts a binding convention that enters into force after
// ratifications deposits, daysAfter days after the last needed one (and
// daysAfter days after its own deposit for a later party), with n
// obligations.
func (w *World) Convention(id string, adopted graph.Date, ratifications, daysAfter, n int) (*graph.Instrument, []*graph.Obligation) {
	w.TB.Helper()
	inst := &graph.Instrument{
		ID:      id,
		Kind:    graph.InstrumentConvention,
		Binding: true,
		Adopted: adopted,
		Rule:    graph.EntryRule{Ratifications: ratifications, DaysAfter: daysAfter, LaterPartyDaysAfter: daysAfter},
	}
	return inst, w.Instrument(inst, n)
}

// Declaration puts a non-binding declaration adopted on adopted, with n
// obligations.
func (w *World) Declaration(id string, adopted graph.Date, n int) (*graph.Instrument, []*graph.Obligation) {
	w.TB.Helper()
	inst := &graph.Instrument{ID: id, Kind: graph.InstrumentDeclaration, Adopted: adopted}
	return inst, w.Instrument(inst, n)
}

// State puts a state with its ISO 3166-1 alpha-3 code and the date it joined
// ASEAN (zero when it is not a member).
func (w *World) State(code string, aseanSince graph.Date) *graph.State {
	w.TB.Helper()
	s := &graph.State{Code: code, Name: "State " + code, ASEANSince: aseanSince}
	w.Put(s)
	return s
}

// Action puts a state action with id "<state>/<instrument>/<kind>" (kind in
// lower case), done on date and deposited on deposited (zero for none).
func (w *World) Action(state, instrument string, kind graph.ActionKind, date, deposited graph.Date) *graph.StateAction {
	w.TB.Helper()
	a := &graph.StateAction{
		ID:           fmt.Sprintf("%s/%s/%s", state, instrument, strings.ToLower(string(kind))),
		StateCode:    state,
		InstrumentID: instrument,
		Kind:         kind,
		Date:         date,
		Deposited:    deposited,
	}
	w.Put(a)
	return a
}

// Deposit puts a ratification by state of instrument, done and deposited on
// deposited.
func (w *World) Deposit(state, instrument string, deposited graph.Date) *graph.StateAction {
	w.TB.Helper()
	return w.Action(state, instrument, graph.ActionRatification, deposited, deposited)
}

// Sign puts a signature by state of instrument on date.
func (w *World) Sign(state, instrument string, date graph.Date) *graph.StateAction {
	w.TB.Helper()
	return w.Action(state, instrument, graph.ActionSignature, date, graph.Date{})
}

// Law puts a statute of state with id "<state in lower case>/<slug>",
// enacted (and in force) on enacted.
func (w *World) Law(state, slug string, enacted graph.Date) *graph.Law {
	w.TB.Helper()
	l := &graph.Law{
		ID:        strings.ToLower(state) + "/" + slug,
		StateCode: state,
		Title:     "Law " + slug,
		Number:    slug,
		Kind:      graph.LawStatute,
		Enacted:   enacted,
	}
	w.Put(l)
	return l
}

// Implement puts a link from law to obligation with id
// "<law>/implements/<obligation>".
func (w *World) Implement(law, obligation string, extent graph.Extent) *graph.Implementation {
	w.TB.Helper()
	im := &graph.Implementation{
		ID:           law + "/implements/" + obligation,
		LawID:        law,
		ObligationID: obligation,
		Extent:       extent,
	}
	w.Put(im)
	return im
}

// Evidence puts an evidence report about state with id
// "<state in lower case>/ev/<slug>", observed on date, with a finding on the
// given obligations.
func (w *World) Evidence(state, slug string, date graph.Date, finding graph.Finding, obligations ...string) *graph.Evidence {
	w.TB.Helper()
	e := &graph.Evidence{
		ID:            strings.ToLower(state) + "/ev/" + slug,
		StateCode:     state,
		Kind:          graph.EvidenceReport,
		Date:          date,
		ObligationIDs: obligations,
		Finding:       finding,
	}
	w.Put(e)
	return e
}

// Get reads the node of type T with id from the world's store, failing the
// test when there is none.
func Get[T graph.Node](w *World, id string) T {
	w.TB.Helper()
	n, err := graph.Get[T](context.Background(), w.Store, id)
	if err != nil {
		w.TB.Fatalf("graphtest: get %q: %v", id, err)
	}
	return n
}
