package search_test

import (
	"testing"

	"github.com/pactwatch/pactwatch/graph/search"
)

// TestStemIDMS holds Tala's rules on words of the statutes: inflections
// of one root are one term, and short roots stand. Without a dictionary
// the rules err where the root's own letters look like an affix: "sampai"
// loses its final i, and "memakan" (root makan) is read as "pakan".
func TestStemIDMS(t *testing.T) {
	for _, c := range []struct{ words []string }{
		{[]string{"perlindungan", "melindungi", "dilindungi", "lindung"}},
		{[]string{"perdagangan", "diperdagangkan", "dagang"}},
		{[]string{"penyampaian", "menyampaikan"}},
		{[]string{"pemulangan", "dipulangkan"}},
		{[]string{"penerimaan", "menerima", "diterima"}},
		{[]string{"membantu", "bantuan"}},
		{[]string{"korban", "korbannya"}},
		{[]string{"pemeriksaan", "diperiksa", "memeriksa"}},
	} {
		want := search.StemIDMS(c.words[0])
		for _, w := range c.words[1:] {
			if got := search.StemIDMS(w); got != want {
				t.Errorf("StemIDMS(%q) = %q, want %q as for %q", w, got, want, c.words[0])
			}
		}
	}
	for w, want := range map[string]string{"korban": "korban", "anak": "anak", "saksi": "saksi", "dan/atau": "dan/atau", "ผู้เสียหาย": "ผู้เสียหาย"} {
		if got := search.StemIDMS(w); got != want {
			t.Errorf("StemIDMS(%q) = %q, want it as it is", w, got)
		}
	}
}
