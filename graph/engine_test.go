package graph_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
)

// The test world is fictional: states AAA..XXX, a convention "conv-a" that
// enters into force on the 30th day after the 6th deposit, and a declaration
// "decl-2004". Every expected date below is computed by hand from the dates
// the world is built with.

var d = graph.MustDate

// src is a placeholder source for tests that need a sourced date.
var src = []graph.Source{{Citation: "test source"}}

const (
	convA = "conv-a"
	convU = "conv-u"
	decl  = "decl-2004"
)

func obl(inst string, art int) string {
	return inst + "/art_" + string(rune('0'+art)) + "/obl_1"
}

// world builds the shared scenario.
//
// conv-a deposits: AAA 2016-01 (month only), BBB 2016-03-01, CCC 2016-05-10,
// DDD 2016-07-01, EEE 2016-09-01, FFF 2017-01-10 (the 6th), III 2017-01-10
// (same day, sorts after FFF) → in force 2017-02-09. Later parties: GGG
// 2017-01-20 → 2017-02-19; HHH accession 2017-06-01 → 2017-07-01; WWW
// 2017-03-01 → 2017-03-31, withdrawn 2018-01-01; NNN ratification dated
// 2017-04 with no deposit held → no earlier than 2017-05-01, never bound
// for certain; XXX 2017-03-01 with a sourced in-force date 2017-04-05. SSS
// only signed. The record of conv-a's consents is complete. UUU ratified
// conv-u (the same rule, in force 2017-02-09 as its sources state) with no
// date at all.
func world(t *testing.T) *graphtest.World {
	t.Helper()
	w := graphtest.NewWorld(t)
	inst := &graph.Instrument{
		ID: convA, ShortTitle: "CONV-A", Kind: graph.InstrumentConvention, Binding: true, Adopted: d("2015-11-21"),
		Rule: graph.EntryRule{Ratifications: 6, DaysAfter: 30, LaterPartyDaysAfter: 30, Article: "Article 29", ConsentsComplete: true},
	}
	w.Instrument(inst, 4, graph.ThemeProsecution)
	w.Instrument(&graph.Instrument{
		ID: convU, ShortTitle: "CONV-U", Kind: graph.InstrumentConvention, Binding: true, Adopted: d("2015-11-21"),
		Rule: graph.EntryRule{Ratifications: 6, DaysAfter: 30, LaterPartyDaysAfter: 30}, EntryIntoForce: d("2017-02-09"), EntryIntoForceSources: src,
	}, 1)
	w.Declaration(decl, d("2004-11-29"), 2)
	member := d("1967-08-08")
	for _, c := range []string{"AAA", "BBB", "CCC", "DDD", "FFF"} {
		w.State(c, member)
	}
	w.State("EEE", d("2010-01-01"))
	for _, c := range []string{"GGG", "HHH", "III", "NNN", "SSS", "UUU", "WWW", "XXX"} {
		w.State(c, graph.Date{})
	}
	w.Action("AAA", convA, graph.ActionRatification, d("2015-12"), d("2016-01"))
	w.Put(&graph.StateAction{
		ID: "BBB/conv-a/ratification", StateCode: "BBB", InstrumentID: convA, Kind: graph.ActionRatification,
		Date: d("2016-02-15"), Deposited: d("2016-03-01"),
		Reservations: []graph.Reservation{{ProvisionIDs: []string{convA + "/art_4"}, Text: "test reservation", TextKind: graph.TextSummary}},
	})
	w.Deposit("CCC", convA, d("2016-05-10"))
	w.Deposit("DDD", convA, d("2016-07-01"))
	w.Deposit("EEE", convA, d("2016-09-01"))
	w.Deposit("FFF", convA, d("2017-01-10"))
	w.Deposit("III", convA, d("2017-01-10"))
	w.Deposit("GGG", convA, d("2017-01-20"))
	w.Action("HHH", convA, graph.ActionAccession, d("2017-06-01"), d("2017-06-01"))
	w.Deposit("WWW", convA, d("2017-03-01"))
	w.Action("WWW", convA, graph.ActionWithdrawal, d("2018-01-01"), graph.Date{})
	w.Action("NNN", convA, graph.ActionRatification, d("2017-04"), graph.Date{})
	w.Put(&graph.StateAction{
		ID: "XXX/conv-a/ratification", StateCode: "XXX", InstrumentID: convA, Kind: graph.ActionRatification,
		Date: d("2017-03-01"), Deposited: d("2017-03-01"), InForce: d("2017-04-05"), InForceSources: src,
	})
	w.Sign("SSS", convA, d("2015-11-21"))
	w.Action("UUU", convU, graph.ActionRatification, graph.Date{}, graph.Date{})
	w.Action("EEE", decl, graph.ActionEndorsement, d("2012-03-01"), graph.Date{})
	return w
}

func engine(w *graphtest.World) *graph.Engine { return graph.NewEngine(w.Store) }

func hasLine(lines []string, sub string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, sub) })
}

