package suggest

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
)

// LinkQuery is what statute provisions are suggested for: an obligation,
// its provision, the provisions that correspond to it in other
// instruments, and the state whose statutes are searched.
type LinkQuery struct {
	Obligation *graph.Obligation
	Provision  *graph.Provision
	// Corresponding are the provisions of other instruments its provision
	// corresponds to (ACTIP ↔ Protocol), either way.
	Corresponding []*graph.Provision
	// Defining are the provisions of its instrument that the obligation's
	// provision refers to for the conduct it is about ("the conduct set
	// forth in article 3 of this Protocol"): DefiningProvisions.
	Defining []*graph.Provision
	// Language, when set, searches only the statutes' texts in it ("id",
	// "ms", "en", "th").
	Language string
	First    int // how many suggestions; 5 when 0
}

// SuggestedLink is a statute provision that may implement an obligation.
type SuggestedLink struct {
	Provision *graph.StatuteProvision
	Score     float64
	// Language is the language of the text that matched best.
	Language string
	// Passages are the matched words of that text, with the matches
	// between « and ».
	Passages []string
	// Decided is what curators decided on the provision for the
	// obligation and state; nil when nothing (LinksFor sets it).
	Decided *LinkDecision
}

// StatuteIndex is a full-text index of one state's statute provisions,
// every version in every language a document of its own, for suggesting
// links. Build it with NewStatuteIndex; Close it when done.
type StatuteIndex struct {
	idx   bleve.Index
	byID  map[string]*graph.StatuteProvision
	langs []string
	// defs are the provisions that define the statute's terms: they name
	// every concept of the law and implement none of its duties by
	// themselves, so their scores count for definitionWeight.
	defs map[string]bool
	// official are, by provision, the languages of its official edition:
	// a provision is ranked by its official text, a translation beside it
	// (held for a few sections only) counting only where no official text
	// is held.
	official map[string]map[string]bool
	// conceptWeight is, by glossary concept, how much its words tell the
	// index's texts apart: log(N / df) over the documents with any of its
	// forms, divided by the largest. "trafficking in persons" and "victim",
	// in nearly every section of an anti-trafficking law, weigh little.
	conceptWeight map[string]float64
	docs          int
	// hasParts are the provisions some of whose parts are held.
	hasParts map[string]bool
}

// languageWeight weighs one language's ranking against the others' in
// Suggest (see there).
const languageWeight = 0

// normRank is the place in a language's ranking whose score that
// ranking's scores are divided by when languages are merged (Suggest): the
// fifth, not the first, so that a language whose best text stands alone
// (a long Malay amending section naming every concept) does not outrank
// another's close first five.
const normRank = 4

// definitionWeight is what a definitions provision's score counts for.
const definitionWeight = 0.1

// reDefinedConduct is an obligation's words that refer to a definition
// for what the obligation is about: "trafficking in persons, as the
// Convention defines it", "the conduct set forth in article 3". A statute
// implements such an obligation with its own definition of that conduct,
// so its definitions are not weighed down for it (definitionWeight).
var reDefinedConduct = regexp.MustCompile(`(?i)\b(?:defines|defined in|as defined|definition of|set forth in article)\b`)

// reDefinitions opens a provision that defines a statute's terms.
var reDefinitions = regexp.MustCompile(`(?i)^\s*(?:dalam (?:undang-undang|peraturan pemerintah|peraturan presiden|akta) ini,? (?:yang dimaksud dengan|melainkan)|in this (?:act|law|regulation),? unless|in this (?:act|law|regulation)\b.{0,40}\bmeans|ในพระราชบัญญัตินี้)`)

type statuteDoc struct {
	Provision string `json:"provision"`
	Language  string `json:"language"`
	Text      string `json:"text"`
	Heading   string `json:"heading"`
	// TextStemmed is Text again, for a language stemmed (stemmed), in a
	// field whose analyzer stems it (search.AnalyzerStatute).
	TextStemmed string `json:"text_stem,omitempty"`
	// Concepts are the glossary concepts Text names, a token each time
	// (search.ConceptCounts), searched as terms: a concept is one term
	// however many of its forms a text lists.
	Concepts string `json:"concepts,omitempty"`
}

