package graph

import (
	"context"
	"strings"
)

// ReadStateFacts reads one state's facts through its reverse edges: its
// actions, laws (and their implementation links), evidence and reviews, in
// three rounds of neighbour scans and one of nodes. It returns ENOTFOUND,
// listing the valid codes, for an unknown state.
func ReadStateFacts(ctx context.Context, r Reader, code string) (*StateFacts, error) {
	sb, err := ReadStateBlock(ctx, r, code)
	if err != nil {
		return nil, err
	}
	if sb == nil {
		return nil, unknownState(ctx, r, code)
	}
	return sb.Facts(), nil
}

// ReadStateBlock reads one state's fact block from its nodes (see
// ReadStateFacts); nil for an unknown state.
func ReadStateBlock(ctx context.Context, r Reader, code string) (*StateBlock, error) {
	ns, err := r.Nodes(ctx, []string{code})
	if err != nil {
		return nil, err
	}
	st, ok := ns[0].(*State)
	if !ok {
		return nil, nil
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
	return StateBlockOf(append(nodes, st)), nil
}

// FactStore is implemented by a Reader that keeps fact blocks beside the
// records they derive from (written in the same transaction). A block not
// kept is nil, and the engine reads the nodes instead.
type FactStore interface {
	StateBlock(ctx context.Context, code string) (*StateBlock, error)
	InstrumentBlocks(ctx context.Context, ids []string) ([]*InstrumentBlock, error)
}

// ReadInstrumentFacts reads the facts of the given instruments: each
// instrument, its obligations, and every state's consents to be bound, with
// its entry into force derived from them. It returns nil where an id names
// no instrument.
func ReadInstrumentFacts(ctx context.Context, r Reader, ids []string) ([]*InstrumentFacts, error) {
	bs, err := ReadInstrumentBlocks(ctx, r, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*InstrumentFacts, len(bs))
	for i, b := range bs {
		if b != nil {
			out[i] = b.Facts()
		}
	}
	return out, nil
}

// ReadInstrumentBlocks reads the fact blocks of the given instruments from
// their nodes, nil where an id names no instrument.
func ReadInstrumentBlocks(ctx context.Context, r Reader, ids []string) ([]*InstrumentBlock, error) {
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
	out := make([]*InstrumentBlock, len(ids))
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
		b := NewFactsBuilder()
		b.Add(in)
		n := len(obIDs[k]) + len(actIDs[k]) + len(provIDs[k])
		for _, node := range nodes[i : i+n] {
			if node != nil {
				b.Add(node)
			}
		}
		i += n
		k++
		out[j] = b.InstrumentBlocks()[in.ID]
	}
	return out, nil
}

// consentOf returns the consent fact of a consent to be bound; floor is the
// earliest day a deposit can have been made (the instrument's adoption, or
// the state's signature), 0 when not known.
func consentOf(a *StateAction, floor day) (ConsentFact, bool) {
	if !a.Kind.ConsentsToBeBound() {
		return ConsentFact{}, false
	}
	c := ConsentFact{ActionID: a.ID, StateCode: a.StateCode, Kind: a.Kind}
	switch {
	case !a.Deposited.IsZero():
		c.from, c.to, c.dating, c.shown = firstDayOf(a.Deposited), dayOf(a.Deposited), datedDeposit, a.Deposited
	case !a.DepositedBefore.IsZero():
		c.from, c.to, c.dating, c.shown = floor, firstDayOf(a.DepositedBefore).addDays(-1), datedBefore, a.DepositedBefore
		if !a.Date.IsZero() {
			c.from = max(c.from, firstDayOf(a.Date))
		}
	case !a.Date.IsZero():
		c.from, c.dating, c.shown = max(floor, firstDayOf(a.Date)), datedAct, a.Date
	default:
		c.from = floor
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
