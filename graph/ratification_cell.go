package graph

import "io"

// How a ratification matrix reads: one cell per state and instrument, and
// the tally of the cells, decided here and drawn by every page.

// RatificationCell is how one state stood towards one instrument on a
// day, as a matrix cell reads: a negative (NONE, SIGNED) only where a
// source supports it, "not known" otherwise.
type RatificationCell string

// Ratification cells.
const (
	CellNotAdopted      RatificationCell = "NOT_ADOPTED"      // the instrument was adopted after the day
	CellInForce         RatificationCell = "IN_FORCE"         // bound (PARTY)
	CellRatified        RatificationCell = "RATIFIED"         // consent given, not (yet) in force for the state
	CellRatifiedUndated RatificationCell = "RATIFIED_UNDATED" // consent held without a date: in force not known
	CellForceUnknown    RatificationCell = "FORCE_UNKNOWN"    // consent given; entry into force not known
	CellSigned          RatificationCell = "SIGNED"           // signed only, as a source says
	CellNone            RatificationCell = "NONE"             // not a party, as a source says
	CellWithdrawn       RatificationCell = "WITHDRAWN"
	CellSignedUnknown   RatificationCell = "SIGNED_UNKNOWN" // signed; nothing known of a consent since
	CellUnknown         RatificationCell = "UNKNOWN"        // nothing known either way
)

// RatificationCells lists every RatificationCell.
var RatificationCells = []RatificationCell{CellNotAdopted, CellInForce, CellRatified, CellRatifiedUndated, CellForceUnknown,
	CellSigned, CellNone, CellWithdrawn, CellSignedUnknown, CellUnknown}

func (v RatificationCell) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *RatificationCell) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "RatificationCell", RatificationCells)
}

// CellOf reads row as a matrix cell, for an instrument adopted on adopted
// (zero: not held).
func CellOf(row *RatificationRow, adopted Date) RatificationCell {
	if !adopted.IsZero() && !adopted.OnOrBefore(row.AsOf) {
		return CellNotAdopted
	}
	switch row.Standing {
	case StandingParty:
		return CellInForce
	case StandingPending:
		return CellRatified
	case StandingConsentNotDated:
		if row.PartyKnown && !row.Party {
			return CellRatified
		}
		return CellRatifiedUndated
	case StandingInForceUnknown:
		return CellForceUnknown
	case StandingSignedOnly:
		return CellSigned
	case StandingNotParty:
		return CellNone
	case StandingWithdrawn:
		return CellWithdrawn
	}
	if !row.Signed.IsZero() && row.Signed.OnOrBefore(row.AsOf) {
		return CellSignedUnknown
	}
	return CellUnknown
}

// RatificationTally counts a matrix's cells: InForce the states bound;
// Ratified those that gave their consent (in force or not, dated or not);
// NotKnown those whose standing the graph does not know (no record either
// way, a signature with nothing since, a consent without a date, an entry
// into force not known).
type RatificationTally struct {
	InForce, Ratified, NotKnown int
}

// Add counts one cell.
func (t *RatificationTally) Add(c RatificationCell) {
	switch c {
	case CellInForce:
		t.InForce++
		t.Ratified++
	case CellRatified:
		t.Ratified++
	case CellRatifiedUndated, CellForceUnknown:
		t.Ratified++
		t.NotKnown++
	case CellUnknown, CellSignedUnknown:
		t.NotKnown++
	}
}

// RowDateKind names one dated step of a ratification row.
type RowDateKind string

// Row date kinds.
const (
	RowSigned             RowDateKind = "SIGNED"
	RowRatified           RowDateKind = "RATIFIED"
	RowDeposited          RowDateKind = "DEPOSITED"
	RowInForce            RowDateKind = "IN_FORCE"
	RowWithdrawn          RowDateKind = "WITHDRAWN"
	RowDepositedBefore    RowDateKind = "DEPOSITED_BEFORE"
	RowInForceNoLaterThan RowDateKind = "IN_FORCE_NO_LATER_THAN"
)

// RowDateKinds lists every RowDateKind.
var RowDateKinds = []RowDateKind{RowSigned, RowRatified, RowDeposited, RowInForce, RowWithdrawn, RowDepositedBefore, RowInForceNoLaterThan}

func (v RowDateKind) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *RowDateKind) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "RowDateKind", RowDateKinds)
}

// RowDate is one dated step of a ratification row.
type RowDate struct {
	Kind RowDateKind
	Date Date
}

// Dates lists the row's dates a matrix cell shows: the steps that had
// come by AsOf (a date held to a month or year only once it is over; the
// entry into force only for a party), then the bounds held (a deposit
// placed before a day; for a party, the latest day it can have been bound
// when the day is not held).
func (r *RatificationRow) Dates() []RowDate {
	party := r.PartyKnown && r.Party
	inForce := Date{}
	if party {
		inForce = r.InForce
	}
	var out []RowDate
	for _, s := range []RowDate{{RowSigned, r.Signed}, {RowRatified, r.Ratified}, {RowDeposited, r.Deposited},
		{RowInForce, inForce}, {RowWithdrawn, r.Withdrawn}} {
		if !s.Date.IsZero() && s.Date.OnOrBefore(r.AsOf) {
			out = append(out, s)
		}
	}
	if !r.DepositedBefore.IsZero() {
		out = append(out, RowDate{RowDepositedBefore, r.DepositedBefore})
	}
	if party && r.InForce.IsZero() && !r.InForceNoLaterThan.IsZero() {
		out = append(out, RowDate{RowInForceNoLaterThan, r.InForceNoLaterThan})
	}
	return out
}
