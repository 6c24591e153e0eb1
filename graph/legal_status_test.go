package graph

import "testing"

// The legal rule over a state's facts, built from nodes with no store: a
// law whose repeal is dated only to a year or a month may or may not stand
// inside that period, and the rule says so rather than count it to the
// period's last day.
func TestLegalStatusRepealPeriod(t *testing.T) {
	const inst = "conv"
	obs := []*Obligation{
		{ID: "conv/art_5/obl_1", InstrumentID: inst, ProvisionID: "conv/art_5"},
		{ID: "conv/art_6/obl_1", InstrumentID: inst, ProvisionID: "conv/art_6"},
		{ID: "conv/art_7/obl_1", InstrumentID: inst, ProvisionID: "conv/art_7"},
		{ID: "conv/art_8/obl_1", InstrumentID: inst, ProvisionID: "conv/art_8"},
		{ID: "conv/art_9/obl_1", InstrumentID: inst, ProvisionID: "conv/art_9"},
	}
	art5, art6, art7, art8, art9 := obs[0], obs[1], obs[2], obs[3], obs[4]
	law := func(id, enacted, repealed string) *Law {
		l := &Law{ID: id, StateCode: "AAA", Enacted: md(enacted)}
		if repealed != "" {
			l.Repealed = md(repealed)
		}
		return l
	}
	link := func(lawID string, ob *Obligation, e Extent) *Implementation {
		return &Implementation{ID: lawID + "--" + ob.ID, LawID: lawID, ObligationID: ob.ID, Extent: e}
	}
	f := newFacts(state("AAA"),
		law("year", "2004-12-22", "2019"),     // repealed some day of 2019
		law("month", "2004-12-22", "2019-03"), // some day of March 2019
		law("day", "2004-12-22", "2019-03-15"),
		law("part", "2010-01-01", ""),
		law("new", "2019", ""), // enacted some day of 2019
		link("year", art5, ExtentFull),
		link("month", art6, ExtentFull),
		link("day", art7, ExtentFull),
		link("year", art8, ExtentFull), link("part", art8, ExtentPartial),
		link("new", art9, ExtentFull),
		&Review{ID: "rev", StateCode: "AAA", InstrumentID: inst, Scope: ReviewAllHeld, Date: md("2017-06-27")},
	)
	sf := f.state(t, "AAA")
	for _, tc := range []struct {
		name string
		ob   *Obligation
		on   string
		want LegalStatus
	}{
		// A year: 2019-01-01 to 2019-12-31.
		{"year: the day before the period", art5, "2018-12-31", LegalImplemented},
		{"year: the period's first day", art5, "2019-01-01", LegalUnreviewed},
		{"year: inside the period, a covering review does not make it NONE", art5, "2019-06-01", LegalUnreviewed},
		{"year: the day before the last", art5, "2019-12-30", LegalUnreviewed},
		{"year: the last day, repealed on or before it", art5, "2019-12-31", LegalNone},
		{"year: after the period", art5, "2020-01-02", LegalNone},
		// A month: 2019-03-01 to 2019-03-31.
		{"month: before", art6, "2019-02-28", LegalImplemented},
		{"month: inside", art6, "2019-03-15", LegalUnreviewed},
		{"month: the last day", art6, "2019-03-31", LegalNone},
		// A day leaves nothing unknown.
		{"day: the day before", art7, "2019-03-14", LegalImplemented},
		{"day: the day itself", art7, "2019-03-15", LegalNone},
		// A FULL law that may stand and a PARTIAL one that surely does.
		{"FULL not known, PARTIAL sure", art8, "2019-06-01", LegalPartial},
		{"FULL sure", art8, "2018-06-01", LegalImplemented},
		{"FULL repealed, PARTIAL sure", art8, "2020-06-01", LegalPartial},
		// An enactment known only to the year: before it the review
		// stands; inside it, not known; from its last day, in force.
		{"enacted: before the year", art9, "2018-12-31", LegalNone},
		{"enacted: inside the year, not NONE", art9, "2019-06-01", LegalUnreviewed},
		{"enacted: the year's last day", art9, "2019-12-31", LegalImplemented},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := legalStatus(tc.ob, sf.Links[tc.ob.ID], sf.Reviews[inst], false, dayOf(md(tc.on)))
			if got != tc.want {
				t.Errorf("%s on %s: got %s, want %s", tc.ob.ID, tc.on, got, tc.want)
			}
		})
	}

	// What the rule decides inside the period counts as not known: no gap,
	// no implementation, under every basis.
	for _, b := range []Basis{BasisLaw, BasisPractice, BasisEither} {
		o := judge(LegalUnreviewed, PracticeNoEvidence, true, b)
		if o != outcomeUnreviewed || listed(o, LegalUnreviewed, b, nil) {
			t.Errorf("%s: a law that may stand: got outcome %s (listed %v), want UNREVIEWED, not a gap", b, o.public(), listed(o, LegalUnreviewed, b, nil))
		}
	}
}

// TestLawInForceWords: the reasons say the same as the rule, in words.
func TestLawInForceWords(t *testing.T) {
	l := &LawRow{ID: "brn/order-s-82-2004", Enacted: md("2004-12-22"), Repealed: md("2019")}
	for _, tc := range []struct{ on, want string }{
		{"2018-12-31", "enacted 2004-12-22"},
		{"2019-06-01", "it was repealed 2019: whether it stood on 2019-06-01 is not known (the repeal is dated only to the year)"},
		{"2019-12-31", "it was repealed 2019, on or before 2019-12-31"},
		{"2020-01-02", "it was repealed 2019, on or before 2020-01-02"},
	} {
		if got := lawInForce(l, md(tc.on)); got != tc.want {
			t.Errorf("on %s: got %q, want %q", tc.on, got, tc.want)
		}
	}
	n := &LawRow{ID: "brn/atip-order-2019", Enacted: md("2019")}
	for _, tc := range []struct{ on, want string }{
		{"2018-12-31", "it is enacted 2019, after 2018-12-31"},
		{"2019-06-01", "it is enacted 2019: whether it was enacted by 2019-06-01 is not known (the date is known only to the year)"},
		{"2019-12-31", "enacted 2019; counted from 2019-12-31, the last day that date allows"},
	} {
		if got := lawInForce(n, md(tc.on)); got != tc.want {
			t.Errorf("enacted 2019, on %s: got %q, want %q", tc.on, got, tc.want)
		}
	}
	l.Repealed = md("2019-03")
	if got, want := lawInForce(l, md("2019-03-02")), "it was repealed 2019-03: whether it stood on 2019-03-02 is not known (the repeal is dated only to the month)"; got != want {
		t.Errorf("a month: got %q, want %q", got, want)
	}
}