// conceptToken is the term a glossary concept is indexed as.
func conceptToken(name string) string { return strings.ReplaceAll(name, " ", "_") }

// conceptTokens are the terms of the concepts text names.
func conceptTokens(text string) string {
	counts := search.ConceptCounts(text)
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		for range counts[n] {
			b.WriteString(conceptToken(n) + " ")
		}
	}
	return b.String()
}

// stemmed are the languages whose texts are searched stemmed, by
// search.StemIDMS: Indonesian. Malay builds its words with the same
// affixes, but stemming its texts ranked Malaysia's links lower (recall@5
// 0.76 to 0.72 on the curated links), so they are searched as written.
var stemmed = map[string]bool{"id": true}

// textField is the field a language's texts are searched in.
func textField(lang string) string {
	if stemmed[lang] {
		return "text_stem"
	}
	return "text"
}

// NewStatuteIndex indexes the texts of ps in memory. Thai texts are cut at
// the glossary's Thai words first (search.SegmentThai), since Thai writes
// no spaces between words.
func NewStatuteIndex(ps []*graph.StatuteProvision) (*StatuteIndex, error) {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = search.AnalyzerMultilingual
	text.Store = true
	text.IncludeTermVectors = true
	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = true
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("provision", kw)
	dm.AddFieldMappingsAt("language", kw)
	dm.AddFieldMappingsAt("text", text)
	stem := bleve.NewTextFieldMapping()
	stem.Analyzer = search.AnalyzerStatute
	stem.Store = true
	stem.IncludeTermVectors = true
	dm.AddFieldMappingsAt("text_stem", stem)
	heading := bleve.NewTextFieldMapping()
	heading.Analyzer = search.AnalyzerMultilingual
	dm.AddFieldMappingsAt("heading", heading)
	concepts := bleve.NewTextFieldMapping()
	concepts.Analyzer = "concepts"
	dm.AddFieldMappingsAt("concepts", concepts)
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer("concepts", map[string]any{"type": custom.Name, "tokenizer": whitespace.Name}); err != nil {
		return nil, fmt.Errorf("suggest.NewStatuteIndex: %w", err)
	}
	im.DefaultMapping = dm
	im.DefaultAnalyzer = search.AnalyzerMultilingual
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("suggest.NewStatuteIndex: %w", err)
	}
	six := &StatuteIndex{idx: idx, byID: map[string]*graph.StatuteProvision{}, defs: map[string]bool{}, official: map[string]map[string]bool{}}
	// A heading several sections of one law share is a chapter's title,
	// which says what the chapter is about, not the section: only a
	// section's own heading (the same on its parts) is searched. An
	// amending act's section may repeat the heading of the section it
	// amends: that is another law's.
	headed := map[string]map[string]bool{}
	for _, p := range ps {
		if h := strings.TrimSpace(p.Heading); h != "" {
			k := p.LawID + "\x00" + h
			if headed[k] == nil {
				headed[k] = map[string]bool{}
			}
			headed[k][topPart(p.ID)] = true
		}
	}
	b := idx.NewBatch()
	for _, p := range ps {
		six.byID[p.ID] = p
		texts := map[string][]string{}
		for _, v := range p.Versions {
			// A summary is not the statute's words: a suggestion rests on them.
			if v.TextKind == graph.TextVerbatim && strings.TrimSpace(v.Text) != "" && !slices.Contains(texts[v.Language], v.Text) {
				texts[v.Language] = append(texts[v.Language], v.Text)
				if v.Edition == graph.EditionOfficial {
					if six.official[p.ID] == nil {
						six.official[p.ID] = map[string]bool{}
					}
					six.official[p.ID][v.Language] = true
				}
			}
		}
		for _, ts := range texts {
			if reDefinitions.MatchString(ts[0]) {
				six.defs[p.ID] = true
			}
		}
		for lang, ts := range texts {
			if !slices.Contains(six.langs, lang) {
				six.langs = append(six.langs, lang)
			}
			// The heading is searched beside the text (weightHeading).
			t := strings.Join(ts, "\n")
			head := ""
			if h := strings.TrimSpace(p.Heading); len(headed[p.LawID+"\x00"+h]) == 1 {
				head = h
			}
			if lang == "th" {
				t = search.SegmentThai(t)
				head = search.SegmentThai(head)
			}
			doc := statuteDoc{Provision: p.ID, Language: lang, Text: t, Heading: head, Concepts: conceptTokens(t)}
			if stemmed[lang] {
				doc.TextStemmed = t
			}
			if err := b.Index(p.ID+"#"+lang, doc); err != nil {
				idx.Close()
				return nil, fmt.Errorf("suggest.NewStatuteIndex: %w", err)
			}
		}
	}
	six.hasParts = map[string]bool{}
	for id := range six.byID {
		if p := parentID(id); p != "" {
			six.hasParts[p] = true
		}
	}
	// A part of a definitions provision (Pasal 1 angka 3) defines a term
	// too: the structure says so, whatever its own words.
	for id := range six.byID {
		for anc := parentID(id); anc != ""; anc = parentID(anc) {
			if six.defs[anc] {
				six.defs[id] = true
				break
			}
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, fmt.Errorf("suggest.NewStatuteIndex: %w", err)
	}
	slices.Sort(six.langs)
	if err := six.weighConcepts(); err != nil {
		idx.Close()
		return nil, fmt.Errorf("suggest.NewStatuteIndex: %w", err)
	}
	return six, nil
}

