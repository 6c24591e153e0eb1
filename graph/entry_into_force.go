package graph

import (
	"cmp"
	"slices"
	"strings"
)

// The rule that decides when an instrument enters into force.
//
// An instrument with an entry rule enters into force DaysAfter days after
// the Ratifications-th deposit of a consent to be bound (each state counted
// by its earliest deposit). Deposits are windows (facts.go): a deposit held
// to the day is one day, one held to a month or year spans it, one known
// only to precede a day runs up to that day, and a consent dated only by
// its domestic act has no latest day (a deposit comes on or after its act).
// So the derived entry into force is a window too:
//
//   - it is no later than DaysAfter days after the Ratifications-th latest
//     day among the deposits held (that many deposits had certainly been
//     made by then), whether or not every consent is held;
//   - it is no earlier than DaysAfter days after the Ratifications-th
//     earliest day, but only when the instrument's consents are complete up
//     to the trigger (EntryRule.ConsentsComplete: a depositary's list was
//     read); otherwise a consent missing from the record may have come
//     earlier;
//   - it is a single day only when both ends meet.
//
// A sourced explicit date overrides the derived one, and a disagreement is
// a warning. When nothing bounds the date, whether the instrument is in
// force is not known; only a status statement that lists every party (a
// depositary's list) with too few parties makes "not yet in force" known.

// EntryDecision is an instrument's entry into force as the rule decides it.
type EntryDecision struct {
	// Date is the one the graph uses: Stated when it has sources, else
	// Derived when that is a single day; zero otherwise.
	Date Date
	// NoEarlierThan and NoLaterThan bound the entry into force when Date is
	// zero (either may be zero: not bounded on that side).
	NoEarlierThan, NoLaterThan Date
	// Derived is the day the rule gives, only when the record settles it to
	// a day; DerivedNoEarlierThan and DerivedNoLaterThan are the window it
	// gives otherwise.
	Derived                                  Date
	DerivedNoEarlierThan, DerivedNoLaterThan Date
	Stated                                   Date
	// Trigger is the deposit that completed the rule (the sixth, for ACTIP):
	// when Derived is a day, that deposit; otherwise the one whose latest day
	// gives DerivedNoLaterThan.
	Trigger *ConsentFact
	// Dated is how many states' deposits have a latest day; Undated how
	// many states' consents have none (act-dated or not dated).
	Dated, Undated int
	// Known is false when nothing bounds the date: none derived, none
	// stated, and no complete status statement says the instrument was not
	// in force.
	Known bool
	// NotInForceUntil, when Date is zero, is the day of the complete status
	// statement that shows it was not in force then.
	NotInForceUntil Date
}

// entryIntoForce applies the rule to an instrument's facts.
func entryIntoForce(f *InstrumentFacts) EntryDecision {
	inst := f.Instrument
	d := EntryDecision{Stated: inst.EntryIntoForce}
	rule := inst.Rule
	if rule.Ratifications > 0 {
		latest := map[string]ConsentFact{}   // by state: the deposit with the earliest latest day
		earliest := map[string]ConsentFact{} // by state: the consent with the earliest first day
		states := map[string]bool{}
		for _, c := range f.Consents {
			states[c.StateCode] = true
			if c.to != 0 {
				if p, seen := latest[c.StateCode]; !seen || c.to < p.to || (c.to == p.to && c.ActionID < p.ActionID) {
					latest[c.StateCode] = c
				}
			}
			if p, seen := earliest[c.StateCode]; !seen || c.from < p.from {
				earliest[c.StateCode] = c
			}
		}
		d.Dated = len(latest)
		d.Undated = len(states) - len(latest)
		byTo := sortedConsents(latest, func(c ConsentFact) day { return c.to })
		if len(byTo) >= rule.Ratifications {
			nth := byTo[rule.Ratifications-1]
			d.Trigger = &nth
			d.DerivedNoLaterThan = nth.to.addDays(rule.DaysAfter).date()
		}
		if rule.ConsentsComplete {
			byFrom := sortedConsents(earliest, func(c ConsentFact) day { return c.from })
			// A consent with no earliest day (0 sorts first) leaves it open.
			if len(byFrom) >= rule.Ratifications && byFrom[0].from != 0 {
				d.DerivedNoEarlierThan = byFrom[rule.Ratifications-1].from.addDays(rule.DaysAfter).date()
			}
		}
		if !d.DerivedNoLaterThan.IsZero() && d.DerivedNoEarlierThan == d.DerivedNoLaterThan {
			d.Derived = d.DerivedNoLaterThan
		}
	}
	switch {
	case !inst.EntryIntoForce.IsZero() && len(inst.EntryIntoForceSources) > 0:
		d.Date = inst.EntryIntoForce
	case !d.Derived.IsZero():
		d.Date = d.Derived
	default:
		d.NoEarlierThan, d.NoLaterThan = d.DerivedNoEarlierThan, d.DerivedNoLaterThan
	}
	d.Known = !d.Date.IsZero() || !d.NoLaterThan.IsZero() || !d.NoEarlierThan.IsZero()
	if d.Date.IsZero() {
		// A complete list of parties as of a day, with fewer than the rule
		// needs, is a sourced "not yet in force" up to that day.
		for _, s := range inst.StatusStatements {
			if s.Complete && len(s.Parties) < rule.Ratifications && s.AsOf.Compare(d.NotInForceUntil) > 0 {
				d.NotInForceUntil = s.AsOf
			}
		}
	}
	return d
}

