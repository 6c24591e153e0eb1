package graph

import (
	"fmt"
	"testing"
)

// TestTierSeriesOf: placements by year then tier; a year with two tiers
// has both, each marked a conflict; a placement is inferred only when all
// its evidence is unverified, disputed when a source claims another tier;
// the span widens to the years held and lists those with none.
func TestTierSeriesOf(t *testing.T) {
	ev := func(id string, year int, tier Tier, unverified bool, claims ...Claim) *Evidence {
		e := &Evidence{ID: id, ReportYear: year, Tier: tier}
		e.Unverified, e.Claims = unverified, claims
		return e
	}
	s := TierSeriesOf([]*Evidence{
		ev("a", 2015, Tier2WatchList, false),
		ev("b", 2015, Tier2, true),
		ev("c", 2014, Tier2, true),
		ev("d", 2014, Tier2, false),
		ev("e", 2016, Tier3, true, Claim{Field: "tier", Value: "TIER_3", Used: true}, Claim{Field: "tier", Value: "TIER_2_WATCH_LIST"}),
		ev("f", 2021, Tier2, false, Claim{Field: "summary", Value: "other"}),
		ev("g", 2017, "", false),
		{ID: "h", Tier: Tier1},
	})
	if s.From != 2013 || s.To != 2021 {
		t.Errorf("span %d–%d, want 2013–2021", s.From, s.To)
	}
	if got, want := fmt.Sprint(s.NotHeld), "[2013 2017 2018 2019 2020]"; got != want {
		t.Errorf("not held %s, want %s", got, want)
	}
	var got []string
	for _, p := range s.Placements {
		ids := ""
		for _, e := range p.Evidence {
			ids += e.ID
		}
		got = append(got, fmt.Sprintf("%d %s %s inferred=%t disputed=%t conflict=%t claims=%d", p.Year, p.Tier, ids, p.Inferred, p.Disputed, p.Conflict, len(p.Claims)))
	}
	want := []string{
		"2014 TIER_2 cd inferred=false disputed=false conflict=false claims=0",
		"2015 TIER_2 b inferred=true disputed=false conflict=true claims=0",
		"2015 TIER_2_WATCH_LIST a inferred=false disputed=false conflict=true claims=0",
		"2016 TIER_3 e inferred=true disputed=true conflict=false claims=2",
		"2021 TIER_2 f inferred=false disputed=false conflict=false claims=0",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("placements:\n%s\nwant:\n%s", got, want)
	}
	if e := TierSeriesOf(nil); e.From != 2013 || e.To != 2019 || len(e.NotHeld) != 7 || len(e.Placements) != 0 {
		t.Errorf("no evidence: %+v, want 2013–2019, every year not held", e)
	}
}
