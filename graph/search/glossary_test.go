package search_test

import (
	"maps"
	"testing"

	"github.com/pactwatch/pactwatch/graph/search"
)

// ConceptCounts counts a concept by its most frequent form, whole words
// only: a list of several forms of one concept names it once.
func TestConceptCounts(t *testing.T) {
	for _, c := range []struct {
		text string
		want map[string]int
	}{
		{"Korban berhak memperoleh rehabilitasi kesehatan, rehabilitasi sosial, pemulangan, dan reintegrasi sosial.",
			map[string]int{"victim": 1, "protection and assistance": 2, "repatriation": 1}},
		{"Korban ditempatkan di Rumah Detensi Imigrasi; korban tidak ditahan.",
			map[string]int{"victim": 2, "detention": 1, "border control": 1}},
		{"consent of the victim", map[string]int{"consent irrelevant": 1, "victim": 1}},
		{"victimisation", map[string]int{}},
	} {
		if got := search.ConceptCounts(c.text); !maps.Equal(got, c.want) {
			t.Errorf("ConceptCounts(%q): got %v, want %v", c.text, got, c.want)
		}
	}
}
