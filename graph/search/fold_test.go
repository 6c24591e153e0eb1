package search_test

import (
	"context"
	"testing"

	"github.com/pactwatch/pactwatch/graph/search"
)

func TestFoldSpelling(t *testing.T) {
	for in, want := range map[string]string{
		"criminalisation": "criminalization", "criminalise": "criminalize", "organised": "organized", "recognising": "recognizing",
		"offence": "offense", "defences": "defenses", "labour": "labor", "endeavour": "endeavor", "harbouring": "harboring",
		"programme": "program", "co-operation": "cooperation", "four": "four", "exercise": "exercise", "comprise": "comprise",
	} {
		if got := search.FoldSpelling(in); got != want {
			t.Errorf("FoldSpelling(%q): got %q, want %q", in, got, want)
		}
	}
}

// Either spelling of "criminalisation" finds as many records, and ACTIP's
// Article 5 (headed "Criminalisation of Trafficking in Persons") is in the
// first five of both.
func TestSearchSpellingVariants(t *testing.T) {
	s := fixtureStore(t)
	ix := mustBuild(t, s)
	ctx := context.Background()
	totals := map[string]int{}
	for _, q := range []string{"criminalisation", "criminalization"} {
		res, err := ix.Search(ctx, search.Query{Text: q, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		totals[q] = res.Total
		rank := -1
		for i, h := range res.Hits {
			if h.Record == "actip-2015/art_5" && h.Kind == search.KindProvision {
				rank = i + 1
				break
			}
		}
		if rank < 1 || rank > 5 {
			t.Errorf("%q: actip-2015/art_5 ranks %d of %d, want 1 to 5 (first hits %v)", q, rank, res.Total, records(res)[:min(8, len(res.Hits))])
		}
	}
	if totals["criminalisation"] != totals["criminalization"] {
		t.Errorf("totals differ: %v", totals)
	}
}