// decisionOf writes a record's decision and reasons, for comparing records.
func decisionOf(r *graph.ComplianceRecord) string {
	return fmt.Sprintf("%s %s %s %s %v %s %s %s %s %v %v %q", r.StateCode, r.ObligationID, r.AsOf, r.Standing, r.Bound, r.BoundSince, r.BoundByID, r.Legal, r.Practice(), r.PracticeThematic(), r.Reservation != nil, reasonsOf(r))
}

func decisionsOf(rs []*graph.ComplianceRecord) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = decisionOf(r)
	}
	return out
}

// reasonsOf and warningsOf build a record's explanation, as a resolver would.
func reasonsOf(r *graph.ComplianceRecord) []string {
	l, err := r.Reasons(context.Background())
	if err != nil {
		panic(err)
	}
	return l
}

func warningsOf(r *graph.ComplianceRecord) []string {
	l, _ := r.Warnings(context.Background())
	return l
}

func TestEngineEntryIntoForce(t *testing.T) {
	ctx := context.Background()
	w := world(t)
	// Six more conventions over the same six states, deposits 2016-01-05 ..
	// 2016-06-01 (the 6th) → derived 2016-07-01.
	six := []struct{ state, day string }{
		{"AAA", "2016-01-05"}, {"BBB", "2016-02-01"}, {"CCC", "2016-03-01"},
		{"DDD", "2016-04-01"}, {"EEE", "2016-05-01"}, {"FFF", "2016-06-01"},
	}
	conv := func(id string, rule graph.EntryRule, stated graph.Date, sources []graph.Source, deposits int) {
		w.Instrument(&graph.Instrument{ID: id, Binding: true, Adopted: d("2015-01-01"), Rule: rule, EntryIntoForce: stated, EntryIntoForceSources: sources}, 1)
		for _, s := range six[:deposits] {
			w.Deposit(s.state, id, d(s.day))
		}
	}
	rule := graph.EntryRule{Ratifications: 6, DaysAfter: 30, LaterPartyDaysAfter: 30, Article: "Article 9", ConsentsComplete: true}
	conv("conv-agree", rule, d("2016-07-01"), src, 6)
	conv("conv-month", rule, d("2016-07"), src, 6)
	conv("conv-disagree", rule, d("2016-08-01"), src, 6)
	conv("conv-unsourced", rule, d("2016-08-01"), nil, 6)
	conv("conv-five", rule, graph.Date{}, nil, 5)
	conv("conv-norule", graph.EntryRule{}, graph.Date{}, nil, 6)
	conv("conv-stated-only", graph.EntryRule{}, d("2016-10-01"), src, 0)
	// 2 deposits, the 2nd known only to the month: 2017-01 → 2017-01-31 + 30.
	conv("conv-m", graph.EntryRule{Ratifications: 2, DaysAfter: 30, LaterPartyDaysAfter: 30, ConsentsComplete: true}, graph.Date{}, nil, 0)
	w.Deposit("AAA", "conv-m", d("2016-05-10"))
	w.Action("BBB", "conv-m", graph.ActionRatification, d("2017-01"), d("2017-01"))

	tests := []struct {
		name                  string
		id                    string
		date, derived, stated graph.Date
		trigger               string
		reason, warning       string // substrings; "" for none expected
		wantNoWarnings        bool
	}{
		{"OK derived", convA, d("2017-02-09"), d("2017-02-09"), graph.Date{}, "FFF/conv-a/ratification",
			"Article 29: 30th day after the 6th deposit, State FFF 2017-01-10", "ratification NNN/conv-a/ratification is dated only by its domestic act (2017-04), not by a deposit", false},
		{"OK stated agrees", "conv-agree", d("2016-07-01"), d("2016-07-01"), d("2016-07-01"), "FFF/conv-agree/ratification",
			"stated date 2016-07-01 used", "", true},
		{"OK stated month holds derived day", "conv-month", d("2016-07"), d("2016-07-01"), d("2016-07"), "FFF/conv-month/ratification",
			"stated date 2016-07 used", "", true},
		{"OK stated overrides and warns", "conv-disagree", d("2016-08-01"), d("2016-07-01"), d("2016-08-01"), "FFF/conv-disagree/ratification",
			"stated date 2016-08-01 used", "disagrees with 2016-07-01 derived", false},
		{"OK unsourced stated ignored", "conv-unsourced", d("2016-07-01"), d("2016-07-01"), d("2016-08-01"), "FFF/conv-unsourced/ratification",
			"derived 2016-07-01", "has no sources; it is not used", false},
		{"OK five of six deposits", "conv-five", graph.Date{}, graph.Date{}, graph.Date{}, "",
			"needs 6 deposit(s) of consent to be bound; 5 held with a latest day", "", true},
		{"OK no rule no date", "conv-norule", graph.Date{}, graph.Date{}, graph.Date{}, "",
			"never enters into force", "", true},
		{"OK no rule, sourced date", "conv-stated-only", d("2016-10-01"), graph.Date{}, d("2016-10-01"), "",
			"stated date 2016-10-01 used", "", true},
		{"OK month-precision nth deposit is a window", "conv-m", graph.Date{}, graph.Date{}, graph.Date{}, "BBB/conv-m/ratification",
			"derived: no earlier than 2017-01-31 and no later than 2017-03-02", "", true},
	}
	e := engine(w)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.EntryIntoForce(ctx, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if got.Date != tt.date || got.Derived != tt.derived || got.Stated != tt.stated {
				t.Fatalf("got date %v derived %v stated %v, want %v %v %v", got.Date, got.Derived, got.Stated, tt.date, tt.derived, tt.stated)
			}
			if got.TriggerActionID != tt.trigger {
				t.Errorf("trigger: got %q, want %q", got.TriggerActionID, tt.trigger)
			}
			if !hasLine(got.Reasons, tt.reason) {
				t.Errorf("reasons: got %q, want a line with %q", got.Reasons, tt.reason)
			}
			if tt.warning != "" && !hasLine(got.Warnings, tt.warning) {
				t.Errorf("warnings: got %q, want a line with %q", got.Warnings, tt.warning)
			}
			if tt.wantNoWarnings && len(got.Warnings) > 0 {
				t.Errorf("warnings: got %q, want none", got.Warnings)
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := e.EntryIntoForce(ctx, "no-such-instrument")
		if got := graph.ErrorCode(err); got != graph.ENOTFOUND {
			t.Fatalf("got code %q (%v), want %q", got, err, graph.ENOTFOUND)
		}
	})
}