// weighConcepts sets conceptWeight from the documents each concept's
// forms occur in.
func (ix *StatuteIndex) weighConcepts() error {
	n, err := ix.idx.DocCount()
	if err != nil {
		return err
	}
	ix.docs = int(n)
	ix.conceptWeight = map[string]float64{}
	top := 0.0
	for _, c := range search.Glossary {
		var forms []query.Query
		for _, f := range c.Forms() {
			m := bleve.NewMatchPhraseQuery(f)
			m.SetField("text")
			forms = append(forms, m)
		}
		res, err := ix.idx.Search(bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(forms...), 0, 0, false))
		if err != nil {
			return err
		}
		w := math.Log(float64(n+1) / float64(res.Total+1))
		ix.conceptWeight[c.Name] = w
		top = max(top, w)
	}
	for k, w := range ix.conceptWeight {
		if top > 0 {
			ix.conceptWeight[k] = w / top
		}
	}
	return nil
}

// Languages returns the languages the index holds texts in.
func (ix *StatuteIndex) Languages() []string { return slices.Clone(ix.langs) }

// Close releases the index.
func (ix *StatuteIndex) Close() error { return ix.idx.Close() }

// Weights of a link query's parts: the obligation's own words and the
// glossary concepts they name count most. They were set by measuring
// recall@5 and MRR on the curated IDN, MYS and THA links (pactwatch eval),
// so the evaluation is in-sample for them. A part weighed 0 is still
// searched: its matches add nothing to a score, but count among the
// query's parts a text matches (bleve's coordination factor, which scales
// a disjunction's score by the share of its parts matched); leaving them
// out ranked the curated links lower (IDN recall@5 0.55 to 0.52, MYS 0.60
// to 0.52).
const (
	weightSummary = 5
	// weightProvision weighs the obligation's provision's words (and its
	// heading).
	weightProvision = 0.5
	// weightCorresponding weighs the corresponding provisions' words; their
	// glossary concepts count at weightTheme.
	weightCorresponding = 0
	// weightTheme weighs a concept the query names only by its themes or
	// in its provisions' words, weightGlossary one its summary names.
	weightTheme    = 0.5
	weightGlossary = 4
	// weightConcept weighs a concept searched as one term of the concepts
	// field (conceptTokens) against its forms searched as phrases.
	weightConcept = 0.5
	// weightHeading is what a match in a provision's own heading counts
	// for against the same match in its text. The heading is the
	// statute's own name for what the provision does ("Order for payment
	// of compensation to the trafficked person"), searched in a field of
	// its own; weighing it as much as the text (1) ranked the curated
	// links lower.
	weightHeading = 0
)

