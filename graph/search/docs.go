package search

import (
	"strconv"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// Kinds of search hits. They are the values of the kind field (kind:LAW)
// and of the GraphQL SearchKind enum.
const (
	KindInstrument = "INSTRUMENT"
	KindProvision  = "PROVISION"
	KindObligation = "OBLIGATION"
	KindLaw        = "LAW"
	KindEvidence   = "EVIDENCE"
	KindSource     = "SOURCE"
	// KindStatuteProvision is a section of a national law whose text is held.
	KindStatuteProvision = "STATUTE_PROVISION"
)

// Kinds lists every kind of hit.
var Kinds = []string{KindInstrument, KindProvision, KindObligation, KindLaw, KindEvidence, KindSource, KindStatuteProvision}

// sourceSep separates a record's id from a source's position in the id of
// the source's document: "actip-2015/art_14/para_7#source/0".
const sourceSep = "#source/"

// doc is one indexed document. Field names are the field names of queries
// (state:IDN, kind:LAW, title:"Law No. 21").
type doc struct {
	Kind       string   `json:"kind"`
	Record     string   `json:"record"`
	State      string   `json:"state,omitempty"`
	Instrument string   `json:"instrument,omitempty"`
	Theme      []string `json:"theme,omitempty"`
	Title      string   `json:"title"`
	Text       string   `json:"text"`
	Source     string   `json:"source,omitempty"`
	// Facet holds the values of the facet fields together, as one term
	// with doc values, so that counting a query's facets visits one term
	// of each hit (facets.go).
	Facet string `json:"facet"`
}

// docID is the id of a document: the record's id, or the record's id and
// the source's position for a source.
type docID = string

// SourcesOf returns the distinct sources a record cites, in the order the
// record gives them: its own, then those of its claims and of its
// entry-into-force or in-force dates. A SOURCE hit's Source is its position
// in this list.
func SourcesOf(n graph.Node) []graph.Source {
	rec := graph.RecordOf(n)
	var all []graph.Source
	all = append(all, rec.Sources...)
	for _, c := range rec.Claims {
		all = append(all, c.Sources...)
	}
	switch n := n.(type) {
	case *graph.Instrument:
		all = append(all, n.EntryIntoForceSources...)
	case *graph.StatuteProvision:
		for _, v := range n.Versions {
			all = append(all, v.Sources...)
		}
	case *graph.StateAction:
		all = append(all, n.InForceSources...)
		for _, r := range n.Reservations {
			all = append(all, r.Sources...)
		}
	}
	seen := map[string]bool{}
	out := all[:0:0]
	for _, s := range all {
		k := s.Citation + "\x00" + s.URL
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// neighbours is what the documents of a record need besides the record: the
// obligations of a provision (their summaries are searched with its text).
type neighbours struct {
	obligations map[string][]*graph.Obligation // by provision id
}

// docsOf returns the documents of node n: one for the record itself when
// its kind is searched, and one for each source it cites.
func docsOf(n graph.Node, c *neighbours) map[docID]doc {
	out := map[docID]doc{}
	id := n.NodeID()
	rec := graph.RecordOf(n)
	var base doc
	searched := true
	switch n := n.(type) {
	case *graph.Instrument:
		base = doc{Kind: KindInstrument, Instrument: n.ID,
			Title: join(n.Title, n.ShortTitle, n.Place),
			Text:  join(n.Summary, rec.Note)}
	case *graph.Provision:
		text := []string{n.Text}
		var themes []string
		for _, o := range c.obligations[n.ID] {
			text = append(text, o.Summary)
			themes = appendThemes(themes, o.Themes)
		}
		text = append(text, rec.Note)
		base = doc{Kind: KindProvision, Instrument: n.InstrumentID, Theme: themes,
			Title: join(n.Label, n.Heading), Text: join(text...)}
	case *graph.Obligation:
		base = doc{Kind: KindObligation, Instrument: n.InstrumentID, Theme: appendThemes(nil, n.Themes),
			Title: n.ID, Text: join(n.Summary, rec.Note)}
	case *graph.Law:
		base = doc{Kind: KindLaw, State: n.StateCode,
			Title: join(n.Title, n.LocalTitle, n.Number),
			Text:  join(n.Summary, rec.Note)}
	case *graph.StatuteProvision:
		text := make([]string, 0, len(n.Versions)+1)
		for _, v := range n.Versions {
			text = append(text, v.Text)
		}
		text = append(text, rec.Note)
		base = doc{Kind: KindStatuteProvision, State: n.StateCode(),
			Title: join(n.Label, n.Heading, n.LawID), Text: join(text...)}
	case *graph.Evidence:
		var figures []string
		for _, f := range n.Figures {
			figures = append(figures, f.Name)
		}
		base = doc{Kind: KindEvidence, State: n.StateCode, Theme: appendThemes(nil, n.Themes),
			Instrument: instrumentOfObligations(n.ObligationIDs),
			Title:      join(string(n.Kind), n.Date.String()),
			Text:       join(n.Summary, join(figures...), rec.Note)}
	case *graph.StateAction:
		searched = false
		base = doc{State: n.StateCode, Instrument: n.InstrumentID}
	case *graph.State:
		searched = false
		base = doc{State: n.Code}
	default:
		searched = false
	}
	base.Record = id
	if searched {
		base.Facet = facetKey(base)
		out[id] = base
	}
	for i, s := range SourcesOf(n) {
		d := doc{Kind: KindSource, Record: id, State: base.State, Instrument: base.Instrument, Theme: base.Theme,
			Title:  s.Citation,
			Text:   join(s.Publisher, s.Locator),
			Source: s.URL}
		d.Facet = facetKey(d)
		out[id+sourceSep+strconv.Itoa(i)] = d
	}
	return out
}

// instrumentOfObligations returns the instrument the obligations belong to
// when they all belong to one (an obligation id starts with its
// instrument's), else "".
func instrumentOfObligations(ids []string) string {
	inst := ""
	for _, id := range ids {
		i, _, _ := strings.Cut(id, "/")
		if inst != "" && inst != i {
			return ""
		}
		inst = i
	}
	return inst
}

func appendThemes(list []string, themes []graph.Theme) []string {
	for _, t := range themes {
		if !containsString(list, string(t)) {
			list = append(list, string(t))
		}
	}
	return list
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// join joins the non-empty parts as sentences, with a full stop after any
// that lacks one.
func join(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(p)
		if !strings.ContainsAny(p[len(p)-1:], ".!?)\"'") {
			b.WriteString(".")
		}
	}
	return b.String()
}
