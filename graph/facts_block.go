package graph

import (
	"cmp"
	"slices"
	"strings"
	"sync/atomic"
)

// A fact block is a state's or an instrument's facts in a form a store can
// keep beside the records they derive from, written in the same transaction,
// so that a cold engine reads one value per state instead of decoding every
// node of it. FactsBuilder makes them from nodes, in one pass; the engine
// turns a block back into facts (Facts). ReadStateFacts and
// ReadInstrumentFacts build through the same FactsBuilder, so a block and
// a read from the nodes give the same facts.

// StateBlock is the stored form of a state's facts. Beside what the rules
// weigh, its rows carry the few fields of the nodes that reasons put in
// words (a law's number and dates, a link's articles, a review's reader
// and method, an item of evidence's kind and date as given), so that
// explaining a record reads no node.
type StateBlock struct {
	State    *State
	Actions  []*StateAction
	Laws     []LawRow
	Links    []LinkRow
	Reviews  []ReviewRow
	Evidence []EvidenceRow
}

// LawRow is one law of the state as reasons name it and date it.
type LawRow struct {
	ID, Number                 string
	Enacted, InForce, Repealed Date
}

// LinkRow is one implementation link with its law's days and the articles
// of the law it names. StartFrom and Start are the first and the last day
// the law's date of entry into force (else of enactment) allows;
// RepealedFrom and Repealed the first and the last day its repeal's date
// allows (each pair equal for a date known to the day; 0 when not known,
// and for a repeal while the law stands).
type LinkRow struct {
	Obligation, Implementation, Law          string
	StartFrom, Start, RepealedFrom, Repealed int32
	Full                                     bool
	Articles                                 []string `json:",omitempty"`
}

// ReviewRow is one review as the legal rule weighs it, and as reasons
// describe it (its day, method, reviewer, and what it read).
type ReviewRow struct {
	ID, Instrument string
	From           int32
	AllHeld        bool
	Provisions     []string `json:",omitempty"`
	Obligations    []string `json:",omitempty"`
	Date           Date
	Method         ReviewMethod
	Reviewer       string
	Laws           []string `json:",omitempty"`
	Articles       []string `json:",omitempty"`
}

// EvidenceRow is one dated item of evidence as the practice rule weighs it,
// with its kind and its date as given (On is the latest day it allows).
type EvidenceRow struct {
	ID          string
	On          int32
	Finding     Finding
	Obligations []string `json:",omitempty"`
	Themes      []Theme  `json:",omitempty"`
	Kind        EvidenceKind
	Date        Date
}

// InstrumentBlock is the stored form of an instrument's facts.
type InstrumentBlock struct {
	Instrument   *Instrument
	Obligations  []*Obligation
	Consents     []ConsentRow
	HeldVerbatim int
	HeldSummary  int
	Incomplete   []string `json:",omitempty"`
}

// ConsentRow is one consent to be bound of any state, with the dates its
// window is derived from (consentOf).
type ConsentRow struct {
	Action, State   string
	Kind            ActionKind
	Deposited       Date
	DepositedBefore Date
	Act             Date
}

// FactsBuilder collects nodes into states' and instruments' fact blocks.
// Nodes may come in any order, except that a law must come before the
// implementation links of it (as in a store's stream, where every
// reference names an earlier node).
type FactsBuilder struct {
	states map[string]*StateBlock
	laws   map[string]lawDays
	insts  map[string]*InstrumentBlock
}

type lawDays struct {
	state                                    string
	startFrom, start, repealedFrom, repealed int32
}

// NewFactsBuilder returns an empty builder.
func NewFactsBuilder() *FactsBuilder {
	return &FactsBuilder{states: map[string]*StateBlock{}, laws: map[string]lawDays{}, insts: map[string]*InstrumentBlock{}}
}

func (b *FactsBuilder) state(code string) *StateBlock {
	sb := b.states[code]
	if sb == nil {
		sb = &StateBlock{}
		b.states[code] = sb
	}
	return sb
}

func (b *FactsBuilder) instrument(id string) *InstrumentBlock {
	ib := b.insts[id]
	if ib == nil {
		ib = &InstrumentBlock{}
		b.insts[id] = ib
	}
	return ib
}