// QueryText returns the English words a link query searches with: the
// obligation's summary, its provision's text and heading, the
// corresponding provisions' texts.
func (q LinkQuery) texts() (summary, provision, corresponding string) {
	summary = q.Obligation.Summary
	if q.Provision != nil {
		provision = q.Provision.Heading + ". " + q.Provision.Text
	}
	var cs []string
	for _, c := range q.Corresponding {
		cs = append(cs, c.Heading+". "+c.Text)
	}
	return summary, provision, strings.Join(cs, " ")
}

// refersToDefinition reports whether the obligation's summary or its
// provision's text refers to a definition for the conduct it is about
// (reDefinedConduct).
func (q LinkQuery) refersToDefinition() bool {
	summary, prov, _ := q.texts()
	return reDefinedConduct.MatchString(summary) || reDefinedConduct.MatchString(prov)
}

// definingText is the words of the provisions the query's obligation
// refers to for its conduct (Defining).
func (q LinkQuery) definingText() string {
	var ds []string
	for _, d := range q.Defining {
		ds = append(ds, d.Heading+". "+d.Text)
	}
	return strings.Join(ds, " ")
}

// Concepts returns the glossary concepts the query names: in its words
// and by its obligation's themes.
func (q LinkQuery) Concepts() []search.Concept {
	s, p, c := q.texts()
	cs := search.ConceptsIn(s + " " + p + " " + c + " " + q.definingText())
	for _, t := range q.Obligation.Themes {
		for _, g := range search.Glossary {
			if g.Theme == t && !slices.ContainsFunc(cs, func(x search.Concept) bool { return x.Name == g.Name }) {
				cs = append(cs, g)
			}
		}
	}
	return cs
}

// Suggest ranks the index's provisions for q: the best first, each with
// its score and the passages that matched. Without a language, each
// language's texts are ranked apart, each ranking's scores divided by its
// fifth best (normRank), and a provision's score is its best over its
// languages: an English translation held for a few sections does not
// outrank the official text of the others for want of shared words. A
// provision is ranked by its official text where one is held. The best of
// the answer scores 1.
func (ix *StatuteIndex) Suggest(ctx context.Context, q LinkQuery) ([]SuggestedLink, error) {
	first := q.First
	if first <= 0 {
		first = 5
	}
	if q.Language != "" || len(ix.langs) == 1 {
		q.First = max(first, 50)
		got, err := ix.suggestIn(ctx, q)
		if err != nil || len(got) == 0 || got[0].Score == 0 {
			return got, err
		}
		slices.SortStableFunc(got, func(a, b SuggestedLink) int { return cmp.Compare(b.Score, a.Score) })
		got = dropNested(got)
		if len(got) > first {
			got = got[:first]
		}
		// Scores as in the merged ranking: the best text scores 1.
		top := got[0].Score
		for i := range got {
			got[i].Score = roundScore(got[i].Score / top)
		}
		return got, nil
	}
	// Each language's ranking of the provisions whose official text (or,
	// without one, any text) is in it.
	type ranking struct {
		lang string
		got  []SuggestedLink
		top  float64
	}
	var rankings []ranking
	topAll := 0.0
	for _, lang := range ix.langs {
		lq := q
		lq.Language, lq.First = lang, max(first, 50)
		got, err := ix.suggestIn(ctx, lq)
		if err != nil {
			return nil, err
		}
		kept := got[:0]
		for _, s := range got {
			if off := ix.official[s.Provision.ID]; len(off) > 0 && !off[lang] {
				continue // a translation beside an official text
			}
			kept = append(kept, s)
		}
		if len(kept) == 0 || kept[0].Score == 0 {
			continue
		}
		rankings = append(rankings, ranking{lang, kept, kept[min(normRank, len(kept)-1)].Score})
		topAll = max(topAll, kept[0].Score)
	}
	// A ranking's scores are divided by its normRank-th, weighed by
	// (best / best of all)^languageWeight: 0 ranks every language alike. Weighing by how the bests compare (0.5, 1) was measured worse
	// on the curated links (MYS recall@5 0.35 at 0.5, against 0.52 at 0):
	// the Malay amending act's long texts match more glossary words than
	// the English sections the links rest on.
	merged := map[string]*SuggestedLink{}
	for _, r := range rankings {
		w := math.Pow(r.top/topAll, languageWeight)
		for _, s := range r.got {
			n := s.Score / r.top * w
			if m := merged[s.Provision.ID]; m == nil || n > m.Score {
				c := s
				c.Score = n
				merged[s.Provision.ID] = &c
			}
		}
	}
	out := make([]SuggestedLink, 0, len(merged))
	for _, m := range merged {
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b SuggestedLink) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.Provision.ID, b.Provision.ID))
	})
	out = dropNested(out)
	if len(out) > first {
		out = out[:first]
	}
	// The best of the answer scores 1.
	if len(out) > 0 && out[0].Score > 0 {
		top := out[0].Score
		for i := range out {
			out[i].Score = roundScore(out[i].Score / top)
		}
	}
	return out, nil
}

