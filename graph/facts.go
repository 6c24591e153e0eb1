package graph

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// The compliance rules read a state's facts and an instrument's facts, never
// the store. This file holds those facts, in a compact form built for the
// rules: days as ordered numbers, findings in one byte, evidence sorted
// latest first, links and evidence by obligation id. facts_read.go builds
// them from a Reader, in one place.

// day is a day as an ordered number (20170308): the latest day a Date
// allows, or 0 for an unknown date. The rules compare days through it.
type day int32

// dayOf returns the latest day d allows, or 0 when d is unknown.
func dayOf(d Date) day {
	if d.IsZero() {
		return 0
	}
	l := d.Last()
	return day(l.Year*10000 + l.Month*100 + l.Day)
}

// date returns the day as a Date.
func (d day) date() Date {
	if d == 0 {
		return Date{}
	}
	return Date{Year: int(d) / 10000, Month: int(d) / 100 % 100, Day: int(d) % 100}
}

// addDays returns the day n days later.
func (d day) addDays(n int) day { return dayOf(d.date().AddDays(n)) }

// StateFacts is everything the rules weigh about one state: its actions by
// instrument, the implementation links of its laws and the reviews of its
// law by obligation or instrument, and its dated evidence, direct by
// obligation and thematic by theme, latest first. Facts are never changed
// once built, so they are shared between calls.
type StateFacts struct {
	State    *State
	Actions  map[string][]*StateAction // by instrument id
	Links    map[string][]LinkRow      // by obligation id, slices of the block's rows
	Reviews  map[string][]ReviewFact   // by instrument id
	Direct   map[string][]EvidenceFact // by obligation id, latest first
	Thematic map[Theme][]EvidenceFact  // latest first
	size     int                       // rough bytes, for the cache
	laws     []LawRow                  // by id, for reasons (lawRow)
	// evidenceRepeats is true when an item of evidence can be met twice
	// in the lists weighed for one obligation (it names an obligation
	// twice, or has more than one theme).
	evidenceRepeats bool

	// aligned holds, by instrument id, the links of each of the
	// instrument's obligations in its obligation order, so that the rules
	// look nothing up by obligation id on the hot path; made on first use.
	mu      sync.Mutex
	aligned map[string][][]LinkRow
	// alignedDirect holds, likewise, the direct evidence of each
	// obligation (directOf).
	alignedDirect map[string][][]EvidenceFact

	// consentedOnce makes consentedIDs: the instruments the state has
	// acted to be bound by, in id order (consented).
	consentedOnce sync.Once
	consentedIDs  []string

	// lawsByID finds a law's row (lawRow); made once, when first asked.
	lawsOnce sync.Once
	lawsByID map[string]*LawRow

	// inForce keeps the words that say how an instrument came into force
	// for the state through a consent (inForceWords), by instrument and
	// consent id: they depend on neither the day asked nor the request.
	inForce sync.Map
	// practiceKept keeps the lines that say an item of evidence decided a
	// practice status, by the item's place (EvidenceFact.at; practiceLine):
	// they depend on neither the day asked nor the request.
	practiceKept []atomic.Pointer[practiceLines]
	// consentWindows keeps each instrument's consent windows (windows).
	consentWindows sync.Map
	// boundLines keeps the standing reasons of a state bound since a known
	// day, by consent (keptStandingReasons).
	boundLines sync.Map
}

// directOf returns the state's direct evidence of each obligation of the
// instrument, in the instrument's obligation order.
func (sf *StateFacts) directOf(inf *InstrumentFacts) [][]EvidenceFact {
	id := inf.Instrument.ID
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if l, ok := sf.alignedDirect[id]; ok && len(l) == len(inf.Obligations) {
		return l
	}
	l := make([][]EvidenceFact, len(inf.Obligations))
	for j, ob := range inf.Obligations {
		l[j] = sf.Direct[ob.ID]
	}
	if sf.alignedDirect == nil {
		sf.alignedDirect = map[string][][]EvidenceFact{}
	}
	sf.alignedDirect[id] = l
	return l
}

// linksOf returns the state's links to each obligation of the instrument,
// in the instrument's obligation order.
func (sf *StateFacts) linksOf(inf *InstrumentFacts) [][]LinkRow {
	id := inf.Instrument.ID
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if l, ok := sf.aligned[id]; ok && len(l) == len(inf.Obligations) {
		return l
	}
	l := make([][]LinkRow, len(inf.Obligations))
	for j, ob := range inf.Obligations {
		l[j] = sf.Links[ob.ID]
	}
	if sf.aligned == nil {
		sf.aligned = map[string][][]LinkRow{}
	}
	sf.aligned[id] = l
	return l
}

// lawRow returns the row of one of the state's laws, nil when the facts
// hold none.
func (sf *StateFacts) lawRow(id string) *LawRow {
	sf.lawsOnce.Do(func() {
		sf.lawsByID = make(map[string]*LawRow, len(sf.laws))
		for i := range sf.laws {
			sf.lawsByID[sf.laws[i].ID] = &sf.laws[i]
		}
	})
	return sf.lawsByID[id]
}

