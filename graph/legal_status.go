package graph

import (
	"cmp"
	"slices"
)

// The rule that decides an obligation's legal status for a bound state on a
// day.
//
//   - RESERVED when a reservation the state holds covers the obligation's
//     provision (never a gap);
//   - NOT_DOMESTIC when the obligation is one domestic law cannot implement
//     (inter-state or procedural): it is judged by practice, and laws linked
//     to it are context, not a legal status;
//   - IMPLEMENTED when a law of the state linked to it as FULL is surely in
//     force on the day (in force, else enacted, on or before it, and not
//     repealed on any day its repeal's date allows on or before it); else
//     PARTIAL when a PARTIAL one surely is;
//   - UNREVIEWED when a linked law may be in force on the day: its entry
//     into force (else enactment) or its repeal is dated only to the year
//     or month, and the day lies in that period (before the last day of a
//     repeal's), so whether it stood is not known. Never a claimed
//     implementation, and a review does not make it NONE: the review found
//     no law in force, but this one may have been;
//   - NONE when a review in force on the day (dated on or before it) covers
//     the obligation: reviewed, none found;
//   - UNREVIEWED otherwise: nothing supports saying that no law implements it.
//
// A review does not freeze the law: a law that comes into force after it
// still makes the obligation IMPLEMENTED or PARTIAL.

// legalStatus applies the rule. links are the state's links to the
// obligation, reviews the state's reviews of the obligation's instrument.
func legalStatus(ob *Obligation, links []LinkRow, reviews []ReviewFact, reserved bool, d day) LegalStatus {
	if reserved {
		return LegalReserved
	}
	if !ob.Domestic() {
		return LegalNotDomestic
	}
	status := LegalStatus("")
	maybe := false
	for i := range links {
		switch l := &links[i]; {
		case l.countsOn(d):
			if l.Full {
				return LegalImplemented
			}
			status = LegalPartial
		case l.mayCountOn(d):
			maybe = true
		}
	}
	switch {
	case status != "":
		return status
	case maybe:
		return LegalUnreviewed
	case reviewedBy(ob, reviews, d) != nil:
		return LegalNone
	}
	return LegalUnreviewed
}

// reviewsCovering returns the reviews in force on d that cover the
// obligation, latest first: reviewedBy's candidates.
func reviewsCovering(ob *Obligation, reviews []ReviewFact, d day) []*ReviewFact {
	var out []*ReviewFact
	for i := range reviews {
		if r := &reviews[i]; r.from <= d && r.covers(ob) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b *ReviewFact) int { return cmp.Compare(b.from, a.from) })
	return out
}

// reviewedBy returns the latest review in force on d that covers the
// obligation, or nil.
func reviewedBy(ob *Obligation, reviews []ReviewFact, d day) *ReviewFact {
	var best *ReviewFact
	for i := range reviews {
		r := &reviews[i]
		if r.from <= d && r.covers(ob) && (best == nil || r.from > best.from) {
			best = r
		}
	}
	return best
}
