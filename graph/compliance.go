package graph

import (
	"context"
	"slices"
	"sync"
)

// ComplianceRecord is the engine's answer for one state, one obligation and
// one date. Its reasons, warnings and the ids of what was weighed are built
// only when asked for (the methods below), so that a lean gap list or a
// heatmap never builds prose.
type ComplianceRecord struct {
	StateCode    string
	ObligationID string
	InstrumentID string
	AsOf         Date

	// Standing says how the state stands towards the instrument on AsOf.
	// Bound is true only when the state is known to be bound; when that is
	// not known (BoundKnown is false), it is false and means nothing.
	// BoundSince is the day it became bound (zero when only a window is
	// known: BoundNoEarlierThan, BoundNoLaterThan), BoundByID the consent
	// in effect.
	Standing           Standing
	Bound              bool
	BoundKnown         bool
	BoundSince         Date
	BoundNoEarlierThan Date
	BoundNoLaterThan   Date
	BoundByID          string
	// Committed is true for a non-binding instrument the state endorsed or
	// was an ASEAN member for when it was adopted. Commitments are reported
	// apart from binding obligations.
	Committed bool

	// Nature says whether domestic law can implement the obligation.
	Nature ObligationNature
	Legal  LegalStatus
	// ReviewID names the review that makes Legal NONE.
	ReviewID string
	// Reservation is the state's reservation that covers the obligation's
	// provision, when Legal is RESERVED.
	Reservation *Reservation

	ctx    *recordContext
	ob     *Obligation
	links  []LinkRow      // the state's links to the obligation, weighed
	direct []EvidenceFact // the state's direct evidence of it (sf.Direct)
	themes uint64         // its themes, packed (themesCode), or 0 when not yet

	// practice is decided when first asked (Practice): a gap list under
	// LAW that does not select it never weighs evidence.
	practiceOnce sync.Once
	practice     PracticeDecision
	// outcomes holds the outcome under each basis once decided (Outcome).
	outcomes [3]Outcome
}

// basisIndex numbers the bases for ComplianceRecord.outcomes.
func basisIndex(b Basis) int {
	switch b {
	case BasisPractice:
		return 1
	case BasisEither:
		return 2
	}
	return 0
}

// Outcome is how the record counts under basis (empty: LAW), as the gap
// rule decides it (gap.go), with the modalities of the question that made
// the record (the default ones otherwise): the value the dashboard, the
// desk and the exports draw, never derive.
func (r *ComplianceRecord) Outcome(basis Basis) Outcome {
	if basis == "" {
		basis = BasisLaw
	}
	i := basisIndex(basis)
	if r.outcomes[i] != "" {
		return r.outcomes[i]
	}
	var o Outcome
	switch {
	case r.ctx == nil:
		o = OutcomeStandingUnknown
	case !r.Bound && !r.BoundKnown:
		o = OutcomeStandingUnknown
	case !r.Bound:
		o = OutcomeNotBound
	default:
		q := GapQuery{Basis: basis, Modalities: GapModalities}
		if r.ctx.q != nil {
			q.Modalities = r.ctx.q.Modalities // checked when the question was asked
		}
		practice := PracticeNoEvidence
		if basis != BasisLaw {
			practice = r.Practice()
		}
		oc := outcomeNotCounted
		if q.counts(r.ob) {
			oc = judge(r.Legal, practice, r.ob.Domestic(), basis)
		}
		o = oc.public()
	}
	r.outcomes[i] = o
	return o
}

// recordContext is what a record shares with the other records of the
// same instrument in one answer: the facts it was decided from, for
// explaining it on demand.
type recordContext struct {
	ex       *explainer
	sf       *StateFacts
	inf      *InstrumentFacts
	sg       *StandingDecision
	asOfNote string
	q        *GapQuery // the question, when a gap list made the record

	// The standing's reasons and warnings are the same for every record
	// of the instrument: said once, when first asked.
	standingOnce sync.Once
	standing     []string
	warningsOnce sync.Once
	warnings     []string

	// The day and the state's name, as every record's reasons write them
	// (its records are all of one day): written once, when first asked.
	wordsOnce       sync.Once
	asOfText, state string
}

