package graph

import (
	"slices"
	"testing"
)

// TestCompareTotals: the totals are the sums of the states' counts; a
// state bound by nothing is neither fully nor not reviewed; a bound state
// with nothing reviewed has no rate, and one with nothing unreviewed is
// fully reviewed.
func TestCompareTotals(t *testing.T) {
	sum := func(code string, os ...outcome) *StateSummary {
		s := &StateSummary{StateCode: code}
		for _, o := range os {
			s.count(o)
		}
		s.rates()
		return s
	}
	full := sum("AAA", outcomeImplemented, outcomePartial, outcomeReserved)
	none := sum("BBB", outcomeUnreviewed, outcomeUnreviewed, outcomeNotDomestic)
	some := sum("CCC", outcomeNone, outcomeUnreviewed, outcomeNotCounted)
	unbound := sum("DDD")
	unbound.Committed, unbound.StandingUnknown = 4, 2
	onlyReserved := sum("EEE", outcomeReserved)

	got := TotalsOf([]*StateSummary{full, none, some, unbound, onlyReserved})
	if got.States != 5 || got.StatesBound != 4 {
		t.Errorf("states: got %d, %d bound; want 5, 4 bound", got.States, got.StatesBound)
	}
	if !slices.Equal(got.FullyReviewedCodes, []string{"AAA"}) || !slices.Equal(got.NoneReviewedCodes, []string{"BBB", "EEE"}) {
		t.Errorf("got fully reviewed %v, none reviewed %v; want [AAA] and [BBB EEE]", got.FullyReviewedCodes, got.NoneReviewedCodes)
	}
	counts := [...]int{got.Bound, got.Implemented, got.Partial, got.NotImplemented, got.Unreviewed, got.Reserved, got.NotDomestic, got.NotCounted,
		got.Committed, got.StandingUnknown, got.Gaps, got.GapsAtMost, got.Reviewed, got.Denominator}
	// bound 3+3+3+0+1; gaps: AAA partial, CCC none; at most: + 3 unreviewed;
	// reviewed: AAA 2, CCC 1; denominator: 2 + 2 + 2.
	want := [...]int{10, 1, 1, 1, 3, 2, 1, 1, 4, 2, 2, 5, 3, 6}
	if counts != want {
		t.Errorf("counts: got %v, want %v", counts, want)
	}
	if empty := TotalsOf(nil); empty.States != 0 || empty.FullyReviewedCodes == nil || empty.NoneReviewedCodes == nil {
		t.Errorf("no summaries: got %+v, want zeros and empty lists", empty)
	}
}