// consented lists the instruments the state has acted to be bound by
// (consentsTo), in id order; made once.
func (sf *StateFacts) consented() []string {
	sf.consentedOnce.Do(func() {
		for id := range sf.Actions {
			if sf.consentsTo(id) {
				sf.consentedIDs = append(sf.consentedIDs, id)
			}
		}
		slices.Sort(sf.consentedIDs)
	})
	return sf.consentedIDs
}

// A link (LinkRow) as the legal rule weighs it: from when to when its law
// counts, and whether it implements fully.
//
// A date known only to the year or month spans a period from its first day
// to its last. The law surely stands from the last day of its entry into
// force (else enactment) (start) until the day before the first day of its
// repeal (repealedFrom); it surely does not before the first day of its
// entry into force (startFrom) or from the last day of its repeal
// (repealed) on. On the days between, whether it stands is not known: the
// link may count, but does not surely count. The days are LinkRow's
// StartFrom, Start, RepealedFrom and Repealed.

// countsOn reports whether the link's law is surely in force on d: in
// force, else enacted, on or before d, and not repealed on any day the
// repeal's date allows on or before d.
func (l *LinkRow) countsOn(d day) bool {
	return l.Start != 0 && day(l.Start) <= d && (l.Repealed == 0 || day(l.RepealedFrom) > d)
}

// mayCountOn reports whether whether the link's law is in force on d is not
// known: it neither surely counts nor surely does not (d lies in the period
// of its entry into force or of its repeal, before the repeal's last day).
func (l *LinkRow) mayCountOn(d day) bool {
	return l.StartFrom != 0 && day(l.StartFrom) <= d && (l.Repealed == 0 || d < day(l.Repealed)) && !l.countsOn(d)
}

// ReviewFact is a review as the legal rule needs it: from when it applies
// and what it covers.
type ReviewFact struct {
	ID            string
	from          day
	allHeld       bool
	provisionIDs  []string
	obligationIDs []string
	row           *ReviewRow // for reasons
}

// covers reports whether the review covers the obligation (of the review's
// instrument).
func (r ReviewFact) covers(ob *Obligation) bool {
	if r.allHeld || slices.Contains(r.obligationIDs, ob.ID) {
		return true
	}
	for _, p := range r.provisionIDs {
		if Covers(p, ob.ProvisionID) {
			return true
		}
	}
	return false
}

// EvidenceFact is an item of dated evidence as the practice rule needs it.
type EvidenceFact struct {
	ID      string
	on      day
	finding findingCode
	row     *EvidenceRow // for reasons
	at      int32        // the row's place in its facts' evidence (StateFacts.practiceKept)
}

// findingCode is a Finding in one byte.
type findingCode uint8

const (
	findingEffective findingCode = iota + 1
	findingGap
	findingMixed
)

func codeOf(f Finding) findingCode {
	switch f {
	case FindingEffective:
		return findingEffective
	case FindingGap:
		return findingGap
	}
	return findingMixed
}

// latestFirst orders evidence latest first, then by id.
func latestFirst(a, b EvidenceFact) int {
	return cmp.Or(cmp.Compare(b.on, a.on), strings.Compare(a.ID, b.ID))
}

// consentsTo reports whether the state recorded a consent to be bound by
// the instrument (dated or not).
func (sf *StateFacts) consentsTo(instrumentID string) bool {
	return slices.ContainsFunc(sf.Actions[instrumentID], func(a *StateAction) bool { return a.Kind.ConsentsToBeBound() })
}

// InstrumentFacts is what the rules weigh about one instrument: the node,
// its obligations in id order, every state's consents to be bound (for its
// entry into force) and that entry into force, derived once.
type InstrumentFacts struct {
	Instrument  *Instrument
	Obligations []*Obligation
	// themeCodes are the obligations' themes, packed (themesCode).
	themeCodes []uint64
	Consents   []ConsentFact
	Entry      EntryDecision
	// held counts the provisions the graph holds, verbatim and as summaries.
	heldVerbatim, heldSummary int
	incomplete                []string
}

// themeCode returns the packed themes of the j-th obligation (themesCode);
// 0 (not packed) for facts not made from a block, or j < 0 (its place not
// known).
func (f *InstrumentFacts) themeCode(j int) uint64 {
	if j >= 0 && j < len(f.themeCodes) {
		return f.themeCodes[j]
	}
	return 0
}

// ConsentFact is one consent to be bound, of any state, with the window
// its deposit lies in: from the earliest day it can have been made to the
// latest. A deposit held to the day is a window of one day; one held to a
// month or a year spans it; one known only to precede a day runs from the
// instrument's adoption to the day before; one dated only by its domestic
// act, or not at all, has no latest day (to is 0): a deposit comes on or
// after its act, and nothing says when.
type ConsentFact struct {
	ActionID  string
	StateCode string
	Kind      ActionKind
	from, to  day
	dating    consentDating
	shown     Date // the date the window rests on, as its source gives it
}

// consentDating says what a consent's window rests on.
type consentDating uint8

const (
	datedUndated consentDating = iota // no deposit, no act date
	datedDeposit                      // a deposit, to the day, month or year
	datedBefore                       // a deposit known only to precede a day
	datedAct                          // the domestic act only: a lower bound
)

// exact reports whether the deposit is known to the day.
func (c ConsentFact) exact() bool { return c.from != 0 && c.from == c.to }

// firstDayOf returns the earliest day d allows, or 0 when d is unknown.
func firstDayOf(d Date) day { return dayOf(d.First()) }
