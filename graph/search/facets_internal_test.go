package search

import (
	"context"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// TestFacetCountsAsFourFacets checks, on the fixtures, that the one facet
// field gives every query the facets four terms facets on kind, state,
// instrument and theme gave: the same values, counts and order.
func TestFacetCountsAsFourFacets(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		t.Fatal(err)
	}
	// The index's own mapping, with doc values on the four fields as well,
	// so that bleve can count them the old way.
	m := newMapping().(*mapping.IndexMappingImpl)
	for _, f := range FacetFields {
		m.DefaultMapping.Properties[f].Fields[0].DocValues = true
	}
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	bt := &batcher{idx: idx, b: idx.NewBatch()}
	if _, err := indexAll(ctx, s, func(context.Context) error { return nil }, bt.add); err != nil {
		t.Fatal(err)
	}
	if err := bt.flush(); err != nil {
		t.Fatal(err)
	}
	ix := &Index{idx: idx}
	for _, q := range []Query{
		{Text: ""}, {Text: "victim identification"}, {Text: "trafficking"}, {Text: "law kind:LAW"},
		{Text: "non-punishment"}, {Text: "protection", State: "IDN"}, {Text: "+shelter -child"},
		{Text: "prosecution", Kinds: []string{"EVIDENCE", "SOURCE"}, Instrument: "actip-2015"},
		{Text: "theme:PROTECTION"}, {Text: "no such word anywhere"},
	} {
		t.Run(q.Text, func(t *testing.T) {
			bq, err := q.build()
			if err != nil {
				t.Fatal(err)
			}
			req := bleve.NewSearchRequestOptions(bq, 0, 0, false)
			for _, f := range FacetFields {
				req.AddFacet(f, bleve.NewFacetRequest(f, maxFacetValues))
			}
			res, err := idx.SearchInContext(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]FacetCount{}
			for _, f := range FacetFields {
				list := []FacetCount{}
				for _, term := range res.Facets[f].Terms.Terms() {
					if term.Term != "" {
						list = append(list, FacetCount{Value: term.Term, Count: term.Count})
					}
				}
				want[f] = list
			}
			got, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Facets, want) {
				t.Errorf("facets of %q:\ngot  %v\nwant %v", q.Text, got.Facets, want)
			}
			if got.Total != int(res.Total) {
				t.Errorf("total: got %d, want %d", got.Total, res.Total)
			}
		})
	}
}
