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
// by its earliest deposit, deposits ordered by day then action id; a consent
// with no deposit recorded counts from its act). A sourced explicit date
// overrides the derived one, and a disagreement is a warning. When the
// deposits held cannot derive a date and no sourced date is held, whether
// the instrument is in force is not known: consents may simply be missing
// from the record. Only a status statement that lists every party (a
// depositary's list) with too few parties makes "not yet in force" known.

// EntryDecision is an instrument's entry into force as the rule decides it.
type EntryDecision struct {
	// Date is the one the graph uses: Stated when it has sources, else Derived.
	Date    Date
	Derived Date
	Stated  Date
	// Trigger is the deposit that completed the rule (the sixth, for ACTIP).
	Trigger *ConsentFact
	// Dated is how many states' consents are dated; Undated how many are
	// recorded without a deposit or act date, or with a bound only.
	Dated, Undated int
	// Known is false when the date cannot be derived, none is stated, and
	// no complete status statement says the instrument was not in force.
	Known bool
	// NotInForceUntil, when Known and Date is zero, is the day of the
	// complete status statement that shows it was not in force then.
	NotInForceUntil Date
}

// entryIntoForce applies the rule to an instrument's facts.
func entryIntoForce(f *InstrumentFacts) EntryDecision {
	inst := f.Instrument
	d := EntryDecision{Stated: inst.EntryIntoForce}
	rule := inst.Rule
	if rule.Ratifications > 0 {
		first := map[string]ConsentFact{}
		undated := map[string]bool{}
		for _, c := range f.Consents {
			if c.on == 0 {
				undated[c.StateCode] = true
				continue
			}
			if p, seen := first[c.StateCode]; !seen || c.on < p.on {
				first[c.StateCode] = c
			}
		}
		deps := make([]ConsentFact, 0, len(first))
		for _, c := range first {
			deps = append(deps, c)
		}
		slices.SortFunc(deps, func(a, b ConsentFact) int {
			return cmp.Or(cmp.Compare(a.on, b.on), strings.Compare(a.ActionID, b.ActionID))
		})
		for code := range undated {
			if _, ok := first[code]; !ok {
				d.Undated++
			}
		}
		d.Dated = len(deps)
		if len(deps) >= rule.Ratifications {
			nth := deps[rule.Ratifications-1]
			d.Trigger = &nth
			d.Derived = nth.on.addDays(rule.DaysAfter).date()
		}
	}
	if !inst.EntryIntoForce.IsZero() && len(inst.EntryIntoForceSources) > 0 {
		d.Date = inst.EntryIntoForce
	} else {
		d.Date = d.Derived
	}
	d.Known = !d.Date.IsZero()
	if !d.Known {
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

// inForceOn reports, for a day, whether the instrument is in force (known
// says whether that is known at all).
func (d EntryDecision) inForceOn(on day) (inForce, known bool) {
	if !d.Date.IsZero() {
		return dayOf(d.Date) <= on, true
	}
	if !d.NotInForceUntil.IsZero() && on <= dayOf(d.NotInForceUntil) {
		return false, true
	}
	return false, false
}

// inForceFor returns the day the instrument enters into force for a state
// whose consent counts from dep: the entry into force itself for one of the
// deposits that brought it into force, else the deposit plus the
// later-party delay, never before the entry into force; for an instrument
// with no rule but a sourced date, that date or the deposit if later. It
// returns 0 when the instrument's entry into force is not known.
func (d EntryDecision) inForceFor(inst *Instrument, dep day) day {
	if d.Date.IsZero() {
		return 0
	}
	eif := dayOf(d.Date)
	rule := inst.Rule
	switch {
	case d.Trigger != nil && dep <= d.Trigger.on:
		return eif
	case rule.Ratifications > 0:
		return max(dep.addDays(rule.LaterPartyDaysAfter), eif)
	}
	return max(dep, eif)
}