func TestEngineBound(t *testing.T) {
	ctx := context.Background()
	e := engine(world(t))
	tests := []struct {
		name    string
		state   string
		asOf    string
		bound   bool
		since   string
		by      string
		reason  string
		warning string
	}{
		{"sixth deposit, day before entry into force", "FFF", "2017-02-08", false, "", "", "CONV-A enters into force for State FFF on 2017-02-09", ""},
		{"sixth deposit, day of entry into force", "FFF", "2017-02-09", true, "2017-02-09", "FFF/conv-a/ratification",
			"bound since 2017-02-09: ratification FFF/conv-a/ratification deposited 2017-01-10; CONV-A entered into force 2017-02-09 (Article 29: 30th day after the 6th deposit, State FFF 2017-01-10)", ""},
		{"sixth deposit, day after", "FFF", "2017-02-10", true, "2017-02-09", "FFF/conv-a/ratification", "bound since 2017-02-09", ""},
		{"same day as the sixth deposit", "III", "2017-02-09", true, "2017-02-09", "III/conv-a/ratification", "bound since 2017-02-09", ""},
		{"deposit before entry into force, asked before it", "BBB", "2016-12-31", false, "", "", "enters into force for State BBB on 2017-02-09", ""},
		{"month-precision deposit among the first six", "AAA", "2017-02-09", true, "2017-02-09", "AAA/conv-a/ratification", "deposited in 2016-01 (the day is not held)", ""},
		{"later party, day before its own 30 days", "GGG", "2017-02-18", false, "", "", "on 2017-02-19", ""},
		{"later party, 30th day after its deposit", "GGG", "2017-02-19", true, "2017-02-19", "GGG/conv-a/ratification",
			"in force for a later party on the 30th day after its deposit", ""},
		{"accession deposited after asOf", "HHH", "2017-05-31", false, "", "", "accession HHH/conv-a/accession deposited 2017-06-01, after that day", ""},
		{"accession, day before in force", "HHH", "2017-06-30", false, "", "", "on 2017-07-01", ""},
		{"accession in force", "HHH", "2017-07-01", true, "2017-07-01", "HHH/conv-a/accession", "bound since 2017-07-01", ""},
		{"withdrawal, day before", "WWW", "2017-12-31", true, "2017-03-31", "WWW/conv-a/ratification", "bound since 2017-03-31", ""},
		{"withdrawal, on its day", "WWW", "2018-01-01", false, "", "", "withdrew (WWW/conv-a/withdrawal, effective 2018-01-01)", ""},
		{"signature only", "SSS", "2018-01-01", false, "", "", "a signature does not bind", ""},
		{"undated ratification", "UUU", "2018-01-01", false, "", "", "UUU/conv-u/ratification recorded with neither a deposit nor an act date", "has neither a deposit nor an act date; it is not counted"},
		{"act date, before the earliest day a deposit allows", "NNN", "2017-04-30", false, "", "", "not bound on 2017-04-30: ratification NNN/conv-a/ratification ratified by its domestic act of 2017-04 (no deposit held", ""},
		{"act date, after: not known, never a deposit", "NNN", "2017-05-30", false, "", "", "bound on 2017-05-30: not known", ""},
		{"sourced in-force date for the state", "XXX", "2017-04-05", true, "2017-04-05", "XXX/conv-a/ratification",
			"in force for State XXX from 2017-04-05 as its sources state", "disagrees with 2017-03-31"},
		{"sourced in-force date, day before", "XXX", "2017-04-04", false, "", "", "on 2017-04-05", ""},
		{"month asOf taken as its last day", "GGG", "2017-02", true, "2017-02-19", "GGG/conv-a/ratification", "as of 2017-02, taken as its last day 2017-02-28", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inst := convA
			if tt.state == "UUU" {
				inst = convU
			}
			r, err := e.Status(ctx, tt.state, obl(inst, 1), d(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if r.Bound != tt.bound {
				t.Fatalf("bound: got %v, want %v; reasons %q", r.Bound, tt.bound, reasonsOf(r))
			}
			var since graph.Date
			if tt.since != "" {
				since = d(tt.since)
			}
			if r.BoundSince != since || r.BoundByID != tt.by {
				t.Errorf("got since %v by %q, want %v %q", r.BoundSince, r.BoundByID, since, tt.by)
			}
			if r.Committed {
				t.Errorf("committed: got true, want false for a binding instrument")
			}
			if !hasLine(reasonsOf(r), tt.reason) {
				t.Errorf("reasons: got %q, want a line with %q", reasonsOf(r), tt.reason)
			}
			if tt.warning != "" && !hasLine(warningsOf(r), tt.warning) {
				t.Errorf("warnings: got %q, want a line with %q", warningsOf(r), tt.warning)
			}
		})
	}
}

// legalWorld adds BBB's laws to the world: full (2007, before ratification)
// on art_1; partial on art_2 and full on art_2 until its repeal on
// 2018-05-01; full on art_3 enacted 2017-01-01 but in force only from
// 2018-01-01; full on art_4, which BBB reserved. AAA's own law on art_3 must
// never count for BBB.
func legalWorld(t *testing.T) *graphtest.World {
	w := world(t)
	full := w.Law("BBB", "law-full", d("2007-04-19"))
	part := w.Law("BBB", "law-part", d("2010-01-01"))
	w.Put(
		&graph.Law{ID: "bbb/law-repealed", StateCode: "BBB", Title: "Repealed law", Kind: graph.LawStatute, Enacted: d("2008-01-01"), Repealed: d("2018-05-01")},
		&graph.Law{ID: "bbb/law-pending", StateCode: "BBB", Title: "Pending law", Kind: graph.LawStatute, Enacted: d("2017-01-01"), InForce: d("2018-01-01")},
	)
	other := w.Law("AAA", "law-other", d("2007-01-01"))
	w.Implement(full.ID, obl(convA, 1), graph.ExtentFull)
	w.Implement(part.ID, obl(convA, 2), graph.ExtentPartial)
	w.Implement("bbb/law-repealed", obl(convA, 2), graph.ExtentFull)
	w.Implement("bbb/law-pending", obl(convA, 3), graph.ExtentFull)
	w.Implement(full.ID, obl(convA, 4), graph.ExtentFull)
	w.Implement(other.ID, obl(convA, 3), graph.ExtentFull)
	return w
}

func TestEngineLegal(t *testing.T) {
	ctx := context.Background()
	e := engine(legalWorld(t))
	tests := []struct {
		name   string
		state  string
		art    int
		asOf   string
		want   graph.LegalStatus
		laws   []string
		reason string
	}{
		{"law passed before ratification counts", "BBB", 1, "2017-06-01", graph.LegalImplemented, []string{"bbb/law-full"}, "counts: bbb/law-full (law-full) implements it fully; enacted 2007-04-19, before the state was bound"},
		{"full and partial: full decides", "BBB", 2, "2018-04-30", graph.LegalImplemented, []string{"bbb/law-part", "bbb/law-repealed"}, "legal IMPLEMENTED"},
		{"full law repealed on the day", "BBB", 2, "2018-05-01", graph.LegalPartial, []string{"bbb/law-part", "bbb/law-repealed"}, "it was repealed 2018-05-01, on or before 2018-05-01"},
		{"enacted but not yet in force, no review", "BBB", 3, "2017-06-01", graph.LegalUnreviewed, []string{"bbb/law-pending"}, "it was enacted 2017-01-01 and is in force only from 2018-01-01, after 2017-06-01"},
		{"in force on its day", "BBB", 3, "2018-01-01", graph.LegalImplemented, []string{"bbb/law-pending"}, "counts: bbb/law-pending implements it fully; in force 2018-01-01"},
		{"reserved provision, even with a full law", "BBB", 4, "2018-01-01", graph.LegalReserved, []string{"bbb/law-full"}, "covers conv-a/art_4; a reserved obligation is never a gap"},
		{"no law linked, no review", "CCC", 1, "2018-01-01", graph.LegalUnreviewed, nil, "legal UNREVIEWED: no law of State CCC is linked to it"},
		{"another state's law does not count", "CCC", 3, "2018-01-01", graph.LegalUnreviewed, nil, "legal UNREVIEWED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.Status(ctx, tt.state, obl(convA, tt.art), d(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if r.Legal != tt.want {
				t.Fatalf("legal: got %s, want %s; reasons %q", r.Legal, tt.want, reasonsOf(r))
			}
			if !slices.Equal(r.LawIDs(), tt.laws) {
				t.Errorf("laws: got %q, want %q", r.LawIDs(), tt.laws)
			}
			if !hasLine(reasonsOf(r), tt.reason) {
				t.Errorf("reasons: got %q, want a line with %q", reasonsOf(r), tt.reason)
			}
			if (r.Reservation != nil) != (tt.want == graph.LegalReserved) {
				t.Errorf("reservation: got %v, want set only when RESERVED", r.Reservation)
			}
		})
	}

	// Records must agree with Status: the state → laws path and the
	// obligation → implementations path see the same links.
	t.Run("OK records agree with status", func(t *testing.T) {
		for _, day := range []string{"2017-06-01", "2018-05-01"} {
			recs, err := e.Records(ctx, "BBB", d(day), convA)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				one, err := e.Status(ctx, "BBB", r.ObligationID, d(day))
				if err != nil {
					t.Fatal(err)
				}
				if one.Legal != r.Legal || !slices.Equal(one.LawIDs(), r.LawIDs()) || !slices.Equal(reasonsOf(one), reasonsOf(r)) {
					t.Errorf("%s on %s: records give %s %q, status gives %s %q", r.ObligationID, day, r.Legal, r.LawIDs(), one.Legal, one.LawIDs())
				}
			}
		}
	})
}

