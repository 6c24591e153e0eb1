package resolvers_test

import (
	"fmt"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestCompareTotalsAddUpCompare: on the fixtures, over several dates, bases
// and instrument filters, compareTotals answers the sums of what compare
// answers for the same question, and names the states fully and not at
// all reviewed as their rows say; each row's gaps and gapsAtMost are what
// ratifiedButNotImplemented lists, without and with UNREVIEWED added (of
// the modalities counted).
func TestCompareTotalsAddUpCompare(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	type counts struct {
		Bound, Implemented, Partial, NotImplemented, Unreviewed, Reserved, NotDomestic, NotCounted int
		Committed, StandingUnknown, Gaps, GapsAtMost, Reviewed, Denominator                        int
	}
	const fields = `bound implemented partial notImplemented unreviewed reserved notDomestic notCounted committed standingUnknown gaps gapsAtMost reviewed denominator`
	for _, day := range []string{"2010-12-31", "2017-06-01", "2020-01-01"} {
		for _, basis := range []string{"LAW", "PRACTICE", "EITHER"} {
			for _, inst := range []string{"null", `"actip-2015"`} {
				t.Run(day+"/"+basis+"/"+inst, func(t *testing.T) {
					var data struct {
						Compare []struct {
							State struct{ Code string }
							counts
						}
						CompareTotals struct {
							States, StatesBound         int
							FullyReviewed, NoneReviewed []struct{ Code string }
							counts
						}
					}
					args := fmt.Sprintf(`asOf: "%s", basis: %s, instrument: %s`, day, basis, inst)
					servertest.MustData(t, servertest.Post(t, ts, `{ compare(`+args+`) { state { code } `+fields+` } compareTotals(`+args+`) { states statesBound fullyReviewed { code } noneReviewed { code } `+fields+` } }`, nil), &data)
					var sum counts
					bound, full, none := 0, []string{}, []string{}
					for _, r := range data.Compare {
						c := r.counts
						sum = counts{sum.Bound + c.Bound, sum.Implemented + c.Implemented, sum.Partial + c.Partial, sum.NotImplemented + c.NotImplemented,
							sum.Unreviewed + c.Unreviewed, sum.Reserved + c.Reserved, sum.NotDomestic + c.NotDomestic, sum.NotCounted + c.NotCounted,
							sum.Committed + c.Committed, sum.StandingUnknown + c.StandingUnknown, sum.Gaps + c.Gaps, sum.GapsAtMost + c.GapsAtMost,
							sum.Reviewed + c.Reviewed, sum.Denominator + c.Denominator}
						if c.Gaps != c.Partial+c.NotImplemented || c.GapsAtMost != c.Gaps+c.Unreviewed {
							t.Errorf("%s: got gaps %d at most %d from %+v", r.State.Code, c.Gaps, c.GapsAtMost, c)
						}
						if c.Bound > 0 {
							bound++
							switch {
							case c.Reviewed == 0:
								none = append(none, r.State.Code)
							case c.Unreviewed == 0:
								full = append(full, r.State.Code)
							}
						}
					}
					got := data.CompareTotals
					if got.counts != sum || got.States != len(data.Compare) || got.StatesBound != bound {
						t.Errorf("totals: got %+v (%d states, %d bound), want %+v (%d, %d)", got.counts, got.States, got.StatesBound, sum, len(data.Compare), bound)
					}
					codes := func(ss []struct{ Code string }) string { return fmt.Sprint(ss) }
					if codes(got.FullyReviewed) != fmt.Sprint(structs(full)) || codes(got.NoneReviewed) != fmt.Sprint(structs(none)) {
						t.Errorf("got fully reviewed %v none %v, want %v and %v", got.FullyReviewed, got.NoneReviewed, full, none)
					}
				})
			}
		}
	}

	// Each row's gaps and gapsAtMost are what ratifiedButNotImplemented lists.
	for _, st := range []string{"IDN", "PHL", "MMR", "THA"} {
		for _, basis := range []string{"LAW", "PRACTICE", "EITHER"} {
			var data struct {
				Compare               []struct{ Gaps, GapsAtMost int }
				Known, WithUnreviewed []struct{ Outcome string }
			}
			q := fmt.Sprintf(`{ compare(states: ["%[1]s"], asOf: "2020-01-01", basis: %[2]s) { gaps gapsAtMost }
  known: ratifiedButNotImplemented(state: "%[1]s", asOf: "2020-01-01", basis: %[2]s) { outcome(basis: %[2]s) }
  withUnreviewed: ratifiedButNotImplemented(state: "%[1]s", asOf: "2020-01-01", basis: %[2]s, include: [UNREVIEWED]) { outcome(basis: %[2]s) } }`, st, basis)
			servertest.MustData(t, servertest.Post(t, ts, q, nil), &data)
			// Under LAW the list with UNREVIEWED added also holds unreviewed
			// obligations of modalities not counted (outcome NOT_COUNTED).
			atMost := 0
			for _, r := range data.WithUnreviewed {
				if r.Outcome == "PARTIAL" || r.Outcome == "NOT_IMPLEMENTED" || r.Outcome == "UNREVIEWED" {
					atMost++
				}
			}
			if c := data.Compare[0]; c.Gaps != len(data.Known) || c.GapsAtMost != atMost {
				t.Errorf("%s %s: got gaps %d at most %d, the lists hold %d and %d (counted)", st, basis, c.Gaps, c.GapsAtMost, len(data.Known), atMost)
			}
		}
	}
}

func structs(codes []string) []struct{ Code string } {
	out := []struct{ Code string }{}
	for _, c := range codes {
		out = append(out, struct{ Code string }{c})
	}
	return out
}

// TestRatificationTally: on the fixtures, an instrument's tally counts its
// table's cells by graph.RatificationTally's rule, and the tally without
// an instrument is the sum over the binding instruments.
func TestRatificationTally(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	type tally struct{ InForce, Ratified, NotKnown int }
	for _, day := range []string{"2005-01-01", "2017-06-01", "2020-01-01"} {
		var data struct {
			Instruments []struct{ ID string }
			All         tally
		}
		servertest.MustData(t, servertest.Post(t, ts, fmt.Sprintf(`{ instruments(binding: true) { id } all: ratificationTally(asOf: "%s") { inForce ratified notKnown } }`, day), nil), &data)
		var sum tally
		for _, in := range data.Instruments {
			var one struct {
				RatificationTable []struct{ Cell string }
				RatificationTally tally
			}
			servertest.MustData(t, servertest.Post(t, ts, fmt.Sprintf(`{ ratificationTable(instrument: %q, asOf: %q) { cell } ratificationTally(instrument: %[1]q, asOf: %[2]q) { inForce ratified notKnown } }`, in.ID, day), nil), &one)
			var want tally
			for _, r := range one.RatificationTable {
				switch r.Cell {
				case "IN_FORCE":
					want.InForce++
					want.Ratified++
				case "RATIFIED":
					want.Ratified++
				case "RATIFIED_UNDATED", "FORCE_UNKNOWN":
					want.Ratified++
					want.NotKnown++
				case "UNKNOWN", "SIGNED_UNKNOWN":
					want.NotKnown++
				}
			}
			if one.RatificationTally != want {
				t.Errorf("%s %s: got %+v, the cells say %+v", day, in.ID, one.RatificationTally, want)
			}
			sum = tally{sum.InForce + want.InForce, sum.Ratified + want.Ratified, sum.NotKnown + want.NotKnown}
		}
		if data.All != sum {
			t.Errorf("%s, every binding instrument: got %+v, want the sum %+v", day, data.All, sum)
		}
	}
	if r := servertest.Post(t, ts, `{ ratificationTally(instrument: "no-such") { inForce } }`, nil); r.Code() != "NOT_FOUND" {
		t.Errorf("an unknown instrument: got %s, want NOT_FOUND", r.Raw)
	}
}
