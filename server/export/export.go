// Package export writes the tables a researcher downloads (matrix, heatmap,
// compare, records, gaps, search, and the corpus of every record), each row
// with the sources that back it, as CSV or XLSX, for /export/ and the CLI.
package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/engine"
)

// Exports are tables a researcher downloads, each row with the sources that
// back it. They are served at /export/NAME.FORMAT (FORMAT csv or xlsx):
//
//	/export/matrix.xlsx?asOf=2018-01-01                 every state × instrument
//	/export/heatmap.csv?instrument=actip-2015&basis=LAW  every state × obligation
//	/export/compare.xlsx?instrument=actip-2015           one row per state
//	/export/records.csv?state=IDN                        a state's compliance records
//	/export/gaps.xlsx?state=IDN&asOf=2018-01-01          a state's gaps
//	/export/search.csv?q=non-punishment&kind=PROVISION   search hits, best first
//
// Every export takes knownAt (RFC 3339), as the GraphQL queries do: it then
// answers as the graph knew it at that moment (graph.History.At), an as-of
// date left out being that moment's day, and says so in its "known at" and
// "cite this" lines. A search known at a past moment asks an index built,
// for that export alone, from the graph as it was then.
//
// A CSV starts with "# key: value" lines (the title, the as-of date, the
// data version and a "cite this" line; read it with comment='#'), then one
// header row and the data. A workbook has an About sheet with the same
// lines, the table, and a Sources sheet listing every source once with the
// rows that cite it. Dates keep their precision (2016, 2016-01), rates are
// fractions, and an unknown value is an empty cell.

// exportNames lists the exports in the order the README gives them.
var exportNames = []string{"matrix", "heatmap", "compare", "records", "gaps", "search"}

// ExportParams says what one export covers.
type ExportParams struct {
	Name       string // matrix, heatmap, compare, records or gaps
	State      string // records and gaps
	States     []string
	Instrument string
	AsOf       graph.Date // zero means today (knownAt's day, when it is set)
	Basis      graph.Basis
	// KnownAt, when set, is the moment whose graph the export reads: the
	// answer the graph gave then (nil: the graph as it is now).
	KnownAt *time.Time
	// URL is the export's address, quoted in its "cite this" line.
	URL string
	// Text, Kinds and Hits are the search export's query (State and
	// Instrument filter it too) and the most hits it lists (default
	// DefaultSearchExportHits); Index is the index it asks, when not the
	// server's (server.Config.Search). With KnownAt, an Index given must be of the
	// graph as known then (search.IndexOf); left nil, the export builds one.
	Text  string
	Kinds []string
	Hits  int
	Index *search.Index
}

// DefaultSearchExportHits and MaxSearchExportHits bound a search export.
const (
	DefaultSearchExportHits = 1000
	MaxSearchExportHits     = 10000
)

// table is an export before it is written.
type table struct {
	title   string
	columns []string
	rows    []exportRow
	meta    [][2]string
	// bare tables (the corpus's sources and changelog) end their rows
	// without the citations columns.
	bare bool
}

type exportRow struct {
	cells   []string
	sources []graph.Source
}

// Exporter writes the exports of one store, through its compliance engine
// and search index.
type Exporter struct {
	store   graph.Store
	engine  engine.Compliance
	search  *search.Index
	timeout time.Duration
}

// New returns the exporter over store: eng answers, ix (nil for none) is
// searched, and timeout (0 for none) bounds each export served over HTTP.
func New(store graph.Store, eng engine.Compliance, ix *search.Index, timeout time.Duration) *Exporter {
	return &Exporter{store: store, engine: eng, search: ix, timeout: timeout}
}