// words returns the day of rc's records and their state's name, as reasons
// write them.
func (rc *recordContext) words(ctx context.Context, r *ComplianceRecord) (asOf, state string) {
	rc.wordsOnce.Do(func() { rc.asOfText, rc.state = r.AsOf.String(), rc.ex.names(ctx, r.StateCode) })
	return rc.asOfText, rc.state
}

// Obligation returns the obligation the record is about: the engine's, so
// that answering with it reads nothing (nil for a record not made by the
// engine).
func (r *ComplianceRecord) Obligation() *Obligation {
	if r.ctx == nil {
		return nil
	}
	return r.ob
}

// Reader returns the reader the engine decided the record from, which
// keeps the nodes it reads for the store's version: the laws, reviews and
// evidence a record names, read through it, are read once per version.
// Nil for a record not made by the engine.
func (r *ComplianceRecord) Reader() Reader {
	if r.ctx == nil {
		return nil
	}
	return r.ctx.ex.r
}

// Instrument returns the instrument the record is about (see Obligation).
func (r *ComplianceRecord) Instrument() *Instrument {
	if r.ctx == nil {
		return nil
	}
	return r.ctx.inf.Instrument
}

// Practice is the obligation's practice status for the state on AsOf
// (practice_status.go); NO_EVIDENCE for a record not made by the engine.
func (r *ComplianceRecord) Practice() PracticeStatus { return r.practiceDecision().Status }

// PracticeThematic is true when only evidence through a shared theme
// decided Practice.
func (r *ComplianceRecord) PracticeThematic() bool { return r.practiceDecision().Thematic }

func (r *ComplianceRecord) practiceDecision() PracticeDecision {
	if r.ctx == nil {
		return PracticeDecision{Status: PracticeNoEvidence}
	}
	r.practiceOnce.Do(func() { r.practice = practiceStatus(r.ctx.sf, r.ob, dayOf(r.AsOf)) })
	return r.practice
}

// practiceFrom decides the record's practice status, if not yet decided,
// from the lists weighedLists gives for it (the rule's input, at hand).
func (r *ComplianceRecord) practiceFrom(lists [][]EvidenceFact, thematic bool) {
	r.practiceOnce.Do(func() { r.practice = practiceOf(dayOf(r.AsOf), lists, thematic) })
}

// practiceSet decides the record's practice status, if not yet decided,
// as p: the decision of the same rule over the same evidence, made for
// another record.
func (r *ComplianceRecord) practiceSet(p PracticeDecision) {
	r.practiceOnce.Do(func() { r.practice = p })
}

// BoundValue is Bound when whether the state is bound is known, and nil
// (unknown) otherwise: the GraphQL field.
func (r *ComplianceRecord) BoundValue() *bool {
	if !r.BoundKnown {
		return nil
	}
	b := r.Bound
	return &b
}

// LawIDs returns the state's laws linked to the obligation, counted or not.
func (r *ComplianceRecord) LawIDs() []string { return r.AppendLawIDs(nil) }

// AppendLawIDs appends LawIDs to ids.
func (r *ComplianceRecord) AppendLawIDs(ids []string) []string {
	if r.ctx == nil {
		return ids
	}
	first := len(ids)
	links := r.links
	for i := range links {
		if law := links[i].Law; len(ids) == first || ids[len(ids)-1] != law {
			ids = append(ids, law)
		}
	}
	return ids
}

// ImplementationIDs returns the implementation links weighed.
func (r *ComplianceRecord) ImplementationIDs() []string {
	if r.ctx == nil {
		return nil
	}
	links := r.links
	ids := make([]string, len(links))
	for i := range links {
		ids[i] = links[i].Implementation
	}
	return ids
}

// EvidenceIDs returns the evidence weighed for practice, latest first.
func (r *ComplianceRecord) EvidenceIDs() []string {
	if r.ctx == nil {
		return nil
	}
	items, _ := weighedEvidence(r.ctx.sf, r.ob, dayOf(r.AsOf))
	ids := make([]string, len(items))
	for i, f := range items {
		ids[i] = f.ID
	}
	return ids
}

