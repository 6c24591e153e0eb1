package search

import (
	"regexp"
	"strings"
	uni "unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// The spelling folding: British and American spellings of one word are
// one term, at index time and at query time, so "criminalisation" finds
// what "criminalization" finds. Each rule turns a British ending into the
// American one; a word both spellings share is left as it is.

// Names of the folding token filter and of the analyzers that use it.
const (
	// FoldFilterName folds spelling variants (FoldSpelling).
	FoldFilterName = "pactwatch_fold"
	// AnalyzerEnglish is English analysis with folding: the analyzer of
	// the index's text fields.
	AnalyzerEnglish = "pactwatch_en"
	// AnalyzerMultilingual cuts words (WordsTokenizerName), lower-cases,
	// drops stop words and folds, without stemming: for texts in Indonesian, Malay, Thai
	// and English side by side.
	AnalyzerMultilingual = "pactwatch_multi"
	// WordsTokenizerName cuts a text into maximal runs of letters, marks
	// and digits. Unlike bleve's unicode tokenizer it keeps Thai, which
	// writes no spaces between words: a run of Thai is one term, and
	// SegmentThai sets the glossary's Thai words apart first.
	WordsTokenizerName = "pactwatch_words"
	// StopFilterName drops the commonest words of English, Indonesian and
	// Malay, which match everything and say nothing.
	StopFilterName = "pactwatch_stop"
)

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be by for from has have in into is it its of on or such that the their them these this those to was were which with shall may should any each other all not no
		yang dan di ke dari atau dengan untuk dalam ini itu pada sebagaimana dimaksud oleh bagi adalah serta tersebut setiap secara juga tidak dapat akan sesuai ayat pasal huruf angka
		dan/atau bahawa hendaklah boleh apa-apa mana-mana seksyen subseksyen perenggan adalah daripada kepada bagi sesuatu`) {
		m[w] = true
	}
	return m
}()

type stopFilter struct{}

func (stopFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if !stopWords[string(t.Term)] {
			out = append(out, t)
		}
	}
	return out
}

var foldRules = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`isation(s?)$`), "ization$1"},
	{regexp.MustCompile(`(al|an|gn|or|ar|ti|ri|ul|ph)is(e|ed|es|ing)$`), "${1}iz$2"},
	{regexp.MustCompile(`(ly|l)s(e|ed|es|ing)$`), "${1}z$2"}, // analyse, paralyse
	{regexp.MustCompile(`ence(s?)$`), "ense$1"},              // offence, defence, licence
	{regexp.MustCompile(`(b|v|n|l|m)our(s|ed|ing|able)?$`), "${1}or$2"},
	{regexp.MustCompile(`^programme(s?)$`), "program$1"},
	{regexp.MustCompile(`^judgement(s?)$`), "judgment$1"},
	{regexp.MustCompile(`^(co)-?operat`), "cooperat"},
}

// FoldSpelling returns the folded form of a lower-case word:
// "criminalisation" → "criminalization", "offence" → "offense",
// "labour" → "labor", "programme" → "program".
func FoldSpelling(w string) string {
	if len(w) < 5 {
		return w
	}
	for _, r := range foldRules {
		if r.re.MatchString(w) {
			return r.re.ReplaceAllString(w, r.repl)
		}
	}
	return w
}

// FoldText folds every word of s, lower-cased: for matching outside the
// index (glossary look-ups).
func FoldText(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		words[i] = FoldSpelling(w)
	}
	return strings.Join(words, " ")
}

type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if f := FoldSpelling(string(t.Term)); f != string(t.Term) {
			t.Term = []byte(f)
		}
	}
	return in
}

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterTokenFilter(FoldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(StopFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return stopFilter{}, nil
	}))
	must(registry.RegisterTokenizer(WordsTokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordsTokenizer{}, nil
	}))
	must(registry.RegisterAnalyzer(AnalyzerEnglish, func(_ map[string]any, c *registry.Cache) (analysis.Analyzer, error) {
		return analyzer(c, unicode.Name, en.PossessiveName, lowercase.Name, FoldFilterName, en.StopName, porter.Name)
	}))
	must(registry.RegisterAnalyzer(AnalyzerMultilingual, func(_ map[string]any, c *registry.Cache) (analysis.Analyzer, error) {
		return analyzer(c, WordsTokenizerName, lowercase.Name, StopFilterName, FoldFilterName)
	}))
}

func analyzer(c *registry.Cache, tokenizer string, filters ...string) (analysis.Analyzer, error) {
	tok, err := c.TokenizerNamed(tokenizer)
	if err != nil {
		return nil, err
	}
	a := &analysis.DefaultAnalyzer{Tokenizer: tok}
	for _, name := range filters {
		f, err := c.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		a.TokenFilters = append(a.TokenFilters, f)
	}
	return a, nil
}

type wordsTokenizer struct{}

func (wordsTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	start, pos := -1, 1
	isWord := func(r rune) bool {
		return uni.IsLetter(r) || uni.IsDigit(r) || uni.Is(uni.Mn, r) || uni.Is(uni.Mc, r)
	}
	emit := func(end int) {
		out = append(out, &analysis.Token{Term: input[start:end], Start: start, End: end, Position: pos, Type: analysis.AlphaNumeric})
		pos++
		start = -1
	}
	for i, r := range string(input) {
		if isWord(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			emit(i)
		}
	}
	if start >= 0 {
		emit(len(input))
	}
	return out
}
