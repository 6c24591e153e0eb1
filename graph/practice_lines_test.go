package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPracticeLinesThroughThemes: the practice lines of a record that no
// evidence names are kept by the call under its themes (themesMemo) and
// said again for the next obligation of the same themes; they are the lines
// a new call says for that record alone, with the same decision. The
// obligations share themes in the same order and in another (the first
// theme an item shares is the one its line names), and some have evidence
// of their own.
func TestPracticeLinesThroughThemes(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	themes := []Theme{ThemeProsecution, ThemeProtection, ThemeMonitoring}
	orders := [][]Theme{
		{ThemeProsecution, ThemeProtection}, {ThemeProtection, ThemeProsecution},
		{ThemeMonitoring}, {ThemeProtection, ThemeMonitoring, ThemeProsecution},
		{ThemeMonitoring, ThemeProtection, ThemeProsecution}, {ThemeProsecution},
	}
	kept := 0
	for round := range 300 {
		sf := &StateFacts{Direct: map[string][]EvidenceFact{}, Thematic: map[Theme][]EvidenceFact{}}
		var obs []*Obligation
		for i := range 12 {
			obs = append(obs, &Obligation{ID: fmt.Sprintf("o%02d", i), Themes: orders[r.IntN(len(orders))]})
		}
		for i := range r.IntN(10) {
			on := Date{Year: 2010, Month: 1, Day: 1 + r.IntN(6)}
			if r.IntN(4) == 0 {
				on = Date{Year: 2009}
			}
			row := &EvidenceRow{ID: fmt.Sprintf("ev%02d", i), Finding: []Finding{FindingEffective, FindingGap, FindingMixed}[r.IntN(3)], Kind: EvidenceStatistic, Date: on}
			f := EvidenceFact{ID: row.ID, on: dayOf(on), finding: codeOf(row.Finding), row: row}
			if r.IntN(6) == 0 {
				ob := obs[r.IntN(len(obs))]
				sf.Direct[ob.ID] = append(sf.Direct[ob.ID], f)
			}
			for _, th := range themes {
				if r.IntN(2) == 0 {
					row.Themes = append(row.Themes, th)
					sf.Thematic[th] = append(sf.Thematic[th], f)
				}
			}
			sf.evidenceRepeats = sf.evidenceRepeats || len(row.Themes) > 1
		}
		for _, l := range sf.Direct {
			slices.SortFunc(l, latestFirst)
		}
		for _, l := range sf.Thematic {
			slices.SortFunc(l, latestFirst)
		}
		asOf := Date{Year: 2010, Month: 1, Day: 1 + r.IntN(6)}
		names := func(context.Context, string) string { return "State S" }
		call := &explainer{names: names}
		for _, ob := range obs {
			record := func(ex *explainer) *ComplianceRecord {
				return &ComplianceRecord{StateCode: "S", AsOf: asOf, ob: ob, direct: sf.Direct[ob.ID], ctx: &recordContext{ex: ex, sf: sf}}
			}
			got, err := call.practiceReasons(ctx, record(call), nil)
			if err != nil {
				t.Fatal(err)
			}
			aloneRec := record(&explainer{names: names})
			want := aloneRec.ctx.ex.practiceLines(ctx, aloneRec, nil)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, %s (themes %v) on %s:\nkept:  %q\nalone: %q", round, ob.ID, ob.Themes, asOf, got, want)
			}
			again := record(call)
			if _, err := call.practiceReasons(ctx, again, nil); err != nil {
				t.Fatal(err)
			}
			if again.practiceDecision() != aloneRec.practiceDecision() {
				t.Fatalf("round %d, %s: decision %v, alone %v", round, ob.ID, again.practiceDecision(), aloneRec.practiceDecision())
			}
		}
		kept += len(call.themes.kept)
	}
	if kept == 0 {
		t.Fatal("no lines were kept by themes: the test does not reach the memo")
	}
}
