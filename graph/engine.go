package graph

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// Engine answers compliance questions over a Reader: when an instrument
// entered into force, how a state stands towards it on a date, and whether
// the state has implemented each obligation in law and in practice. The
// rules are pure functions of a state's facts and an instrument's facts
// (entry_into_force.go, bound.go, legal_status.go, practice_status.go,
// gap.go); the facts are read in one place (facts_read.go) and kept per
// store version (fact_cache.go); reasons are written only when asked for
// (reasons.go). Safe for concurrent use.
type Engine struct {
	r        Reader
	today    Date
	cache    *factCache // nil unless r is a Versioner
	maxBytes int
}

// NewEngine returns an engine that reads r.
func NewEngine(r Reader) *Engine {
	e := &Engine{r: r, maxBytes: DefaultFactBytes}
	if v, ok := r.(Versioner); ok {
		e.cache = &factCache{v: v, maxBytes: DefaultFactBytes}
	}
	return e
}

// WithFactBytes returns a copy of the engine whose cache of state facts is
// bounded by about n bytes. The copy has a cache of its own.
func (e *Engine) WithFactBytes(n int) *Engine {
	c := *e
	c.maxBytes = n
	if e.cache != nil {
		c.cache = &factCache{v: e.cache.v, maxBytes: n}
	}
	return &c
}

// WithToday returns a copy of the engine for which d replaces the current day
// when a call is given a zero asOf (for tests and reproducible reports). The
// copy shares the engine's cache.
func (e *Engine) WithToday(d Date) *Engine {
	c := *e
	c.today = d
	return &c
}

// call is one engine call: its snapshot of facts and its explainer.
type call struct {
	ctx  context.Context
	e    *Engine
	snap *factSnapshot
	ex   *explainer
}

func (e *Engine) call(ctx context.Context) *call {
	c := &call{ctx: ctx, e: e, snap: e.snapshot()}
	snap, r := c.snap, e.r
	c.ex = &explainer{r: nodeReader{r, snap}, names: func(ctx context.Context, code string) string { return snap.stateName(ctx, r, code) }}
	return c
}

// day resolves asOf: zero means today (or the engine's fixed day), and a
// date known only to the month or year is taken as its last day.
func (e *Engine) day(asOf Date) (Date, string) {
	if asOf.IsZero() {
		if e.today.IsZero() {
			return Today(), ""
		}
		asOf = e.today
	}
	if asOf.Precision() != PrecisionDay {
		l := asOf.Last()
		return l, fmt.Sprintf("as of %s, taken as its last day %s", asOf, l)
	}
	return asOf, ""
}

func checkBasis(b Basis) error {
	if !ValidEnum(Bases, b) {
		_, err := ParseEnum("basis", Bases, string(b))
		return err
	}
	return nil
}

func (c *call) state(code string) (*StateFacts, error) {
	return c.snap.stateFacts(c.ctx, c.e.r, code)
}

func (c *call) instrument(id string) (*InstrumentFacts, error) {
	if id == "" {
		return nil, unknownInstrument(c.ctx, c.e.r, id)
	}
	fs, err := c.snap.instrumentFacts(c.ctx, c.e.r, []string{id})
	if err != nil {
		return nil, err
	}
	return fs[0], nil
}

// EntryIntoForce returns when the instrument enters into force: the date its
// rule gives from the deposits (Derived), the explicit date of the data
// (Stated), and the one the graph uses.
func (e *Engine) EntryIntoForce(ctx context.Context, instrumentID string) (*EntryIntoForce, error) {
	c := e.call(ctx)
	inf, err := c.instrument(instrumentID)
	if err != nil {
		return nil, err
	}
	d := inf.Entry
	out := &EntryIntoForce{InstrumentID: instrumentID, Date: d.Date, NoEarlierThan: d.NoEarlierThan, NoLaterThan: d.NoLaterThan,
		Derived: d.Derived, DerivedNoEarlierThan: d.DerivedNoEarlierThan, DerivedNoLaterThan: d.DerivedNoLaterThan, Stated: d.Stated,
		ConsentsComplete: inf.Instrument.Rule.ConsentsComplete,
		Known:            d.Known || !d.NotInForceUntil.IsZero() || inf.Instrument.Rule.Ratifications == 0}
	if d.Trigger != nil {
		out.TriggerActionID = d.Trigger.ActionID
	}
	out.Reasons, out.Warnings = c.ex.entryReasons(ctx, inf)
	return out, nil
}

