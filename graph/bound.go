package graph

import (
	"cmp"
	"slices"
)

// The rule that decides whether a state is bound by, or committed to, an
// instrument on a day, and which of its reservations hold.
//
// Binding instruments. Each consent to be bound has a window for its
// deposit (facts.go): a day, a month or a year as its source gives it; up
// to the day a source places it before (from the state's signature, or the
// instrument's adoption); from its domestic act with no latest day when no
// deposit is held (a deposit comes on or after its act, and a ratification
// law is not a deposit). The window gives one for the day the instrument
// entered into force for the state (entry_into_force.go, stateWindow). On a
// day:
//
//   - the state is bound when that window has closed by the day (bound
//     since its day when the window is one day; "no later than" its end
//     otherwise: the day it became bound is not known);
//   - it is not bound when the window has not opened by the day, and in
//     particular before the instrument's entry into force (every consent
//     then is simply not yet in force: the standing still says what is
//     known of it);
//   - inside the window, whether it is bound is not known (standing
//     CONSENT_NOT_DATED, or IN_FORCE_UNKNOWN for a deposit held to the day
//     when the entry into force is not known).
//
// A source that names the state a party as of a day is a consent whose
// deposit came by that day. Consents made before a withdrawal in effect are
// ended by it. A withdrawal takes effect in the period its date allows (its
// notification when recorded, else its act; withdrawalPeriod): surely by
// the period's last day; inside the period, before that day, whether a
// state otherwise bound (or committed) still is is not known (UNKNOWN,
// Withdrawing). Saying that a state is not bound needs a source: a consent
// dated after the day, a withdrawal, the instrument not in force, or a
// status statement naming it as not a party by a later day. With none of
// them the standing is UNKNOWN.
//
// Non-binding instruments. A state is committed to one adopted on or before
// the day that it endorsed, or that was adopted while it was an ASEAN
// member, unless it withdrew. It is not committed before the adoption, or
// after a withdrawal; otherwise (not a member at the adoption, no
// endorsement recorded) whether it is committed is not known.
//
// Reservations made with any action on the instrument by the day hold,
// except those made before a withdrawal in effect: they lapsed with the
// consent it ended. Inside a withdrawal's period they stay with the
// consent: they hold while it does, which is then not known.

// StandingDecision is how a state stands towards an instrument on a day.
type StandingDecision struct {
	Standing  Standing
	Bound     bool
	Committed bool
	// BoundKnown is true when whether the state is bound (Bound) is known;
	// the standing may still be partly unknown (a consent inside its window
	// before the instrument's entry into force is not bound, for certain).
	BoundKnown bool
	// Since is the day the state became bound or committed; when only a
	// window is known, Since is zero and NoEarlierThan / NoLaterThan hold
	// its ends (either may be zero).
	Since         Date
	NoEarlierThan Date
	NoLaterThan   Date
	// By is the consent (or endorsement) in effect, or the one whose window
	// the day falls in.
	By *StateAction
	// Withdrawal is the withdrawal in effect by the day, and Withdrawn its
	// date as its source gives it (a year, a month or a day).
	Withdrawal *StateAction
	Withdrawn  Date
	// Withdrawing is a withdrawal dated only to a year or month whose
	// period holds the day, before the day it surely took effect: the
	// state, bound (or committed) otherwise, may no longer be, so the
	// standing is UNKNOWN.
	Withdrawing *StateAction
	// Later is a consent made after the day; Undated one recorded without
	// a usable date; Statement the status statement relied on.
	Later     *StateAction
	Undated   *StateAction
	Statement *StatusStatement
	// NotInForce is true when the instrument itself was not in force on
	// the day (the reason no state was bound).
	NotInForce bool
	// InForceFor is when the instrument enters into force for the state
	// under its consent in effect (zero when not known to the day).
	InForceFor   Date
	Reservations []ReservationRef
}

// ReservationRef is a reservation with the action that made it.
type ReservationRef struct {
	Action      *StateAction
	Reservation *Reservation
}

// reservationFor returns the reservation covering the obligation's
// provision, or nil.
func (sg *StandingDecision) reservationFor(ob *Obligation) *ReservationRef {
	for i := range sg.Reservations {
		for _, p := range sg.Reservations[i].Reservation.ProvisionIDs {
			if Covers(p, ob.ProvisionID) {
				return &sg.Reservations[i]
			}
		}
	}
	return nil
}

