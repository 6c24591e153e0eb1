package graph

import "testing"

// TestGapRuleModalities: by default duties are counted, a recommendation
// only when asked, a permission never.
func TestGapRuleModalities(t *testing.T) {
	ob := func(m Modality) *Obligation { return &Obligation{ID: "o", Modality: m} }
	def := GapQuery{}
	if err := def.check(); err != nil {
		t.Fatal(err)
	}
	for m, want := range map[Modality]bool{ModalityObligation: true, ModalitySoftObligation: true, ModalityRecommendation: false, ModalityPermission: false, "": true} {
		if got := def.counts(ob(m)); got != want {
			t.Errorf("default, %q: got counted %v, want %v", m, got, want)
		}
	}
	rec := GapQuery{Modalities: []Modality{ModalityObligation, ModalityRecommendation}}
	if err := rec.check(); err != nil || !rec.counts(ob(ModalityRecommendation)) || rec.counts(ob(ModalitySoftObligation)) {
		t.Errorf("asked for RECOMMENDATION: got %v, counts it %v", err, rec.counts(ob(ModalityRecommendation)))
	}
	perm := GapQuery{Modalities: []Modality{ModalityPermission}}
	if err := perm.check(); ErrorCode(err) != EINVALID {
		t.Errorf("asked for PERMISSION: got %v, want an EINVALID error", err)
	}
}

// TestGapRuleSummary: the count identity and the two ends of the range.
func TestGapRuleSummary(t *testing.T) {
	var s StateSummary
	for _, o := range []outcome{outcomeImplemented, outcomeImplemented, outcomePartial, outcomeNone, outcomeUnreviewed, outcomeUnreviewed, outcomeUnreviewed, outcomeReserved, outcomeNotDomestic, outcomeNotCounted} {
		s.count(o)
	}
	s.rates()
	if got := s.Implemented + s.Partial + s.NotImplemented + s.Unreviewed + s.Reserved + s.NotDomestic + s.NotCounted; got != s.Bound || s.Bound != 10 {
		t.Fatalf("got parts %d of bound %d, want 10 of 10", got, s.Bound)
	}
	// D = 2 + 1 + 1 + 3 = 7: low 2/7, high 5/7; over the reviewed 4: 2/4.
	if s.Denominator != 7 || s.RateLow != 2.0/7 || s.RateHigh != 5.0/7 || s.ImplementationRate == nil || *s.ImplementationRate != 0.5 || s.Coverage != 4.0/7 {
		t.Errorf("got D %d range [%v, %v] reviewed rate %v coverage %v, want 7 [2/7, 5/7] 0.5 4/7", s.Denominator, s.RateLow, s.RateHigh, s.ImplementationRate, s.Coverage)
	}
	// Gaps: partial 1 + none 1; at most, with the 3 unreviewed, 5.
	if s.Gaps() != 2 || s.GapsAtMost() != 5 {
		t.Errorf("got gaps %d at most %d, want 2 and 5", s.Gaps(), s.GapsAtMost())
	}
	var none StateSummary
	none.count(outcomeUnreviewed)
	none.rates()
	if none.ImplementationRate != nil || none.RateLow != 0 || none.RateHigh != 1 {
		t.Errorf("nothing reviewed: got rate %v range [%v, %v], want no rate and [0, 1]", none.ImplementationRate, none.RateLow, none.RateHigh)
	}
}

// TestGapRuleNature: an inter-state obligation is NOT_DOMESTIC in law even
// with a law linked to it, so records and summaries classify it alike.
func TestGapRuleNature(t *testing.T) {
	ob := &Obligation{ID: "o", Nature: NatureInterState}
	links := []LinkRow{{Full: true}}
	if got := legalStatus(ob, links, nil, false, dayOf(md("2020-01-01"))); got != LegalNotDomestic {
		t.Fatalf("legal status: got %s, want NOT_DOMESTIC", got)
	}
	if got := judge(LegalNotDomestic, PracticeNoEvidence, ob.Domestic(), BasisLaw); got != outcomeNotDomestic {
		t.Errorf("outcome under LAW: got %v, want not domestic", got.public())
	}
}

// TestGapRuleListed: a gap is listed; include adds legal statuses of the
// obligations counted, never an obligation of a modality not counted.
func TestGapRuleListed(t *testing.T) {
	unrev := []LegalStatus{LegalUnreviewed}
	for _, tc := range []struct {
		name    string
		o       outcome
		legal   LegalStatus
		b       Basis
		include []LegalStatus
		want    bool
	}{
		{"PartialIsAGap", outcomePartial, LegalPartial, BasisLaw, nil, true},
		{"NoneIsAGap", outcomeNone, LegalNone, BasisLaw, nil, true},
		{"UnreviewedNotAsked", outcomeUnreviewed, LegalUnreviewed, BasisLaw, nil, false},
		{"UnreviewedAdded", outcomeUnreviewed, LegalUnreviewed, BasisLaw, unrev, true},
		{"UnreviewedAddedPractice", outcomeUnreviewed, LegalImplemented, BasisPractice, unrev, true},
		{"NotCountedUnreviewedLaw", outcomeNotCounted, LegalUnreviewed, BasisLaw, unrev, false},
		{"NotCountedUnreviewedEither", outcomeNotCounted, LegalUnreviewed, BasisEither, unrev, false},
		{"NotCountedReservedAdded", outcomeNotCounted, LegalReserved, BasisLaw, []LegalStatus{LegalReserved}, false},
		{"ImplementedNever", outcomeImplemented, LegalImplemented, BasisLaw, unrev, false},
	} {
		if got := listed(tc.o, tc.legal, tc.b, tc.include); got != tc.want {
			t.Errorf("%s: got listed %v, want %v", tc.name, got, tc.want)
		}
	}
}
