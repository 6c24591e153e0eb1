package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
)

// searchColumns are the search export's: one row per hit, best first,
// with the matching words of its first fragment in [brackets].
var searchColumns = []column{
	{"rank", intCell}, {"kind", textCell}, {"id", textCell}, {"title", textCell}, {"state", textCell},
	{"instrument", textCell}, {"score", decimalCell}, {"match", textCell},
}

// search lists the hits of a query, best first, each citing its record's
// sources (a SOURCE hit, the source it matched).
func (ex *exporter) search(p ExportParams) (*table, error) {
	ix := p.Index
	if ix == nil {
		ix = ex.s.search
	}
	if ix == nil {
		return nil, graph.Errorf(graph.ENOTFOUND, "search is not enabled on this server")
	}
	if p.KnownAt != nil && p.Index == nil {
		// The index holds the graph as it is now: a past moment's search
		// asks an index of the graph as it was then.
		past, err := search.IndexOf(ex.ctx, ex.r)
		if err != nil {
			return nil, err
		}
		defer past.Close()
		ix = past
	}
	limit := p.Hits
	if limit <= 0 {
		limit = DefaultSearchExportHits
	}
	limit = min(limit, MaxSearchExportHits)
	t := &table{title: fmt.Sprintf("Search results for %q", p.Text), columns: searchColumns}
	q := search.Query{Text: p.Text, Kinds: p.Kinds, State: p.State, Instrument: p.Instrument}
	filters := []string{}
	for _, f := range [][2]string{{"kind", strings.Join(p.Kinds, ",")}, {"state", p.State}, {"instrument", p.Instrument}} {
		if f[1] != "" {
			filters = append(filters, f[0]+"="+f[1])
		}
	}
	total := 0
	for q.From < limit {
		q.Size = min(search.MaxPageSize, limit-q.From)
		res, err := ix.Search(ex.ctx, q)
		if err != nil {
			return nil, err
		}
		total = res.Total
		for i, h := range res.Hits {
			row := exportRow{cells: []string{strconv.Itoa(q.From + i + 1), h.Kind, h.Record, h.Title, h.State, h.Instrument,
				strconv.FormatFloat(h.Score, 'f', 4, 64), hitMatch(h)}}
			if err := ex.citeHit(&row, h); err != nil {
				return nil, err
			}
			t.rows = append(t.rows, row)
		}
		if len(res.Hits) < q.Size {
			break
		}
		q.From += len(res.Hits)
	}
	t.meta = append(t.meta, [2]string{"query", p.Text}, [2]string{"filters", strings.Join(filters, " ")},
		[2]string{"hits", fmt.Sprintf("%d of %d", len(t.rows), total)})
	return t, nil
}

// citeHit adds what a hit cites: its record, or the one source a SOURCE
// hit matched.
func (ex *exporter) citeHit(row *exportRow, h search.Hit) error {
	if h.Kind != "SOURCE" {
		return ex.cites.cite(row, h.Record)
	}
	n, err := ex.cites.node(h.Record)
	if err != nil || n == nil {
		return err
	}
	row.records = append(row.records, h.Record)
	if all := search.SourcesOf(n); h.Source >= 0 && h.Source < len(all) {
		addSources(row, all[h.Source])
	}
	return nil
}

// hitMatch is a hit's first fragment as plain text, the matches in [brackets].
func hitMatch(h search.Hit) string {
	for _, field := range []string{"text", "title"} {
		for _, hl := range h.Highlights {
			if hl.Field == field && len(hl.Fragments) > 0 {
				return search.PlainFragment(hl.Fragments[0], "[", "]")
			}
		}
	}
	return ""
}