func TestEnginePractice(t *testing.T) {
	ctx := context.Background()
	w := world(t)
	w.Evidence("CCC", "old", d("2017-03-01"), graph.FindingEffective, obl(convA, 1))
	w.Evidence("CCC", "new", d("2018-03-01"), graph.FindingGap, obl(convA, 1))
	w.Evidence("CCC", "conflict-gap", d("2018-02-01"), graph.FindingGap, obl(convA, 2))
	w.Evidence("CCC", "conflict-ok", d("2018-02-01"), graph.FindingEffective, obl(convA, 2))
	w.Evidence("CCC", "agree-1", d("2018-02-01"), graph.FindingEffective, obl(convA, 3))
	w.Evidence("CCC", "agree-2", d("2018-02-01"), graph.FindingEffective, obl(convA, 3))
	// Bears on every PROSECUTION obligation; known only to the month.
	w.Put(&graph.Evidence{ID: "ccc/ev/theme", StateCode: "CCC", Kind: graph.EvidenceAssessment, Date: d("2018-04"),
		Themes: []graph.Theme{graph.ThemeProsecution}, Finding: graph.FindingEffective})
	// Another state's evidence never counts.
	w.Evidence("DDD", "elsewhere", d("2017-06-01"), graph.FindingGap, obl(convA, 4))
	e := engine(w)

	tests := []struct {
		name     string
		art      int
		asOf     string
		want     graph.PracticeStatus
		evidence []string
		reason   string
	}{
		{"no evidence yet", 1, "2017-02-28", graph.PracticeNoEvidence, nil, "practice NO_EVIDENCE: no evidence of State CCC dated on or before 2017-02-28"},
		{"only the older item", 1, "2017-06-01", graph.PracticeEffective, []string{"ccc/ev/old"}, "finds EFFECTIVE"},
		{"latest decides", 1, "2018-03-15", graph.PracticeGap, []string{"ccc/ev/new", "ccc/ev/old"}, "the latest evidence, ccc/ev/new (report, 2018-03-01, bearing on it directly), finds GAP"},
		{"same-day conflict is mixed", 2, "2018-03-15", graph.PracticeMixed, []string{"ccc/ev/conflict-gap", "ccc/ev/conflict-ok"}, "disagree: ccc/ev/conflict-gap finds GAP; ccc/ev/conflict-ok finds EFFECTIVE"},
		{"same-day agreement", 3, "2018-03-15", graph.PracticeEffective, []string{"ccc/ev/agree-1", "ccc/ev/agree-2"}, "agree"},
		{"month-precision evidence not yet counted", 4, "2018-04-29", graph.PracticeNoEvidence, nil, "NO_EVIDENCE"},
		{"theme evidence counts from the month's last day", 4, "2018-04-30", graph.PracticeEffective, []string{"ccc/ev/theme"}, "(assessment, 2018-04, taken as 2018-04-30, bearing on it through theme PROSECUTION)"},
		{"direct evidence beats newer thematic evidence", 1, "2018-05-01", graph.PracticeGap, []string{"ccc/ev/new", "ccc/ev/old"}, "1 earlier item(s) of evidence also weighed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.Status(ctx, "CCC", obl(convA, tt.art), d(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if r.Practice() != tt.want {
				t.Fatalf("practice: got %s, want %s; reasons %q", r.Practice(), tt.want, reasonsOf(r))
			}
			if !slices.Equal(r.EvidenceIDs(), tt.evidence) {
				t.Errorf("evidence: got %q, want %q", r.EvidenceIDs(), tt.evidence)
			}
			if !hasLine(reasonsOf(r), tt.reason) {
				t.Errorf("reasons: got %q, want a line with %q", reasonsOf(r), tt.reason)
			}
		})
	}
}

