package graph

import (
	"slices"
	"strings"
	"time"
)

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
// Only the modalities the question counts are judged (by default OBLIGATION
// and SOFT_OBLIGATION, GapModalities; RECOMMENDATION when asked; PERMISSION
// never: a permission cannot be unimplemented); the others are NOT_COUNTED.
//
// A summary counts each bound obligation once: reserved; outside law
// (NOT_DOMESTIC, under LAW); implemented; partial; not implemented (known
// negatives only); unreviewed (nothing known either way); not counted (a
// modality the question leaves out). So Bound = Implemented + Partial +
// NotImplemented + Unreviewed + Reserved + NotDomestic + NotCounted.
//
// The true implementation rate lies in a range over D = Implemented +
// Partial + NotImplemented + Unreviewed (bound, counted modality, domestic,
// unreserved): low = Implemented ÷ D (nothing unreviewed is implemented),
// high = (Implemented + Unreviewed) ÷ D (all of it is); partial counts as
// not implemented at both ends. ImplementationRate is over the reviewed part
// only, and is absent when nothing is reviewed; Coverage is the reviewed
// part of D.

// outcome is how a bound obligation counts under a basis.
type outcome uint8

const (
	outcomeImplemented outcome = iota + 1
	outcomePartial
	outcomeNone
	outcomeUnreviewed
	outcomeReserved
	outcomeNotDomestic
	outcomeNotCounted
)

// public is the outcome as surfaces show it.
func (o outcome) public() Outcome {
	switch o {
	case outcomeImplemented:
		return OutcomeImplemented
	case outcomePartial:
		return OutcomePartial
	case outcomeNone:
		return OutcomeNotImplemented
	case outcomeUnreviewed:
		return OutcomeUnreviewed
	case outcomeReserved:
		return OutcomeReserved
	case outcomeNotDomestic:
		return OutcomeNotDomestic
	case outcomeNotCounted:
		return OutcomeNotCounted
	}
	return ""
}

// Gap reports whether the record is a gap under basis (Outcome.Gap).
func (r *ComplianceRecord) Gap(basis Basis) bool { return r.Outcome(basis).Gap() }

// GapQuery is the gap question, built once at each edge (GraphQL
// arguments, URL parameters, CLI flags) and taken whole by the engine.
type GapQuery struct {
	State        string // an ISO 3166-1 alpha-3 code, as NormalizeStateCode leaves it
	AsOf         Date   // zero: today
	Basis        Basis  // empty: LAW
	InstrumentID string // empty: every instrument
	// Include adds legal statuses to the gaps listed (UNREVIEWED adds what
	// nothing is known of).
	Include []LegalStatus
	// Modalities are those counted; empty means GapModalities.
	Modalities []Modality
	// KnownAt, when not zero, asks what the graph held at that moment; the
	// caller answers it from the store as it stood then.
	KnownAt time.Time
}

// NormalizeStateCode is the one normaliser of a state code: trimmed and
// upper case ("idn " → "IDN").
func NormalizeStateCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// check validates the question and fills its defaults.
func (q *GapQuery) check() error {
	if q.Basis == "" {
		q.Basis = BasisLaw
	}
	if err := checkBasis(q.Basis); err != nil {
		return err
	}
	if len(q.Modalities) == 0 {
		q.Modalities = GapModalities
	}
	for _, m := range q.Modalities {
		if !ValidEnum(Modalities, m) {
			_, err := ParseEnum("modality", Modalities, string(m))
			return err
		}
		if m == ModalityPermission {
			return Errorf(EINVALID, "modalities: PERMISSION is never a gap (a permission cannot be unimplemented); ask for OBLIGATION, SOFT_OBLIGATION or RECOMMENDATION")
		}
	}
	return nil
}

// counts reports whether the question counts the obligation's modality
// (an obligation with no modality recorded counts as a duty).
func (q *GapQuery) counts(ob *Obligation) bool {
	m := ob.Modality
	if m == "" {
		m = ModalityObligation
	}
	return slices.Contains(q.Modalities, m)
}

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
	case outcomeNotCounted:
		s.NotCounted++
	}
}

// Gaps is the number of the state's gaps under the summary's basis: Partial
// + NotImplemented, the obligations ratifiedButNotImplemented lists when
// nothing is added (include empty). Nothing unreviewed is in it.
func (s *StateSummary) Gaps() int { return s.Partial + s.NotImplemented }

// GapsAtMost is the number of gaps if every unreviewed obligation (of a
// modality counted) were one: Gaps + Unreviewed, what ratifiedButNotImplemented
// lists with UNREVIEWED added, less any of a modality not counted (outcome
// NOT_COUNTED). The true number lies in [Gaps, GapsAtMost]; StandingUnknown
// is beside it, never in it.
func (s *StateSummary) GapsAtMost() int { return s.Gaps() + s.Unreviewed }

// rates sets the range the implementation rate lies in, the rate over the
// reviewed part (nil when nothing is reviewed) and the coverage.
func (s *StateSummary) rates() {
	known := s.Implemented + s.Partial + s.NotImplemented
	d := known + s.Unreviewed
	s.Denominator = d
	if known > 0 {
		r := float64(s.Implemented) / float64(known)
		s.ImplementationRate = &r
	}
	if d > 0 {
		s.Coverage = float64(known) / float64(d)
		s.RateLow = float64(s.Implemented) / float64(d)
		s.RateHigh = float64(s.Implemented+s.Unreviewed) / float64(d)
	}
}
