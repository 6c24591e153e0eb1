package graph

import (
	"context"
	"io"
)

// Whether an instrument was in force on a day, as its matrix header says:
// decided here from the entry into force (entry_into_force.go) and drawn
// by every page.

// ForceStatus says whether an instrument was in force on a day.
type ForceStatus string

// Force statuses.
const (
	ForceNotAdopted ForceStatus = "NOT_ADOPTED"      // adopted after the day
	ForceInForce    ForceStatus = "IN_FORCE"         // in force on the day
	ForceNotYet     ForceStatus = "NOT_YET_IN_FORCE" // known not yet in force on the day
	ForceNotKnown   ForceStatus = "NOT_KNOWN"        // the dates held do not settle it
)

// ForceStatuses lists every ForceStatus.
var ForceStatuses = []ForceStatus{ForceNotAdopted, ForceInForce, ForceNotYet, ForceNotKnown}

func (v ForceStatus) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *ForceStatus) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "ForceStatus", ForceStatuses)
}

// InstrumentForce is whether an instrument was in force on AsOf.
type InstrumentForce struct {
	AsOf   Date
	Status ForceStatus
	// Adopted is the adoption, for NOT_ADOPTED.
	Adopted Date
	// Since is the entry into force when it is held to the day and
	// IN_FORCE; NoLaterThan, for IN_FORCE otherwise, the latest day it
	// can have come (a year-only date is a bound, not a day).
	Since, NoLaterThan Date
}

// ForceOn decides whether an instrument adopted on adopted (zero: not
// held), entering into force as e says, was in force on the day on. A
// date held only to a year or a month is a window: inside it the status
// is NOT_KNOWN, after it IN_FORCE no later than its last day.
func ForceOn(adopted Date, e EntryDecision, on Date) InstrumentForce {
	f := InstrumentForce{AsOf: on, Status: ForceNotKnown}
	if !adopted.IsZero() && !adopted.OnOrBefore(on) {
		f.Status, f.Adopted = ForceNotAdopted, adopted
		return f
	}
	lo, hi := e.window()
	if !e.Date.IsZero() {
		lo = dayOf(e.Date.First())
	}
	d := dayOf(on)
	switch {
	case hi != 0 && d >= hi:
		f.Status = ForceInForce
		if !e.Date.IsZero() && e.Date.Precision() == PrecisionDay {
			f.Since = e.Date
		} else {
			f.NoLaterThan = hi.date()
		}
	case lo != 0 && d < lo:
		f.Status = ForceNotYet
	}
	return f
}

// InstrumentForceOn says whether the instrument was in force on the day
// (zero: today).
func (e *Engine) InstrumentForceOn(ctx context.Context, instrumentID string, on Date) (*InstrumentForce, error) {
	on, _ = e.day(on)
	inf, err := e.call(ctx).instrument(instrumentID)
	if err != nil {
		return nil, err
	}
	f := ForceOn(inf.Instrument.Adopted, inf.Entry, on)
	return &f, nil
}

// Today is the day an asOf left null stands for: the engine's fixed day,
// else today in UTC.
func (e *Engine) Today() Date {
	d, _ := e.day(Date{})
	return d
}