// Add adds one node. An implementation link whose law was not added is
// left out: it counts for no state.
func (b *FactsBuilder) Add(n Node) {
	switch n := n.(type) {
	case *State:
		b.state(n.Code).State = n
	case *StateAction:
		b.state(n.StateCode).Actions = append(b.state(n.StateCode).Actions, n)
		if n.Kind.ConsentsToBeBound() {
			ib := b.instrument(n.InstrumentID)
			ib.Consents = append(ib.Consents, ConsentRow{Action: n.ID, State: n.StateCode, Kind: n.Kind, Deposited: n.Deposited, DepositedBefore: n.DepositedBefore, Act: n.Date})
		}
	case *Law:
		b.laws[n.ID] = lawDays{state: n.StateCode, startFrom: int32(firstDayOf(cmp.Or(n.InForce, n.Enacted))), start: int32(dayOf(cmp.Or(n.InForce, n.Enacted))),
			repealedFrom: int32(firstDayOf(n.Repealed)), repealed: int32(dayOf(n.Repealed))}
		sb := b.state(n.StateCode)
		sb.Laws = append(sb.Laws, LawRow{ID: n.ID, Number: n.Number, Enacted: n.Enacted, InForce: n.InForce, Repealed: n.Repealed})
	case *Implementation:
		l, ok := b.laws[n.LawID]
		if !ok {
			return
		}
		sb := b.state(l.state)
		sb.Links = append(sb.Links, LinkRow{Obligation: n.ObligationID, Implementation: n.ID, Law: n.LawID, StartFrom: l.startFrom, Start: l.start, RepealedFrom: l.repealedFrom, Repealed: l.repealed, Full: n.Extent == ExtentFull, Articles: n.Articles})
	case *Review:
		if n.Date.IsZero() {
			return // a review applies from its day; ingest requires one
		}
		sb := b.state(n.StateCode)
		sb.Reviews = append(sb.Reviews, ReviewRow{ID: n.ID, Instrument: n.InstrumentID, From: int32(dayOf(n.Date)), AllHeld: n.Scope == ReviewAllHeld, Provisions: n.ProvisionIDs, Obligations: n.ObligationIDs,
			Date: n.Date, Method: n.Method, Reviewer: n.Reviewer, Laws: n.LawIDs, Articles: n.Articles})
	case *Evidence:
		if n.Date.IsZero() {
			return // an undated observation cannot be placed before or after a day
		}
		sb := b.state(n.StateCode)
		sb.Evidence = append(sb.Evidence, EvidenceRow{ID: n.ID, On: int32(dayOf(n.Date)), Finding: n.Finding, Obligations: n.ObligationIDs, Themes: n.Themes, Kind: n.Kind, Date: n.Date})
	case *Instrument:
		b.instrument(n.ID).Instrument = n
	case *Obligation:
		ib := b.instrument(n.InstrumentID)
		ib.Obligations = append(ib.Obligations, n)
	case *Provision:
		ib := b.instrument(n.InstrumentID)
		if n.TextKind == TextVerbatim {
			ib.HeldVerbatim++
		} else {
			ib.HeldSummary++
		}
		if n.Incomplete {
			ib.Incomplete = append(ib.Incomplete, n.ID)
		}
	}
}

// StateBlocks returns the block of every state added (those with no State
// node are left out), sorted so that equal inputs give equal blocks.
func (b *FactsBuilder) StateBlocks() map[string]*StateBlock {
	out := make(map[string]*StateBlock, len(b.states))
	for _, code := range b.StateCodes() {
		out[code] = b.StateBlock(code)
	}
	return out
}

// StateCodes lists the states with a block, in no order.
func (b *FactsBuilder) StateCodes() []string {
	codes := make([]string, 0, len(b.states))
	for code, sb := range b.states {
		if sb.State != nil {
			codes = append(codes, code)
		}
	}
	return codes
}

// StateBlock returns one state's block, sorted (nil when no State node was
// added). Blocks of different states may be asked for at the same time.
func (b *FactsBuilder) StateBlock(code string) *StateBlock {
	sb := b.states[code]
	if sb == nil || sb.State == nil {
		return nil
	}
	slices.SortFunc(sb.Actions, func(x, y *StateAction) int { return strings.Compare(x.ID, y.ID) })
	slices.SortFunc(sb.Laws, lawRowOrder)
	slices.SortFunc(sb.Links, linkRowOrder)
	slices.SortFunc(sb.Reviews, func(x, y ReviewRow) int { return strings.Compare(x.ID, y.ID) })
	slices.SortFunc(sb.Evidence, evidenceRowOrder)
	return sb
}

