package graph

import (
	"fmt"
	"testing"
)

// TestCompareOrderByCoverage: the most reviewed first, then the higher low
// end, then by code; a state with nothing to rate last, after one with
// nothing of it reviewed.
func TestCompareOrderByCoverage(t *testing.T) {
	sum := func(code string, implemented, partial, none, unreviewed int) *StateSummary {
		s := &StateSummary{StateCode: code, Implemented: implemented, Partial: partial, NotImplemented: none, Unreviewed: unreviewed}
		s.Denominator = implemented + partial + none + unreviewed
		if s.Denominator > 0 {
			s.RateLow = float64(implemented) / float64(s.Denominator)
			s.RateHigh = float64(implemented+unreviewed) / float64(s.Denominator)
			s.Coverage = float64(implemented+partial+none) / float64(s.Denominator)
		}
		return s
	}
	sums := []*StateSummary{
		sum("AAA", 0, 0, 0, 0), // nothing to rate
		sum("BBB", 0, 0, 0, 4), // nothing reviewed
		sum("CCC", 1, 0, 1, 2), // half reviewed, low 1/4
		sum("DDD", 2, 0, 0, 2), // half reviewed, low 2/4
		sum("EEE", 1, 1, 0, 0), // all reviewed
		sum("FFF", 2, 0, 0, 2), // as DDD: by code
	}
	OrderSummaries(sums, CompareByCoverage)
	var got []string
	for _, s := range sums {
		got = append(got, s.StateCode)
	}
	if want := "[EEE DDD FFF CCC BBB AAA]"; fmt.Sprint(got) != want {
		t.Errorf("by coverage: got %v, want %s", got, want)
	}
	OrderSummaries(sums, CompareByState)
	if sums[0].StateCode != "AAA" || sums[5].StateCode != "FFF" {
		t.Errorf("by state: got %s first and %s last", sums[0].StateCode, sums[5].StateCode)
	}
}