func TestEngineCommitted(t *testing.T) {
	ctx := context.Background()
	e := engine(world(t))
	tests := []struct {
		name      string
		state     string
		asOf      string
		committed bool
		since     string
		reason    string
	}{
		{"member before adoption", "AAA", "2005-01-01", true, "2004-11-29", "committed since 2004-11-29: ASEAN member since 1967-08-08"},
		{"before adoption", "AAA", "2004-11-28", false, "", "adopted 2004-11-29, after that day"},
		{"joined after adoption, before endorsing", "EEE", "2012-02-29", false, "", "not an ASEAN member on the adoption date 2004-11-29"},
		{"joined after adoption, endorsed", "EEE", "2012-03-01", true, "2012-03-01", "committed since 2012-03-01: endorsed (EEE/decl-2004/endorsement, 2012-03-01)"},
		{"never a member", "GGG", "2018-01-01", false, "", "not an ASEAN member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.Status(ctx, tt.state, obl(decl, 1), d(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if r.Committed != tt.committed || r.Bound {
				t.Fatalf("got committed %v bound %v, want %v false; reasons %q", r.Committed, r.Bound, tt.committed, reasonsOf(r))
			}
			var since graph.Date
			if tt.since != "" {
				since = d(tt.since)
			}
			if r.BoundSince != since {
				t.Errorf("since: got %v, want %v", r.BoundSince, since)
			}
			if !hasLine(reasonsOf(r), "binds no state") || !hasLine(reasonsOf(r), tt.reason) {
				t.Errorf("reasons: got %q, want lines with %q and %q", reasonsOf(r), "binds no state", tt.reason)
			}
		})
	}

	t.Run("OK in records, not in gaps", func(t *testing.T) {
		recs, err := e.Records(ctx, "AAA", d("2018-01-01"), "")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range recs {
			ids = append(ids, r.ObligationID)
		}
		// conv-u: AAA's standing is not known (no consent recorded, none
		// denied), so its records are listed with Bound meaning nothing.
		want := []string{obl(convA, 1), obl(convA, 2), obl(convA, 3), obl(convA, 4), obl(convU, 1), obl(decl, 1), obl(decl, 2)}
		if !slices.Equal(ids, want) {
			t.Fatalf("records: got %q, want %q", ids, want)
		}
		for _, basis := range graph.Bases {
			gaps, err := e.Gaps(ctx, "AAA", d("2018-01-01"), basis, "", graph.LegalUnreviewed)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range gaps {
				if g.InstrumentID == decl {
					t.Errorf("%s: got commitment %s among gaps, want none", basis, g.ObligationID)
				}
			}
			if len(gaps) != 4 {
				t.Errorf("%s: got %d gaps, want 4", basis, len(gaps))
			}
		}
		sum, err := e.Summary(ctx, "AAA", "", d("2018-01-01"), graph.BasisLaw)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Committed != 2 || sum.Bound != 4 {
			t.Errorf("summary: got committed %d bound %d, want 2 4", sum.Committed, sum.Bound)
		}
	})
}