// ServeHTTP answers /export/NAME.FORMAT. Bad parameters get a 400 with a
// JSON body holding the error's code, as GraphQL errors do.
func (s *Exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	file := path.Base(r.URL.Path)
	name, format, _ := strings.Cut(file, ".")
	if name == "corpus" {
		s.serveCorpus(w, r, format)
		return
	}
	q := r.URL.Query()
	p := ExportParams{Name: name, State: q.Get("state"), Instrument: q.Get("instrument")}
	if v := q.Get("states"); v != "" {
		p.States = strings.Split(v, ",")
	}
	p.Text = q.Get("q")
	if v := q.Get("kind"); v != "" {
		for _, k := range strings.Split(v, ",") {
			p.Kinds = append(p.Kinds, strings.ToUpper(strings.TrimSpace(k)))
		}
	}
	var err error
	if v := q.Get("n"); v != "" {
		if p.Hits, err = strconv.Atoi(v); err != nil || p.Hits < 1 || p.Hits > MaxSearchExportHits {
			writeExportError(w, graph.Errorf(graph.EINVALID, "invalid n %q: want a number from 1 to %d", v, MaxSearchExportHits))
			return
		}
	}
	if v := q.Get("asOf"); v != "" {
		if p.AsOf, err = graph.ParseDate(v); err != nil {
			writeExportError(w, graph.Errorf(graph.EINVALID, "invalid asOf %q: want YYYY-MM-DD, YYYY-MM or YYYY", v))
			return
		}
	}
	if v := q.Get("knownAt"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			writeExportError(w, graph.Errorf(graph.EINVALID, "invalid knownAt %q: want an RFC 3339 time such as 2026-11-27T10:00:00Z", v))
			return
		}
		p.KnownAt = &t
	}
	if v := q.Get("basis"); v != "" {
		b, err := graph.ParseEnum("basis", graph.Bases, strings.ToUpper(v))
		if err != nil {
			writeExportError(w, err)
			return
		}
		p.Basis = b
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	p.URL = scheme + "://" + r.Host + r.URL.RequestURI()
	ctx := r.Context()
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	var buf bytes.Buffer
	if err := s.Export(ctx, p, format, &buf); err != nil {
		writeExportError(w, err)
		return
	}
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", exportFileName(p, format)))
	w.Write(buf.Bytes())
}

func exportFileName(p ExportParams, format string) string {
	parts := []string{"pactwatch", p.Name}
	if p.State != "" {
		parts = append(parts, strings.ToUpper(p.State))
	}
	if p.Instrument != "" {
		parts = append(parts, p.Instrument)
	}
	asOf := p.AsOf
	if asOf.IsZero() {
		asOf = graph.Today()
		if p.KnownAt != nil {
			asOf = graph.DateOf(p.KnownAt.UTC())
		}
	}
	parts = append(parts, asOf.String())
	if p.KnownAt != nil {
		parts = append(parts, "known-"+p.KnownAt.UTC().Format("20060102T150405Z"))
	}
	return strings.Join(parts, "-") + "." + format
}