// Coverage says how much of the instrument the graph holds.
func (e *Engine) Coverage(ctx context.Context, instrumentID string) (*InstrumentCoverage, error) {
	inf, err := e.call(ctx).instrument(instrumentID)
	if err != nil {
		return nil, err
	}
	cov := coverageOf(inf)
	return &cov, nil
}

// decide builds the record of one obligation from the decisions of the
// rules; no prose.
func (c *call) decide(sf *StateFacts, inf *InstrumentFacts, sg *StandingDecision, ob *Obligation, on Date, note string) *ComplianceRecord {
	rc := &recordContext{ex: c.ex, sf: sf, inf: inf, sg: sg, asOfNote: note}
	d := dayOf(on)
	return c.decideIn(new(ComplianceRecord), rc, -1, ob, on, sf.Links[ob.ID], sf.Direct[ob.ID], c.legal(sf, inf, sg, ob, d))
}

// decideIn builds, in r, the record of one obligation, the j-th of its
// instrument (-1: its place not at hand), whose links, direct evidence and
// legal status the caller has at hand, sharing rc with the other records of
// its instrument.
func (c *call) decideIn(r *ComplianceRecord, rc *recordContext, j int, ob *Obligation, on Date, links []LinkRow, direct []EvidenceFact, legal LegalStatus) *ComplianceRecord {
	sf, inf, sg := rc.sf, rc.inf, rc.sg
	d := dayOf(on)
	*r = ComplianceRecord{
		StateCode: sf.State.Code, ObligationID: ob.ID, InstrumentID: inf.Instrument.ID, AsOf: on,
		Standing: sg.Standing, Bound: sg.Bound, BoundKnown: sg.BoundKnown || !inf.Instrument.Binding, Committed: sg.Committed,
		Nature: cmpNature(ob.Nature), Legal: legal,
		ctx: rc, ob: ob, links: links, direct: direct, themes: inf.themeCode(j),
	}
	if sg.Bound || sg.Committed {
		r.BoundSince, r.BoundNoEarlierThan, r.BoundNoLaterThan = sg.Since, sg.NoEarlierThan, sg.NoLaterThan
		if sg.By != nil {
			r.BoundByID = sg.By.ID
		}
	} else if !sg.BoundKnown {
		r.BoundNoEarlierThan, r.BoundNoLaterThan = sg.NoEarlierThan, sg.NoLaterThan
	}
	switch legal {
	case LegalReserved:
		rv := *sg.reservationFor(ob).Reservation
		r.Reservation = &rv
	case LegalNone:
		r.ReviewID = reviewedBy(ob, sf.Reviews[inf.Instrument.ID], d).ID
	}
	return r
}

// legal applies the legal rule to one obligation of a state's standing.
func (c *call) legal(sf *StateFacts, inf *InstrumentFacts, sg *StandingDecision, ob *Obligation, d day) LegalStatus {
	return legalOf(sf.Links[ob.ID], sf.Reviews[inf.Instrument.ID], sg, ob, d)
}

// legalOf applies the legal status rule to an obligation of a standing,
// with the state's links to it and reviews of its instrument.
func legalOf(links []LinkRow, reviews []ReviewFact, sg *StandingDecision, ob *Obligation, d day) LegalStatus {
	reserved := len(sg.Reservations) > 0 && sg.reservationFor(ob) != nil
	return legalStatus(ob, links, reviews, reserved, d)
}

// outcome judges one obligation under a basis, weighing practice only when
// the basis asks for it; links are the state's links to it, reviews its
// reviews of the instrument (sf.Reviews), found once per instrument.
func (c *call) outcome(links []LinkRow, reviews []ReviewFact, sf *StateFacts, sg *StandingDecision, ob *Obligation, d day, q *GapQuery) (outcome, LegalStatus) {
	legal := legalOf(links, reviews, sg, ob, d)
	if !q.counts(ob) {
		return outcomeNotCounted, legal
	}
	practice := PracticeNoEvidence
	if q.Basis != BasisLaw {
		practice = practiceStatus(sf, ob, d).Status
	}
	return judge(legal, practice, ob.Domestic(), q.Basis), legal
}