// effectiveDay is the day a non-deposit action (signature, endorsement,
// withdrawal) surely took effect by: the last day its date allows (a
// withdrawal's notification when recorded, else the act); 0 when undated.
func effectiveDay(a *StateAction) day { return dayOf(effectiveDate(a)) }

// effectiveDate is the date an action took effect as its source gives it:
// a withdrawal's notification when recorded, else the act.
func effectiveDate(a *StateAction) Date {
	if a.Kind == ActionWithdrawal && !a.Deposited.IsZero() {
		return a.Deposited
	}
	return cmp.Or(a.Date, a.Deposited)
}

// withdrawalPeriod is the period a withdrawal took effect in: from the
// first to the last day its date allows (one day for a date to the day);
// zeros when undated. It takes effect on its notification (else its act):
// no delay after it is modelled. A rule adding one (a denunciation taking
// effect months after its notification) would shift both ends.
func withdrawalPeriod(a *StateAction) (from, to day) {
	on := effectiveDate(a)
	return firstDayOf(on), dayOf(on)
}

// standingOn decides the state's standing towards the instrument on d.
func standingOn(sf *StateFacts, inf *InstrumentFacts, d day) StandingDecision {
	inst := inf.Instrument
	acts := sf.Actions[inst.ID]
	var sg StandingDecision
	var withdrawn day
	var withdrawing *StateAction // a withdrawal whose period holds d
	for _, a := range acts {
		if a.Kind != ActionWithdrawal {
			continue
		}
		switch from, to := withdrawalPeriod(a); {
		case to != 0 && to <= d:
			if to > withdrawn {
				sg.Withdrawal, withdrawn = a, to
			}
		case from != 0 && from <= d:
			withdrawing = a
		}
	}
	if sg.Withdrawal != nil {
		sg.Withdrawn = effectiveDate(sg.Withdrawal)
	}
	for _, a := range acts {
		if a.Kind == ActionWithdrawal || len(a.Reservations) == 0 {
			continue
		}
		on := effectiveDay(a)
		if sg.Withdrawal != nil && on != 0 && on <= withdrawn {
			continue
		}
		if on == 0 || on <= d {
			for i := range a.Reservations {
				sg.Reservations = append(sg.Reservations, ReservationRef{a, &a.Reservations[i]})
			}
		}
	}
	if !inst.Binding {
		commitmentOn(sf.State, inst, acts, withdrawn, d, &sg)
	} else {
		boundOn(sf, inf, acts, withdrawn, d, &sg)
	}
	if withdrawing != nil && (sg.Bound || sg.Committed) {
		sg.withdrawalNotDated(withdrawing)
	}
	return sg
}

// withdrawalNotDated says that whether the state is still bound (or
// committed) is not known: d falls inside the period of a withdrawal dated
// only to a year or month, before the day it surely took effect. The
// consent (By) and the reservations made with it stay: they hold while it
// does.
func (sg *StandingDecision) withdrawalNotDated(w *StateAction) {
	sg.Standing, sg.Bound, sg.Committed, sg.BoundKnown = StandingUnknown, false, false, false
	sg.Since, sg.NoEarlierThan, sg.NoLaterThan = Date{}, Date{}, Date{}
	sg.Withdrawing = w
}

// consentWindow is one consent with the window of its deposit and of the
// instrument's entry into force for the state under it.
type consentWindow struct {
	a      *StateAction // nil for a status statement
	c      ConsentFact
	lo, hi day // in force for the state: no earlier than lo, no later than hi (0: not bounded)
}