func TestEngineGapsAndSummary(t *testing.T) {
	ctx := context.Background()
	w := legalWorld(t)
	w.Evidence("BBB", "ok", d("2018-02-01"), graph.FindingEffective, obl(convA, 1))
	w.Evidence("BBB", "mixed", d("2018-02-01"), graph.FindingMixed, obl(convA, 2))
	e := engine(w)

	// BBB on 2018-05-01: art_1 IMPLEMENTED/EFFECTIVE, art_2 PARTIAL/MIXED,
	// art_3 IMPLEMENTED/NO_EVIDENCE, art_4 RESERVED.
	tests := []struct {
		name    string
		basis   graph.Basis
		gaps    []string
		summary graph.StateSummary
	}{
		{"OK law", graph.BasisLaw, []string{obl(convA, 2)},
			graph.StateSummary{Bound: 4, Implemented: 2, Partial: 1, Reserved: 1, Committed: 2}},
		{"OK practice", graph.BasisPractice, []string{obl(convA, 2), obl(convA, 3)},
			graph.StateSummary{Bound: 4, Implemented: 1, Partial: 1, NotImplemented: 1, Reserved: 1, Committed: 2}},
		{"OK either", graph.BasisEither, []string{obl(convA, 2), obl(convA, 3)},
			graph.StateSummary{Bound: 4, Implemented: 1, Partial: 1, NotImplemented: 1, Reserved: 1, Committed: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gaps, err := e.Gaps(ctx, "BBB", d("2018-05-01"), tt.basis, "", graph.LegalUnreviewed)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, g := range gaps {
				ids = append(ids, g.ObligationID)
			}
			if !slices.Equal(ids, tt.gaps) {
				t.Fatalf("gaps: got %q, want %q", ids, tt.gaps)
			}
			sum, err := e.Summary(ctx, "BBB", "", d("2018-05-01"), tt.basis)
			if err != nil {
				t.Fatal(err)
			}
			got := [6]int{sum.Bound, sum.Implemented, sum.Partial, sum.NotImplemented + sum.Unreviewed, sum.Reserved, sum.Committed}
			want := [6]int{tt.summary.Bound, tt.summary.Implemented, tt.summary.Partial, tt.summary.NotImplemented, tt.summary.Reserved, tt.summary.Committed}
			if got != want {
				t.Fatalf("summary [bound impl partial not reserved committed]: got %v, want %v", got, want)
			}
			if rate := float64(sum.Implemented) / float64(sum.Implemented+sum.Partial+sum.NotImplemented); sum.ImplementationRate == nil || *sum.ImplementationRate != rate {
				t.Errorf("rate: got %v, want %v", sum.ImplementationRate, rate)
			}
		})
	}

	// The invariant, over every state, basis, instrument filter and a range
	// of days around the boundaries.
	states, err := w.Store.IDs(ctx, graph.KindState)
	if err != nil {
		t.Fatal(err)
	}
	for _, basis := range graph.Bases {
		for _, inst := range []string{"", convA, decl} {
			for _, day := range []string{"2016-12-31", "2017-02-09", "2018-01-01", "2018-05-01"} {
				t.Run(string(basis)+"/"+inst+"/"+day, func(t *testing.T) {
					for _, st := range states {
						gaps, err := e.Gaps(ctx, st, d(day), basis, inst, graph.LegalUnreviewed)
						if err != nil {
							t.Fatal(err)
						}
						sum, err := e.Summary(ctx, st, inst, d(day), basis)
						if err != nil {
							t.Fatal(err)
						}
						if got := sum.GapsAtMost(); got != len(gaps) {
							t.Errorf("%s: got gaps at most %d, want len(gaps with UNREVIEWED) %d", st, got, len(gaps))
						}
						known, err := e.Gaps(ctx, st, d(day), basis, inst)
						if err != nil {
							t.Fatal(err)
						}
						if got := sum.Gaps(); got != len(known) {
							t.Errorf("%s: got gaps %d, want len(gaps) %d", st, got, len(known))
						}
						recs, err := e.Records(ctx, st, d(day), inst)
						if err != nil {
							t.Fatal(err)
						}
						marked := 0
						for _, r := range recs {
							if r.Gap(basis) {
								marked++
							}
						}
						if marked != len(known) {
							t.Errorf("%s: got %d records marked gap, want len(gaps) %d", st, marked, len(known))
						}
						if got := sum.Implemented + sum.Partial + sum.NotImplemented + sum.Unreviewed + sum.Reserved + sum.NotDomestic + sum.NotCounted; got != sum.Bound {
							t.Errorf("%s: got implemented+partial+not+unreviewed+reserved+not domestic+not counted %d, want bound %d", st, got, sum.Bound)
						}
						if sum.Reviewed() == 0 && sum.ImplementationRate != nil {
							t.Errorf("%s: got rate %v with nothing reviewed, want none", st, *sum.ImplementationRate)
						}
						if sum.Denominator > 0 && (sum.RateLow > sum.RateHigh || sum.RateHigh > 1) {
							t.Errorf("%s: got range [%v, %v], want low <= high <= 1", st, sum.RateLow, sum.RateHigh)
						}
					}
				})
			}
		}
	}
}