// roundScore rounds a score to 6 decimals. The index adds up a query's
// parts in an order it does not fix, so the last bits of a score vary from
// one asking to the next; a suggestion accepted must carry the score the
// curator was shown.
func roundScore(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// suggestIn ranks the provisions for q, in q.Language when set.
func (ix *StatuteIndex) suggestIn(ctx context.Context, q LinkQuery) ([]SuggestedLink, error) {
	first := q.First
	lang := q.Language
	if lang == "" && len(ix.langs) == 1 {
		lang = ix.langs[0]
	}
	field := textField(lang)
	summary, prov, corr := q.texts()
	var parts []query.Query
	add := func(text string, boost float64) {
		if strings.TrimSpace(text) == "" {
			return
		}
		m := bleve.NewMatchQuery(text)
		m.SetField(field)
		m.SetBoost(boost)
		parts = append(parts, m)
		h := bleve.NewMatchQuery(text)
		h.SetField("heading")
		h.SetBoost(boost * weightHeading)
		parts = append(parts, h)
	}
	add(summary, weightSummary)
	add(prov, weightProvision)
	add(corr, weightCorresponding)
	add(q.definingText(), weightProvision)
	summaryConcepts := search.ConceptsIn(summary)
	for _, c := range q.Concepts() {
		w := weightTheme
		if slices.ContainsFunc(summaryConcepts, func(x search.Concept) bool { return x.Name == c.Name }) {
			w = weightGlossary
		}
		if cw, ok := ix.conceptWeight[c.Name]; ok {
			w *= cw
		}
		if w <= 0 {
			continue
		}
		// The concept as one term (however many of its forms a text lists),
		// and each of its forms as a phrase (stemmed where the text is).
		ct := bleve.NewTermQuery(conceptToken(c.Name))
		ct.SetField("concepts")
		ct.SetBoost(w * weightConcept)
		parts = append(parts, ct)
		for _, f := range c.Forms() {
			m := bleve.NewMatchPhraseQuery(f)
			m.SetField(field)
			m.SetBoost(w)
			parts = append(parts, m)
			h := bleve.NewMatchPhraseQuery(f)
			h.SetField("heading")
			h.SetBoost(w * weightHeading)
			parts = append(parts, h)
		}
	}
	if len(parts) == 0 {
		return nil, graph.Errorf(graph.EINVALID, "the obligation %s has no words to search with", q.Obligation.ID)
	}
	var bq query.Query = bleve.NewDisjunctionQuery(parts...)
	if q.Language != "" {
		l := bleve.NewTermQuery(q.Language)
		l.SetField("language")
		bq = bleve.NewConjunctionQuery(bq, l)
	}
	// Several documents (languages) per provision: collect enough to
	// fill the page with distinct provisions.
	req := bleve.NewSearchRequestOptions(bq, (first+10)*(len(ix.langs)+1), 0, false)
	req.Fields = []string{"provision", "language"}
	req.Highlight = bleve.NewHighlight()
	req.Highlight.Fields = []string{field}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("suggest.Suggest: %w", err)
	}
	var out []SuggestedLink
	seen := map[string]bool{}
	for _, h := range res.Hits {
		id, _ := h.Fields["provision"].(string)
		if seen[id] || ix.byID[id] == nil {
			continue
		}
		seen[id] = true
		lang, _ := h.Fields["language"].(string)
		s := SuggestedLink{Provision: ix.byID[id], Score: h.Score, Language: lang}
		if ix.defs[id] && (!q.refersToDefinition() || ix.hasParts[id]) {
			s.Score *= definitionWeight
		}
		for _, f := range h.Fragments[field] {
			s.Passages = append(s.Passages, search.PlainFragment(f, "«", "»"))
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b SuggestedLink) int { return cmp.Compare(b.Score, a.Score) })
	if len(out) > first {
		out = out[:first]
	}
	return out, nil
}

