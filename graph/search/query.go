package search

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pactwatch/pactwatch/graph"
)

// Limits of a query.
const (
	// MaxQueryLength is the longest query text accepted, in characters.
	MaxQueryLength = 500
	// MaxPageSize is the most hits one Search returns.
	MaxPageSize = 100
	// MaxOffset is the deepest a query may page: ranked hits past it are not
	// worth reading, and collecting them costs memory.
	MaxOffset = 10000
)

// Facet fields, in the order Result.Facets lists them.
var FacetFields = []string{"kind", "state", "instrument", "theme"}

// Query is one search.
type Query struct {
	// Text is bleve's query string syntax: words (stemmed, any may match,
	// the best ranked first), "quoted phrases", +required and -excluded
	// words, and field queries such as state:IDN, kind:LAW,
	// instrument:actip-2015, theme:PROTECTION or title:trafficking. A word
	// with hyphens (non-punishment) is searched as a phrase. Empty matches
	// every record the filters keep.
	Text string
	// Kinds, State and Instrument filter the hits (any of Kinds).
	Kinds      []string
	State      string
	Instrument string
	// From is the number of ranked hits to skip; Size the most to return.
	From, Size int
}

// Highlight is a field's matching fragments: HTML, with the matches in
// <mark> and everything else escaped.
type Highlight struct {
	Field     string   `json:"field"`
	Fragments []string `json:"fragments"`
}

// Hit is one ranked document.
type Hit struct {
	// Record is the id of the record the hit is about: the provision, law,
	// or, for a SOURCE, the record that cites the source.
	Record string `json:"id"`
	Kind   string `json:"kind"`
	// Source is a SOURCE hit's position in SourcesOf(record).
	Source     int         `json:"source,omitempty"`
	Title      string      `json:"title"`
	State      string      `json:"state,omitempty"`
	Instrument string      `json:"instrument,omitempty"`
	Score      float64     `json:"score"`
	Highlights []Highlight `json:"highlights"`
}

