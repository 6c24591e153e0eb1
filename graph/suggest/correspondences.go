package suggest

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/pactwatch/pactwatch/graph"
)

// SuggestedCorrespondence is a provision of another instrument whose words
// are like a provision's.
type SuggestedCorrespondence struct {
	Provision *graph.Provision
	// Similarity is the measure fixtures/README.md records for a
	// TEXT_COMPARISON: 1 − d / max(m, n) over words, two decimals.
	Similarity float64
}

// Words cuts a text into the words WordSimilarity compares: maximal runs
// of letters and digits, lower-cased.
func Words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// WordSimilarity is 1 − d / max(m, n), rounded to two decimals, where d is
// the word-level Levenshtein distance between a and b and m, n their
// lengths in words (fixtures/README.md, "Correspondence").
func WordSimilarity(a, b string) float64 {
	return wordSimilarity(Words(a), Words(b))
}

func wordSimilarity(x, y []string) float64 {
	if len(x) == 0 && len(y) == 0 {
		return 1
	}
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			sub := prev[j-1]
			if x[i-1] != y[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev, cur = cur, prev
	}
	s := 1 - float64(prev[len(y)])/float64(max(len(x), len(y)))
	return math.Round(s*100) / 100
}

// SuggestCorrespondences returns the provisions of instruments other than
// p's, among all, most similar to p first, at most first of them (all
// when first <= 0). Provisions without text are left out.
func SuggestCorrespondences(p *graph.Provision, all []*graph.Provision, first int) []SuggestedCorrespondence {
	words := Words(p.Text)
	if len(words) == 0 {
		return nil
	}
	var out []SuggestedCorrespondence
	for _, q := range all {
		if q.InstrumentID == p.InstrumentID || q.Text == "" {
			continue
		}
		out = append(out, SuggestedCorrespondence{Provision: q, Similarity: wordSimilarity(words, Words(q.Text))})
	}
	slices.SortStableFunc(out, func(a, b SuggestedCorrespondence) int {
		return cmp.Or(cmp.Compare(b.Similarity, a.Similarity), cmp.Compare(a.Provision.ID, b.Provision.ID))
	})
	if first > 0 && len(out) > first {
		out = out[:first]
	}
	return out
}
