package graph

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// ReadStateFacts reads one state's facts through its reverse edges: its
// actions, laws (and their implementation links), evidence and reviews, in
// three rounds of neighbour scans and one of nodes. It returns ENOTFOUND,
// listing the valid codes, for an unknown state.
func ReadStateFacts(ctx context.Context, r Reader, code string) (*StateFacts, error) {
	ns, err := r.Nodes(ctx, []string{code})
	if err != nil {
		return nil, err
	}
	st, ok := ns[0].(*State)
	if !ok {
		return nil, unknownState(ctx, r, code)
	}
	from := []string{code}
	var ids []string
	for _, rel := range []Relation{RelStateActions, RelStateEvidence, RelStateReviews, RelStateLaws} {
		nb, err := r.Neighbors(ctx, rel, from)
		if err != nil {
			return nil, err
		}
		ids = append(ids, nb[0]...)
		if rel == RelStateLaws && len(nb[0]) > 0 {
			impl, err := r.Neighbors(ctx, RelLawImplementations, nb[0])
			if err != nil {
				return nil, err
			}
			for _, n := range impl {
				ids = append(ids, n...)
			}
		}
	}
	nodes, err := r.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	return stateFactsOf(st, nodes), nil
}

// stateFactsOf builds a state's facts from its nodes.
func stateFactsOf(st *State, nodes []Node) *StateFacts {
	sf := &StateFacts{
		State:    st,
		Actions:  map[string][]*StateAction{},
		Links:    map[string][]LinkFact{},
		Reviews:  map[string][]ReviewFact{},
		Direct:   map[string][]EvidenceFact{},
		Thematic: map[Theme][]EvidenceFact{},
	}
	laws := map[string]*Law{}
	var impls []*Implementation
	size := 512
	for _, n := range nodes {
		switch n := n.(type) {
		case *StateAction:
			sf.Actions[n.InstrumentID] = append(sf.Actions[n.InstrumentID], n)
			size += 512
		case *Law:
			laws[n.ID] = n
		case *Implementation:
			impls = append(impls, n)
		case *Review:
			if n.Date.IsZero() {
				continue // a review applies from its day; ingest requires one
			}
			sf.Reviews[n.InstrumentID] = append(sf.Reviews[n.InstrumentID], ReviewFact{
				ID: n.ID, from: dayOf(n.Date), allHeld: n.Scope == ReviewAllHeld,
				provisionIDs: n.ProvisionIDs, obligationIDs: n.ObligationIDs,
			})
			size += 128
		case *Evidence:
			if n.Date.IsZero() {
				continue // an undated observation cannot be placed before or after a day
			}
			f := EvidenceFact{ID: n.ID, on: dayOf(n.Date), finding: codeOf(n.Finding)}
			for _, o := range n.ObligationIDs {
				sf.Direct[o] = append(sf.Direct[o], f)
				size += 48
			}
			for _, t := range n.Themes {
				sf.Thematic[t] = append(sf.Thematic[t], f)
				size += 48
			}
			size += len(n.ID)
		}
	}
	for _, im := range impls {
		l := laws[im.LawID]
		if l == nil {
			continue
		}
		sf.Links[im.ObligationID] = append(sf.Links[im.ObligationID], LinkFact{
			ImplementationID: im.ID, LawID: l.ID,
			start: dayOf(cmp.Or(l.InForce, l.Enacted)), repealed: dayOf(l.Repealed), Full: im.Extent == ExtentFull,
		})
		size += 96 + len(im.ID) + len(im.ObligationID)
	}
	for _, list := range sf.Links {
		slices.SortFunc(list, func(a, b LinkFact) int {
			return cmp.Or(strings.Compare(a.LawID, b.LawID), strings.Compare(a.ImplementationID, b.ImplementationID))
		})
	}
	for _, list := range sf.Direct {
		slices.SortFunc(list, latestFirst)
	}
	for _, list := range sf.Thematic {
		slices.SortFunc(list, latestFirst)
	}
	sf.size = size
	return sf
}

// ReadInstrumentFacts reads the facts of the given instruments: each
// instrument, its obligations, and every state's consents to be bound, with
// its entry into force derived from them. It returns nil where an id names
// no instrument.
func ReadInstrumentFacts(ctx context.Context, r Reader, ids []string) ([]*InstrumentFacts, error) {
	insts, err := GetMany[*Instrument](ctx, r, ids)
	if err != nil {
		return nil, err
	}
	var have []string
	for _, in := range insts {
		if in != nil {
			have = append(have, in.ID)
		}
	}
	out := make([]*InstrumentFacts, len(ids))
	if len(have) == 0 {
		return out, nil
	}
	obIDs, err := r.Neighbors(ctx, RelInstrumentObligations, have)
	if err != nil {
		return nil, err
	}
	actIDs, err := r.Neighbors(ctx, RelInstrumentActions, have)
	if err != nil {
		return nil, err
	}
	provIDs, err := r.Neighbors(ctx, RelInstrumentProvisions, have)
	if err != nil {
		return nil, err
	}
	var flat []string
	for k := range have {
		flat = append(flat, obIDs[k]...)
		flat = append(flat, actIDs[k]...)
		flat = append(flat, provIDs[k]...)
	}
	nodes, err := r.Nodes(ctx, flat)
	if err != nil {
		return nil, err
	}
	i, k := 0, 0
	for j, in := range insts {
		if in == nil {
			continue
		}
		f := &InstrumentFacts{Instrument: in}
		n := len(obIDs[k]) + len(actIDs[k]) + len(provIDs[k])
		for _, node := range nodes[i : i+n] {
			switch node := node.(type) {
			case *Obligation:
				f.Obligations = append(f.Obligations, node)
			case *StateAction:
				if c, ok := consentOf(node); ok {
					f.Consents = append(f.Consents, c)
				}
			case *Provision:
				if node.TextKind == TextVerbatim {
					f.heldVerbatim++
				} else {
					f.heldSummary++
				}
				if node.Incomplete {
					f.incomplete = append(f.incomplete, node.ID)
				}
			}
		}
		i += n
		k++
		f.Entry = entryIntoForce(f)
		out[j] = f
	}
	return out, nil
}

// consentOf returns the consent fact of a consent to be bound.
func consentOf(a *StateAction) (ConsentFact, bool) {
	if !a.Kind.ConsentsToBeBound() {
		return ConsentFact{}, false
	}
	c := ConsentFact{ActionID: a.ID, StateCode: a.StateCode, Kind: a.Kind}
	switch {
	case !a.Deposited.IsZero():
		c.on, c.shown = dayOf(a.Deposited), a.Deposited
	case !a.DepositedBefore.IsZero():
		c.before, c.shown = dayOf(a.DepositedBefore.First()), a.DepositedBefore
	case !a.Date.IsZero():
		c.on, c.shown = dayOf(a.Date), a.Date
	}
	return c, true
}

// unknownState is the one error for a state code the graph does not hold.
func unknownState(ctx context.Context, r Reader, code string) error {
	codes, err := r.IDs(ctx, KindState)
	if err != nil {
		return err
	}
	return Errorf(ENOTFOUND, "state %q not found: valid codes are %s", code, strings.Join(codes, ", "))
}

// unknownInstrument is the one error for an instrument id the graph does
// not hold.
func unknownInstrument(ctx context.Context, r Reader, id string) error {
	ids, err := r.IDs(ctx, KindInstrument)
	if err != nil {
		return err
	}
	return Errorf(ENOTFOUND, "instrument %q not found: valid ids are %s", id, strings.Join(ids, ", "))
}
