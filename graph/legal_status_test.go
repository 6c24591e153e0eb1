package graph

import "testing"

// TestLegalStatusRule states the legal-status rule over a state's facts,
// without the store, as the engine applies it (legalOf): the state's
// links to the obligation, its reviews of the instrument, and whether a
// reservation it holds on the day covers the obligation. Each case is a
// few nodes added to one instrument "c" (art_5/para_1 and art_6 domestic,
// art_9 inter-state, art_12 procedural) and state AAA.
func TestLegalStatusRule(t *testing.T) {
	law := func(id, enacted, inForce, repealed string) *Law {
		opt := func(s string) Date {
			if s == "" {
				return Date{}
			}
			return md(s)
		}
		return &Law{ID: id, StateCode: "AAA", Title: id, Enacted: opt(enacted), InForce: opt(inForce), Repealed: opt(repealed)}
	}
	link := func(lawID, ob string, e Extent) *Implementation {
		return &Implementation{ID: lawID + "->" + ob, LawID: lawID, ObligationID: ob, Extent: e}
	}
	review := func(id, date string, scope ReviewScope, provisions, obligations []string) *Review {
		return &Review{ID: "AAA/review/" + id, StateCode: "AAA", InstrumentID: "c", Date: md(date), Scope: scope, ProvisionIDs: provisions, ObligationIDs: obligations}
	}
	reserving := func(deposited string, provisions ...string) *StateAction {
		a := consent("AAA", "c", "", deposited, "")
		a.Reservations = []Reservation{{ProvisionIDs: provisions, Text: "reservation", Sources: []Source{{Citation: "stated"}}}}
		return a
	}
	const (
		para1 = "c/art_5/para_1/obl_1"
		art6  = "c/art_6/obl_1"
		inter = "c/art_9/obl_1"
		proc  = "c/art_12/obl_1"
	)
	full, partial := ExtentFull, ExtentPartial
	tests := []struct {
		name  string
		nodes []Node
		ob    string
		on    string
		want  LegalStatus
	}{
		// Nothing known: never NONE.
		{"OK nothing recorded: unreviewed", nil, para1, "2020-01-01", LegalUnreviewed},
		{"OK a law of no known date never counts", []Node{law("l", "", "", ""), link("l", para1, full)}, para1, "2020-01-01", LegalUnreviewed},
		{"OK a link to a law not held counts for nobody", []Node{link("absent", para1, full)}, para1, "2020-01-01", LegalUnreviewed},
		{"OK a law of another state is not this state's", []Node{&Law{ID: "bbb-l", StateCode: "BBB", Enacted: md("2010-01-01")}, link("bbb-l", para1, full)}, para1, "2020-01-01", LegalUnreviewed},

		// In force on the day, to the day.
		{"OK FULL law in force on the day: implemented", []Node{law("l", "2010-03-01", "2010-05-01", ""), link("l", para1, full)}, para1, "2010-05-01", LegalImplemented},
		{"OK FULL law enacted but not yet in force: unreviewed", []Node{law("l", "2010-03-01", "2010-05-01", ""), link("l", para1, full)}, para1, "2010-04-30", LegalUnreviewed},
		{"OK no in-force date: counts from enactment", []Node{law("l", "2009-03-01", "", ""), link("l", para1, full)}, para1, "2009-03-01", LegalImplemented},
		{"OK no in-force date: not before enactment", []Node{law("l", "2009-03-01", "", ""), link("l", para1, full)}, para1, "2009-02-28", LegalUnreviewed},
		{"OK PARTIAL law alone: partial", []Node{law("l", "2010-01-01", "", ""), link("l", para1, partial)}, para1, "2011-01-01", LegalPartial},
		{"OK FULL and PARTIAL in force: implemented", []Node{law("p", "2010-01-01", "", ""), link("p", para1, partial), law("l", "2010-01-01", "", ""), link("l", para1, full)}, para1, "2011-01-01", LegalImplemented},
		{"OK FULL not yet in force, PARTIAL in force: partial", []Node{law("p", "2010-01-01", "", ""), link("p", para1, partial), law("l", "2012-01-01", "", ""), link("l", para1, full)}, para1, "2011-01-01", LegalPartial},
		{"OK a link to another obligation does not count", []Node{law("l", "2010-01-01", "", ""), link("l", art6, full)}, para1, "2011-01-01", LegalUnreviewed},

		// Repeal.
		{"OK repealed the day after: still implemented", []Node{law("l", "2010-01-01", "", "2015-01-01"), link("l", para1, full)}, para1, "2014-12-31", LegalImplemented},
		{"OK repealed on the day: no longer counts", []Node{law("l", "2010-01-01", "", "2015-01-01"), link("l", para1, full)}, para1, "2015-01-01", LegalUnreviewed},
		{"OK repealed, reviewed: none", []Node{law("l", "2010-01-01", "", "2015-01-01"), link("l", para1, full), review("r", "2012-06-01", ReviewAllHeld, nil, nil)}, para1, "2016-01-01", LegalNone},
		{"OK repealed FULL, PARTIAL still in force: partial", []Node{law("l", "2010-01-01", "", "2015-01-01"), link("l", para1, full), law("p", "2013-01-01", "", ""), link("p", para1, partial)}, para1, "2016-01-01", LegalPartial},

		// Dates held to the year or month are bounds: a law counts only once
		// it is in force for certain, a review only from its period's end.
		{"OK year in force: not within the year", []Node{law("l", "", "2012", ""), link("l", para1, full)}, para1, "2012-12-30", LegalUnreviewed},
		{"OK year in force: from the year's last day", []Node{law("l", "", "2012", ""), link("l", para1, full)}, para1, "2012-12-31", LegalImplemented},
		{"OK month enacted: not within the month", []Node{law("l", "2012-02", "", ""), link("l", para1, full)}, para1, "2012-02-28", LegalUnreviewed},
		{"OK month enacted: from the month's last day", []Node{law("l", "2012-02", "", ""), link("l", para1, full)}, para1, "2012-02-29", LegalImplemented},
		{"OK year review: not within the year", []Node{review("r", "2013", ReviewAllHeld, nil, nil)}, para1, "2013-12-30", LegalUnreviewed},
		{"OK year review: from the year's last day", []Node{review("r", "2013", ReviewAllHeld, nil, nil)}, para1, "2013-12-31", LegalNone},
		{"OK year repeal: gone after the year", []Node{law("l", "2010-01-01", "", "2015"), link("l", para1, full)}, para1, "2016-01-01", LegalUnreviewed},

		// Reviews: NONE only from a review in force that covers the obligation.
		{"OK review dated on the day: none", []Node{review("r", "2014-06-01", ReviewAllHeld, nil, nil)}, para1, "2014-06-01", LegalNone},
		{"OK review dated after the day: unreviewed", []Node{review("r", "2014-06-01", ReviewAllHeld, nil, nil)}, para1, "2014-05-31", LegalUnreviewed},
		{"OK review of the enclosing article: none", []Node{review("r", "2014-06-01", ReviewListed, []string{"art_5"}, nil)}, para1, "2015-01-01", LegalNone},
		{"OK review of the provision itself: none", []Node{review("r", "2014-06-01", ReviewListed, []string{"art_5/para_1"}, nil)}, para1, "2015-01-01", LegalNone},
		{"OK review of a provision with the same prefix does not cover it", []Node{review("r", "2014-06-01", ReviewListed, []string{"art_5/para"}, nil)}, para1, "2015-01-01", LegalUnreviewed},
		{"OK review of another article: unreviewed", []Node{review("r", "2014-06-01", ReviewListed, []string{"art_6"}, nil)}, para1, "2015-01-01", LegalUnreviewed},
		{"OK review listing the obligation: none", []Node{review("r", "2014-06-01", ReviewListed, nil, []string{para1})}, para1, "2015-01-01", LegalNone},
		{"OK review listing another obligation: unreviewed", []Node{review("r", "2014-06-01", ReviewListed, nil, []string{art6})}, para1, "2015-01-01", LegalUnreviewed},
		{"OK review of another instrument: unreviewed", []Node{&Review{ID: "AAA/review/d", StateCode: "AAA", InstrumentID: "d", Date: md("2014-06-01"), Scope: ReviewAllHeld}}, para1, "2015-01-01", LegalUnreviewed},
		{"OK review of another state: unreviewed", []Node{state("BBB"), &Review{ID: "BBB/review/c", StateCode: "BBB", InstrumentID: "c", Date: md("2014-06-01"), Scope: ReviewAllHeld}}, para1, "2015-01-01", LegalUnreviewed},
		{"OK undated review applies from no day", []Node{&Review{ID: "AAA/review/u", StateCode: "AAA", InstrumentID: "c", Scope: ReviewAllHeld}}, para1, "2025-01-01", LegalUnreviewed},
		{"OK a review does not freeze the law", []Node{review("r", "2012-06-01", ReviewAllHeld, nil, nil), law("l", "2014-01-01", "", ""), link("l", para1, partial)}, para1, "2014-01-01", LegalPartial},
		{"OK a law before the review: the law, not none", []Node{law("l", "2010-01-01", "", ""), link("l", para1, full), review("r", "2012-06-01", ReviewAllHeld, nil, nil)}, para1, "2013-01-01", LegalImplemented},

		// Reservations held on the day come first.
		{"OK reservation of the article: reserved despite a FULL law", []Node{reserving("2016-01-10", "art_5"), law("l", "2010-01-01", "", ""), link("l", para1, full)}, para1, "2016-01-10", LegalReserved},
		{"OK reservation deposited after the day: the law", []Node{reserving("2016-01-10", "art_5"), law("l", "2010-01-01", "", ""), link("l", para1, full)}, para1, "2016-01-09", LegalImplemented},
		{"OK reservation of another article: not reserved", []Node{reserving("2016-01-10", "art_6"), review("r", "2014-06-01", ReviewAllHeld, nil, nil)}, para1, "2017-01-01", LegalNone},
		{"OK reservation of a paragraph does not cover the article's other obligations", []Node{reserving("2016-01-10", "art_5/para_2")}, para1, "2017-01-01", LegalUnreviewed},
		{"OK reservation lapses with a withdrawal", []Node{reserving("2016-01-10", "art_5"),
			&StateAction{ID: "AAA/c/withdrawal", StateCode: "AAA", InstrumentID: "c", Kind: ActionWithdrawal, Date: md("2018-03-01")}}, para1, "2019-01-01", LegalUnreviewed},
		{"OK reservation before the withdrawal's day still holds", []Node{reserving("2016-01-10", "art_5"),
			&StateAction{ID: "AAA/c/withdrawal", StateCode: "AAA", InstrumentID: "c", Kind: ActionWithdrawal, Date: md("2018-03-01")}}, para1, "2018-02-28", LegalReserved},
		{"OK reservation of an inter-state obligation: reserved", []Node{reserving("2016-01-10", "art_9")}, inter, "2017-01-01", LegalReserved},

		// Obligations domestic law cannot implement.
		{"OK inter-state with a FULL law: not domestic", []Node{law("l", "2010-01-01", "", ""), link("l", inter, full)}, inter, "2011-01-01", LegalNotDomestic},
		{"OK procedural, reviewed: not domestic", []Node{review("r", "2010-01-01", ReviewAllHeld, nil, nil)}, proc, "2011-01-01", LegalNotDomestic},
		{"OK inter-state with nothing known: not domestic", nil, inter, "2011-01-01", LegalNotDomestic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inst := convention("c", 1, true)
			nodes := []Node{inst, state("AAA"),
				&Obligation{ID: para1, InstrumentID: "c", ProvisionID: "art_5/para_1", Modality: ModalityObligation},
				&Obligation{ID: "c/art_5/para_2/obl_1", InstrumentID: "c", ProvisionID: "art_5/para_2", Modality: ModalityObligation},
				&Obligation{ID: art6, InstrumentID: "c", ProvisionID: "art_6", Modality: ModalityObligation, Nature: NatureDomesticMeasure},
				&Obligation{ID: inter, InstrumentID: "c", ProvisionID: "art_9", Modality: ModalityObligation, Nature: NatureInterState},
				&Obligation{ID: proc, InstrumentID: "c", ProvisionID: "art_12", Modality: ModalityObligation, Nature: NatureProcedural},
			}
			f := newFacts(append(nodes, tt.nodes...)...)
			sf, inf := f.state(t, "AAA"), f.instrument(t, "c")
			var ob *Obligation
			for _, o := range inf.Obligations {
				if o.ID == tt.ob {
					ob = o
				}
			}
			if ob == nil {
				t.Fatalf("no obligation %s in the facts", tt.ob)
			}
			d := dayOf(md(tt.on))
			sg := standingOn(sf, inf, d)
			reserved := sg.reservationFor(ob) != nil
			if got := legalStatus(ob, sf.Links[ob.ID], sf.Reviews["c"], reserved, d); got != tt.want {
				t.Fatalf("on %s: got %s, want %s", tt.on, got, tt.want)
			}
			switch tt.want {
			case LegalNone:
				// NONE names the review it rests on, one in force that covers it.
				r := reviewedBy(ob, sf.Reviews["c"], d)
				if r == nil || r.from > d || !r.covers(ob) {
					t.Errorf("got NONE resting on %v, want a review in force on %s covering %s", r, tt.on, ob.ID)
				}
			case LegalReserved:
				if !reserved {
					t.Errorf("got RESERVED with no reservation held on %s", tt.on)
				}
			}
		})
	}
}