func writeExportError(w http.ResponseWriter, err error) {
	code, status := apierr.CodeInternal, http.StatusInternalServerError
	msg := "internal error"
	switch graph.ErrorCode(err) {
	case graph.EINVALID:
		code, status, msg = apierr.CodeBadUserInput, http.StatusBadRequest, graph.ErrorMessage(err)
	case graph.ENOTFOUND:
		code, status, msg = apierr.CodeNotFound, http.StatusNotFound, graph.ErrorMessage(err)
	}
	if errors.Is(err, search.ErrBuilding) {
		code, status, msg = apierr.CodeIndexBuilding, http.StatusServiceUnavailable, err.Error()
		w.Header().Set("Retry-After", "5")
	}
	if err == context.DeadlineExceeded {
		code, status, msg = apierr.CodeTimeout, http.StatusServiceUnavailable, "export timed out"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
}

// Export writes the export p names in format (csv or xlsx) to w. Bad
// parameters are EINVALID or ENOTFOUND *graph.Errors.
func (s *Exporter) Export(ctx context.Context, p ExportParams, format string, w io.Writer) error {
	if format != "csv" && format != "xlsx" {
		return graph.Errorf(graph.EINVALID, "unknown export format %q: want csv or xlsx", format)
	}
	ex := &exporter{s: s, ctx: ctx, r: s.store, eng: s.engine}
	if p.KnownAt != nil {
		r, err := engine.GraphAt(ctx, s.store, p.KnownAt)
		if err != nil {
			return err
		}
		ex.r, ex.eng = r, engine.Over(r, *p.KnownAt)
	}
	if p.AsOf.IsZero() {
		p.AsOf = graph.Today()
		if p.KnownAt != nil {
			p.AsOf = graph.DateOf(p.KnownAt.UTC())
		}
	}
	if p.Basis == "" {
		p.Basis = graph.BasisLaw
	}
	t, err := ex.table(p)
	if err != nil {
		return err
	}
	t.meta = append(exportMeta(p, t.title, engine.DataVersion(s.store), time.Now()), t.meta...)
	if format == "csv" {
		return t.writeCSV(w)
	}
	return t.writeXLSX(w, p.Name)
}

// exportMeta are the lines an export starts with: what it is, the day and
// moment it answers for, the data version, and how to cite it.
func exportMeta(p ExportParams, title, version string, now time.Time) [][2]string {
	meta := [][2]string{{"title", title}}
	if p.Name != "search" { // a search is of the records, on no day or basis
		meta = append(meta, [2]string{"as of", p.AsOf.String()}, [2]string{"basis", string(p.Basis)})
	}
	cite := fmt.Sprintf("pactwatch, %q, data version %s, as of %s", title, version, p.AsOf)
	if p.KnownAt != nil {
		known := p.KnownAt.UTC().Format(time.RFC3339Nano)
		meta = append(meta, [2]string{"known at", known})
		cite += ", as the graph knew it at " + known
	}
	return append(meta,
		[2]string{"data version", version},
		[2]string{"exported", now.UTC().Format(time.RFC3339)},
		[2]string{"url", p.URL},
		[2]string{"cite this", cite + ". " + p.URL})
}

func (ex *exporter) table(p ExportParams) (*table, error) {
	switch p.Name {
	case "matrix":
		return ex.matrix(p)
	case "heatmap":
		return ex.heatmap(p)
	case "compare":
		return ex.compare(p)
	case "records", "gaps":
		if strings.TrimSpace(p.State) == "" {
			return nil, graph.Errorf(graph.EINVALID, "the %s export needs a state, e.g. ?state=IDN", p.Name)
		}
		return ex.records(p, p.Name == "gaps")
	case "search":
		return ex.search(p)
	}
	return nil, graph.Errorf(graph.ENOTFOUND, "no export %q: exports are %s", p.Name, strings.Join(exportNames, ", "))
}

// exporter builds tables from the engine and cites each row's records,
// both over r: the store, or the graph as known at the export's knownAt.
type exporter struct {
	s   *Exporter
	ctx context.Context
	r   graph.Reader
	eng engine.Compliance
}

// sources returns the distinct sources of the records with the given ids.
func (ex *exporter) sources(ids ...string) ([]graph.Source, error) {
	var kept []string
	for _, id := range ids {
		if id != "" {
			kept = append(kept, id)
		}
	}
	ns, err := ex.r.Nodes(ex.ctx, kept)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []graph.Source
	for _, n := range ns {
		if n == nil {
			continue
		}
		for _, src := range search.SourcesOf(n) {
			k := src.Citation + "\x00" + src.URL
			if !seen[k] {
				seen[k] = true
				out = append(out, src)
			}
		}
	}
	return out, nil
}

func (ex *exporter) instruments(id string) ([]string, error) {
	if id != "" {
		if _, err := graph.Get[*graph.Instrument](ex.ctx, ex.r, id); err != nil {
			return nil, err
		}
		return []string{id}, nil
	}
	return ex.r.IDs(ex.ctx, graph.KindInstrument)
}

func (ex *exporter) matrix(p ExportParams) (*table, error) {
	insts, err := ex.instruments(p.Instrument)
	if err != nil {
		return nil, err
	}
	t := &table{title: "Ratification matrix as of " + p.AsOf.String(),
		columns: []string{"state", "instrument", "party", "standing", "status", "signed", "ratified", "deposited", "in_force", "withdrawn", "action"}}
	for _, inst := range insts {
		rows, err := ex.eng.RatificationTable(ex.ctx, inst, p.AsOf)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			src, err := ex.sources(r.ActionID)
			if err != nil {
				return nil, err
			}
			party := strconv.FormatBool(r.Party)
			if !r.Standing.Known() {
				party = "" // not known: an empty cell, never "false"
			}
			t.rows = append(t.rows, exportRow{cells: []string{r.StateCode, r.InstrumentID, party, string(r.Standing), r.Status,
				r.Signed.String(), r.Ratified.String(), r.Deposited.String(), r.InForce.String(), r.Withdrawn.String(), r.ActionID}, sources: src})
		}
	}
	return t, nil
}