// InstrumentBlocks returns the block of every instrument added (those with
// no Instrument node are left out), sorted likewise.
func (b *FactsBuilder) InstrumentBlocks() map[string]*InstrumentBlock {
	out := make(map[string]*InstrumentBlock, len(b.insts))
	for _, id := range b.InstrumentIDs() {
		out[id] = b.InstrumentBlock(id)
	}
	return out
}

// InstrumentIDs lists the instruments with a block, in no order.
func (b *FactsBuilder) InstrumentIDs() []string {
	ids := make([]string, 0, len(b.insts))
	for id, ib := range b.insts {
		if ib.Instrument != nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// InstrumentBlock returns one instrument's block, sorted (nil when no
// Instrument node was added); like StateBlock, safe to ask concurrently for
// different instruments.
func (b *FactsBuilder) InstrumentBlock(id string) *InstrumentBlock {
	ib := b.insts[id]
	if ib == nil || ib.Instrument == nil {
		return nil
	}
	slices.SortFunc(ib.Obligations, func(x, y *Obligation) int { return strings.Compare(x.ID, y.ID) })
	slices.SortFunc(ib.Consents, func(x, y ConsentRow) int { return strings.Compare(x.Action, y.Action) })
	slices.Sort(ib.Incomplete)
	return ib
}

// Facts turns a state block into the facts the rules weigh (nil for nil).
// The links and the direct evidence of all obligations share one array
// each, cut into exact slices per obligation: a world-scale state has
// thousands of each, and growing a slice per obligation left a third of
// their memory unused.
func (sb *StateBlock) Facts() *StateFacts {
	if sb == nil {
		return nil
	}
	sf := &StateFacts{
		State:    sb.State,
		Actions:  map[string][]*StateAction{},
		Reviews:  map[string][]ReviewFact{},
		Thematic: map[Theme][]EvidenceFact{},
	}
	size := 512
	for _, a := range sb.Actions {
		sf.Actions[a.InstrumentID] = append(sf.Actions[a.InstrumentID], a)
		size += 512
	}
	links := sb.Links
	if !slices.IsSortedFunc(links, linkRowOrder) {
		links = slices.SortedFunc(slices.Values(links), linkRowOrder)
	}
	laws := sb.Laws
	if !slices.IsSortedFunc(laws, lawRowOrder) {
		laws = slices.SortedFunc(slices.Values(laws), lawRowOrder)
	}
	sf.laws = laws
	size += 96 * len(laws)
	for i := range links {
		size += 40 + len(links[i].Implementation) + len(links[i].Obligation)
	}
	// Each obligation's links are a slice of the block's rows: no copy.
	sf.Links = cutByKey(links, func(i int) string { return links[i].Obligation })
	for i := range sb.Reviews {
		r := &sb.Reviews[i]
		sf.Reviews[r.Instrument] = append(sf.Reviews[r.Instrument], ReviewFact{ID: r.ID, from: day(r.From), allHeld: r.AllHeld, provisionIDs: r.Provisions, obligationIDs: r.Obligations, row: r})
		size += 192
	}
	// Evidence comes latest first (evidenceRowOrder), so that each
	// obligation's and theme's list is made in its order: counted per
	// obligation, then placed, with no sort.
	evidence := sb.Evidence
	if !slices.IsSortedFunc(evidence, evidenceRowOrder) {
		evidence = slices.SortedFunc(slices.Values(evidence), evidenceRowOrder)
	}
	group := map[string]int{} // obligation → its run in facts
	var counts []int
	for i := range evidence {
		e := &evidence[i]
		if len(e.Themes) > 1 || hasRepeat(e.Obligations) {
			sf.evidenceRepeats = true
		}
		for _, o := range e.Obligations {
			g, ok := group[o]
			if !ok {
				g = len(counts)
				group[o] = g
				counts = append(counts, 0)
			}
			counts[g]++
			size += 48
		}
		size += len(e.ID)
	}
	at := make([]int, len(counts)+1)
	for g, n := range counts {
		at[g+1] = at[g] + n
	}
	facts := make([]EvidenceFact, at[len(counts)])
	sf.practiceKept = make([]atomic.Pointer[practiceLines], len(evidence))
	next := slices.Clone(at[:len(counts)])
	for i := range evidence {
		e := &evidence[i]
		f := EvidenceFact{ID: e.ID, on: day(e.On), finding: codeOf(e.Finding), row: e, at: int32(i)}
		for _, o := range e.Obligations {
			g := group[o]
			facts[next[g]] = f
			next[g]++
		}
		for _, t := range e.Themes {
			sf.Thematic[t] = append(sf.Thematic[t], f)
			size += 48
		}
	}
	sf.Direct = make(map[string][]EvidenceFact, len(group))
	for o, g := range group {
		sf.Direct[o] = facts[at[g]:at[g+1]:at[g+1]]
	}
	sf.size = size
	return sf
}

// linkRowOrder orders links by obligation, then law, then implementation:
// the order of a state block, and of each obligation's links in its facts.
func linkRowOrder(x, y LinkRow) int {
	return cmp.Or(strings.Compare(x.Obligation, y.Obligation), strings.Compare(x.Law, y.Law), strings.Compare(x.Implementation, y.Implementation))
}

// lawRowOrder orders laws by id: the order of a state block.
func lawRowOrder(x, y LawRow) int { return strings.Compare(x.ID, y.ID) }

// hasRepeat reports whether a value occurs twice in l.
func hasRepeat(l []string) bool {
	for i := range l {
		if slices.Contains(l[:i], l[i]) {
			return true
		}
	}
	return false
}

// evidenceRowOrder orders evidence latest first, then by id (latestFirst):
// the order of a state block.
func evidenceRowOrder(x, y EvidenceRow) int {
	return cmp.Or(cmp.Compare(y.On, x.On), strings.Compare(x.ID, y.ID))
}

// cutByKey cuts vals, sorted by key(i), into one exact slice per key, all
// sharing vals' array.
func cutByKey[T any](vals []T, key func(i int) string) map[string][]T {
	runs := 0
	for i := range vals {
		if i == 0 || key(i) != key(i-1) {
			runs++
		}
	}
	out := make(map[string][]T, runs)
	for lo := 0; lo < len(vals); {
		k, hi := key(lo), lo+1
		for hi < len(vals) && key(hi) == k {
			hi++
		}
		out[k] = vals[lo:hi:hi]
		lo = hi
	}
	return out
}

// Facts turns an instrument block into the facts the rules weigh, deriving
// its entry into force (nil for nil).
func (ib *InstrumentBlock) Facts() *InstrumentFacts {
	if ib == nil {
		return nil
	}
	f := &InstrumentFacts{Instrument: ib.Instrument, Obligations: ib.Obligations,
		heldVerbatim: ib.HeldVerbatim, heldSummary: ib.HeldSummary, incomplete: ib.Incomplete}
	f.themeCodes = make([]uint64, len(ib.Obligations))
	for j, ob := range ib.Obligations {
		f.themeCodes[j] = themesCode(ob.Themes)
	}
	floor := firstDayOf(ib.Instrument.Adopted)
	for _, c := range ib.Consents {
		a := StateAction{ID: c.Action, StateCode: c.State, Kind: c.Kind, Deposited: c.Deposited, DepositedBefore: c.DepositedBefore, Date: c.Act}
		cf, _ := consentOf(&a, floor)
		f.Consents = append(f.Consents, cf)
	}
	f.Entry = entryIntoForce(f)
	return f
}

// StateBlockOf builds one state's block from its nodes.
func StateBlockOf(nodes []Node) *StateBlock {
	b := NewFactsBuilder()
	// Laws first: links name them.
	for _, n := range nodes {
		if _, ok := n.(*Law); ok {
			b.Add(n)
		}
	}
	var code string
	for _, n := range nodes {
		switch n := n.(type) {
		case *Law:
		case *State:
			code = n.Code
			b.Add(n)
		default:
			b.Add(n)
		}
	}
	return b.StateBlocks()[code]
}