func cmpNature(n ObligationNature) ObligationNature {
	if n == "" {
		return NatureDomesticMeasure
	}
	return n
}

// Status returns the compliance record of one state for one obligation on
// asOf (zero: today). The record is returned whatever the state's standing;
// its reasons say which.
func (e *Engine) Status(ctx context.Context, stateCode, obligationID string, asOf Date) (*ComplianceRecord, error) {
	c := e.call(ctx)
	on, note := e.day(asOf)
	ob, err := Get[*Obligation](ctx, e.r, obligationID)
	if err != nil {
		return nil, err
	}
	sf, err := c.state(stateCode)
	if err != nil {
		return nil, err
	}
	inf, err := c.instrument(ob.InstrumentID)
	if err != nil {
		return nil, err
	}
	sg := standingOn(sf, inf, dayOf(on))
	return c.decide(sf, inf, &sg, ob, on, note), nil
}

// standing is an instrument and the state's standing towards it.
type standing struct {
	inf *InstrumentFacts
	sg  *StandingDecision
}

// scope says which instruments standings looks at.
type scope uint8

const (
	// scopeBinding: the instruments the state consented to be bound by,
	// the only ones that can bind it (gaps).
	scopeBinding scope = iota
	// scopeCommitted adds, for an ASEAN member, every non-binding
	// instrument (summaries count commitments).
	scopeCommitted
	// scopeEvery: every instrument, so that those whose standing is not
	// known are listed too (records).
	scopeEvery
)

// standings returns, in instrument id order, the state's standing towards
// the instruments of the scope (or the one instrument asked).
func (c *call) standings(sf *StateFacts, on Date, instrumentID string, sc scope) ([]standing, error) {
	var ids []string
	every := sc == scopeEvery
	switch {
	case instrumentID != "":
		ids = []string{instrumentID}
	case sc == scopeBinding:
		ids = sf.consented()
	default:
		for id := range sf.Actions {
			ids = append(ids, id)
		}
		if every || !sf.State.ASEANSince.IsZero() {
			all, err := c.snap.everyInstrument(c.ctx, c.e.r)
			if err != nil {
				return nil, err
			}
			for _, in := range all {
				if _, acted := sf.Actions[in.ID]; !acted && (every || !in.Binding) {
					ids = append(ids, in.ID)
				}
			}
		}
		slices.Sort(ids)
	}
	infs, err := c.snap.instrumentFacts(c.ctx, c.e.r, ids)
	if err != nil {
		return nil, err
	}
	out := make([]standing, len(infs))
	sgs := make([]StandingDecision, len(infs)) // one allocation, not one per instrument
	for i, inf := range infs {
		sgs[i] = standingOn(sf, inf, dayOf(on))
		out[i] = standing{inf, &sgs[i]}
	}
	return out, nil
}

// stateStandings reads a state's facts and its standings on the day.
func (c *call) stateStandings(code string, on Date, instrumentID string, sc scope) (*StateFacts, []standing, error) {
	sf, err := c.state(code)
	if err != nil {
		return nil, nil, err
	}
	sts, err := c.standings(sf, on, instrumentID, sc)
	return sf, sts, err
}

// Records returns one record per obligation of every instrument the state
// is bound by or committed to on asOf (zero: today), and of every instrument
// whose standing towards it is not known (Standing says so, and Bound means
// nothing there); instrumentID, when not empty, restricts them to one
// instrument. Records are sorted by instrument id, then obligation id.
func (e *Engine) Records(ctx context.Context, stateCode string, asOf Date, instrumentID string) ([]*ComplianceRecord, error) {
	c := e.call(ctx)
	on, note := e.day(asOf)
	sf, sts, err := c.stateStandings(stateCode, on, instrumentID, scopeEvery)
	if err != nil {
		return nil, err
	}
	var out []*ComplianceRecord
	for _, st := range sts {
		if !st.sg.Bound && !st.sg.Committed && (st.sg.BoundKnown || !st.inf.Instrument.Binding && st.sg.Standing.Known()) {
			continue
		}
		links, direct, reviews := sf.linksOf(st.inf), sf.directOf(st.inf), sf.Reviews[st.inf.Instrument.ID]
		rc := &recordContext{ex: c.ex, sf: sf, inf: st.inf, sg: st.sg, asOfNote: note}
		d := dayOf(on)
		slab := make([]ComplianceRecord, len(st.inf.Obligations))
		for j, ob := range st.inf.Obligations {
			out = append(out, c.decideIn(&slab[j], rc, j, ob, on, links[j], direct[j], legalOf(links[j], reviews, st.sg, ob, d)))
		}
	}
	return out, nil
}

