package resolvers_test

import (
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestKnownUnknownReviewed checks through GraphQL over HTTP, on the real
// fixtures, that missing data never reads as a negative.
func TestKnownUnknownReviewed(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))

	t.Run("OKUndatedRatificationsAreNotSignedOnly", func(t *testing.T) {
		var data struct {
			RatificationTable []struct {
				State    struct{ Code string }
				Standing string
				Party    *bool
				Status   string
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ ratificationTable(instrument: "actip-2015", asOf: "2017-06-01") { state { code } standing party status } }`, nil), &data)
		seen := 0
		for _, row := range data.RatificationTable {
			if row.State.Code != "MYS" && row.State.Code != "LAO" {
				continue
			}
			seen++
			if row.Standing == "SIGNED_ONLY" || row.Standing == "NOT_PARTY" || row.Party != nil {
				t.Errorf("%s: got standing %s party %v, want a standing that is not known (party null)", row.State.Code, row.Standing, row.Party)
			}
			if !strings.Contains(row.Status, "deposit date not held") {
				t.Errorf("%s: got status %q, want it to say the deposit date is not held", row.State.Code, row.Status)
			}
		}
		if seen != 2 {
			t.Fatalf("got %d of the MYS and LAO rows, want 2", seen)
		}
	})

	// The MLAT's entry into force rests on the deposits held: two of ten
	// consents, one dated by its domestic act only (Indonesia's Law 15/2008)
	// and one deposit known to the year. Neither gives a day, so the answer
	// is a bound, never a day and never "not in force".
	t.Run("OKMLATNotADayFromAnUndatedConsent", func(t *testing.T) {
		var data struct {
			EntryIntoForce struct {
				Date, NoLaterThan, Derived *string
				Known                      bool
				Reasons                    []string
				Trigger                    *struct{ Deposited *string }
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ entryIntoForce(instrument: "asean-mlat-2004") { date noLaterThan derived known reasons trigger { deposited } } }`, nil), &data)
		ef := data.EntryIntoForce
		for _, l := range ef.Reasons {
			if strings.Contains(l, "has not entered into force") {
				t.Errorf("got reason %q, want no unsourced 'not in force'", l)
			}
		}
		if ef.Date != nil || ef.Derived != nil {
			t.Errorf("got date %v derived %v, want none: no day rests on the consents held", ef.Date, ef.Derived)
		}
		if ef.Known != (ef.NoLaterThan != nil) {
			t.Errorf("got known %v with no later than %v, want known only with a bound", ef.Known, ef.NoLaterThan)
		}
		if ef.Trigger != nil && ef.Trigger.Deposited == nil {
			t.Errorf("got a trigger with no deposit: an act's date is not a deposit")
		}
	})

	t.Run("OKSummaryCountsUnreviewedApart", func(t *testing.T) {
		var data struct {
			Compare []struct {
				Bound, Implemented, Partial, NotImplemented, Unreviewed, Reserved, NotDomestic, NotCounted int
				Coverage                                                                                   float64
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ compare(states: ["IDN"], instrument: "actip-2015", asOf: "2020-01-01") { bound implemented partial notImplemented unreviewed reserved notDomestic notCounted coverage } }`, nil), &data)
		if len(data.Compare) != 1 {
			t.Fatalf("got %d summaries, want 1", len(data.Compare))
		}
		s := data.Compare[0]
		if s.Bound == 0 || s.Bound != s.Implemented+s.Partial+s.NotImplemented+s.Unreviewed+s.Reserved+s.NotDomestic+s.NotCounted {
			t.Errorf("got %+v, want a bound that sums its parts", s)
		}
		known := s.Implemented + s.Partial + s.NotImplemented
		if want := float64(known) / float64(known+s.Unreviewed); s.Coverage != want {
			t.Errorf("coverage: got %v, want %v", s.Coverage, want)
		}
	})

	t.Run("OKGapCarriesIncompleteRecordCaveat", func(t *testing.T) {
		var data struct {
			RatifiedButNotImplemented []struct {
				Legal   string
				Caveats []string
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01", instrument: "actip-2015") { legal caveats } }`, nil), &data)
		if len(data.RatifiedButNotImplemented) == 0 {
			t.Fatal("got no ACTIP gaps for IDN, want some")
		}
		for _, g := range data.RatifiedButNotImplemented {
			if g.Legal != "PARTIAL" && g.Legal != "NONE" {
				t.Errorf("got legal %s in the default gap list, want PARTIAL or NONE only", g.Legal)
			}
			if len(g.Caveats) == 0 || !strings.Contains(g.Caveats[0], "incomplete") {
				t.Errorf("got caveats %q, want the incomplete-record caveat", g.Caveats)
			}
		}
	})
}

// TestStateReviews reads a state's reviews, nested under the state (the
// state profile's query), through GraphQL over HTTP on the fixtures.
func TestStateReviews(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	var data struct {
		State struct {
			Reviews []struct {
				ID         string
				Instrument struct{ ID string }
				Scope      string
				Laws       []struct{ ID string }
			}
		}
	}
	servertest.MustData(t, servertest.Post(t, ts, `{ state(code: "IDN") { reviews { id instrument { id } scope laws { id } } } }`, nil), &data)
	found := false
	for _, r := range data.State.Reviews {
		if r.Instrument.ID == "actip-2015" && len(r.Laws) > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("got reviews %+v, want IDN's review against ACTIP with the laws read", data.State.Reviews)
	}
}

// TestComplianceReviews: a compliance record lists every review in force
// that covers its obligation, whatever the legal status; review names only
// the one that made it NONE.
func TestComplianceReviews(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	status := func(t *testing.T, asOf string) (legal string, review *struct{ ID string }, reviews []string) {
		t.Helper()
		var data struct {
			Node struct {
				Status struct {
					Legal   string
					Review  *struct{ ID string }
					Reviews []struct{ ID string }
				}
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `query($asOf: Date) { node(id: "actip-2015/art_5/obl_1") { ... on Obligation {
  status(state: "IDN", asOf: $asOf) { legal review { id } reviews { id } } } } }`, map[string]any{"asOf": asOf}), &data)
		for _, r := range data.Node.Status.Reviews {
			reviews = append(reviews, r.ID)
		}
		return data.Node.Status.Legal, data.Node.Status.Review, reviews
	}
	t.Run("OKReviewedAndImplemented", func(t *testing.T) {
		legal, review, reviews := status(t, "2020-01-01")
		if legal != "PARTIAL" || review != nil || len(reviews) != 1 || reviews[0] != "IDN/review/actip-2015/statutes-2026" {
			t.Errorf("got legal %s, review %v, reviews %q: want PARTIAL, no deciding review, IDN's ACTIP review listed", legal, review, reviews)
		}
	})
	t.Run("OKBeforeTheReview", func(t *testing.T) {
		if _, _, reviews := status(t, "2008-01-01"); len(reviews) != 0 {
			t.Errorf("before the review's date: got reviews %q, want none", reviews)
		}
	})
}
