package graph

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWeighedEvidence: the evidence weighed is direct evidence by the day
// when there is some, else every item sharing a theme, each once, latest
// first then by id, whatever themes it shares.
func TestWeighedEvidence(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	themes := []Theme{"A", "B", "C"}
	for round := range 200 {
		sf := &StateFacts{Direct: map[string][]EvidenceFact{}, Thematic: map[Theme][]EvidenceFact{}}
		for i := range r.IntN(12) {
			f := EvidenceFact{ID: fmt.Sprintf("ev%02d", i), on: day(1 + r.IntN(6)), finding: findingCode(1 + r.IntN(3))}
			if r.IntN(4) == 0 {
				sf.Direct["o"] = append(sf.Direct["o"], f)
			}
			for _, th := range themes {
				if r.IntN(2) == 0 {
					sf.Thematic[th] = append(sf.Thematic[th], f)
				}
			}
		}
		slices.SortFunc(sf.Direct["o"], latestFirst)
		for _, l := range sf.Thematic {
			slices.SortFunc(l, latestFirst)
		}
		ob := &Obligation{ID: "o", Themes: themes[:1+r.IntN(len(themes))]}
		d := day(1 + r.IntN(6))
		// want: the rule said plainly.
		var want []EvidenceFact
		wantThematic := false
		for _, f := range sf.Direct["o"] {
			if f.on <= d {
				want = append(want, f)
			}
		}
		if len(want) == 0 {
			seen := map[string]bool{}
			for _, th := range ob.Themes {
				for _, f := range sf.Thematic[th] {
					if f.on <= d && !seen[f.ID] {
						seen[f.ID] = true
						want = append(want, f)
					}
				}
			}
			wantThematic = len(want) > 0
		}
		slices.SortFunc(want, latestFirst)
		got, thematic := weighedEvidence(sf, ob, d)
		if !slices.Equal(got, want) || thematic != wantThematic {
			t.Fatalf("round %d, day %d, themes %v: got %v thematic %v, want %v thematic %v", round, d, ob.Themes, got, thematic, want, wantThematic)
		}
		// The practice status a record's reasons decide from the weighed
		// lists is the rule's.
		lists, thematic := weighedLists(sf, ob, d)
		if got, want := practiceOf(d, lists, thematic), practiceStatus(sf, ob, d); got != want {
			t.Fatalf("round %d, day %d, themes %v: practiceOf the weighed lists %+v, practiceStatus %+v", round, d, ob.Themes, got, want)
		}
	}
}