// FacetCount is how many hits have one value of a facet field.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is a page of hits with the total and facets of the whole query.
type Result struct {
	Total  int                     `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
	Took   time.Duration           `json:"-"`
}

// Search runs q. Bad input (an unparsable query, an unknown kind, a page
// past the limits) is an EINVALID *graph.Error; ErrBuilding says the index
// is being built.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	bq, err := q.build()
	if err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil || ix.building.Load() {
		return nil, ErrBuilding
	}
	// The ranking, the total and the facets first, without highlights: a
	// request with highlights has every searcher read the positions of its
	// terms in every hit, which the highlighter needs for the page only.
	req := bleve.NewSearchRequestOptions(bq, q.Size, q.From, false)
	req.AddFacet(facetField, bleve.NewFacetRequest(facetField, facetRequestSize))
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, graph.Errorf(graph.EINVALID, "invalid search %q: %v", q.Text, err)
	}
	out := &Result{Total: int(res.Total), Took: res.Took, Facets: facetCounts(res.Facets[facetField])}
	page, took, err := ix.page(ctx, bq, res.Hits)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	out.Took += took
	for _, h := range res.Hits {
		d := page[h.ID]
		if d == nil {
			return nil, fmt.Errorf("search: the hit %s was not found again", h.ID)
		}
		hit := Hit{
			Kind:       field(d.Fields, "kind"),
			Record:     field(d.Fields, "record"),
			Title:      field(d.Fields, "title"),
			State:      field(d.Fields, "state"),
			Instrument: field(d.Fields, "instrument"),
			Score:      h.Score,
		}
		if _, n, ok := strings.Cut(h.ID, sourceSep); ok {
			fmt.Sscan(n, &hit.Source)
		}
		for _, f := range []string{"title", "text"} {
			// A field without a match still gets a fragment: leave it out.
			var frags []string
			for _, fr := range d.Fragments[f] {
				if strings.Contains(fr, "<mark>") {
					frags = append(frags, fr)
				}
			}
			if len(frags) > 0 {
				hit.Highlights = append(hit.Highlights, Highlight{Field: f, Fragments: frags})
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// page asks bq again of the ranked hits alone, with their stored fields
// and highlights: the same matches in the same documents, so the same
// fragments as one request with highlights would give. The caller holds
// mu, so the index is the one the hits came from.
func (ix *Index) page(ctx context.Context, bq query.Query, hits bsearch.DocumentMatchCollection) (map[string]*bsearch.DocumentMatch, time.Duration, error) {
	if len(hits) == 0 {
		return nil, 0, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bq, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	req.Fields = []string{"kind", "record", "title", "state", "instrument"}
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.Fields = []string{"title", "text"}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	out := make(map[string]*bsearch.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h
	}
	return out, res.Took, nil
}

func field(fields map[string]any, name string) string {
	switch v := fields[name].(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			s, _ := v[0].(string)
			return s
		}
	}
	return ""
}

// build checks q and returns its bleve query.
func (q *Query) build() (query.Query, error) {
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryLength {
		return nil, graph.Errorf(graph.EINVALID, "search text is %d characters long: the limit is %d", n, MaxQueryLength)
	}
	if q.Size < 0 || q.Size > MaxPageSize {
		return nil, graph.Errorf(graph.EINVALID, "invalid page size %d: want 0 to %d", q.Size, MaxPageSize)
	}
	if q.From < 0 || q.From > MaxOffset {
		return nil, graph.Errorf(graph.EINVALID, "invalid offset %d: want 0 to %d", q.From, MaxOffset)
	}
	var conj []query.Query
	text, filters := rewrite(q.Text)
	if text == "" {
		conj = append(conj, bleve.NewMatchAllQuery())
	} else {
		qs := bleve.NewQueryStringQuery(text)
		parsed, err := qs.Parse()
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "cannot read the search %q: %v (quote a phrase with \"...\", and write fields as state:IDN)", q.Text, err)
		}
		conj = append(conj, boosted(parsed, text))
	}
	if len(q.Kinds) > 0 {
		var dis []query.Query
		for _, k := range q.Kinds {
			k = strings.ToUpper(strings.TrimSpace(k))
			if !slices.Contains(Kinds, k) {
				return nil, graph.Errorf(graph.EINVALID, "unknown kind %q: valid kinds are %s", k, strings.Join(Kinds, ", "))
			}
			dis = append(dis, term("kind", k))
		}
		conj = append(conj, anyOf(dis))
	}
	for _, f := range []string{"kind", "state", "theme", "instrument"} {
		if vs := filters[f]; len(vs) > 0 {
			var dis []query.Query
			for _, v := range vs {
				dis = append(dis, term(f, v))
			}
			conj = append(conj, anyOf(dis))
		}
	}
	if q.State != "" {
		conj = append(conj, term("state", strings.ToUpper(strings.TrimSpace(q.State))))
	}
	if q.Instrument != "" {
		conj = append(conj, term("instrument", strings.TrimSpace(q.Instrument)))
	}
	if len(conj) == 1 {
		return conj[0], nil
	}
	return bleve.NewConjunctionQuery(conj...), nil
}

// anyOf is a query for any of qs: the one query itself when there is one,
// which scores each hit as a disjunction of it would (its weight and score
// times one) without the disjunction's work for every hit.
func anyOf(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func term(field, value string) query.Query {
	t := bleve.NewTermQuery(value)
	t.SetField(field)
	return t
}

// filterWord is a field query on a keyword field, such as state:IDN.
var filterWord = regexp.MustCompile(`^([+-]?)(?i:(kind|state|theme|instrument)):([A-Za-z0-9_.-]+)$`)

// hyphenated is a bare word with hyphens, such as non-punishment.
var hyphenated = regexp.MustCompile(`^[+-]?[\pL\pN]+(-[\pL\pN]+)+$`)

// rewrite makes a user's query string fit the index. Field queries on the
// keyword fields (kind:law, state:idn) become filters, returned apart with
// their values as stored (LAW, IDN), so that they keep hits rather than
// rank them; an excluded one (-state:IDN) stays in the query. A bare
// hyphenated word is quoted as a phrase, since the analyzer splits it.
func rewrite(text string) (string, map[string][]string) {
	filters := map[string][]string{}
	var out []string
	inQuote := false
	for _, w := range strings.Fields(text) {
		if !inQuote {
			if m := filterWord.FindStringSubmatch(w); m != nil {
				name := strings.ToLower(m[2])
				value := m[3]
				if name != "instrument" {
					value = strings.ToUpper(value)
				}
				if m[1] == "-" {
					out = append(out, "-"+name+":"+value)
				} else {
					filters[name] = append(filters[name], value)
				}
				continue
			}
			if hyphenated.MatchString(w) {
				prefix := ""
				if w[0] == '+' || w[0] == '-' {
					prefix, w = w[:1], w[1:]
				}
				w = prefix + `"` + w + `"`
			}
		}
		if strings.Count(w, `"`)%2 == 1 {
			inQuote = !inQuote
		}
		out = append(out, w)
	}
	return strings.Join(out, " "), filters
}