// Gaps returns the state's ratified-but-not-implemented records on asOf
// under basis, counting the default modalities (GapList).
func (e *Engine) Gaps(ctx context.Context, stateCode string, asOf Date, basis Basis, instrumentID string, include ...LegalStatus) ([]*ComplianceRecord, error) {
	return e.GapList(ctx, GapQuery{State: stateCode, AsOf: asOf, Basis: basis, InstrumentID: instrumentID, Include: include})
}

// GapList answers the gap question: the state's ratified-but-not-implemented
// records on q.AsOf (zero: today): records of instruments that bind the
// state, of a modality the question counts, whose status is a gap under
// its basis (gap.go): PARTIAL or NONE under LAW, MIXED or GAP under
// PRACTICE, either under EITHER. q.Include adds legal statuses to that set
// (UNREVIEWED adds what nothing is known of).
func (e *Engine) GapList(ctx context.Context, q GapQuery) ([]*ComplianceRecord, error) {
	return e.GapListIn(ctx, q, nil)
}

// GapListIn is GapList with the records made in a (nil: made anew), for a
// caller that writes the list and is done with it before a.Reset.
func (e *Engine) GapListIn(ctx context.Context, q GapQuery, a *RecordArena) ([]*ComplianceRecord, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	c := e.call(ctx)
	on, note := e.day(q.AsOf)
	sf, sts, err := c.stateStandings(q.State, on, q.InstrumentID, scopeBinding)
	if err != nil {
		return nil, err
	}
	out := a.records()
	d := dayOf(on)
	var slab []ComplianceRecord // the records, made 32 at a time
	for _, st := range sts {
		if !st.sg.Bound {
			continue
		}
		links, direct, reviews := sf.linksOf(st.inf), sf.directOf(st.inf), sf.Reviews[st.inf.Instrument.ID]
		var rc *recordContext // made for the first record listed
		for j, ob := range st.inf.Obligations {
			// Judge first; build the record only of what is listed.
			if o, legal := c.outcome(links[j], reviews, sf, st.sg, ob, d, &q); listed(o, legal, q.Basis, q.Include) {
				if rc == nil {
					rc = a.context()
					*rc = recordContext{ex: c.ex, sf: sf, inf: st.inf, sg: st.sg, asOfNote: note, q: &q}
				}
				if len(slab) == 0 {
					slab = a.slab()
				}
				r := c.decideIn(&slab[0], rc, j, ob, on, links[j], direct[j], legal)
				slab = slab[1:]
				r.outcomes[basisIndex(q.Basis)] = o.public()
				out = append(out, r)
			}
		}
	}
	a.keep(out)
	return out, nil
}

// Summary counts the state's records on asOf (zero: today) under basis,
// for one instrument or, when instrumentID is empty, all of them (gap.go).
func (e *Engine) Summary(ctx context.Context, stateCode, instrumentID string, asOf Date, basis Basis) (*StateSummary, error) {
	if err := checkBasis(basis); err != nil {
		return nil, err
	}
	c := e.call(ctx)
	on, _ := e.day(asOf)
	if instrumentID != "" {
		if _, err := c.instrument(instrumentID); err != nil {
			return nil, err
		}
	}
	return c.summary(stateCode, instrumentID, on, basis)
}

// summary counts one state's records by the rules, without building them.
func (c *call) summary(stateCode, instrumentID string, on Date, basis Basis) (*StateSummary, error) {
	sf, sts, err := c.stateStandings(stateCode, on, instrumentID, scopeCommitted)
	if err != nil {
		return nil, err
	}
	sum := &StateSummary{StateCode: stateCode, InstrumentID: instrumentID, AsOf: on, Basis: basis}
	q := GapQuery{Basis: basis, Modalities: GapModalities} // basis checked by the callers
	d := dayOf(on)
	for _, st := range sts {
		inf, sg := st.inf, st.sg
		switch {
		case sg.Committed:
			sum.Committed += len(inf.Obligations)
			continue
		case !sg.Bound:
			if inf.Instrument.Binding && sf.consentsTo(inf.Instrument.ID) && !sg.BoundKnown {
				sum.StandingUnknown += len(inf.Obligations)
			}
			continue
		}
		if cv := coverageCaveats(inf); len(cv) > 0 {
			sum.Caveats = append(sum.Caveats, cv...)
		}
		links, reviews := sf.linksOf(inf), sf.Reviews[inf.Instrument.ID]
		for j, ob := range inf.Obligations {
			o, _ := c.outcome(links[j], reviews, sf, sg, ob, d, &q)
			sum.count(o)
		}
	}
	sum.rates()
	return sum, nil
}