// ReviewIDs returns the state's reviews in force on AsOf that cover the
// obligation, latest first, whatever the legal status.
func (r *ComplianceRecord) ReviewIDs() []string {
	if r.ctx == nil {
		return nil
	}
	var ids []string
	for _, f := range reviewsCovering(r.ob, r.ctx.sf.Reviews[r.InstrumentID], dayOf(r.AsOf)) {
		ids = append(ids, f.ID)
	}
	return ids
}

// Reasons returns one line per decision: why bound or not, why this legal
// status, why this practice status.
func (r *ComplianceRecord) Reasons(ctx context.Context) ([]string, error) {
	return r.AppendReasons(ctx, make([]string, 0, 8))
}

// AppendReasons appends the record's reasons to dst and returns the
// extended slice: a writer of many records reuses one.
func (r *ComplianceRecord) AppendReasons(ctx context.Context, dst []string) ([]string, error) {
	if r.ctx == nil {
		return dst, nil
	}
	return r.ctx.ex.recordReasons(ctx, r, dst)
}

// Warnings returns the data-quality problems met on the way, e.g. an
// explicit entry-into-force date that disagrees with the one the rule gives.
func (r *ComplianceRecord) Warnings(ctx context.Context) ([]string, error) {
	if r.ctx == nil {
		return nil, nil
	}
	rc := r.ctx
	rc.warningsOnce.Do(func() { rc.warnings = rc.ex.standingWarnings(ctx, rc.inf, rc.sg) })
	return slices.Clip(rc.warnings), nil
}

// Caveats returns what the answer cannot cover: the instrument's record is
// incomplete, or the standing or status rests on a single secondary source.
func (r *ComplianceRecord) Caveats() []string {
	if r.ctx == nil {
		return nil
	}
	out := coverageCaveats(r.ctx.inf)
	if c := singleSourceCaveat(r.ctx.sg); c != "" {
		out = append(out, c)
	}
	return out
}

// StateSummary counts a state's bound obligations under one basis on one
// date. Bound = Implemented + Partial + NotImplemented + Unreviewed +
// Reserved + NotDomestic + NotCounted, and Partial + NotImplemented equals
// the number of ratified-but-not-implemented records for the same state,
// instrument, date and basis (Partial + NotImplemented + Unreviewed with
// UNREVIEWED included).
type StateSummary struct {
	StateCode    string
	InstrumentID string // empty for all instruments
	AsOf         Date
	Basis        Basis

	Bound       int
	Implemented int
	Partial     int // PARTIAL under LAW, MIXED under PRACTICE
	// NotImplemented counts known negatives only: reviewed, none found
	// (LAW), practice GAP (PRACTICE).
	NotImplemented int
	// Unreviewed counts what nothing is known of: no law in force and no
	// review, or a linked law whose standing on the day is not known (LAW);
	// no evidence (PRACTICE).
	Unreviewed int
	Reserved   int
	// NotDomestic counts, under LAW, obligations domestic law cannot
	// implement (inter-state, procedural): they are judged by practice.
	NotDomestic int
	// NotCounted counts bound obligations of a modality the question does
	// not count (by default RECOMMENDATION and PERMISSION).
	NotCounted int
	// Committed counts obligations of non-binding instruments the state is
	// committed to; they are not in Bound.
	Committed int
	// StandingUnknown counts obligations of instruments whether the state
	// is bound by is not known (a consent inside its window, an entry into
	// force not known, or a withdrawal dated only to a year or month whose
	// period holds the day); they are not in Bound.
	StandingUnknown int
	// Denominator is D = Implemented + Partial + NotImplemented +
	// Unreviewed. The true implementation rate lies in [RateLow, RateHigh]:
	// RateLow = Implemented ÷ D, RateHigh = (Implemented + Unreviewed) ÷ D
	// (both 0 when D is 0). ImplementationRate is Implemented ÷ (Implemented
	// + Partial + NotImplemented), over the reviewed part only, nil when
	// nothing is reviewed. Coverage is that reviewed part over D.
	Denominator        int
	RateLow, RateHigh  float64
	ImplementationRate *float64
	Coverage           float64
	// Caveats name the instruments counted whose record is incomplete.
	Caveats []string
}