// TestLegalStatusLatestReview: NONE rests on the latest review in force
// on the day that covers the obligation, and never on a later one.
func TestLegalStatusLatestReview(t *testing.T) {
	ob := &Obligation{ID: "c/art_5/obl_1", InstrumentID: "c", ProvisionID: "art_5"}
	reviews := []ReviewFact{
		{ID: "r-2012", from: dayOf(md("2012-01-01")), allHeld: true},
		{ID: "r-2014-other", from: dayOf(md("2014-01-01")), provisionIDs: []string{"art_6"}},
		{ID: "r-2013", from: dayOf(md("2013-01-01")), provisionIDs: []string{"art_5"}},
		{ID: "r-2016", from: dayOf(md("2016-01-01")), obligationIDs: []string{ob.ID}},
	}
	for _, tt := range []struct{ on, want string }{
		{"2011-12-31", ""}, {"2012-01-01", "r-2012"}, {"2014-06-01", "r-2013"}, {"2015-12-31", "r-2013"}, {"2016-01-01", "r-2016"},
	} {
		d := dayOf(md(tt.on))
		got := ""
		if r := reviewedBy(ob, reviews, d); r != nil {
			got = r.ID
		}
		if got != tt.want {
			t.Errorf("on %s: got review %q, want %q", tt.on, got, tt.want)
		}
		wantStatus := LegalNone
		if tt.want == "" {
			wantStatus = LegalUnreviewed
		}
		if s := legalStatus(ob, nil, reviews, false, d); s != wantStatus {
			t.Errorf("on %s: got %s, want %s", tt.on, s, wantStatus)
		}
		if c := reviewsCovering(ob, reviews, d); (len(c) == 0) != (tt.want == "") || (len(c) > 0 && c[0].ID != tt.want) {
			t.Errorf("on %s: reviews covering, latest first: got %v, want %q first", tt.on, c, tt.want)
		}
	}
}

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
		if got := lawInForceWords(l, md(tc.on)); got != tc.want {
			t.Errorf("on %s: got %q, want %q", tc.on, got, tc.want)
		}
	}
	n := &LawRow{ID: "brn/atip-order-2019", Enacted: md("2019")}
	for _, tc := range []struct{ on, want string }{
		{"2018-12-31", "it is enacted 2019, after 2018-12-31"},
		{"2019-06-01", "it is enacted 2019: whether it was enacted by 2019-06-01 is not known (the date is known only to the year)"},
		{"2019-12-31", "enacted 2019; counted from 2019-12-31, the last day that date allows"},
	} {
		if got := lawInForceWords(n, md(tc.on)); got != tc.want {
			t.Errorf("enacted 2019, on %s: got %q, want %q", tc.on, got, tc.want)
		}
	}
	l.Repealed = md("2019-03")
	if got, want := lawInForceWords(l, md("2019-03-02")), "it was repealed 2019-03: whether it stood on 2019-03-02 is not known (the repeal is dated only to the month)"; got != want {
		t.Errorf("a month: got %q, want %q", got, want)
	}
}