// PlainFragment returns a highlight fragment as plain text, the matches
// between the given marks: for a terminal.
func PlainFragment(frag, open, close string) string {
	frag = strings.ReplaceAll(frag, "<mark>", "\x00")
	frag = strings.ReplaceAll(frag, "</mark>", "\x01")
	frag = html.UnescapeString(frag)
	frag = strings.ReplaceAll(frag, "\x00", open)
	return strings.ReplaceAll(frag, "\x01", close)
}

// Boosts of the glossary: a query's words found in a record's title (a
// provision's heading, "Criminalisation of Trafficking in Persons") and the
// themes the glossary says the words name rank a record higher, without
// adding hits. Forms of the words' concepts in other languages ("victim":
// korban, mangsa, ผู้เสียหาย) are searched too, ranked lower.
const (
	titleBoost    = 4
	themeBoost    = 3
	glossaryBoost = 0.5
)

// boosted returns q with the glossary's boosts for the query text as
// optional clauses: they add to a hit's score and keep no hit out. The
// cross-language forms do add hits (a query for "victim" finds "korban").
func boosted(q query.Query, text string) query.Query {
	plain := plainWords(text)
	if plain == "" {
		return q
	}
	var should []query.Query
	tm := bleve.NewMatchQuery(plain)
	tm.SetField("title")
	tm.SetBoost(titleBoost)
	should = append(should, tm)
	var forms []query.Query
	for _, c := range ConceptsIn(plain) {
		if c.Theme != "" {
			t := bleve.NewTermQuery(string(c.Theme))
			t.SetField("theme")
			t.SetBoost(themeBoost)
			should = append(should, bleve.NewConjunctionQuery(t, anyOf([]query.Query{term("kind", KindProvision), term("kind", KindObligation)})))
		}
		for _, f := range slices.Concat(c.ID, c.MS, c.TH) {
			m := bleve.NewMatchPhraseQuery(f)
			m.SetField("text")
			m.SetBoost(glossaryBoost)
			forms = append(forms, m)
		}
	}
	b := bleve.NewBooleanQuery()
	if len(forms) > 0 && !strings.ContainsAny(text, `+-"`) {
		// The words or their forms in other languages.
		b.AddMust(bleve.NewDisjunctionQuery(append([]query.Query{q}, forms...)...))
	} else {
		b.AddMust(q)
	}
	b.AddShould(should...)
	return b
}

// plainWords is the query's words without field queries, operators and quotes.
func plainWords(text string) string {
	var out []string
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, `+-"()`)
		if w == "" || strings.Contains(w, ":") {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
