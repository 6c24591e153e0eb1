package graph

// The rule that decides whether a state is bound by, or committed to, an
// instrument on a day, and which of its reservations hold.
//
// Binding instruments. The consent to be bound in effect on a day is the
// earliest one deposited on or before it and after the state's latest
// withdrawal in effect by then (a consent with no deposit recorded counts
// from its act). The state is bound once the instrument is in force for it
// (entry_into_force.go). A consent recorded with no date makes the standing
// unknown, never "signed only"; one known only to precede a day binds from
// the latest day the rule allows for a deposit before it, and until then
// the standing is unknown. Saying that a state is not bound needs a source:
// its consent dated after the day, a withdrawal, or a status statement
// naming it as not a party by a later day. With none of them the standing
// is UNKNOWN.
//
// Non-binding instruments. A state is committed to one adopted on or before
// the day that it endorsed, or that was adopted while it was an ASEAN
// member, unless it withdrew. It is not committed before the adoption, or
// after a withdrawal; otherwise (not a member at the adoption, no
// endorsement recorded) whether it is committed is not known.
//
// Reservations made with any action on the instrument by the day hold,
// except those made before a withdrawal: they lapsed with the consent it
// ended.

// StandingDecision is how a state stands towards an instrument on a day.
type StandingDecision struct {
	Standing  Standing
	Bound     bool
	Committed bool
	// Since is the day the state became bound or committed; when only a
	// bound is known, Since is zero and NoLaterThan holds the bound.
	Since       Date
	NoLaterThan Date
	// By is the consent (or endorsement) in effect.
	By *StateAction
	// Withdrawal is the withdrawal in effect by the day.
	Withdrawal *StateAction
	Withdrawn  Date
	// Later is a consent deposited after the day; Undated one recorded
	// without a usable date; Statement the status statement relied on.
	Later     *StateAction
	Undated   *StateAction
	Statement *StatusStatement
	// InForceFor is when the instrument enters into force for the state
	// under its consent in effect (zero when not known).
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
// withdrawal) takes effect: a withdrawal's notification when recorded, else
// the act; 0 when undated.
func effectiveDay(a *StateAction) day {
	if a.Kind == ActionWithdrawal && !a.Deposited.IsZero() {
		return dayOf(a.Deposited)
	}
	if !a.Date.IsZero() {
		return dayOf(a.Date)
	}
	return dayOf(a.Deposited)
}

// standingOn decides the state's standing towards the instrument on d.
func standingOn(sf *StateFacts, inf *InstrumentFacts, d day) StandingDecision {
	inst := inf.Instrument
	acts := sf.Actions[inst.ID]
	var sg StandingDecision
	var withdrawn day
	for _, a := range acts {
		if a.Kind == ActionWithdrawal {
			if w := effectiveDay(a); w != 0 && w <= d && w > withdrawn {
				sg.Withdrawal, withdrawn = a, w
			}
		}
	}
	sg.Withdrawn = withdrawn.date()
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
		return sg
	}
	boundOn(sf.State.Code, inf, acts, withdrawn, d, &sg)
	return sg
}

// boundOn decides a binding instrument's standing.
func boundOn(code string, inf *InstrumentFacts, acts []*StateAction, withdrawn, d day, sg *StandingDecision) {
	inst, entry := inf.Instrument, inf.Entry
	var consent *StateAction
	var consentOn day
	var bounded *StateAction
	var boundedBefore, laterOn day
	for _, a := range acts {
		c, ok := consentOf(a)
		if !ok {
			continue
		}
		switch {
		case c.on == 0 && c.before == 0:
			sg.Undated = a
		case c.on == 0:
			if withdrawn == 0 || c.before > withdrawn+1 {
				if bounded == nil || c.before < boundedBefore {
					bounded, boundedBefore = a, c.before
				}
			}
		case c.on > d:
			if sg.Later == nil || c.on < laterOn {
				sg.Later, laterOn = a, c.on
			}
		case sg.Withdrawal != nil && c.on <= withdrawn:
		case consent == nil || c.on < consentOn:
			consent, consentOn = a, c.on
		}
	}
	if consent != nil {
		sg.By = consent
		in := entry.inForceFor(inst, consentOn)
		if !consent.InForce.IsZero() && len(consent.InForceSources) > 0 {
			in = dayOf(consent.InForce) // a sourced date for the state decides
		}
		if in != 0 {
			sg.InForceFor = in.date()
			if in <= d {
				sg.Standing, sg.Bound, sg.Since = StandingParty, true, in.date()
			} else {
				sg.Standing = StandingPending
			}
			return
		}
		if _, known := entry.inForceOn(d); known {
			sg.Standing = StandingPending
		} else {
			sg.Standing = StandingInForceUnknown
		}
		return
	}
	// A consent known only to precede a day: the latest day the rule
	// allows for a deposit the day before binds for certain.
	if bounded == nil {
		if s := partyStatement(inst, code, d); s != nil {
			sg.Statement = s
			boundedBefore = dayOf(s.AsOf).addDays(1)
		}
	}
	if bounded != nil || sg.Statement != nil {
		sg.By = bounded
		if latest := entry.inForceFor(inst, boundedBefore.addDays(-1)); latest != 0 {
			sg.NoLaterThan = latest.date()
			if latest <= d {
				sg.Standing, sg.Bound = StandingParty, true
				return
			}
		}
		sg.Standing = StandingConsentNotDated
		return
	}
	switch {
	case sg.Undated != nil:
		sg.Standing = StandingConsentNotDated
	case sg.Withdrawal != nil:
		sg.Standing = StandingWithdrawn
	case sg.Later != nil:
		sg.Standing = notPartyStanding(acts, d)
	default:
		if s := notPartyStatement(inst, code, d); s != nil {
			sg.Statement = s
			sg.Standing = notPartyStanding(acts, d)
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

// partyStatement returns the earliest status statement, dated on or before
// d, that names the state as having consented to be bound.
func partyStatement(inst *Instrument, code string, d day) *StatusStatement {
	var best *StatusStatement
	for i := range inst.StatusStatements {
		s := &inst.StatusStatements[i]
		if dayOf(s.AsOf) <= d && s.PartyOn(code) && (best == nil || s.AsOf.Compare(best.AsOf) < 0) {
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
