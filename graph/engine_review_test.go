package graph_test

import (
	"context"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
)

// A reservation belongs to the consent it was made with: once the state
// withdraws, it lapses, and a later accession without it leaves the
// obligation open to being a gap.
func TestEngineReservationLapsesOnWithdrawal(t *testing.T) {
	ctx := context.Background()
	w := graphtest.NewWorld(t)
	_, obs := w.Convention("conv-r", d("2015-01-01"), 1, 30, 1)
	w.State("AAA", graph.Date{})
	w.State("BBB", graph.Date{})
	w.Deposit("AAA", "conv-r", d("2016-01-01"))
	w.Put(&graph.StateAction{
		ID: "BBB/conv-r/ratification", StateCode: "BBB", InstrumentID: "conv-r", Kind: graph.ActionRatification,
		Date: d("2016-02-01"), Deposited: d("2016-02-01"),
		Reservations: []graph.Reservation{{ProvisionIDs: []string{"conv-r/art_1"}, Text: "test reservation", TextKind: graph.TextSummary}},
	})
	w.Action("BBB", "conv-r", graph.ActionWithdrawal, d("2017-01-01"), graph.Date{})
	w.Action("BBB", "conv-r", graph.ActionAccession, d("2018-01-01"), d("2018-01-01"))
	e := graph.NewEngine(w.Store)
	for _, tc := range []struct {
		day      string
		legal    graph.LegalStatus
		reserved bool
		gaps     int
	}{
		{"2016-06-01", graph.LegalReserved, true, 0},
		{"2018-06-01", graph.LegalUnreviewed, false, 1},
	} {
		t.Run(tc.day, func(t *testing.T) {
			r, err := e.Status(ctx, "BBB", obs[0].ID, d(tc.day))
			if err != nil {
				t.Fatal(err)
			}
			if r.Legal != tc.legal || (r.Reservation != nil) != tc.reserved {
				t.Errorf("Status: got legal %s, reservation %v, want %s, %v\n%v", r.Legal, r.Reservation != nil, tc.legal, tc.reserved, reasonsOf(r))
			}
			gaps, err := e.Gaps(ctx, "BBB", d(tc.day), graph.BasisLaw, "", graph.LegalUnreviewed)
			if err != nil {
				t.Fatal(err)
			}
			if len(gaps) != tc.gaps {
				t.Errorf("Gaps: got %d, want %d", len(gaps), tc.gaps)
			}
			sum, err := e.Summary(ctx, "BBB", "", d(tc.day), graph.BasisLaw)
			if err != nil {
				t.Fatal(err)
			}
			if got := sum.Partial + sum.NotImplemented + sum.Unreviewed; got != tc.gaps {
				t.Errorf("Summary: got %d partial+not implemented, want %d", got, tc.gaps)
			}
		})
	}
}

// A state that withdrew from a declaration and endorsed it again is
// committed from the new endorsement, as a binding instrument's party is
// bound again by a consent deposited after its withdrawal.
func TestEngineCommittedAgainAfterWithdrawal(t *testing.T) {
	ctx := context.Background()
	w := graphtest.NewWorld(t)
	w.Declaration("decl-r", d("2010-01-01"), 1)
	w.State("CCC", graph.Date{})
	w.Put(
		&graph.StateAction{ID: "CCC/decl-r/endorsement", StateCode: "CCC", InstrumentID: "decl-r", Kind: graph.ActionEndorsement, Date: d("2011-01-01")},
		&graph.StateAction{ID: "CCC/decl-r/withdrawal", StateCode: "CCC", InstrumentID: "decl-r", Kind: graph.ActionWithdrawal, Date: d("2012-01-01")},
		&graph.StateAction{ID: "CCC/decl-r/endorsement-2", StateCode: "CCC", InstrumentID: "decl-r", Kind: graph.ActionEndorsement, Date: d("2013-01-01")},
	)
	e := graph.NewEngine(w.Store)
	for _, tc := range []struct {
		day       string
		committed int
		since     string
	}{
		{"2011-06-01", 1, "2011-01-01"},
		{"2012-06-01", 0, ""},
		{"2013-06-01", 1, "2013-01-01"},
	} {
		t.Run(tc.day, func(t *testing.T) {
			sum, err := e.Summary(ctx, "CCC", "", d(tc.day), graph.BasisLaw)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Committed != tc.committed {
				t.Errorf("Summary: got %d committed, want %d", sum.Committed, tc.committed)
			}
			recs, err := e.Records(ctx, "CCC", d(tc.day), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != tc.committed {
				t.Fatalf("Records: got %d, want %d", len(recs), tc.committed)
			}
			if len(recs) > 0 && recs[0].BoundSince.String() != tc.since {
				t.Errorf("since: got %s, want %s\n%v", recs[0].BoundSince, tc.since, reasonsOf(recs[0]))
			}
		})
	}
}