var recordColumns = []string{"state", "obligation", "instrument", "standing", "bound", "bound_since", "bound_by", "committed", "nature", "legal", "review", "practice", "practice_thematic", "laws", "evidence", "reasons", "warnings", "caveats"}

func (ex *exporter) recordRow(r *graph.ComplianceRecord) (exportRow, error) {
	lawIDs, evIDs := r.LawIDs(), r.EvidenceIDs()
	ids := append([]string{r.ObligationID, path.Dir(r.ObligationID), r.BoundByID, r.ReviewID}, lawIDs...)
	ids = append(ids, evIDs...)
	src, err := ex.sources(ids...)
	if err != nil {
		return exportRow{}, err
	}
	reasons, err := r.Reasons(ex.ctx)
	if err != nil {
		return exportRow{}, err
	}
	warnings, _ := r.Warnings(ex.ctx)
	bound := strconv.FormatBool(r.Bound)
	if !r.Standing.Known() {
		bound = "" // not known
	}
	return exportRow{cells: []string{r.StateCode, r.ObligationID, r.InstrumentID, string(r.Standing), bound, r.BoundSince.String(), r.BoundByID,
		strconv.FormatBool(r.Committed), string(r.Nature), string(r.Legal), r.ReviewID, string(r.Practice()), strconv.FormatBool(r.PracticeThematic()),
		strings.Join(lawIDs, " "), strings.Join(evIDs, " "),
		strings.Join(reasons, " | "), strings.Join(warnings, " | "), strings.Join(r.Caveats(), " | ")}, sources: src}, nil
}

func (ex *exporter) records(p ExportParams, gaps bool) (*table, error) {
	code := engine.NormalizeCode(p.State)
	var recs []*graph.ComplianceRecord
	var err error
	t := &table{columns: recordColumns}
	if gaps {
		t.title = fmt.Sprintf("%s: ratified but not implemented as of %s (basis %s)", code, p.AsOf, p.Basis)
		recs, err = ex.eng.GapList(ex.ctx, graph.GapQuery{State: code, AsOf: p.AsOf, Basis: p.Basis, InstrumentID: p.Instrument})
	} else {
		t.title = fmt.Sprintf("%s: compliance records as of %s", code, p.AsOf)
		recs, err = ex.eng.Records(ex.ctx, code, p.AsOf, p.Instrument)
	}
	if err != nil {
		return nil, err
	}
	return t, ex.addRecords(t, recs)
}

// addRecords appends one row per record, with its citations.
func (ex *exporter) addRecords(t *table, recs []*graph.ComplianceRecord) error {
	for _, r := range recs {
		row, err := ex.recordRow(r)
		if err != nil {
			return err
		}
		t.rows = append(t.rows, row)
	}
	return nil
}

