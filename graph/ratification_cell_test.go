package graph

import (
	"strings"
	"testing"
)

// TestRatificationCell: each standing reads as its cell; a negative only
// where the standing is a known one; an instrument adopted after the day
// reads NOT_ADOPTED; a signature with nothing known since is
// SIGNED_UNKNOWN. The tally counts each cell as the matrix's footer says.
func TestRatificationCell(t *testing.T) {
	on := md("2018-06-30")
	row := func(s Standing) *RatificationRow { return &RatificationRow{AsOf: on, Standing: s} }
	notParty := row(StandingConsentNotDated)
	notParty.PartyKnown = true
	signed := row(StandingUnknown)
	signed.Signed = md("2016-01-01")
	for _, tc := range []struct {
		name    string
		row     *RatificationRow
		adopted Date
		want    RatificationCell
	}{
		{"party", row(StandingParty), md("2015-11-21"), CellInForce},
		{"pending", row(StandingPending), Date{}, CellRatified},
		{"consent not dated", row(StandingConsentNotDated), Date{}, CellRatifiedUndated},
		{"consent not dated, known not bound", notParty, Date{}, CellRatified},
		{"in force unknown", row(StandingInForceUnknown), Date{}, CellForceUnknown},
		{"signed only", row(StandingSignedOnly), Date{}, CellSigned},
		{"not party", row(StandingNotParty), Date{}, CellNone},
		{"withdrawn", row(StandingWithdrawn), Date{}, CellWithdrawn},
		{"unknown, signed", signed, Date{}, CellSignedUnknown},
		{"unknown", row(StandingUnknown), Date{}, CellUnknown},
		{"adopted after the day", row(StandingUnknown), md("2019-01-01"), CellNotAdopted},
		{"adopted in the day's year", row(StandingParty), md("2018"), CellNotAdopted},
		{"adopted on the day", row(StandingParty), on, CellInForce},
	} {
		if got := CellOf(tc.row, tc.adopted); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	var tally RatificationTally
	for _, c := range RatificationCells {
		tally.Add(c)
	}
	// in force: IN_FORCE; ratified: + RATIFIED, RATIFIED_UNDATED,
	// FORCE_UNKNOWN; not known: UNKNOWN, SIGNED_UNKNOWN, RATIFIED_UNDATED,
	// FORCE_UNKNOWN.
	if tally != (RatificationTally{InForce: 1, Ratified: 4, NotKnown: 4}) {
		t.Errorf("tally of one of each cell: got %+v, want 1 in force, 4 ratified, 4 not known", tally)
	}
}

// TestRowDates: a row shows the steps that had come by its day, a month
// only once it is over, the entry into force only for a party, and the
// bounds held after them.
func TestRowDates(t *testing.T) {
	words := func(ds []RowDate) string {
		var s []string
		for _, d := range ds {
			s = append(s, string(d.Kind)+" "+d.Date.String())
		}
		return strings.Join(s, "; ")
	}
	party := &RatificationRow{AsOf: md("2017-03-31"), Signed: md("2015-11-21"), Ratified: md("2016-01"), Deposited: md("2017-04"),
		InForce: md("2017-03-08"), Party: true, PartyKnown: true}
	notKnown := *party
	notKnown.PartyKnown = false
	window := &RatificationRow{AsOf: md("2018-06-30"), Ratified: md("2017"), DepositedBefore: md("2017-10-11"),
		InForceNoLaterThan: md("2017-11-10"), Party: true, PartyKnown: true}
	withdrawn := &RatificationRow{AsOf: md("2020-01-01"), Ratified: md("2016-01-25"), Withdrawn: md("2020-01-01")}
	later := &RatificationRow{AsOf: md("2015-12-31"), Signed: md("2015-11-21"), Ratified: md("2016-01-25"), Withdrawn: md("2020-01-01")}
	for _, tc := range []struct {
		name string
		row  *RatificationRow
		want string
	}{
		{"party, a month not over", party, "SIGNED 2015-11-21; RATIFIED 2016-01; IN_FORCE 2017-03-08"},
		{"standing not known: no entry into force", &notKnown, "SIGNED 2015-11-21; RATIFIED 2016-01"},
		{"bounds", window, "RATIFIED 2017; DEPOSITED_BEFORE 2017-10-11; IN_FORCE_NO_LATER_THAN 2017-11-10"},
		{"withdrawn on the day", withdrawn, "RATIFIED 2016-01-25; WITHDRAWN 2020-01-01"},
		{"steps after the day", later, "SIGNED 2015-11-21"},
	} {
		if got := words(tc.row.Dates()); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
