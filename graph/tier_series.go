package graph

import "slices"

// The US TIP report tier series a state page charts: which years it
// spans, which placements are held each year, and which of them are
// inferred or disputed, decided here and drawn by the page.

// Tier series span: a chart runs over these report years at least.
const (
	TierSeriesFrom = 2013
	TierSeriesTo   = 2019
)

// TierSeries is a state's US TIP report tier by report year.
type TierSeries struct {
	// From and To are the years charted: TierSeriesFrom to TierSeriesTo,
	// widened to every year a placement is held for.
	From, To int
	// Placements are those held, by year, then tier (best first).
	Placements []*TierPlacement
	// NotHeld are the years From..To with no placement held.
	NotHeld []int
}

// TierPlacement is one tier held for one report year, with the evidence
// that places the state there.
type TierPlacement struct {
	Year     int
	Tier     Tier
	Evidence []*Evidence
	// Inferred is true when every evidence placing it is unverified.
	Inferred bool
	// Disputed is true when a source claims another tier for its evidence.
	Disputed bool
	// Conflict is true when another tier is held for the same year.
	Conflict bool
	// Claims are its evidence's claims on the tier, the one used marked.
	Claims []Claim
}

// TierSeriesOf reads a state's evidence as its tier series; evidence with
// no tier or no report year is not a placement.
func TierSeriesOf(evidence []*Evidence) TierSeries {
	s := TierSeries{From: TierSeriesFrom, To: TierSeriesTo}
	byKey := map[[2]int]*TierPlacement{}
	years := map[int]int{}
	for _, e := range evidence {
		if e.Tier == "" || e.ReportYear == 0 {
			continue
		}
		k := [2]int{e.ReportYear, slices.Index(Tiers, e.Tier)}
		p := byKey[k]
		if p == nil {
			p = &TierPlacement{Year: e.ReportYear, Tier: e.Tier, Inferred: true}
			byKey[k] = p
			s.Placements = append(s.Placements, p)
			years[e.ReportYear]++
		}
		p.Evidence = append(p.Evidence, e)
		p.Inferred = p.Inferred && e.Unverified
		for _, c := range e.Claims {
			if c.Field != "tier" {
				continue
			}
			p.Claims = append(p.Claims, c)
			if c.Value != string(e.Tier) {
				p.Disputed = true
			}
		}
		s.From, s.To = min(s.From, e.ReportYear), max(s.To, e.ReportYear)
	}
	slices.SortFunc(s.Placements, func(a, b *TierPlacement) int {
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		return slices.Index(Tiers, a.Tier) - slices.Index(Tiers, b.Tier)
	})
	for _, p := range s.Placements {
		p.Conflict = years[p.Year] > 1
	}
	s.NotHeld = []int{}
	for y := s.From; y <= s.To; y++ {
		if years[y] == 0 {
			s.NotHeld = append(s.NotHeld, y)
		}
	}
	return s
}
