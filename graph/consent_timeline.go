package graph

import (
	"slices"
	"strings"
)

// ConsentTimeline is an instrument's consents to be bound over time, as a
// step chart draws them: each consent on the day it counts from (its
// deposit, or the act itself where no deposit date is held), in date order
// (by latest day, then state code), with the number of consents by then;
// Undated counts the consents held without either date (a consent not
// dated, or one known only to precede a day), which no chart can place;
// States is the number of states the rows cover.
type ConsentTimeline struct {
	Points  []ConsentPoint
	Undated int
	States  int
}

// ConsentPoint is one consent on a ConsentTimeline.
type ConsentPoint struct {
	StateCode string
	Date      Date
	// Count is the number of consents up to and including this one.
	Count int
}

// TimelineOf reads an instrument's status table (RatificationTable) as a
// ConsentTimeline.
func TimelineOf(rows []*RatificationRow) *ConsentTimeline {
	t := &ConsentTimeline{Points: []ConsentPoint{}, States: len(rows)}
	for _, r := range rows {
		d := r.Deposited
		if d.IsZero() {
			d = r.Ratified
		}
		switch {
		case !d.IsZero():
			t.Points = append(t.Points, ConsentPoint{StateCode: r.StateCode, Date: d})
		case r.Standing == StandingConsentNotDated || !r.DepositedBefore.IsZero():
			t.Undated++
		}
	}
	slices.SortStableFunc(t.Points, func(a, b ConsentPoint) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.StateCode, b.StateCode)
	})
	for i := range t.Points {
		t.Points[i].Count = i + 1
	}
	return t
}
