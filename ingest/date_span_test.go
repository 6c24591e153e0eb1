package ingest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// TestDateSpan: a record's dates lie between 1800 and 25 years ahead, and
// what has happened is not dated after today (at UTC+14); a date that may
// lie ahead (a law's entry into force) is accepted within the span.
func TestDateSpan(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		t.Fatal(err)
	}
	src := graph.Record{Sources: []graph.Source{{Citation: "pactwatch test"}}}
	evidence := func(d string) graph.Node {
		return &graph.Evidence{ID: "idn/ev/date-span", StateCode: "IDN", Kind: graph.EvidenceKinds[0], Date: graph.MustDate(d),
			ObligationIDs: []string{"actip-2015/art_5/obl_1"}, Finding: graph.Findings[0], Summary: "A test.", Record: src}
	}
	today := graph.Today()
	action := func(f func(*graph.StateAction)) graph.Node {
		a := &graph.StateAction{ID: "IDN/actip-2015/date-span", StateCode: "IDN", InstrumentID: "actip-2015", Kind: graph.ActionKinds[0], Date: graph.MustDate("2016"), Record: src}
		f(a)
		return a
	}
	for _, tc := range []struct {
		name    string
		node    graph.Node
		field   string
		problem string
	}{
		{"OKEvidenceToday", evidence(today.String()), "", ""},
		{"ErrEvidenceTypo2207", evidence("2207-01-10"), "date", "more than 25 years ahead"},
		{"ErrEvidenceNextYear", evidence(today.AddDays(400).String()), "date", "after today"},
		{"ErrEvidence1700", evidence("1700"), "date", "before 1800"},
		{"OKLawInForceAhead", &graph.Law{ID: "idn/law-date-span", StateCode: "IDN", Title: "A test law", Kind: graph.LawKinds[0],
			Enacted: today, InForce: today.AddDays(365), Record: src}, "", ""},
		{"ErrReviewNextYear", &graph.Review{ID: "idn/review/date-span", StateCode: "IDN", InstrumentID: "actip-2015", Date: today.AddDays(400), Record: src}, "date", "after today"},
		{"ErrReviewReadAhead", &graph.Review{ID: "idn/review/date-span", StateCode: "IDN", InstrumentID: "actip-2015", Date: graph.MustDate("2020"), Read: today.AddDays(30), Record: src}, "read", "after today"},
		{"ErrStateActionDateAhead", action(func(a *graph.StateAction) { a.Date = today.AddDays(30) }), "date", "after today"},
		{"ErrDepositAhead", action(func(a *graph.StateAction) { a.Deposited = today.AddDays(30) }), "deposited", "after today"},
		{"ErrDepositedBeforeAhead", action(func(a *graph.StateAction) { a.DepositedBefore = today.AddDays(30) }), "depositedBefore", "after today"},
		{"OKStateInForceAhead", action(func(a *graph.StateAction) { a.InForce = today.AddDays(30) }), "", ""},
		{"ErrStateInForce2100", action(func(a *graph.StateAction) { a.InForce = graph.MustDate("2100") }), "inForce", "years ahead"},
		{"ErrInstrumentAdoptedAhead", &graph.Instrument{ID: "date-span-test", Title: "A test", Adopted: today.AddDays(30), Record: src}, "adopted", "after today"},
		{"ErrSourceDatedAhead", &graph.Law{ID: "idn/law-date-span", StateCode: "IDN", Title: "A test law", Kind: graph.LawKinds[0],
			Enacted: graph.MustDate("2020"), Record: graph.Record{Sources: []graph.Source{{Citation: "c", Date: today.AddDays(60)}}}}, "sources[0].date", "after today"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := ingest.CheckRecords(ctx, s, []graph.Node{tc.node}, nil, func(int) string { return "records[0]" }, func(int) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				if strings.Contains(p.Message, "before 1800") || strings.Contains(p.Message, "after today") || strings.Contains(p.Message, "years ahead") {
					got = append(got, p.Field+": "+p.Message)
				}
			}
			switch {
			case tc.problem == "" && len(got) > 0:
				t.Errorf("got %q, want no date problem", got)
			case tc.problem != "" && (len(got) != 1 || !strings.Contains(got[0], tc.field+": ") || !strings.Contains(got[0], tc.problem)):
				t.Errorf("got %q, want one problem at %s saying %q", got, tc.field, tc.problem)
			}
		})
	}
}

// TestFutureDates: a date that may lie ahead and does is marked; one that
// has passed, or one of something that has happened, is not.
func TestFutureDates(t *testing.T) {
	today := graph.Today()
	law := &graph.Law{ID: "idn/law-x", Enacted: graph.MustDate("2020"), InForce: today.AddDays(400), Repealed: graph.MustDate("2021")}
	if got := ingest.FutureDates(law); len(got) != 1 || got[0] != "inForce" {
		t.Errorf("law in force next year: got %q, want [inForce]", got)
	}
	action := &graph.StateAction{Date: graph.MustDate("2016"), InForce: today.AddDays(30)}
	if got := ingest.FutureDates(action); len(got) != 1 || got[0] != "inForce" {
		t.Errorf("state in force next month: got %q, want [inForce]", got)
	}
	if got := ingest.FutureDates(&graph.Instrument{Adopted: graph.MustDate("2015"), EntryIntoForce: graph.MustDate("2017-03-08")}); len(got) != 0 {
		t.Errorf("an instrument in force since 2017: got %q, want none", got)
	}
}

// TestOneLinkPerLawAndObligation: a second link between a law and an
// obligation under another id is refused, naming the link that exists.
func TestOneLinkPerLawAndObligation(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		t.Fatal(err)
	}
	second := &graph.Implementation{ID: "idn/law-21-2007/second-link", LawID: "idn/law-21-2007", ObligationID: "actip-2015/art_5/obl_1",
		Extent: graph.Extents[0], Record: graph.Record{Sources: []graph.Source{{Citation: "pactwatch test"}}}}
	ps, err := ingest.CheckRecords(ctx, s, []graph.Node{second}, nil, func(int) string { return "records[0]" }, func(int) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ps {
		if strings.Contains(p.Message, "idn/law-21-2007/implements/actip-2015/art_5/obl_1 already links") {
			found = true
		}
	}
	if !found {
		t.Errorf("got %q, want the second link refused, naming idn/law-21-2007/implements/actip-2015/art_5/obl_1", ps)
	}
}
