package graph

// CompareTotals adds up a comparison's summaries, so that a page quotes
// one number for the states it compares (a headline: "of N bound
// obligations, R reviewed, G gaps") instead of summing them itself. Each
// count is the sum of the same count over the states (gap.go); which
// states are bound, fully reviewed or not reviewed at all is decided here.
type CompareTotals struct {
	// States is the number of summaries added up.
	States int
	// StatesBound counts the states bound by at least one obligation.
	StatesBound int
	// FullyReviewedCodes are the bound states with something to rate and
	// nothing unreviewed, in the summaries' order.
	FullyReviewedCodes []string
	// NoneReviewedCodes are the bound states with nothing reviewed (no
	// rate to show), in the summaries' order.
	NoneReviewedCodes []string

	Bound, Implemented, Partial, NotImplemented, Unreviewed, Reserved, NotDomestic, NotCounted int
	Committed, StandingUnknown                                                                 int
	// Gaps, GapsAtMost, Reviewed and Denominator are the sums of the
	// summaries' own (StateSummary.Gaps, GapsAtMost, Reviewed, Denominator).
	Gaps, GapsAtMost, Reviewed, Denominator int
}

// TotalsOf adds up sums.
func TotalsOf(sums []*StateSummary) *CompareTotals {
	t := &CompareTotals{States: len(sums), FullyReviewedCodes: []string{}, NoneReviewedCodes: []string{}}
	for _, s := range sums {
		if s.Bound > 0 {
			t.StatesBound++
			switch {
			case s.Reviewed() == 0:
				t.NoneReviewedCodes = append(t.NoneReviewedCodes, s.StateCode)
			case s.Unreviewed == 0:
				t.FullyReviewedCodes = append(t.FullyReviewedCodes, s.StateCode)
			}
		}
		t.Bound += s.Bound
		t.Implemented += s.Implemented
		t.Partial += s.Partial
		t.NotImplemented += s.NotImplemented
		t.Unreviewed += s.Unreviewed
		t.Reserved += s.Reserved
		t.NotDomestic += s.NotDomestic
		t.NotCounted += s.NotCounted
		t.Committed += s.Committed
		t.StandingUnknown += s.StandingUnknown
		t.Gaps += s.Gaps()
		t.GapsAtMost += s.GapsAtMost()
		t.Reviewed += s.Reviewed()
		t.Denominator += s.Denominator
	}
	return t
}
