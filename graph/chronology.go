package graph

import (
	"cmp"
	"math"
	"slices"
)

// Chronological order: how a state's actions, evidence and reviews are
// listed, so that every page draws them in one order and none sorts them
// itself.
//
// Earliest first, by the first day each date allows; among dates with the
// same first day, the one known more exactly (the earlier last day) first
// ("2019-01-01" before "2019"); then by id. A record without a date comes
// last: when it happened is not known.

// chronologically orders items in place by the date each gives.
func chronologically[T Node](items []T, date func(T) Date) {
	// key orders undated records after every day.
	key := func(d Date) (first, last day) {
		if d.IsZero() {
			return math.MaxInt32, math.MaxInt32
		}
		return dayOf(d.First()), dayOf(d.Last())
	}
	slices.SortFunc(items, func(a, b T) int {
		af, al := key(date(a))
		bf, bl := key(date(b))
		return cmp.Or(cmp.Compare(af, bf), cmp.Compare(al, bl), cmp.Compare(a.NodeID(), b.NodeID()))
	})
}

// ActionsChronologically orders a state's actions in place: by the action's
// date, else its deposit.
func ActionsChronologically(actions []*StateAction) {
	chronologically(actions, func(a *StateAction) Date { return cmp.Or(a.Date, a.Deposited) })
}

// EvidenceChronologically orders evidence in place by its date.
func EvidenceChronologically(evidence []*Evidence) {
	chronologically(evidence, func(e *Evidence) Date { return e.Date })
}

// ReviewsChronologically orders reviews in place by the day of the law
// they read.
func ReviewsChronologically(reviews []*Review) {
	chronologically(reviews, func(r *Review) Date { return r.Date })
}
