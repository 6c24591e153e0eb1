package graph

import "testing"

// The rules' own tests build a state's and an instrument's facts from
// nodes, with no store: what the engine reads, the rules weigh.

// facts builds the facts of the given nodes.
type facts struct{ b *FactsBuilder }

func newFacts(nodes ...Node) *facts {
	f := &facts{b: NewFactsBuilder()}
	for _, n := range nodes {
		f.b.Add(n)
	}
	return f
}

func (f *facts) state(t *testing.T, code string) *StateFacts {
	t.Helper()
	sb := f.b.StateBlock(code)
	if sb == nil {
		t.Fatalf("no facts of state %s", code)
	}
	return sb.Facts()
}

func (f *facts) instrument(t *testing.T, id string) *InstrumentFacts {
	t.Helper()
	ib := f.b.InstrumentBlock(id)
	if ib == nil {
		t.Fatalf("no facts of instrument %s", id)
	}
	return ib.Facts()
}

var md = MustDate

// convention is a binding instrument needing n deposits, in force 30 days
// after the n-th.
func convention(id string, n int, complete bool) *Instrument {
	return &Instrument{ID: id, ShortTitle: id, Kind: InstrumentConvention, Binding: true, Adopted: md("2015-11-21"),
		Rule: EntryRule{Ratifications: n, DaysAfter: 30, LaterPartyDaysAfter: 30, Article: "Article 29", ConsentsComplete: complete}}
}

func state(code string) *State { return &State{Code: code, Name: "State " + code} }

// consent is a ratification with the given act, deposit and "before" dates
// ("" for none).
func consent(code, inst, act, deposited, before string) *StateAction {
	opt := func(s string) Date {
		if s == "" {
			return Date{}
		}
		return md(s)
	}
	return &StateAction{ID: code + "/" + inst + "/ratification", StateCode: code, InstrumentID: inst, Kind: ActionRatification,
		Date: opt(act), Deposited: opt(deposited), DepositedBefore: opt(before)}
}