func (ex *exporter) heatmap(p ExportParams) (*table, error) {
	if p.Instrument != "" {
		if _, err := ex.instruments(p.Instrument); err != nil {
			return nil, err
		}
	}
	states, err := ex.r.IDs(ex.ctx, graph.KindState)
	if err != nil {
		return nil, err
	}
	t := &table{title: fmt.Sprintf("Implementation heatmap as of %s", p.AsOf), columns: recordColumns}
	if p.Instrument != "" {
		t.title += " for " + p.Instrument
	}
	for _, code := range states {
		recs, err := ex.eng.Records(ex.ctx, code, p.AsOf, p.Instrument)
		if err != nil {
			return nil, err
		}
		if err := ex.addRecords(t, recs); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (ex *exporter) compare(p ExportParams) (*table, error) {
	insts, err := ex.instruments(p.Instrument)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, c := range p.States {
		codes = append(codes, engine.NormalizeCode(c))
	}
	sums, err := ex.eng.Compare(ex.ctx, codes, p.Instrument, p.AsOf, p.Basis)
	if err != nil {
		return nil, err
	}
	// A state's row cites the actions that bind it.
	actions := map[string][]string{}
	for _, inst := range insts {
		rows, err := ex.eng.RatificationTable(ex.ctx, inst, p.AsOf)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.ActionID != "" {
				actions[r.StateCode] = append(actions[r.StateCode], r.ActionID)
			}
		}
	}
	t := &table{title: fmt.Sprintf("State comparison as of %s (basis %s)", p.AsOf, p.Basis),
		columns: []string{"state", "instrument", "bound", "implemented", "partial", "not_implemented", "unreviewed", "reserved", "not_domestic", "not_counted", "committed", "standing_unknown", "rate_low", "rate_high", "coverage", "reviewed_rate", "bound_by"}}
	for _, sm := range sums {
		src, err := ex.sources(actions[sm.StateCode]...)
		if err != nil {
			return nil, err
		}
		rate := func(f float64) string {
			if sm.Denominator == 0 {
				return "" // nothing to rate: no rate, never 0
			}
			return strconv.FormatFloat(f, 'f', 4, 64)
		}
		reviewed := ""
		if sm.ImplementationRate != nil {
			reviewed = strconv.FormatFloat(*sm.ImplementationRate, 'f', 4, 64)
		}
		t.rows = append(t.rows, exportRow{cells: []string{sm.StateCode, sm.InstrumentID, strconv.Itoa(sm.Bound), strconv.Itoa(sm.Implemented),
			strconv.Itoa(sm.Partial), strconv.Itoa(sm.NotImplemented), strconv.Itoa(sm.Unreviewed), strconv.Itoa(sm.Reserved),
			strconv.Itoa(sm.NotDomestic), strconv.Itoa(sm.NotCounted), strconv.Itoa(sm.Committed), strconv.Itoa(sm.StandingUnknown),
			rate(sm.RateLow), rate(sm.RateHigh), rate(sm.Coverage), reviewed, strings.Join(actions[sm.StateCode], " ")}, sources: src})
	}
	return t, nil
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
	t := &table{title: fmt.Sprintf("Search results for %q", p.Text),
		columns: []string{"rank", "kind", "id", "title", "state", "instrument", "score", "match"}}
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
			src, err := ex.hitSources(h)
			if err != nil {
				return nil, err
			}
			t.rows = append(t.rows, exportRow{cells: []string{strconv.Itoa(q.From + i + 1), h.Kind, h.Record, h.Title, h.State, h.Instrument,
				strconv.FormatFloat(h.Score, 'f', 4, 64), hitMatch(h)}, sources: src})
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

// hitSources are the sources a hit cites: its record's, or the one source
// a SOURCE hit matched.
func (ex *exporter) hitSources(h search.Hit) ([]graph.Source, error) {
	if h.Kind != "SOURCE" {
		return ex.sources(h.Record)
	}
	ns, err := ex.r.Nodes(ex.ctx, []string{h.Record})
	if err != nil || ns[0] == nil {
		return nil, err
	}
	if all := search.SourcesOf(ns[0]); h.Source >= 0 && h.Source < len(all) {
		return all[h.Source : h.Source+1], nil
	}
	return nil, nil
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

// citationCells are the two columns every row ends with.
func citationCells(src []graph.Source) []string {
	var cites, urls []string
	for _, s := range src {
		cites = append(cites, s.Citation)
		if s.URL != "" {
			urls = append(urls, s.URL)
		}
	}
	return []string{strings.Join(cites, " | "), strings.Join(urls, " ")}
}

func (t *table) header() []string {
	if t.bare {
		return t.columns
	}
	return append(append([]string{}, t.columns...), "citations", "source_urls")
}

func (t *table) writeCSV(w io.Writer) error {
	for _, m := range t.meta {
		if _, err := fmt.Fprintf(w, "# %s: %s\n", m[0], oneLineText(m[1])); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Write(t.header())
	for _, r := range t.rows {
		cells := append([]string{}, r.cells...)
		if !t.bare {
			cells = append(cells, citationCells(r.sources)...)
		}
		for i := range cells {
			cells[i] = safeCell(cells[i])
		}
		cw.Write(cells)
	}
	cw.Flush()
	return cw.Error()
}

func (t *table) writeXLSX(w io.Writer, name string) error {
	f := excelize.NewFile()
	defer f.Close()
	const about = "About"
	if err := f.SetSheetName("Sheet1", about); err != nil {
		return err
	}
	for i, m := range t.meta {
		if err := f.SetSheetRow(about, cell(1, i+1), &[]any{m[0], safeCell(m[1])}); err != nil {
			return err
		}
	}
	f.SetColWidth(about, "A", "A", 14)
	f.SetColWidth(about, "B", "B", 100)

	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	head := t.header()
	if err := f.SetSheetRow(name, "A1", &head); err != nil {
		return err
	}
	f.SetRowStyle(name, 1, 1, bold)
	// Sources: each once, numbered, with the rows that cite it.
	type cited struct {
		src  graph.Source
		rows []string
	}
	var order []string
	byKey := map[string]*cited{}
	for i, r := range t.rows {
		cells := make([]any, 0, len(r.cells)+2)
		for _, c := range append(append([]string{}, r.cells...), citationCells(r.sources)...) {
			cells = append(cells, safeCell(c))
		}
		if err := f.SetSheetRow(name, cell(1, i+2), &cells); err != nil {
			return err
		}
		for _, s := range r.sources {
			k := s.Citation + "\x00" + s.URL
			if byKey[k] == nil {
				byKey[k] = &cited{src: s}
				order = append(order, k)
			}
			byKey[k].rows = append(byKey[k].rows, strconv.Itoa(i+2))
		}
	}
	f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})

	const sources = "Sources"
	if _, err := f.NewSheet(sources); err != nil {
		return err
	}
	f.SetSheetRow(sources, "A1", &[]any{"citation", "url", "publisher", "date", "locator", "cited by rows of " + name})
	f.SetRowStyle(sources, 1, 1, bold)
	for i, k := range order {
		c := byKey[k]
		f.SetSheetRow(sources, cell(1, i+2), &[]any{safeCell(c.src.Citation), safeCell(c.src.URL), safeCell(c.src.Publisher),
			c.src.Date.String(), safeCell(c.src.Locator), strings.Join(c.rows, " ")})
	}
	f.SetColWidth(sources, "A", "A", 80)
	f.SetColWidth(sources, "B", "B", 50)
	return f.Write(w)
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

// safeCell neutralises a cell a spreadsheet would run as a formula: one
// beginning with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
