package server_test

import (
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestWithdrawalDatedToTheYear holds the API to what a withdrawal dated
// only to a year supports, over HTTP on a store built here: a state bound
// since 2016 withdrew "2019". Before 2019 it is bound (a partial law a gap,
// a reserved article reserved); inside 2019, up to 2019-12-30, whether it
// is bound is not known: standing UNKNOWN, bound null, every obligation
// STANDING_UNKNOWN, counted in standingUnknown, never a gap nor bound; on
// 2019-12-31 it has withdrawn, the withdrawal shown as "2019".
func TestWithdrawalDatedToTheYear(t *testing.T) {
	w := graphtest.NewWorld(t)
	_, obls := w.Convention("conv-w", graph.MustDate("2015-11-21"), 1, 30, 2)
	w.State("AAA", graph.Date{})
	w.Put(&graph.StateAction{ID: "AAA/conv-w/ratification", StateCode: "AAA", InstrumentID: "conv-w", Kind: graph.ActionRatification,
		Date: graph.MustDate("2016-05-02"), Deposited: graph.MustDate("2016-05-02"),
		Reservations: []graph.Reservation{{ProvisionIDs: []string{obls[1].ProvisionID}, Text: "test reservation", TextKind: graph.TextSummary}}})
	w.Action("AAA", "conv-w", graph.ActionWithdrawal, graph.MustDate("2019"), graph.Date{})
	law := w.Law("AAA", "law-1", graph.MustDate("2010-01-01"))
	w.Implement(law.ID, obls[0].ID, graph.ExtentPartial)
	ts := servertest.NewHTTP(t, server.New(w.Store, server.DefaultConfig()))

	type answer struct {
		Records []struct {
			Obligation struct{ ID string }
			Standing   string
			Bound      *bool
			Outcome    string
			Reasons    []string
		}
		RatifiedButNotImplemented []struct{ Obligation struct{ ID string } }
		CompareTotals             struct{ Bound, StandingUnknown, Gaps, GapsAtMost, Reserved int }
		RatificationTable         []struct {
			State     struct{ Code string }
			Standing  string
			Party     *bool
			Withdrawn *string
			Status    string
			Cell      string
		}
	}
	const q = `query($d: Date) {
	  records(state: "AAA", asOf: $d, instrument: "conv-w") { obligation { id } standing bound outcome reasons }
	  ratifiedButNotImplemented(state: "AAA", asOf: $d, include: [UNREVIEWED]) { obligation { id } }
	  compareTotals(states: ["AAA"], asOf: $d) { bound standingUnknown gaps gapsAtMost reserved }
	  ratificationTable(instrument: "conv-w", asOf: $d) { state { code } standing party withdrawn status cell }
	}`
	ask := func(t *testing.T, day string) answer {
		t.Helper()
		var a answer
		servertest.MustData(t, servertest.Post(t, ts, q, map[string]any{"d": day}), &a)
		if len(a.RatificationTable) != 1 {
			t.Fatalf("on %s: got %d table rows, want 1", day, len(a.RatificationTable))
		}
		return a
	}
	t.Run("OKBoundBeforeTheYear", func(t *testing.T) {
		a := ask(t, "2018-12-31")
		row := a.RatificationTable[0]
		if row.Standing != "PARTY" || row.Party == nil || !*row.Party || row.Withdrawn != nil {
			t.Fatalf("got %s party %v withdrawn %v, want PARTY, true, null", row.Standing, row.Party, row.Withdrawn)
		}
		if c := a.CompareTotals; c.Bound != 2 || c.Gaps != 1 || c.Reserved != 1 || c.StandingUnknown != 0 {
			t.Errorf("got totals %+v, want 2 bound, 1 gap, 1 reserved, 0 standing unknown", c)
		}
		if len(a.RatifiedButNotImplemented) != 1 || a.RatifiedButNotImplemented[0].Obligation.ID != obls[0].ID {
			t.Errorf("got gaps %+v, want %s", a.RatifiedButNotImplemented, obls[0].ID)
		}
	})
	for _, day := range []string{"2019-01-01", "2019-06-01", "2019-12-30"} {
		t.Run("OKNotKnownInsideTheYear/"+day, func(t *testing.T) {
			a := ask(t, day)
			row := a.RatificationTable[0]
			if row.Standing != "UNKNOWN" || row.Party != nil || row.Withdrawn != nil || row.Cell != "UNKNOWN" || !strings.Contains(row.Status, "withdrew 2019") {
				t.Fatalf("got %s party %v withdrawn %v cell %s status %q, want UNKNOWN, null, null, UNKNOWN, withdrew 2019", row.Standing, row.Party, row.Withdrawn, row.Cell, row.Status)
			}
			if c := a.CompareTotals; c.Bound != 0 || c.StandingUnknown != 2 || c.Gaps != 0 || c.GapsAtMost != 0 || c.Reserved != 0 {
				t.Errorf("got totals %+v, want 0 bound, 2 standing unknown, no gaps, nothing reserved", c)
			}
			if len(a.RatifiedButNotImplemented) != 0 {
				t.Errorf("got gaps %+v, want none (unreviewed included)", a.RatifiedButNotImplemented)
			}
			if len(a.Records) != 2 {
				t.Fatalf("got %d records, want 2", len(a.Records))
			}
			want := "AAA withdrew 2019 (AAA/conv-w/withdrawal): whether it was still bound on " + day + " is not known (the withdrawal is dated only to the year"
			for _, r := range a.Records {
				if r.Standing != "UNKNOWN" || r.Bound != nil || r.Outcome != "STANDING_UNKNOWN" {
					t.Errorf("%s: got %s bound %v outcome %s, want UNKNOWN, null, STANDING_UNKNOWN", r.Obligation.ID, r.Standing, r.Bound, r.Outcome)
				}
				if !strings.Contains(strings.Join(r.Reasons, "\n"), want) {
					t.Errorf("%s: got reasons %q, want a line with %q", r.Obligation.ID, r.Reasons, want)
				}
			}
		})
	}
	t.Run("OKWithdrawnOnTheYearsLastDay", func(t *testing.T) {
		a := ask(t, "2019-12-31")
		row := a.RatificationTable[0]
		if row.Standing != "WITHDRAWN" || row.Party == nil || *row.Party || row.Withdrawn == nil || *row.Withdrawn != "2019" {
			t.Fatalf("got %s party %v withdrawn %v, want WITHDRAWN, false, 2019 (never padded to a day)", row.Standing, row.Party, row.Withdrawn)
		}
		if c := a.CompareTotals; c.Bound != 0 || c.StandingUnknown != 0 || c.Gaps != 0 {
			t.Errorf("got totals %+v, want nothing bound nor unknown", c)
		}
	})
}