// RateLowValue, RateHighValue and CoverageValue are the range's ends and
// the coverage, nil when there is nothing to rate (the denominator is 0):
// the GraphQL fields.
func (s *StateSummary) RateLowValue() *float64  { return s.ifRated(s.RateLow) }
func (s *StateSummary) RateHighValue() *float64 { return s.ifRated(s.RateHigh) }
func (s *StateSummary) CoverageValue() *float64 { return s.ifRated(s.Coverage) }

func (s *StateSummary) ifRated(f float64) *float64 {
	if s.Denominator == 0 {
		return nil
	}
	return &f
}

// Reviewed is the number of obligations whose status is known:
// Implemented + Partial + NotImplemented.
func (s *StateSummary) Reviewed() int { return s.Implemented + s.Partial + s.NotImplemented }

// RatificationRow is one state's line in an instrument's status table, as it
// stood on AsOf.
type RatificationRow struct {
	StateCode    string
	InstrumentID string
	AsOf         Date
	Signed       Date
	Ratified     Date // the act of the consent to be bound (ratification, accession, ...)
	Deposited    Date
	// DepositedBefore bounds a deposit not held.
	DepositedBefore Date
	InForce         Date // when the instrument entered into force for the state
	// InForceNoEarlierThan and InForceNoLaterThan bound InForce when only
	// a window is known.
	InForceNoEarlierThan Date
	InForceNoLaterThan   Date
	Withdrawn            Date
	// ActionID is the consent to be bound counted on AsOf, if any.
	ActionID string
	// Standing says how the state stood; Party is true when it was bound,
	// and means nothing when PartyKnown is false. Status says it in words
	// ("ratified, deposit not held").
	Standing   Standing
	Party      bool
	PartyKnown bool
	Status     string
	// Cell is how the row reads as a matrix cell (CellOf).
	Cell     RatificationCell
	Reasons  []string
	Warnings []string
	// StatementSources are the sources of a status statement the row rests on.
	StatementSources []Source
	// Caveats say what the row rests on when that is a single source.
	Caveats []string
}

// PartyValue is Party when the standing is known, and nil (unknown)
// otherwise: the GraphQL field.
func (r *RatificationRow) PartyValue() *bool {
	if !r.PartyKnown {
		return nil
	}
	b := r.Party
	return &b
}

// EntryIntoForce is when an instrument enters into force, as the engine
// derives it from its rule and the deposits, and as the data states it.
type EntryIntoForce struct {
	InstrumentID string
	// Date is the one the graph uses: Stated when it has sources, else
	// Derived when the record settles it to a day. NoEarlierThan and
	// NoLaterThan bound it otherwise; DerivedNoEarlierThan and
	// DerivedNoLaterThan are the window the deposits give.
	Date                                     Date
	NoEarlierThan, NoLaterThan               Date
	Derived                                  Date
	DerivedNoEarlierThan, DerivedNoLaterThan Date
	Stated                                   Date
	// ConsentsComplete says the record of consents is complete up to the
	// trigger (a depositary's list was read).
	ConsentsComplete bool
	// Known is false when whether the instrument is in force cannot be
	// said: too few consents are recorded to derive a date and none is
	// stated with sources.
	Known bool
	// TriggerActionID is the deposit that completed the rule (the sixth, for ACTIP).
	TriggerActionID string
	Reasons         []string
	Warnings        []string
}

// Coverage of an instrument as the graph holds it.
type InstrumentCoverage struct {
	InstrumentID string
	// HeldVerbatim and HeldSummary count the provisions held, by text kind.
	HeldVerbatim, HeldSummary int
	// NotHeld are provisions known to exist whose text is not held.
	NotHeld []KnownProvision
	// IncompleteProvisions are held provisions only some of whose parts are held.
	IncompleteProvisions []string
	Complete             bool
	// Caveat says it in words, empty for a complete record.
	Caveat string
}