// consentWindows returns the state's consents not ended by a withdrawal,
// each with its windows; a status statement naming the state a party is
// one more (a deposit by its day).
func consentWindows(code string, inf *InstrumentFacts, acts []*StateAction, withdrawn day, sg *StandingDecision) []consentWindow {
	inst, entry := inf.Instrument, inf.Entry
	// No deposit before the instrument's adoption, nor before the state
	// signed it (its first signature).
	floor, signed := firstDayOf(inst.Adopted), day(0)
	for _, a := range acts {
		if on := firstDayOf(a.Date); a.Kind == ActionSignature && on != 0 && (signed == 0 || on < signed) {
			signed = on
		}
	}
	floor = max(floor, signed)
	var out []consentWindow
	for _, a := range acts {
		c, ok := consentOf(a, floor)
		if !ok {
			continue
		}
		if c.dating == datedUndated && sg.Undated == nil {
			sg.Undated = a
		}
		if withdrawn != 0 && c.to != 0 && c.to <= withdrawn {
			continue // ended by the withdrawal
		}
		cw := consentWindow{a: a, c: c}
		cw.lo, cw.hi = entry.stateWindow(inst, c.from, c.to)
		if !a.InForce.IsZero() && len(a.InForceSources) > 0 {
			cw.lo, cw.hi = firstDayOf(a.InForce), dayOf(a.InForce) // a sourced date for the state decides
		}
		out = append(out, cw)
	}
	// A statement adds a window only where no consent held is known to
	// have been deposited by its day (it would say less than that consent).
	settled := func(s *StatusStatement) bool {
		return slices.ContainsFunc(out, func(cw consentWindow) bool { return cw.c.to != 0 && cw.c.to <= dayOf(s.AsOf) })
	}
	if s := partyStatement(inst, code); s != nil && (withdrawn == 0 || dayOf(s.AsOf) > withdrawn) && !settled(s) {
		c := ConsentFact{StateCode: code, from: floor, to: dayOf(s.AsOf), dating: datedBefore, shown: s.AsOf}
		cw := consentWindow{c: c}
		cw.lo, cw.hi = entry.stateWindow(inst, c.from, c.to)
		out = append(out, cw)
		sg.Statement = s
	}
	return out
}

// windows returns consentWindows(sf's state, inf, acts, withdrawn, sg),
// kept in sf by instrument: the windows depend on the state's consents and
// the instrument's entry into force, not on the day asked, and are read
// for every standing of the state. What consentWindows notes in sg (an
// undated consent, a status statement) is noted again from what is kept.
func (sf *StateFacts) windows(inf *InstrumentFacts, acts []*StateAction, withdrawn day, sg *StandingDecision) []consentWindow {
	p, _ := sf.consentWindows.Load(inf)
	k, _ := p.(*keptWindows)
	if k == nil || k.withdrawn != withdrawn {
		var noted StandingDecision
		cws := consentWindows(sf.State.Code, inf, acts, withdrawn, &noted)
		k = &keptWindows{withdrawn: withdrawn, cws: slices.Clip(cws), undated: noted.Undated, statement: noted.Statement}
		sf.consentWindows.Store(inf, k)
	}
	if sg.Undated == nil {
		sg.Undated = k.undated
	}
	if k.statement != nil {
		sg.Statement = k.statement
	}
	return k.cws
}

// keptWindows are an instrument's consent windows for a state, for one
// day of withdrawal, with what consentWindows noted.
type keptWindows struct {
	withdrawn day
	cws       []consentWindow
	undated   *StateAction
	statement *StatusStatement
}

