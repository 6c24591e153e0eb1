package graph_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
)

// knownWorld is a convention in force on 2017-02-09 (one deposit needed,
// 30 days), three obligations (art_3 inter-state), and states that show
// the honest unknowns.
func knownWorld(t *testing.T) *graphtest.World {
	w := graphtest.NewWorld(t)
	inst := &graph.Instrument{ID: "conv-k", Binding: true, Adopted: d("2015-01-01"),
		Rule: graph.EntryRule{Ratifications: 1, DaysAfter: 30, LaterPartyDaysAfter: 30},
		StatusStatements: []graph.StatusStatement{
			{AsOf: d("2017-10-11"), Parties: []string{"AAA"}, NotParties: []string{"NNN"}, Summary: "test", Sources: src},
			{AsOf: d("2016-06-01"), Parties: []string{"SSS"}, Summary: "test", Sources: src},
		}}
	obs := w.Instrument(inst, 3, graph.ThemeProtection)
	obs[2].Nature = graph.NatureInterState
	w.Put(obs[2])
	for _, c := range []string{"AAA", "BBB", "UUU", "MMM", "NNN", "SSS", "ZZZ"} {
		w.State(c, graph.Date{})
	}
	w.Deposit("AAA", "conv-k", d("2017-01-10"))
	w.Put(&graph.StateAction{ID: "BBB/conv-k/ratification", StateCode: "BBB", InstrumentID: "conv-k", Kind: graph.ActionRatification,
		DepositedBefore: d("2017-10-11"), Record: graph.Record{Sources: src}})
	w.Put(&graph.StateAction{ID: "UUU/conv-k/ratification", StateCode: "UUU", InstrumentID: "conv-k", Kind: graph.ActionRatification,
		Record: graph.Record{Sources: src}})
	w.Sign("MMM", "conv-k", d("2015-01-01"))
	w.Sign("NNN", "conv-k", d("2015-01-01"))
	return w
}

