package resolvers

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/generated"
)

// searchCursorPrefix marks a search cursor: a hit's rank, since a ranked
// list has no other order to resume from.
const searchCursorPrefix = "rank:"

func encodeSearchCursor(rank int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(searchCursorPrefix + strconv.Itoa(rank)))
}

func decodeSearchCursor(cursor string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil && strings.HasPrefix(string(b), searchCursorPrefix) {
		if n, err := strconv.Atoi(strings.TrimPrefix(string(b), searchCursorPrefix)); err == nil && n >= 0 {
			return n, nil
		}
	}
	return 0, graph.Errorf(graph.EINVALID, "invalid cursor %q: use a cursor from a previous page of the same search", cursor)
}

// searchDefaultFirst is the search field's page size when first is not
// given (the schema's default).
const searchDefaultFirst = 20

// runSearch answers the search field: it checks the arguments, asks the
// index and loads each hit's record through the request's loaders.
func runSearch(ctx context.Context, ix *search.Index, text string, kinds []generated.SearchKind, state, instrument *string, first *int, after *string) (*generated.SearchConnection, error) {
	if ix == nil {
		return nil, &gqlerror.Error{Message: "this server runs without a search index", Extensions: map[string]any{"code": apierr.CodeSearchUnavailable}}
	}
	q := search.Query{Text: text, Size: searchDefaultFirst}
	if first != nil {
		q.Size = *first
	}
	if after != nil && *after != "" {
		rank, err := decodeSearchCursor(*after)
		if err != nil {
			return nil, err
		}
		q.From = rank + 1
	}
	for _, k := range kinds {
		q.Kinds = append(q.Kinds, string(k))
	}
	if state != nil && *state != "" {
		code, err := requireState(ctx, *state)
		if err != nil {
			return nil, err
		}
		q.State = code
	}
	inst, err := requireInstrument(ctx, instrument)
	if err != nil {
		return nil, err
	}
	q.Instrument = inst

	res, err := ix.Search(ctx, q)
	if errors.Is(err, search.ErrBuilding) {
		return nil, &gqlerror.Error{Message: err.Error(), Extensions: map[string]any{"code": apierr.CodeIndexBuilding}}
	}
	if err != nil {
		return nil, err
	}

	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Record
	}
	nodes, err := loadersFrom(ctx).Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	conn := &generated.SearchConnection{
		Edges:      []*generated.SearchEdge{},
		TotalCount: res.Total,
		TookMs:     float64(res.Took.Microseconds()) / 1000,
		Facets: &generated.SearchFacets{
			Kind:       facetCounts(res.Facets["kind"]),
			State:      facetCounts(res.Facets["state"]),
			Instrument: facetCounts(res.Facets["instrument"]),
			Theme:      facetCounts(res.Facets["theme"]),
		},
	}
	for i, h := range res.Hits {
		hit := searchHit(h, nodes[i])
		if hit == nil {
			continue // the record went between the index's answer and the load
		}
		conn.Edges = append(conn.Edges, &generated.SearchEdge{Node: hit, Cursor: encodeSearchCursor(q.From + i)})
	}
	conn.PageInfo = &generated.PageInfo{
		HasNextPage:     q.From+len(res.Hits) < res.Total,
		HasPreviousPage: q.From > 0,
	}
	if len(res.Hits) > 0 {
		start, end := encodeSearchCursor(q.From), encodeSearchCursor(q.From+len(res.Hits)-1)
		conn.PageInfo.StartCursor, conn.PageInfo.EndCursor = &start, &end
	}
	return conn, nil
}

// searchHit returns the GraphQL hit of h, whose record is n, or nil when n
// is not of the hit's kind (a record changed since it was indexed).
func searchHit(h search.Hit, n graph.Node) generated.SearchHit {
	var hl []*generated.Highlight
	for _, x := range h.Highlights {
		hl = append(hl, &generated.Highlight{Field: x.Field, Fragments: x.Fragments})
	}
	if hl == nil {
		hl = []*generated.Highlight{}
	}
	kind := generated.SearchKind(h.Kind)
	switch n := n.(type) {
	case nil:
		return nil
	case *graph.Instrument:
		if kind == generated.SearchKindInstrument {
			return &generated.InstrumentHit{ID: h.Record, Kind: kind, Title: h.Title, Score: h.Score, Highlights: hl, Instrument: n}
		}
	case *graph.Provision:
		if kind == generated.SearchKindProvision {
			return &generated.ProvisionHit{ID: h.Record, Kind: kind, Title: h.Title, Score: h.Score, Highlights: hl, Provision: n}
		}
	case *graph.Obligation:
		if kind == generated.SearchKindObligation {
			return &generated.ObligationHit{ID: h.Record, Kind: kind, Title: h.Title, Score: h.Score, Highlights: hl, Obligation: n}
		}
	case *graph.Law:
		if kind == generated.SearchKindLaw {
			return &generated.LawHit{ID: h.Record, Kind: kind, Title: h.Title, Score: h.Score, Highlights: hl, Law: n}
		}
	case *graph.Evidence:
		if kind == generated.SearchKindEvidence {
			return &generated.EvidenceHit{ID: h.Record, Kind: kind, Title: h.Title, Score: h.Score, Highlights: hl, Evidence: n}
		}
	case *graph.StatuteProvision:
		if kind == generated.SearchKindStatuteProvision {
			return &generated.StatuteProvisionHit{ID: h.Record, Kind: kind, Title: h.Title, Score: h.Score, Highlights: hl, StatuteProvision: n}
		}
	}
	if kind == generated.SearchKindSource {
		srcs := search.SourcesOf(n)
		if h.Source < len(srcs) {
			src := srcs[h.Source]
			return &generated.SourceHit{ID: h.Record, Kind: kind, Title: h.Title, Score: h.Score, Highlights: hl, Source: &src, Record: n}
		}
	}
	return nil
}

func facetCounts(list []search.FacetCount) []*generated.FacetCount {
	out := make([]*generated.FacetCount, len(list))
	for i, f := range list {
		out[i] = &generated.FacetCount{Value: f.Value, Count: f.Count}
	}
	return out
}

func searchStatus(ix *search.Index) *generated.SearchIndexStatus {
	if ix == nil {
		return &generated.SearchIndexStatus{Version: "0"}
	}
	st := ix.Status()
	return &generated.SearchIndexStatus{
		Ready:       st.Ready,
		Building:    st.Building,
		Documents:   int(st.Documents),
		Version:     strconv.FormatUint(st.Version, 10),
		LastBuildMs: float64(st.LastBuild.Microseconds()) / 1000,
	}
}
