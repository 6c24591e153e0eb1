package graph

import "testing"

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
