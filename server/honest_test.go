package server_test

import (
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestHonestAnswers holds the API to what its sources support, over HTTP on
// the fixtures: dates at their precision, an act not read as a deposit,
// nobody bound before an entry into force, no permission listed as a gap.
func TestHonestAnswers(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))

	// Indonesia's ACTIP deposit is known only as "2018": no day is padded.
	t.Run("OKYearDepositIsAWindow", func(t *testing.T) {
		var data struct {
			State struct {
				Records []struct {
					Bound                                            *bool
					BoundSince, BoundNoEarlierThan, BoundNoLaterThan *string
				}
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ state(code: "IDN") { records(asOf: "2020-01-01", instrument: "actip-2015") { bound boundSince boundNoEarlierThan boundNoLaterThan } } }`, nil), &data)
		if len(data.State.Records) == 0 {
			t.Fatal("got no IDN x ACTIP records")
		}
		for _, r := range data.State.Records {
			if r.Bound == nil || !*r.Bound || r.BoundSince != nil || r.BoundNoLaterThan == nil || *r.BoundNoLaterThan != "2019-01-30" || r.BoundNoEarlierThan == nil {
				t.Fatalf("IDN x ACTIP on 2020-01-01: got bound %v since %v window [%v, %v], want bound, no day, no later than 2019-01-30", r.Bound, r.BoundSince, r.BoundNoEarlierThan, r.BoundNoLaterThan)
			}
		}
		// Inside the window whether it is bound is not known.
		var inside struct {
			RatificationTable []struct {
				State struct{ Code string }
				Party *bool
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ ratificationTable(instrument: "actip-2015", asOf: "2018-06-01") { state { code } party } }`, nil), &inside)
		for _, r := range inside.RatificationTable {
			if r.State.Code == "IDN" && r.Party != nil {
				t.Errorf("IDN on 2018-06-01: got party %v, want null (inside its window)", *r.Party)
			}
		}
	})

	// Indonesia's Protocol consent is dated only by Law 14/2009 (2009-03-05);
	// no deposit is held, so it is never PARTY on that alone.
	t.Run("OKActIsNotADeposit", func(t *testing.T) {
		for _, day := range []string{"2009-06-01", "2020-01-01"} {
			var data struct {
				RatificationTable []struct {
					State    struct{ Code string }
					Standing string
					Party    *bool
				}
			}
			servertest.MustData(t, servertest.Post(t, ts, `query($d: Date) { ratificationTable(instrument: "untoc-tip-protocol-2000", asOf: $d) { state { code } standing party } }`, map[string]any{"d": day}), &data)
			for _, r := range data.RatificationTable {
				if r.State.Code == "IDN" && (r.Standing == "PARTY" || r.Party != nil) {
					t.Errorf("IDN x Protocol on %s: got %s party %v, want CONSENT_NOT_DATED and party null", day, r.Standing, r.Party)
				}
			}
		}
	})

	// ACTIP entered into force on 2017-03-08: on 2016-01-01 nobody is bound,
	// Lao PDR's and Malaysia's consents "before 2017-10-11" included.
	t.Run("OKNobodyBoundBeforeEntryIntoForce", func(t *testing.T) {
		var data struct {
			RatificationTable []struct {
				State struct{ Code string }
				Party *bool
			}
			Compare []struct {
				State           struct{ Code string }
				Bound           int
				StandingUnknown int
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ ratificationTable(instrument: "actip-2015", asOf: "2016-01-01") { state { code } party }
  compare(instrument: "actip-2015", asOf: "2016-01-01") { state { code } bound standingUnknown } }`, nil), &data)
		for _, r := range data.RatificationTable {
			if r.Party == nil || *r.Party {
				t.Errorf("%s on 2016-01-01: got party %v, want false", r.State.Code, r.Party)
			}
		}
		for _, s := range data.Compare {
			if s.Bound != 0 || s.StandingUnknown != 0 {
				t.Errorf("%s on 2016-01-01: got bound %d, standing not known %d, want 0 and 0", s.State.Code, s.Bound, s.StandingUnknown)
			}
		}
	})

	// A permission is never a gap; a recommendation only when asked.
	t.Run("OKNoPermissionInTheGapList", func(t *testing.T) {
		var data struct {
			RatifiedButNotImplemented []struct {
				Obligation struct{ ID, Modality string }
				Outcome    string
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01") { obligation { id modality } outcome } }`, nil), &data)
		if len(data.RatifiedButNotImplemented) == 0 {
			t.Fatal("got no gaps for IDN")
		}
		for _, g := range data.RatifiedButNotImplemented {
			if g.Obligation.Modality != "OBLIGATION" && g.Obligation.Modality != "SOFT_OBLIGATION" {
				t.Errorf("%s: got modality %s in the default gap list", g.Obligation.ID, g.Obligation.Modality)
			}
			if g.Outcome != "PARTIAL" && g.Outcome != "NOT_IMPLEMENTED" {
				t.Errorf("%s: got outcome %s in the gap list, want a gap", g.Obligation.ID, g.Outcome)
			}
		}
		r := servertest.Post(t, ts, `{ ratifiedButNotImplemented(state: "IDN", modalities: [PERMISSION]) { obligation { id } } }`, nil)
		if r.Code() != "BAD_USER_INPUT" {
			t.Errorf("modalities: [PERMISSION]: got code %q, want BAD_USER_INPUT", r.Code())
		}
	})
}