// boundOn decides a binding instrument's standing.
func boundOn(sf *StateFacts, inf *InstrumentFacts, acts []*StateAction, withdrawn, d day, sg *StandingDecision) {
	code := sf.State.Code
	cws := sf.windows(inf, acts, withdrawn, sg)
	by := func(cw consentWindow) {
		sg.By = cw.a
		if cw.a != nil {
			sg.Statement = nil
		}
	}
	// Bound for certain: the window that closed earliest.
	var party *consentWindow
	for i := range cws {
		if cw := &cws[i]; cw.hi != 0 && cw.hi <= d && (party == nil || cw.hi < party.hi) {
			party = cw
		}
	}
	if party != nil {
		by(*party)
		sg.Standing, sg.Bound, sg.BoundKnown = StandingParty, true, true
		if party.lo == party.hi {
			sg.Since, sg.InForceFor = party.hi.date(), party.hi.date()
		} else {
			sg.NoEarlierThan, sg.NoLaterThan = party.lo.date(), party.hi.date()
		}
		return
	}
	inForce, inForceKnown := inf.Entry.inForceOn(d)
	sg.NotInForce = inForceKnown && !inForce
	// Not bound for certain where a window has not opened by d (the
	// instrument not in force, or the consent's entry into force for the
	// state after d); not known inside one.
	var pending, inside, later *consentWindow
	for i := range cws {
		cw := &cws[i]
		switch {
		case cw.c.from > d:
			if later == nil || cw.c.from < later.c.from {
				later = cw
			}
		case cw.c.to != 0 && cw.c.to <= d && cw.c.dating == datedDeposit:
			// Deposited by d for certain (to the day, or in a month or
			// year that has ended).
			if pending == nil || cw.c.to < pending.c.to {
				pending = cw
			}
		default:
			if inside == nil || (cw.hi != 0 && (inside.hi == 0 || cw.hi < inside.hi)) {
				inside = cw
			}
		}
	}
	window := func(cw *consentWindow) {
		by(*cw)
		sg.BoundKnown = cw.lo != 0 && d < cw.lo
		if cw.lo == cw.hi && cw.hi != 0 {
			sg.InForceFor = cw.hi.date()
		} else {
			sg.NoEarlierThan, sg.NoLaterThan = cw.lo.date(), cw.hi.date()
		}
	}
	switch {
	case pending != nil:
		window(pending)
		sg.Standing = StandingPending
		if !sg.BoundKnown {
			sg.Standing = StandingInForceUnknown
		}
		return
	case inside != nil:
		window(inside)
		sg.Standing = StandingConsentNotDated
		return
	case later != nil:
		sg.Later = later.a
		sg.Statement = nil
		sg.Standing, sg.BoundKnown = notPartyStanding(acts, d), true
		return
	}
	sg.BoundKnown = sg.NotInForce
	switch {
	case sg.Withdrawal != nil:
		sg.Standing, sg.BoundKnown = StandingWithdrawn, true
	default:
		if s := notPartyStatement(inf.Instrument, code, d); s != nil {
			sg.Statement = s
			sg.Standing, sg.BoundKnown = notPartyStanding(acts, d), true
		} else {
			sg.Standing = StandingUnknown
		}
	}
}

// notPartyStanding is SIGNED_ONLY for a state that had signed by d, else
// NOT_PARTY: used only once a source supports the negative.
func notPartyStanding(acts []*StateAction, d day) Standing {
	for _, a := range acts {
		if a.Kind == ActionSignature && !a.Date.IsZero() && dayOf(a.Date) <= d {
			return StandingSignedOnly
		}
	}
	return StandingNotParty
}

// notPartyStatement returns the latest status statement, dated on or after
// d, that says the state had not consented to be bound by its date.
func notPartyStatement(inst *Instrument, code string, d day) *StatusStatement {
	var best *StatusStatement
	for i := range inst.StatusStatements {
		s := &inst.StatusStatements[i]
		if dayOf(s.AsOf) >= d && s.NotPartyOn(code) && (best == nil || s.AsOf.Compare(best.AsOf) < 0) {
			best = s
		}
	}
	return best
}

// partyStatement returns the earliest status statement that names the
// state as having consented to be bound by its date.
func partyStatement(inst *Instrument, code string) *StatusStatement {
	var best *StatusStatement
	for i := range inst.StatusStatements {
		s := &inst.StatusStatements[i]
		if s.PartyOn(code) && (best == nil || s.AsOf.Compare(best.AsOf) < 0) {
			best = s
		}
	}
	return best
}

// commitmentOn decides a non-binding instrument's standing.
func commitmentOn(st *State, inst *Instrument, acts []*StateAction, withdrawn, d day, sg *StandingDecision) {
	sg.Standing = StandingUnknown
	adopted := dayOf(inst.Adopted)
	if adopted != 0 && adopted > d {
		sg.Standing = StandingNotCommitted
		return
	}
	var endorsed *StateAction
	var endorsedOn day
	for _, a := range acts {
		if a.Kind != ActionEndorsement {
			continue
		}
		on := effectiveDay(a)
		if sg.Withdrawal != nil && on <= withdrawn {
			continue // ended by the withdrawal
		}
		if on != 0 && on <= d && (endorsed == nil || on < endorsedOn) {
			endorsed, endorsedOn = a, on
		}
	}
	member := sg.Withdrawal == nil && !st.ASEANSince.IsZero() && adopted != 0 && st.ASEANSince.Compare(inst.Adopted) <= 0
	switch {
	case sg.Withdrawal != nil && endorsed == nil:
		sg.Standing = StandingWithdrawn
	case member:
		sg.Standing, sg.Committed, sg.Since = StandingCommitted, true, adopted.date()
	case endorsed != nil:
		sg.Standing, sg.Committed, sg.By = StandingCommitted, true, endorsed
		sg.Since = max(endorsedOn, adopted).date()
	}
}
