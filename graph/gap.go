package graph

import "slices"

// What counts as a gap, and how summaries count.
//
// Only an obligation of an instrument that binds the state on the day can
// be a gap; commitments under non-binding instruments never are, and a
// RESERVED obligation never is.
//
//   - Under LAW, a gap is a domestic-measure obligation whose legal status is
//     PARTIAL or NONE (reviewed, none found). UNREVIEWED is not a gap unless
//     asked for (include), since nothing supports it; NOT_DOMESTIC never is.
//   - Under PRACTICE, a gap is practice MIXED or GAP; NO_EVIDENCE is counted
//     as not reviewed, and listed only when UNREVIEWED is asked for.
//   - Under EITHER, a gap is one under LAW or under PRACTICE.
//
// A summary counts each bound obligation once: reserved; outside law
// (NOT_DOMESTIC, under LAW); implemented; partial; not implemented (known
// negatives only); unreviewed (nothing known either way). The
// implementation rate is over what is known, and coverage says how much of
// what could be known is.

// outcome is how a bound obligation counts under a basis.
type outcome uint8

const (
	outcomeImplemented outcome = iota + 1
	outcomePartial
	outcomeNone
	outcomeUnreviewed
	outcomeReserved
	outcomeNotDomestic
)

// judge decides how a bound obligation with these statuses counts under b;
// domestic says whether domestic law can implement it.
func judge(legal LegalStatus, practice PracticeStatus, domestic bool, b Basis) outcome {
	if legal == LegalReserved {
		return outcomeReserved
	}
	law := func() outcome {
		if !domestic {
			return outcomeNotDomestic
		}
		switch legal {
		case LegalImplemented:
			return outcomeImplemented
		case LegalPartial:
			return outcomePartial
		case LegalNone:
			return outcomeNone
		case LegalNotDomestic:
			return outcomeNotDomestic
		}
		return outcomeUnreviewed
	}
	prac := func() outcome {
		switch practice {
		case PracticeEffective:
			return outcomeImplemented
		case PracticeMixed:
			return outcomePartial
		case PracticeGap:
			return outcomeNone
		}
		return outcomeUnreviewed
	}
	switch b {
	case BasisLaw:
		return law()
	case BasisPractice:
		return prac()
	}
	l, p := law(), prac()
	if l == outcomeNotDomestic {
		return p
	}
	switch {
	case l == outcomeNone || p == outcomeNone:
		// Failing on one side: partial when the other side has something.
		if (l == outcomeNone && (p == outcomeImplemented || p == outcomePartial)) ||
			(p == outcomeNone && (l == outcomeImplemented || l == outcomePartial)) {
			return outcomePartial
		}
		return outcomeNone
	case l == outcomePartial || p == outcomePartial:
		return outcomePartial
	case l == outcomeUnreviewed || p == outcomeUnreviewed:
		return outcomeUnreviewed
	}
	return outcomeImplemented
}

// listed reports whether a bound obligation belongs in a gap list under b:
// it is a gap, or its legal status is one the caller added (include; for
// PRACTICE and EITHER, UNREVIEWED also adds practice NO_EVIDENCE).
func listed(o outcome, legal LegalStatus, b Basis, include []LegalStatus) bool {
	switch o {
	case outcomePartial, outcomeNone:
		return true
	}
	if len(include) == 0 {
		return false
	}
	if b == BasisLaw {
		return slices.Contains(include, legal)
	}
	return (o == outcomeUnreviewed && slices.Contains(include, LegalUnreviewed)) ||
		(o == outcomeReserved && slices.Contains(include, LegalReserved))
}

// count adds one bound obligation's outcome to the summary.
func (s *StateSummary) count(o outcome) {
	s.Bound++
	switch o {
	case outcomeImplemented:
		s.Implemented++
	case outcomePartial:
		s.Partial++
	case outcomeNone:
		s.NotImplemented++
	case outcomeUnreviewed:
		s.Unreviewed++
	case outcomeReserved:
		s.Reserved++
	case outcomeNotDomestic:
		s.NotDomestic++
	}
}

// rates sets the implementation rate (implemented over what is known) and
// the coverage (what is known over what could be).
func (s *StateSummary) rates() {
	known := s.Implemented + s.Partial + s.NotImplemented
	if known > 0 {
		s.ImplementationRate = float64(s.Implemented) / float64(known)
	}
	if could := known + s.Unreviewed; could > 0 {
		s.Coverage = float64(known) / float64(could)
	}
}