// sortedConsents returns the consents ordered by key, then action id.
func sortedConsents(m map[string]ConsentFact, key func(ConsentFact) day) []ConsentFact {
	out := make([]ConsentFact, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b ConsentFact) int {
		return cmp.Or(cmp.Compare(key(a), key(b)), strings.Compare(a.ActionID, b.ActionID))
	})
	return out
}

// window returns the days between which the instrument entered into force
// (0 on a side not bounded): the first and last days its Date allows (one
// day when it is known to the day; a sourced date known only to a year or
// month leaves whether it is in force inside that period not known).
func (d EntryDecision) window() (lo, hi day) {
	if !d.Date.IsZero() {
		return firstDayOf(d.Date), dayOf(d.Date)
	}
	lo, hi = dayOf(d.NoEarlierThan), dayOf(d.NoLaterThan)
	if n := dayOf(d.NotInForceUntil); n != 0 && n+1 > lo {
		lo = n.addDays(1)
	}
	return lo, hi
}

// inForceOn reports, for a day, whether the instrument is in force (known
// says whether that is known at all).
func (d EntryDecision) inForceOn(on day) (inForce, known bool) {
	lo, hi := d.window()
	switch {
	case hi != 0 && on >= hi:
		return true, true
	case lo != 0 && on < lo:
		return false, true
	}
	return false, false
}

// stateWindow returns the days between which the instrument entered into
// force for a state whose deposit lies in [from, to] (to 0: no latest day):
// the entry into force itself for a deposit that can have been among those
// that brought it into force, else the deposit plus the later-party delay,
// never before the entry into force; for an instrument with no rule but a
// sourced date, that date or the deposit if later. A side not bounded is 0.
func (d EntryDecision) stateWindow(inst *Instrument, from, to day) (lo, hi day) {
	eLo, eHi := d.window()
	rule := inst.Rule
	if rule.Ratifications == 0 {
		if d.Date.IsZero() {
			return 0, 0
		}
		lo = max(from, eLo)
		if to != 0 {
			hi = max(to, eHi)
		}
		return lo, hi
	}
	trigger := d.Trigger
	// Certainly among the deposits that brought it into force: in force
	// for the state when the instrument entered into force.
	among := trigger != nil && !d.Date.IsZero() && to != 0 && to <= trigger.to
	// Possibly among them: its deposit can have come no later than the one
	// that completed the rule (or, with no trigger held, than the entry
	// into force itself); then no bound later than the entry into force.
	possibly := (trigger != nil && from <= trigger.to) || (trigger == nil && (eHi == 0 || from <= eHi))
	switch {
	case among:
		hi = eHi
	case to != 0 && eHi != 0:
		hi = max(to.addDays(rule.LaterPartyDaysAfter), eHi)
	}
	// Never before the deposit allows: the delay after it (the shorter of
	// the two when it may have been among those that brought the
	// instrument into force), and never before the entry into force.
	lo = eLo
	switch {
	case from == 0:
	case possibly:
		lo = max(lo, from.addDays(min(rule.DaysAfter, rule.LaterPartyDaysAfter)))
	default:
		lo = max(lo, from.addDays(rule.LaterPartyDaysAfter))
	}
	if hi != 0 && lo > hi {
		lo = hi
	}
	return lo, hi
}
