package search

import (
	"math"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
)

// Facets count a query's hits by kind, state, instrument and theme. bleve
// counts a terms facet by visiting, for every hit, the field's doc values
// and adding one to a map for each term; four facet fields were four visits
// a hit and five or six map updates, which made most of the time of a
// broad query (a CPU profile of "victim identification" on the synthetic
// world: 70% in visiting doc values). So each document also holds its
// facet values together, as one term of one field (facetKey): one visit
// and one map update a hit, and facetCounts adds each combination's count
// to each of its values: the same counts, in the same order, as four terms
// facets give.

// facetField is the field that holds a document's facet values together.
const facetField = "facet"

// Separators of a facet key: between fields, and between a field's values.
const (
	facetFieldSep = "\x1f"
	facetValueSep = "\x1e"
)

// maxFacetValues is how many values of a facet field a result lists.
const maxFacetValues = 20

// facetKey returns d's facet values as one term: kind, state, instrument
// and themes, in FacetFields' order. An empty state or instrument is a
// value, "", as bleve indexes an empty string; no theme is no value.
func facetKey(d doc) string {
	return strings.Join([]string{d.Kind, d.State, d.Instrument, strings.Join(d.Theme, facetValueSep)}, facetFieldSep)
}

// facetRequestSize asks for every combination of facet values, so that
// each field's top values are all counted.
const facetRequestSize = math.MaxInt32

// facetCounts returns FacetFields' lists from the counts of the facet
// keys: in each, the values by count, most first, then by value, the first
// maxFacetValues of them, without "" (records without a state or an
// instrument), as a terms facet on each field lists them.
func facetCounts(fr *search.FacetResult) map[string][]FacetCount {
	counts := make([]map[string]int, len(FacetFields))
	for i := range counts {
		counts[i] = map[string]int{}
	}
	if fr != nil {
		for _, t := range fr.Terms.Terms() {
			parts := strings.SplitN(t.Term, facetFieldSep, len(FacetFields))
			for i, part := range parts {
				if i < len(FacetFields)-1 {
					counts[i][part] += t.Count
				} else if part != "" {
					for _, v := range strings.Split(part, facetValueSep) {
						counts[i][v] += t.Count
					}
				}
			}
		}
	}
	out := map[string][]FacetCount{}
	for i, f := range FacetFields {
		terms := make([]FacetCount, 0, len(counts[i]))
		for v, n := range counts[i] {
			terms = append(terms, FacetCount{Value: v, Count: n})
		}
		sort.Slice(terms, func(a, b int) bool {
			if terms[a].Count != terms[b].Count {
				return terms[a].Count > terms[b].Count
			}
			return terms[a].Value < terms[b].Value
		})
		list := []FacetCount{}
		for _, t := range terms[:min(len(terms), maxFacetValues)] {
			if t.Value != "" {
				list = append(list, t)
			}
		}
		out[f] = list
	}
	return out
}