func TestEngineStandingKnownAndUnknown(t *testing.T) {
	ctx := context.Background()
	e := engine(knownWorld(t))
	for _, tt := range []struct {
		name, state, asOf string
		want              graph.Standing
		bound             bool
	}{
		{"OK dated consent binds", "AAA", "2017-06-01", graph.StandingParty, true},
		{"OK undated consent is not known, never signed only", "UUU", "2018-01-01", graph.StandingConsentNotDated, false},
		{"OK bounded consent is unknown before the bound allows", "BBB", "2017-10-01", graph.StandingConsentNotDated, false},
		{"OK bounded consent binds once the rule allows", "BBB", "2017-11-10", graph.StandingParty, true},
		{"OK signature with nothing else is unknown", "MMM", "2018-01-01", graph.StandingUnknown, false},
		{"OK sourced negative status is kept", "NNN", "2017-06-01", graph.StandingSignedOnly, false},
		{"OK after the statement's day the negative is not known", "NNN", "2018-01-01", graph.StandingUnknown, false},
		{"OK a party statement: not known before entry into force", "SSS", "2017-01-01", graph.StandingConsentNotDated, false},
		{"OK a party statement binds once in force", "SSS", "2017-03-01", graph.StandingParty, true},
		{"OK nothing recorded", "ZZZ", "2018-01-01", graph.StandingUnknown, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			row, err := e.Standing(ctx, tt.state, "conv-k", d(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if row.Standing != tt.want || row.Party != tt.bound {
				t.Fatalf("got %s party %v, want %s %v; reasons %q", row.Standing, row.Party, tt.want, tt.bound, row.Reasons)
			}
			if row.Standing == graph.StandingParty && row.InForce.IsZero() && row.InForceNoLaterThan.IsZero() {
				t.Errorf("got neither a binding day nor a bound for a party")
			}
		})
	}
	t.Run("OK bounded party has no day, only a bound", func(t *testing.T) {
		row, err := e.Standing(ctx, "BBB", "conv-k", d("2018-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		if !row.InForce.IsZero() || row.InForceNoLaterThan != d("2017-11-09") {
			t.Errorf("got in force %s, no later than %s; want none and 2017-11-09", row.InForce, row.InForceNoLaterThan)
		}
	})
}

func TestEngineEntryIntoForceNotKnown(t *testing.T) {
	ctx := context.Background()
	w := graphtest.NewWorld(t)
	w.Convention("conv-none", d("2004-11-29"), 1, 0, 1)
	w.State("AAA", graph.Date{})
	w.Put(&graph.StateAction{ID: "AAA/conv-none/ratification", StateCode: "AAA", InstrumentID: "conv-none", Kind: graph.ActionRatification, Record: graph.Record{Sources: src}})
	e := engine(w)
	ef, err := e.EntryIntoForce(ctx, "conv-none")
	if err != nil {
		t.Fatal(err)
	}
	if ef.Known || !ef.Date.IsZero() || !hasLine(ef.Reasons, "in force: not known") {
		t.Errorf("got known %v date %s reasons %q, want in force not known", ef.Known, ef.Date, ef.Reasons)
	}
	if hasLine(ef.Reasons, "has not entered into force") {
		t.Errorf("reasons say 'not entered into force' without a source: %q", ef.Reasons)
	}
}

// reviewWorld: AAA bound by conv-k from 2017-02-09; a review on 2018-01-01
// of art_1 only; a law from 2019 implementing art_1.
func TestEngineLegalReviewed(t *testing.T) {
	ctx := context.Background()
	w := knownWorld(t)
	w.Put(&graph.Review{ID: "AAA/review/conv-k", StateCode: "AAA", InstrumentID: "conv-k", Scope: graph.ReviewListed,
		ProvisionIDs: []string{"conv-k/art_1"}, Date: d("2018-01-01"), Method: graph.MethodStatuteReading, Reviewer: "test",
		Articles: []string{"Art. 1-9"}, Summary: "test", Record: graph.Record{Sources: src}})
	law := w.Law("AAA", "law-2019", d("2019-06-01"))
	w.Implement(law.ID, "conv-k/art_1/obl_1", graph.ExtentPartial)
	e := engine(w)
	for _, tt := range []struct {
		name, obligation, asOf string
		want                   graph.LegalStatus
	}{
		{"OK before the review, not reviewed", "conv-k/art_1/obl_1", "2017-12-31", graph.LegalUnreviewed},
		{"OK reviewed, none found", "conv-k/art_1/obl_1", "2018-06-01", graph.LegalNone},
		{"OK a later law still counts after a NONE review", "conv-k/art_1/obl_1", "2019-06-01", graph.LegalPartial},
		{"OK outside the review's provision list", "conv-k/art_2/obl_1", "2018-06-01", graph.LegalUnreviewed},
		{"OK inter-state obligation is not domestic", "conv-k/art_3/obl_1", "2018-06-01", graph.LegalNotDomestic},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.Status(ctx, "AAA", tt.obligation, d(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if r.Legal != tt.want {
				t.Fatalf("got %s, want %s; reasons %q", r.Legal, tt.want, reasonsOf(r))
			}
		})
	}
	t.Run("OK gaps: NONE by default, UNREVIEWED on request, never the inter-state one", func(t *testing.T) {
		def, err := e.Gaps(ctx, "AAA", d("2018-06-01"), graph.BasisLaw, "")
		if err != nil {
			t.Fatal(err)
		}
		all, err := e.Gaps(ctx, "AAA", d("2018-06-01"), graph.BasisLaw, "", graph.LegalUnreviewed)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(def); !slices.Equal(got, []string{"conv-k/art_1/obl_1"}) {
			t.Errorf("default gaps: got %q, want only the reviewed NONE", got)
		}
		if got := ids(all); !slices.Equal(got, []string{"conv-k/art_1/obl_1", "conv-k/art_2/obl_1"}) {
			t.Errorf("gaps with UNREVIEWED: got %q, want art_1 and art_2, never the inter-state art_3", got)
		}
		sum, err := e.Summary(ctx, "AAA", "", d("2018-06-01"), graph.BasisLaw)
		if err != nil {
			t.Fatal(err)
		}
		if sum.NotImplemented != 1 || sum.Unreviewed != 1 || sum.NotDomestic != 1 || sum.Coverage != 0.5 || sum.ImplementationRate == nil || *sum.ImplementationRate != 0 {
			t.Errorf("summary: got %+v, want 1 not implemented, 1 unreviewed, 1 not domestic, coverage 0.5, rate 0", *sum)
		}
	})
}

func TestEnginePracticeDirectBeatsThematic(t *testing.T) {
	ctx := context.Background()
	w := knownWorld(t)
	w.Evidence("AAA", "direct", d("2018-01-01"), graph.FindingGap, "conv-k/art_1/obl_1")
	w.Put(&graph.Evidence{ID: "aaa/ev/theme", StateCode: "AAA", Kind: graph.EvidenceAssessment, Date: d("2019-01-01"),
		Themes: []graph.Theme{graph.ThemeProtection}, Finding: graph.FindingEffective, Summary: "test", Record: graph.Record{Sources: src}})
	e := engine(w)
	direct, err := e.Status(ctx, "AAA", "conv-k/art_1/obl_1", d("2019-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if direct.Practice() != graph.PracticeGap || direct.PracticeThematic() {
		t.Errorf("direct: got %s thematic %v, want GAP from the direct evidence, not thematic", direct.Practice(), direct.PracticeThematic())
	}
	thematic, err := e.Status(ctx, "AAA", "conv-k/art_2/obl_1", d("2019-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if thematic.Practice() != graph.PracticeEffective || !thematic.PracticeThematic() {
		t.Errorf("thematic only: got %s thematic %v, want EFFECTIVE, thematic", thematic.Practice(), thematic.PracticeThematic())
	}
}

func ids(rs []*graph.ComplianceRecord) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ObligationID)
	}
	return out
}