func TestEngineCompare(t *testing.T) {
	ctx := context.Background()
	w := legalWorld(t)
	e := engine(w)
	t.Run("OK all states in code order", func(t *testing.T) {
		sums, err := e.Compare(ctx, nil, convA, d("2018-05-01"), graph.BasisLaw)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := w.Store.IDs(ctx, graph.KindState)
		var got []string
		for _, s := range sums {
			got = append(got, s.StateCode)
			one, err := e.Summary(ctx, s.StateCode, convA, d("2018-05-01"), graph.BasisLaw)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*one, *s) {
				t.Errorf("%s: compare gives %+v, summary gives %+v", s.StateCode, *s, *one)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
	t.Run("OK given states in given order", func(t *testing.T) {
		sums, err := e.Compare(ctx, []string{"CCC", "BBB"}, "", d("2018-05-01"), graph.BasisLaw)
		if err != nil {
			t.Fatal(err)
		}
		if len(sums) != 2 || sums[0].StateCode != "CCC" || sums[1].StateCode != "BBB" {
			t.Fatalf("got %+v, want CCC then BBB", sums)
		}
		if sums[1].Implemented != 2 || sums[1].Partial != 1 {
			t.Errorf("BBB: got implemented %d partial %d, want 2 1", sums[1].Implemented, sums[1].Partial)
		}
	})
}

func TestEngineRatificationTable(t *testing.T) {
	ctx := context.Background()
	w := world(t)
	e := engine(w)
	rows, err := e.RatificationTable(ctx, convA, d("2018-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := w.Store.IDs(ctx, graph.KindState)
	var codes []string
	byCode := map[string]*graph.RatificationRow{}
	for _, r := range rows {
		codes = append(codes, r.StateCode)
		byCode[r.StateCode] = r
	}
	if !slices.Equal(codes, want) {
		t.Fatalf("states: got %q, want %q", codes, want)
	}
	tests := []struct {
		state                                        string
		party                                        bool
		signed, ratified, deposited, inForce, withdn string
	}{
		{"AAA", true, "", "2015-12", "2016-01", "2017-02-09", ""},
		{"GGG", true, "", "2017-01-20", "2017-01-20", "2017-02-19", ""},
		{"HHH", true, "", "2017-06-01", "2017-06-01", "2017-07-01", ""},
		{"WWW", false, "", "2017-03-01", "2017-03-01", "", "2018-01-01"},
		{"SSS", false, "2015-11-21", "", "", "", ""},
		{"NNN", false, "", "2017-04", "", "", ""},
	}
	opt := func(s string) graph.Date {
		if s == "" {
			return graph.Date{}
		}
		return d(s)
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			r := byCode[tt.state]
			got := [5]graph.Date{r.Signed, r.Ratified, r.Deposited, r.InForce, r.Withdrawn}
			wantDates := [5]graph.Date{opt(tt.signed), opt(tt.ratified), opt(tt.deposited), opt(tt.inForce), opt(tt.withdn)}
			if r.Party != tt.party || got != wantDates {
				t.Fatalf("got party %v dates %v, want %v %v; reasons %q", r.Party, got, tt.party, wantDates, r.Reasons)
			}
			if len(r.Reasons) == 0 {
				t.Errorf("reasons: got none, want the standing explained")
			}
		})
	}
	t.Run("OK before entry into force nobody is a party", func(t *testing.T) {
		rows, err := e.RatificationTable(ctx, convA, d("2017-02-08"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Party {
				t.Errorf("%s: got party on 2017-02-08, want not yet", r.StateCode)
			}
		}
	})
}

func TestEngineToday(t *testing.T) {
	ctx := context.Background()
	e := engine(world(t)).WithToday(d("2017-02-09"))
	r, err := e.Status(ctx, "FFF", obl(convA, 1), graph.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if r.AsOf != d("2017-02-09") || !r.Bound {
		t.Fatalf("got asOf %v bound %v, want 2017-02-09 true", r.AsOf, r.Bound)
	}
}

func TestEngineErrors(t *testing.T) {
	ctx := context.Background()
	e := engine(world(t))
	day := d("2018-01-01")
	tests := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"ErrUnknownStateStatus", func() error { _, err := e.Status(ctx, "ZZZ", obl(convA, 1), day); return err }, graph.ENOTFOUND, "valid codes are AAA, BBB, CCC"},
		{"ErrUnknownStateGaps", func() error { _, err := e.Gaps(ctx, "ZZZ", day, graph.BasisLaw, "", graph.LegalUnreviewed); return err }, graph.ENOTFOUND, "state \"ZZZ\" not found"},
		{"ErrUnknownStateCompare", func() error { _, err := e.Compare(ctx, []string{"AAA", "ZZZ"}, "", day, graph.BasisLaw); return err }, graph.ENOTFOUND, "valid codes are"},
		{"ErrUnknownObligation", func() error { _, err := e.Status(ctx, "AAA", "conv-a/art_9/obl_1", day); return err }, graph.ENOTFOUND, "conv-a/art_9/obl_1"},
		{"ErrUnknownInstrumentRecords", func() error { _, err := e.Records(ctx, "AAA", day, "nope"); return err }, graph.ENOTFOUND, "nope"},
		{"ErrUnknownInstrumentSummary", func() error { _, err := e.Summary(ctx, "AAA", "nope", day, graph.BasisLaw); return err }, graph.ENOTFOUND, "nope"},
		{"ErrUnknownInstrumentCompare", func() error { _, err := e.Compare(ctx, nil, "nope", day, graph.BasisLaw); return err }, graph.ENOTFOUND, "nope"},
		{"ErrUnknownInstrumentTable", func() error { _, err := e.RatificationTable(ctx, "nope", day); return err }, graph.ENOTFOUND, "nope"},
		{"ErrBadBasisGaps", func() error { _, err := e.Gaps(ctx, "AAA", day, "SOMETIMES", ""); return err }, graph.EINVALID, "LAW, PRACTICE, EITHER"},
		{"ErrBadBasisSummary", func() error { _, err := e.Summary(ctx, "AAA", "", day, ""); return err }, graph.EINVALID, "basis"},
		{"ErrBadBasisCompare", func() error { _, err := e.Compare(ctx, nil, "", day, "law-ish"); return err }, graph.EINVALID, "basis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ge *graph.Error
			if !errors.As(err, &ge) {
				t.Fatalf("got %v, want a *graph.Error", err)
			}
			if ge.Code != tt.code || !strings.Contains(ge.Message, tt.msg) {
				t.Fatalf("got %s %q, want %s containing %q", ge.Code, ge.Message, tt.code, tt.msg)
			}
		})
	}
}
