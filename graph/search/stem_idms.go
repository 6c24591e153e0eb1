package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
)

// An Indonesian and Malay stemmer, for statute texts: the rule-based
// affix removal of Tala (2003, "A Study of Stemming Effects on Information
// Retrieval in Bahasa Indonesia", after Porter), which needs no
// dictionary. Indonesian and Malay build words with the same affixes, so
// "perlindungan" (protection), "melindungi" (to protect) and
// "dilindungi" (protected) are one term, "lindung", and so are
// "perdagangan orang" and "diperdagangkan". No Go package of it is served
// (bleve's lang/id holds stop words only): the rules are written here.
//
// The steps: a particle (-kah, -lah, -tah, -pun), then a possessive
// (-ku, -mu, -nya), then a first-order prefix (meng-, meny-, men-, mem-,
// me-, peng-, peny-, pen-, pem-, di-, ter-, ke-); with one removed, a
// derivational suffix (-kan, -an, -i) and then a second-order prefix
// (ber-, bel-, be-, per-, pel-, pe-); without one, the second-order prefix
// and then the suffix. A nasal prefix before a vowel gives back the
// letter it replaced (the usual recoding: "menerima" is "terima"). Every removal leaves a stem of at least two
// syllables (vowels), so that short roots stand: "korban" is not "korb".

// Names of the stemming filter and of the analyzer that uses it.
const (
	// StemIDMSFilterName stems Indonesian and Malay words (StemIDMS).
	StemIDMSFilterName = "pactwatch_stem_idms"
	// AnalyzerStatute is AnalyzerMultilingual with StemIDMS: for
	// statutes in Indonesian and Malay beside English and Thai. English
	// words meet the same rules on both sides of a match.
	AnalyzerStatute = "pactwatch_statute"
)

func syllables(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case 'a', 'e', 'i', 'o', 'u':
			n++
		}
	}
	return n
}

// cutSuffix removes the first of sufs that w ends with, if a stem of at
// least two syllables remains.
func cutSuffix(w string, sufs ...string) (string, bool) {
	for _, s := range sufs {
		if strings.HasSuffix(w, s) && syllables(w[:len(w)-len(s)]) >= 2 {
			return w[:len(w)-len(s)], true
		}
	}
	return w, false
}

// firstOrder are the first-order prefixes, longest first, with the
// letter a nasal prefix took the place of before a vowel: meny- and peny-
// replace s ("menyampaikan" is "sampaikan"), mem- and pem- replace p
// ("memeriksa", "pemeriksaan": "periksa"), men- and pen- replace t
// ("menerima": "terima"); before a consonant they replace nothing
// ("membantu": "bantu").
var firstOrder = []struct {
	prefix, restore string
	onlyVowel       bool // the prefix is not one before a consonant
}{
	{"meng", "", false}, {"meny", "s", true}, {"men", "t", false}, {"mem", "p", false}, {"me", "", false},
	{"peng", "", false}, {"peny", "s", true}, {"pen", "t", false}, {"pem", "p", false}, {"di", "", false}, {"ter", "", false}, {"ke", "", false},
}

// cutPrefix removes a first-order prefix; restored says the stem starts
// with the letter the prefix took the place of, which is the root's own
// (no second-order prefix follows it: "pemeriksaan" is "periksa").
func cutPrefix(w string) (stem string, ok, restored bool) {
	for _, p := range firstOrder {
		if !strings.HasPrefix(w, p.prefix) {
			continue
		}
		rest := w[len(p.prefix):]
		vowel := rest != "" && strings.ContainsRune("aeiou", rune(rest[0]))
		if p.onlyVowel && !vowel {
			continue
		}
		if vowel {
			rest = p.restore + rest
		}
		if syllables(rest) >= 2 {
			return rest, true, vowel && p.restore != ""
		}
	}
	return w, false, false
}

var secondOrder = []string{"ber", "bel", "be", "per", "pel", "pe"}

func cutSecond(w string) (string, bool) {
	for _, p := range secondOrder {
		if strings.HasPrefix(w, p) && syllables(w[len(p):]) >= 2 {
			return w[len(p):], true
		}
	}
	return w, false
}

// StemIDMS returns the stem of a lower-case Indonesian or Malay word
// (Tala's rules, above). A word with anything but the letters a to z is
// returned as it is.
func StemIDMS(w string) string {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return w
		}
	}
	w, _ = cutSuffix(w, "kah", "lah", "tah", "pun")
	w, _ = cutSuffix(w, "nya", "ku", "mu")
	if s, ok, restored := cutPrefix(w); ok {
		w = s
		if s, ok := cutSuffix(w, "kan", "an", "i"); ok {
			w = s
			if !restored {
				w, _ = cutSecond(w)
			}
		}
		return w
	}
	if s, ok := cutSecond(w); ok {
		w = s
	}
	w, _ = cutSuffix(w, "kan", "an", "i")
	return w
}

type stemIDMSFilter struct{}

func (stemIDMSFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if s := StemIDMS(string(t.Term)); s != string(t.Term) {
			t.Term = []byte(s)
		}
	}
	return in
}

func init() {
	if err := registry.RegisterTokenFilter(StemIDMSFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return stemIDMSFilter{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(AnalyzerStatute, func(_ map[string]any, c *registry.Cache) (analysis.Analyzer, error) {
		return analyzer(c, WordsTokenizerName, lowercase.Name, StopFilterName, FoldFilterName, StemIDMSFilterName)
	}); err != nil {
		panic(err)
	}
}
