package graph

import "testing"

// TestBoundRule states the bound rule over a state's facts, without the
// store: a deposit held to the year or month is a window, not a day; a day
// inside it leaves the standing unknown; a consent dated only by its act is
// a lower bound, then CONSENT_NOT_DATED; before entry into force nobody is
// bound.
func TestBoundRule(t *testing.T) {
	inst := convention("conv", 2, false)
	inst.EntryIntoForce, inst.EntryIntoForceSources = md("2017-03-08"), []Source{{Citation: "stated"}}
	f := newFacts(inst,
		state("AAA"), consent("AAA", "conv", "", "2017-01-10", ""), // to the day
		state("BBB"), consent("BBB", "conv", "", "2017-02-06", ""), // to the day: the 2nd
		state("YYY"), consent("YYY", "conv", "2017", "2018", ""), // deposit known to the year
		state("MMM"), consent("MMM", "conv", "", "2019-05", ""), // to the month
		state("ACT"), consent("ACT", "conv", "2019-03-05", "", ""), // act only: no deposit held
		state("BEF"), consent("BEF", "conv", "", "", "2017-10-11"), // deposited before a day
		state("SIG"), &StateAction{ID: "SIG/conv/signature", StateCode: "SIG", InstrumentID: "conv", Kind: ActionSignature, Date: md("2015-11-21")},
	)
	inf := f.instrument(t, "conv")
	tests := []struct {
		name, state, on string
		standing        Standing
		bound, known    bool
		since, nlt      string // Since; NoLaterThan
	}{
		{"OK day deposit, bound from entry into force", "AAA", "2017-03-08", StandingParty, true, true, "2017-03-08", ""},
		{"OK before entry into force nobody is bound", "AAA", "2017-03-07", StandingPending, false, true, "", ""},
		{"OK year deposit: before its window", "YYY", "2017-12-31", StandingNotParty, false, true, "", ""},
		{"OK year deposit: inside its window, not known", "YYY", "2018-06-01", StandingConsentNotDated, false, false, "", "2019-01-30"},
		{"OK year deposit: after its window, no later than", "YYY", "2019-01-30", StandingParty, true, true, "", "2019-01-30"},
		{"OK month deposit: made, in force for it not known", "MMM", "2019-05-31", StandingInForceUnknown, false, false, "", "2019-06-30"},
		{"OK month deposit: after", "MMM", "2019-07-01", StandingParty, true, true, "", "2019-06-30"},
		{"OK act only: before the first day a deposit allows", "ACT", "2019-04-03", StandingConsentNotDated, false, true, "", ""},
		{"OK act only: then CONSENT_NOT_DATED, never bound", "ACT", "2025-01-01", StandingConsentNotDated, false, false, "", ""},
		{"OK act only: before the act", "ACT", "2019-01-01", StandingNotParty, false, true, "", ""},
		{"OK before D, on a day before entry into force: not bound", "BEF", "2016-01-01", StandingConsentNotDated, false, true, "", ""},
		{"OK before D, inside: not known", "BEF", "2017-06-01", StandingConsentNotDated, false, false, "", "2017-11-09"},
		{"OK before D, after: bound no later than", "BEF", "2017-11-09", StandingParty, true, true, "", "2017-11-09"},
		{"OK no consent before entry into force: not bound", "SIG", "2016-01-01", StandingUnknown, false, true, "", ""},
		{"OK no consent after entry into force: not known", "SIG", "2018-01-01", StandingUnknown, false, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg := standingOn(f.state(t, tt.state), inf, dayOf(md(tt.on)))
			if sg.Standing != tt.standing || sg.Bound != tt.bound || sg.BoundKnown != tt.known {
				t.Fatalf("got %s bound %v known %v, want %s %v %v", sg.Standing, sg.Bound, sg.BoundKnown, tt.standing, tt.bound, tt.known)
			}
			if sg.Since.String() != tt.since || (tt.nlt != "" && sg.NoLaterThan.String() != tt.nlt) {
				t.Errorf("got since %q no later than %q, want %q %q", sg.Since, sg.NoLaterThan, tt.since, tt.nlt)
			}
			if !sg.Since.IsZero() && !sg.NoLaterThan.IsZero() {
				t.Errorf("got both since %s and no later than %s: a day is either known or bounded", sg.Since, sg.NoLaterThan)
			}
		})
	}
}