// Compare returns one summary per state, in the order given, or for every
// state in code order when stateCodes is empty. States are summarised on up
// to two goroutines.
func (e *Engine) Compare(ctx context.Context, stateCodes []string, instrumentID string, asOf Date, basis Basis) ([]*StateSummary, error) {
	if err := checkBasis(basis); err != nil {
		return nil, err
	}
	c := e.call(ctx)
	on, _ := e.day(asOf)
	if instrumentID != "" {
		if _, err := c.instrument(instrumentID); err != nil {
			return nil, err
		}
	}
	if len(stateCodes) == 0 {
		codes, err := c.snap.stateCodes(ctx, e.r)
		if err != nil {
			return nil, err
		}
		stateCodes = codes
	}
	out := make([]*StateSummary, len(stateCodes))
	errs := make([]error, len(stateCodes))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(2, len(stateCodes)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(stateCodes) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					return
				}
				if out[i], errs[i] = c.summary(stateCodes[i], instrumentID, on, basis); errs[i] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RatificationTable returns one row per state, in code order, saying how it
// stood towards the instrument on asOf (zero: today): signature, consent to
// be bound, deposit, entry into force for it, withdrawal, and its standing,
// "not known" where nothing supports a negative.
func (e *Engine) RatificationTable(ctx context.Context, instrumentID string, asOf Date) ([]*RatificationRow, error) {
	c := e.call(ctx)
	on, note := e.day(asOf)
	inf, err := c.instrument(instrumentID)
	if err != nil {
		return nil, err
	}
	codes, err := c.snap.stateCodes(ctx, e.r)
	if err != nil {
		return nil, err
	}
	rows := make([]*RatificationRow, 0, len(codes))
	for _, code := range codes {
		sf, err := c.state(code)
		if err != nil {
			return nil, err
		}
		rows = append(rows, c.row(sf, inf, on, note))
	}
	return rows, nil
}

// Standing returns one state's row of the instrument's status table on
// asOf: how it stood, in words, with its reasons.
func (e *Engine) Standing(ctx context.Context, stateCode, instrumentID string, asOf Date) (*RatificationRow, error) {
	c := e.call(ctx)
	on, note := e.day(asOf)
	inf, err := c.instrument(instrumentID)
	if err != nil {
		return nil, err
	}
	sf, err := c.state(stateCode)
	if err != nil {
		return nil, err
	}
	return c.row(sf, inf, on, note), nil
}

// row builds the ratification-table row of one state.
func (c *call) row(sf *StateFacts, inf *InstrumentFacts, on Date, note string) *RatificationRow {
	sg := standingOn(sf, inf, dayOf(on))
	inst := inf.Instrument
	row := &RatificationRow{
		StateCode: sf.State.Code, InstrumentID: inst.ID, AsOf: on, Standing: sg.Standing,
		Party: sg.Bound, PartyKnown: sg.BoundKnown || !inst.Binding && sg.Standing.Known(), Withdrawn: sg.Withdrawn,
		InForceNoEarlierThan: sg.NoEarlierThan, InForceNoLaterThan: sg.NoLaterThan,
	}
	if sg.Bound {
		row.InForce = sg.Since
	}
	d := dayOf(on)
	consent := sg.By
	for _, a := range sf.Actions[inst.ID] {
		switch {
		case a.Kind == ActionSignature && !a.Date.IsZero() && dayOf(a.Date) <= d:
			if row.Signed.IsZero() || a.Date.Compare(row.Signed) < 0 {
				row.Signed = a.Date
			}
		case a.Kind.ConsentsToBeBound() && consent == nil:
			consent = a
		}
	}
	if consent != nil && consent.Kind.ConsentsToBeBound() {
		if !consent.Date.IsZero() && dayOf(consent.Date) <= d {
			row.Ratified = consent.Date
		}
		if !consent.Deposited.IsZero() && dayOf(consent.Deposited) <= d {
			row.Deposited = consent.Deposited
		}
		row.DepositedBefore = consent.DepositedBefore
		if !row.Ratified.IsZero() || !row.Deposited.IsZero() || sg.Bound || !sg.BoundKnown || sg.Standing == StandingConsentNotDated {
			row.ActionID = consent.ID
		}
	}
	if sg.Statement != nil {
		row.StatementSources = sg.Statement.Sources
	}
	row.Status = statusWords(row, &sg, inst)
	row.Cell = CellOf(row, inst.Adopted)
	if c := singleSourceCaveat(&sg); c != "" {
		row.Caveats = append(row.Caveats, c)
	}
	if note != "" {
		row.Reasons = append(row.Reasons, note)
	}
	row.Reasons = append(row.Reasons, c.ex.standingReasons(c.ctx, sf, inf, &sg, on)...)
	row.Warnings = c.ex.standingWarnings(c.ctx, inf, &sg)
	return row
}

// statusWords says a row's standing in a few words, for tables.
func statusWords(row *RatificationRow, sg *StandingDecision, inst *Instrument) string {
	kind := "ratified"
	if sg.By != nil {
		kind = kindPast(sg.By.Kind)
	}
	if sg.NotInForce && !sg.Bound && inst.Binding {
		switch sg.Standing {
		case StandingPending, StandingConsentNotDated:
			return fmt.Sprintf("%s; not bound: %s not yet in force", kind, name(inst))
		case StandingSignedOnly:
			return fmt.Sprintf("signed only; %s not yet in force", name(inst))
		}
		return fmt.Sprintf("not bound: %s not yet in force", name(inst))
	}
	switch sg.Standing {
	case StandingParty:
		if row.InForce.IsZero() {
			return fmt.Sprintf("party (%s; in force for it %s)", kind, windowWords(sg.NoEarlierThan, sg.NoLaterThan))
		}
		return fmt.Sprintf("party since %s", row.InForce)
	case StandingPending:
		if sg.InForceFor.IsZero() {
			return fmt.Sprintf("%s, not yet in force for it (in force %s)", kind, windowWords(sg.NoEarlierThan, sg.NoLaterThan))
		}
		return fmt.Sprintf("%s, in force for it from %s", kind, sg.InForceFor)
	case StandingInForceUnknown:
		return fmt.Sprintf("%s; whether %s is in force for it is not known", kind, name(inst))
	case StandingConsentNotDated:
		in := windowWords(sg.NoEarlierThan, sg.NoLaterThan)
		if sg.BoundKnown {
			return fmt.Sprintf("%s; not yet in force for it (in force %s)", kind, in)
		}
		switch {
		case sg.By != nil && !sg.By.DepositedBefore.IsZero():
			return fmt.Sprintf("%s before %s, deposit date not held; in force for it %s", kind, sg.By.DepositedBefore, in)
		case sg.By != nil && !sg.By.Deposited.IsZero():
			return fmt.Sprintf("%s, deposited in %s; in force for it %s", kind, sg.By.Deposited, in)
		case sg.By != nil && !sg.By.Date.IsZero():
			return fmt.Sprintf("%s by an act of %s, deposit not held; in force for it %s", kind, sg.By.Date, in)
		case sg.Statement != nil:
			return fmt.Sprintf("party as of %s per a source, deposit date not held", sg.Statement.AsOf)
		}
		return fmt.Sprintf("%s, date not held", kind)
	case StandingSignedOnly:
		return "signed only"
	case StandingNotParty:
		return "not a party"
	case StandingWithdrawn:
		return fmt.Sprintf("withdrew, effective %s", sg.Withdrawn)
	case StandingUnknown:
		if sg.Withdrawing != nil {
			what := "party"
			if !inst.Binding {
				what = "committed"
			}
			return fmt.Sprintf("withdrew %s; %s on the day not known", effectiveDate(sg.Withdrawing), what)
		}
	case StandingCommitted:
		return "committed"
	case StandingNotCommitted:
		return "not committed"
	}
	if !row.Signed.IsZero() {
		return "signed; consent to be bound not recorded"
	}
	return "not known"
}