// Corresponding returns the provisions that correspond to p, either way,
// among all: those p names and those that name p.
func Corresponding(p *graph.Provision, all []*graph.Provision) []*graph.Provision {
	var out []*graph.Provision
	for _, q := range all {
		if q.ID == p.ID {
			continue
		}
		if slices.ContainsFunc(p.CorrespondsTo, func(c graph.Correspondence) bool { return c.ProvisionID == q.ID }) ||
			slices.ContainsFunc(q.CorrespondsTo, func(c graph.Correspondence) bool { return c.ProvisionID == p.ID }) {
			out = append(out, q)
		}
	}
	return out
}

// parentID is the id of the provision that holds id ("…/art_1" for
// "…/art_1/point_3"); "" for a top-level part of a law, whose parent is
// the law itself.
func parentID(id string) string {
	i := strings.LastIndex(id, "/")
	if i < 0 {
		return ""
	}
	parent := id[:i]
	if strings.Count(parent, "/") < 2 { // "idn/law-21-2007": the law
		return ""
	}
	return parent
}

// topPart is the id of the article or section id is part of: its law's
// id and its first part ("idn/law-21-2007/art_58" for
// "idn/law-21-2007/art_58/para_4/point_b").
func topPart(id string) string {
	parts := strings.SplitN(id, "/", 4)
	if len(parts) < 3 {
		return id
	}
	return strings.Join(parts[:3], "/")
}

// reDefiningArticle is a provision's reference to the article of its
// instrument that defines the conduct it is about.
var reDefiningArticle = regexp.MustCompile(`(?i)\b(?:set forth in|defined in|as defined in) (?:article|art\.) (\d+)\b`)

// DefiningProvisions returns the provisions of p's instrument, among all,
// that p's text refers to for the conduct it is about (reDefiningArticle):
// an obligation to criminalise "the conduct set forth in article 3" is
// about what article 3 defines.
func DefiningProvisions(p *graph.Provision, all []*graph.Provision) []*graph.Provision {
	if p == nil {
		return nil
	}
	var out []*graph.Provision
	for _, m := range reDefiningArticle.FindAllStringSubmatch(p.Text, -1) {
		id := p.InstrumentID + "/art_" + m[1]
		if id == p.ID || strings.HasPrefix(p.ID, id+"/") {
			continue
		}
		for _, q := range all {
			if q.ID == id && !slices.Contains(out, q) {
				out = append(out, q)
			}
		}
	}
	return out
}

// nearSame is how close to a provision's score one that holds it or is
// part of it must come to say the same words (dropNested). Leaving out
// every such provision, however it scored, ranked the curated links lower
// (IDN recall@5 0.57 to 0.48, MYS 0.60 to 0.44): an article whose other
// paragraphs match too is another suggestion.
const nearSame = 0.99

// dropNested leaves out of a ranking each provision that is part of one
// ranked above it, or holds one ranked above it, and scores nearly as
// much (nearSame): an article whose one matching paragraph is ranked
// already (Pasal 20 after Pasal 20 ayat (1)) says nothing more, and its
// place is another's.
func dropNested(ranked []SuggestedLink) []SuggestedLink {
	out := ranked[:0:0]
	for _, s := range ranked {
		if !slices.ContainsFunc(out, func(k SuggestedLink) bool {
			nested := strings.HasPrefix(s.Provision.ID, k.Provision.ID+"/") || strings.HasPrefix(k.Provision.ID, s.Provision.ID+"/")
			return nested && s.Score >= nearSame*k.Score
		}) {
			out = append(out, s)
		}
	}
	return out
}
