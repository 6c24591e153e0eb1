package graph

import (
	"cmp"
	"io"
	"slices"
	"strings"
)

// The order of a comparison of states.
//
// By coverage: the states whose counted obligations are most reviewed
// first (coverage, highest first), then by the low end of the range their
// implementation rate lies in (highest first), then by state code. A state
// with nothing to rate (no coverage) comes after every state with some,
// even one with nothing of it reviewed. The rate alone never orders: rates
// over different coverage are not comparable.

// CompareOrder is how a comparison's states are ordered.
type CompareOrder string

// CompareOrders.
const (
	// CompareByState orders by state code.
	CompareByState CompareOrder = "STATE"
	// CompareByCoverage orders by coverage, then the range's low end.
	CompareByCoverage CompareOrder = "COVERAGE"
)

// CompareOrders lists every CompareOrder.
var CompareOrders = []CompareOrder{CompareByState, CompareByCoverage}

func (v CompareOrder) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *CompareOrder) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "CompareOrder", CompareOrders)
}

// OrderSummaries orders a comparison's summaries in place.
func OrderSummaries(sums []*StateSummary, by CompareOrder) {
	if by == CompareByCoverage {
		slices.SortStableFunc(sums, coverageFirst)
		return
	}
	slices.SortStableFunc(sums, func(a, b *StateSummary) int { return strings.Compare(a.StateCode, b.StateCode) })
}

// coverageFirst is the order by coverage (see above).
func coverageFirst(a, b *StateSummary) int {
	f := func(p *float64) float64 {
		if p == nil {
			return -1 // nothing to rate: after every share, 0 included
		}
		return *p
	}
	return cmp.Or(cmp.Compare(f(b.CoverageValue()), f(a.CoverageValue())),
		cmp.Compare(f(b.RateLowValue()), f(a.RateLowValue())),
		strings.Compare(a.StateCode, b.StateCode))
}