// TestLawLineWords: the line of each law linked to a record says whether it
// counts, the law with its number, how it would implement the obligation
// with the link's articles, and why, as the rule decided.
func TestLawLineWords(t *testing.T) {
	law := &LawRow{ID: "idn/law-21-2007", Number: "21/2007", Enacted: md("2007-04-19")}
	later := &LawRow{ID: "aaa/act-2", Enacted: md("2009-05-01"), InForce: md("2010-01-01")}
	repealed := &LawRow{ID: "brn/order-s-82-2004", Enacted: md("2004-12-22"), Repealed: md("2019")}
	full := &LinkRow{Full: true}
	part := &LinkRow{Articles: []string{"Art. 2", "Art. 3"}}
	for _, tc := range []struct {
		got, want string
	}{
		{lawLine(lineCounts, " implements it ", law, full, md("2018-01-01"), false),
			"counts: idn/law-21-2007 (21/2007) implements it fully; enacted 2007-04-19"},
		{lawLine(lineCounts, " implements it ", law, part, md("2018-01-01"), true),
			"counts: idn/law-21-2007 (21/2007) implements it in part (Art. 2, Art. 3); enacted 2007-04-19, before the state was bound (a law need not postdate the ratification)"},
		{lawLine(lineDoesNotCount, " would implement it ", later, full, md("2009-06-01"), false),
			"does not count: aaa/act-2 would implement it fully, but it was enacted 2009-05-01 and is in force only from 2010-01-01, after 2009-06-01"},
		{lawLine(lineDoesNotCount, " would implement it ", repealed, &LinkRow{Articles: []string{"s. 4"}}, md("2020-01-02"), false),
			"does not count: brn/order-s-82-2004 would implement it in part (s. 4), but it was repealed 2019, on or before 2020-01-02"},
		{lawLine(lineMayCount, " would implement it ", repealed, full, md("2019-06-01"), false),
			"whether it counts is not known: brn/order-s-82-2004 would implement it fully, but it was repealed 2019: whether it stood on 2019-06-01 is not known (the repeal is dated only to the year)"},
		{lawInForceWords(&LawRow{ID: "x"}, md("2019-06-01")), "it has no enactment or entry-into-force date"},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
	}
}

// lawInForceWords is appendLawInForce's words as a string.
func lawInForceWords(l *LawRow, d Date) string { return string(appendLawInForce(nil, l, d)) }
