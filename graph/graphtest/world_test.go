package graphtest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
)

func TestWorld(t *testing.T) {
	ctx := context.Background()
	w := graphtest.NewWorld(t)
	inst, obls := w.Convention("conv-2015", graph.MustDate("2015-11-21"), 6, 30, 3)
	w.Declaration("decl-2004", graph.MustDate("2004-11-29"), 2)
	w.State("AAA", graph.MustDate("1967-08-08"))
	w.Sign("AAA", inst.ID, graph.MustDate("2015-11-21"))
	dep := w.Deposit("AAA", inst.ID, graph.MustDate("2016-01"))
	law := w.Law("AAA", "law-21-2007", graph.MustDate("2007-04-19"))
	im := w.Implement(law.ID, obls[0].ID, graph.ExtentFull)
	ev := w.Evidence("AAA", "report-2017", graph.MustDate("2017"), graph.FindingGap, obls[1].ID)

	tests := []struct {
		name string
		rel  graph.Relation
		from string
		want []string
	}{
		{"obligations", graph.RelInstrumentObligations, inst.ID, []string{"conv-2015/art_1/obl_1", "conv-2015/art_2/obl_1", "conv-2015/art_3/obl_1"}},
		{"actions", graph.RelStateActions, "AAA", []string{dep.ID, "AAA/conv-2015/signature"}},
		{"implementations", graph.RelObligationImplementations, obls[0].ID, []string{im.ID}},
		{"evidence", graph.RelObligationEvidence, obls[1].ID, []string{ev.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.Store.Neighbors(ctx, tt.rel, []string{tt.from})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got[0], tt.want) {
				t.Fatalf("got %q, want %q", got[0], tt.want)
			}
		})
	}
	if got := graphtest.Get[*graph.StateAction](w, "AAA/conv-2015/ratification"); got.Deposited != graph.MustDate("2016-01") {
		t.Fatalf("deposited: got %v, want 2016-01", got.Deposited)
	}
}
