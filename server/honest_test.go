package server_test

import (
	"slices"
	"strings"
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

	// Brunei's 2004 Order, FULL for ACTIP Art. 5, is known repealed only in
	// "2019", and the 2019 Order that replaced it enacted only in "2019":
	// inside that year whether either stood is not known, so Art. 5 is
	// neither implemented nor (by the 2017 review) not implemented.
	t.Run("OKRepealDatedToTheYear", func(t *testing.T) {
		const q = `query($d: Date) {
  node(id: "actip-2015/art_5/obl_1") { ... on Obligation { status(state: "BRN", asOf: $d) { legal reasons } } }
}`
		for _, tc := range []struct{ day, legal, line string }{
			{"2018-12-31", "IMPLEMENTED", "counts: brn/order-s-82-2004 (S 82/2004) implements it fully; enacted 2004-12-22"},
			{"2019-06-01", "UNREVIEWED", "whether it counts is not known: brn/order-s-82-2004 (S 82/2004) would implement it fully, but it was repealed 2019: whether it stood on 2019-06-01 is not known (the repeal is dated only to the year)"},
			{"2020-01-02", "IMPLEMENTED", "does not count: brn/order-s-82-2004 (S 82/2004) would implement it fully, but it was repealed 2019, on or before 2020-01-02"},
		} {
			var data struct {
				Node struct {
					Status struct {
						Legal   string
						Reasons []string
					}
				}
			}
			servertest.MustData(t, servertest.Post(t, ts, q, map[string]any{"d": tc.day}), &data)
			st := data.Node.Status
			if st.Legal != tc.legal || !slices.Contains(st.Reasons, tc.line) {
				t.Errorf("BRN Art. 5 on %s: got legal %s, want %s with the line %q; reasons:\n%s", tc.day, st.Legal, tc.legal, tc.line, strings.Join(st.Reasons, "\n"))
			}
			if tc.day == "2019-06-01" && !slices.ContainsFunc(st.Reasons, func(l string) bool {
				return strings.HasPrefix(l, "legal UNREVIEWED: not known. Whether brn/atip-order-2019 (whose enactment is dated only to the year) or brn/order-s-82-2004 (S 82/2004) (whose repeal is dated only to the year) stood on 2019-06-01 is not known, so it is not called implemented, nor not implemented though review BRN/review/actip-2015/tip-2017 covers it")
			}) {
				t.Errorf("BRN Art. 5 on %s: no legal line saying it is not known; reasons:\n%s", tc.day, strings.Join(st.Reasons, "\n"))
			}
		}
	})

	// Myanmar, bound by ACTIP, has Law 5/2005 (PARTIAL for Art. 5 and
	// others) known repealed only in "2022": inside that year its links
	// leave the gaps for the compare view's not-known band.
	t.Run("OKRepealDatedToTheYearIsNotAGap", func(t *testing.T) {
		const q = `query($d: Date) {
  node(id: "actip-2015/art_5/obl_1") { ... on Obligation { status(state: "MMR", asOf: $d) { legal outcome } } }
  ratifiedButNotImplemented(state: "MMR", asOf: $d, instrument: "actip-2015") { obligation { id } }
  compare(states: ["MMR"], instrument: "actip-2015", asOf: $d) { implemented partial notImplemented unreviewed }
}`
		type answer struct {
			Node struct {
				Status struct{ Legal, Outcome string }
			}
			RatifiedButNotImplemented []struct{ Obligation struct{ ID string } }
			Compare                   []struct{ Implemented, Partial, NotImplemented, Unreviewed int }
		}
		var before, inside answer
		servertest.MustData(t, servertest.Post(t, ts, q, map[string]any{"d": "2021-12-31"}), &before)
		servertest.MustData(t, servertest.Post(t, ts, q, map[string]any{"d": "2022-06-01"}), &inside)
		listed := func(a answer) bool {
			return slices.ContainsFunc(a.RatifiedButNotImplemented, func(g struct{ Obligation struct{ ID string } }) bool {
				return g.Obligation.ID == "actip-2015/art_5/obl_1"
			})
		}
		if s := before.Node.Status; s.Legal != "PARTIAL" || s.Outcome != "PARTIAL" || !listed(before) {
			t.Errorf("MMR Art. 5 on 2021-12-31: got %+v, listed %v, want PARTIAL, a gap", s, listed(before))
		}
		if s := inside.Node.Status; s.Legal != "UNREVIEWED" || s.Outcome != "UNREVIEWED" || listed(inside) {
			t.Errorf("MMR Art. 5 on 2022-06-01: got %+v, listed %v, want UNREVIEWED, not a gap", s, listed(inside))
		}
		if len(before.Compare) != 1 || len(inside.Compare) != 1 {
			t.Fatalf("compare MMR: got %d and %d rows", len(before.Compare), len(inside.Compare))
		}
		b, in := before.Compare[0], inside.Compare[0]
		t.Logf("compare MMR x ACTIP: %+v on 2021-12-31, %+v on 2022-06-01", b, in)
		moved := b.Partial - in.Partial
		if moved < 1 || in.Unreviewed-b.Unreviewed != moved || in.Implemented != b.Implemented || in.NotImplemented != b.NotImplemented {
			t.Errorf("compare MMR: got %+v on 2021-12-31 and %+v on 2022-06-01, want the partial ones moved to unreviewed, nothing else", b, in)
		}
	})
}
