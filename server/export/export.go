// Package export writes the tables a researcher downloads (matrix, heatmap,
// compare, records, gaps, search, and the corpus of every record), each row
// with the records and sources that back it, as CSV, XLSX or JSON, for
// /export/ and the CLI. Each table's columns are defined once, in its own
// file (matrix.go, heatmap.go, compare.go, records.go, gaps.go, search.go,
// corpus.go); one writer per format (csv.go, xlsx.go, json.go) writes any
// table, every cell through one formula-neutralising rule (neutral.go);
// cite.go says which records each row cites.
package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/engine"
	"github.com/pactwatch/pactwatch/server/httpcache"
)

// Exports are tables a researcher downloads, each row with the records and
// sources that back it. They are served at /export/NAME.FORMAT (FORMAT
// csv, xlsx or json):
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
// date left out being that moment's day. Without it, an export answers
// from the graph as it is, whose moment is the data version's time (the
// newest change of the store's change log).
//
// A CSV starts with "# key: value" lines (the title, the as-of date, the
// basis, the known-at moment, the data version, the URL and a "cite this"
// line; read it with comment='#'), then one header row and the data. A
// workbook has an About sheet with the same lines, the table, and a Sources
// sheet listing every source once with the rows that cite it. A JSON
// document has the same lines as "about", the column names, and one object
// per row. Dates keep their precision (2016, 2016-01), rates are
// fractions, and an unknown value is an empty cell (null in JSON).
//
// The URL quoted in "url" and "cite this" is built from the parsed
// parameters, never the request's raw query: the as-of date and the
// known-at moment always, so that following it gives the same table.

// exportNames lists the exports in the order the README gives them.
var exportNames = []string{"matrix", "heatmap", "compare", "records", "gaps", "search"}

// ExportParams says what one export covers.
type ExportParams struct {
	Name       string // matrix, heatmap, compare, records, gaps or search
	State      string // records and gaps
	States     []string
	Instrument string
	AsOf       graph.Date // zero means today (knownAt's day, when it is set)
	Basis      graph.Basis
	// Include and Modalities are the gaps export's question (graph.GapQuery).
	Include    []graph.LegalStatus
	Modalities []graph.Modality
	// KnownAt, when set, is the moment whose graph the export reads: the
	// answer the graph gave by its end (engine.KnownAt; nil: the graph as
	// it is now). The export quotes it as it was typed.
	KnownAt *graph.Moment
	// Base is the address the export's URL starts with
	// ("https://pactwatch.example.org"): the server's public URL, or the
	// request's scheme and host. Empty (the CLI), the URL is the path alone.
	Base string
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

// Exporter writes the exports of one store, through its compliance engine
// and search index.
type Exporter struct {
	store     graph.Store
	engine    engine.Compliance
	search    *search.Index
	timeout   time.Duration
	publicURL string
	// cache sets the validators and lifetimes of the answers served over
	// HTTP (nil: none).
	cache *httpcache.Cache

	// history is the view of the change history a request gets (nil: the
	// default, the authors' roles only; SetHistoryView).
	history func(ctx context.Context) graph.HistoryView
}

// SetHistoryView sets the view of the change history that the corpus's
// changelog shows a request (server: the setting, and the request's key).
func (s *Exporter) SetHistoryView(view func(ctx context.Context) graph.HistoryView) { s.history = view }

// historyView is the view of the change history for ctx's request.
func (s *Exporter) historyView(ctx context.Context) graph.HistoryView {
	if s.history == nil {
		return engine.HistoryView(ctx, s.store, graph.HistoryRoles, nil)
	}
	return s.history(ctx)
}

// New returns the exporter over store: eng answers, ix (nil for none) is
// searched, timeout (0 for none) bounds each export served over HTTP, and
// publicURL (empty: the request's scheme and host) starts the URL each
// export quotes; cache (nil for none) sets the validators and lifetimes of
// the exports served over HTTP.
func New(store graph.Store, eng engine.Compliance, ix *search.Index, timeout time.Duration, publicURL string, cache *httpcache.Cache) *Exporter {
	return &Exporter{store: store, engine: eng, search: ix, timeout: timeout, publicURL: strings.TrimRight(publicURL, "/"), cache: cache}
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
	p, err := ParseParams(name, r.URL.Query())
	if err != nil {
		writeExportError(w, err)
		return
	}
	p.Base = s.publicURL
	if p.Base == "" {
		p.Base = httpcache.RequestBase(r)
	}
	if s.cache != nil && s.cache.Check(w, r, exportQuestion(p, format, engine.DataVersionOf(s.store).Time())) {
		return
	}
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
	case "json":
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", exportFileName(p, format)))
	w.Write(buf.Bytes())
}

// ParseParams reads an export's URL parameters: state, states (comma
// separated), instrument, asOf, basis, knownAt, include and modalities
// (comma separated, gaps), and q, kind and n (search). Bad values are
// EINVALID *graph.Errors.
func ParseParams(name string, q url.Values) (ExportParams, error) {
	p := ExportParams{Name: name, State: q.Get("state"), Instrument: q.Get("instrument"), Text: q.Get("q")}
	list := func(v string) []string {
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	p.States = list(q.Get("states"))
	for _, k := range list(q.Get("kind")) {
		p.Kinds = append(p.Kinds, strings.ToUpper(k))
	}
	var err error
	if v := q.Get("n"); v != "" {
		if p.Hits, err = strconv.Atoi(v); err != nil || p.Hits < 1 || p.Hits > MaxSearchExportHits {
			return p, graph.Errorf(graph.EINVALID, "invalid n %q: want a number from 1 to %d", v, MaxSearchExportHits)
		}
	}
	if v := q.Get("asOf"); v != "" {
		if p.AsOf, err = graph.ParseDate(v); err != nil {
			return p, graph.Errorf(graph.EINVALID, "invalid asOf %q: want YYYY-MM-DD, YYYY-MM or YYYY", v)
		}
	}
	if v := q.Get("knownAt"); v != "" {
		m, err := graph.ParseMoment(v)
		if err != nil {
			return p, graph.Errorf(graph.EINVALID, "knownAt: %s", graph.ErrorMessage(err))
		}
		p.KnownAt = &m
	}
	if v := q.Get("basis"); v != "" {
		b, err := graph.ParseEnum("basis", graph.Bases, strings.ToUpper(v))
		if err != nil {
			return p, err
		}
		p.Basis = b
	}
	for _, v := range list(q.Get("include")) {
		l, err := graph.ParseEnum("include", graph.LegalStatuses, strings.ToUpper(v))
		if err != nil {
			return p, err
		}
		p.Include = append(p.Include, l)
	}
	for _, v := range list(q.Get("modalities")) {
		m, err := graph.ParseEnum("modality", graph.Modalities, strings.ToUpper(v))
		if err != nil {
			return p, err
		}
		p.Modalities = append(p.Modalities, m)
	}
	return p, nil
}

// query is p as URL parameters, in one order: what the export's URL
// carries.
func (p ExportParams) query() string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+url.QueryEscape(v))
		}
	}
	add("state", p.State)
	add("states", strings.Join(p.States, ","))
	add("q", p.Text)
	add("kind", strings.Join(p.Kinds, ","))
	if p.Hits > 0 {
		add("n", strconv.Itoa(p.Hits))
	}
	add("asOf", p.AsOf.String())
	if p.Name != "search" { // a search is of the records, on no basis
		add("basis", string(p.Basis))
	}
	add("instrument", p.Instrument)
	var inc, mods []string
	for _, l := range p.Include {
		inc = append(inc, string(l))
	}
	for _, m := range p.Modalities {
		mods = append(mods, string(m))
	}
	add("include", strings.Join(inc, ","))
	add("modalities", strings.Join(mods, ","))
	if p.KnownAt != nil {
		add("knownAt", p.KnownAt.String())
	}
	return strings.Join(parts, "&")
}

// URL is the export's address in format, built from its parameters.
func (p ExportParams) URL(format string) string {
	u := p.Base + "/export/" + p.Name + "." + format
	if q := p.query(); q != "" {
		u += "?" + q
	}
	return u
}

func exportFileName(p ExportParams, format string) string {
	parts := []string{"pactwatch", p.Name}
	if p.State != "" {
		parts = append(parts, graph.NormalizeStateCode(p.State))
	}
	if p.Instrument != "" {
		parts = append(parts, p.Instrument)
	}
	asOf := p.AsOf
	if asOf.IsZero() {
		asOf = graph.Today()
		if p.KnownAt != nil {
			asOf = graph.DateOf(p.KnownAt.End())
		}
	}
	parts = append(parts, asOf.String())
	if p.KnownAt != nil {
		parts = append(parts, "known-"+p.KnownAt.End().Format("20060102T150405Z"))
	}
	return strings.Join(parts, "-") + "." + format
}

// exportQuestion is what an export's answer depends on, known before it
// is written: its URL built from the parsed parameters, its as-of date
// (today's when none was asked and no knownAt names a day), and whether
// it can change (httpcache.Lasting).
func exportQuestion(p ExportParams, format string, data time.Time) httpcache.Question {
	var known *time.Time
	if p.KnownAt != nil {
		end := p.KnownAt.End()
		known = &end
	}
	q := httpcache.Question{Request: "export\x00" + p.URL(format), AsOf: p.AsOf,
		Lasting: httpcache.Lasting(!p.AsOf.IsZero(), known, data)}
	if q.AsOf.IsZero() {
		if known != nil {
			q.AsOf = graph.DateOf(*known)
		} else {
			q.Today = true
		}
	}
	return q
}

func writeExportError(w http.ResponseWriter, err error) {
	httpcache.NoStore(w)
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

// Export writes the export p names in format (csv, xlsx or json) to w.
// Bad parameters are EINVALID or ENOTFOUND *graph.Errors.
func (s *Exporter) Export(ctx context.Context, p ExportParams, format string, w io.Writer) error {
	if format != "csv" && format != "xlsx" && format != "json" {
		return graph.Errorf(graph.EINVALID, "unknown export format %q: want csv, xlsx or json", format)
	}
	version := engine.DataVersion(s.store)
	ex := &exporter{s: s, ctx: ctx, r: s.store, eng: s.engine}
	ex.cites = newCiter(ex)
	known, asked := p.KnownAt, p.KnownAt != nil
	if asked {
		r, err := engine.GraphAt(ctx, s.store, engine.KnownAt(p.KnownAt))
		if err != nil {
			return err
		}
		ex.r, ex.eng = r, engine.Over(r, p.KnownAt.End())
		ex.cites = newCiter(ex)
	} else if t, err := s.DataTime(ctx); err != nil {
		return err
	} else if !t.IsZero() {
		m := graph.MomentOf(t)
		known = &m
	}
	if p.AsOf.IsZero() {
		p.AsOf = graph.Today()
		if asked {
			p.AsOf = graph.DateOf(p.KnownAt.End())
		}
	}
	if p.Basis == "" {
		p.Basis = graph.BasisLaw
	}
	p.State = graph.NormalizeStateCode(p.State)
	for i := range p.States {
		p.States[i] = graph.NormalizeStateCode(p.States[i])
	}
	t, err := ex.table(p)
	if err != nil {
		return err
	}
	p.KnownAt = known // the URL carries the moment answered for
	t.meta = append(exportMeta(p, format, t.title, version, asked), t.meta...)
	switch format {
	case "csv":
		return t.writeCSV(w)
	case "json":
		return t.writeJSON(w)
	}
	return t.writeXLSX(w, p.Name)
}

// DataTime is the moment of the graph as the store holds it now: the
// commit time of its data version (graph.DataVersion), zero when the store
// keeps no change log.
func (s *Exporter) DataTime(context.Context) (time.Time, error) {
	return engine.DataVersionOf(s.store).Time(), nil
}

// exportMeta are the lines an export starts with: what it is, the day and
// moment it answers for, the data version, and how to cite it. asked says
// whether the moment was asked for (else it is the data version's time).
func exportMeta(p ExportParams, format, title, version string, asked bool) [][2]string {
	meta := [][2]string{{"title", title}}
	if p.Name != "search" { // a search is of the records, on no day or basis
		meta = append(meta, [2]string{"as of", p.AsOf.String()}, [2]string{"basis", string(p.Basis)})
	}
	cite := fmt.Sprintf("pactwatch, %q, data version %s, as of %s", title, version, p.AsOf)
	if p.KnownAt != nil {
		known := p.KnownAt.String()
		meta = append(meta, [2]string{"known at", known})
		cite += ", as the graph knew it at " + known
		if !asked {
			cite += " (the data version's time)"
		}
	}
	u := p.URL(format)
	return append(meta,
		[2]string{"data version", version},
		[2]string{"url", u},
		[2]string{"cite this", cite + ". " + u})
}

func (ex *exporter) table(p ExportParams) (*table, error) {
	var t *table
	var err error
	switch p.Name {
	case "matrix":
		t, err = ex.matrix(p)
	case "heatmap":
		t, err = ex.heatmap(p)
	case "compare":
		t, err = ex.compare(p)
	case "records", "gaps":
		if p.State == "" {
			return nil, graph.Errorf(graph.EINVALID, "the %s export needs a state, e.g. ?state=IDN", p.Name)
		}
		if p.Name == "gaps" {
			t, err = ex.gaps(p)
		} else {
			t, err = ex.records(p)
		}
	case "search":
		t, err = ex.search(p)
	default:
		return nil, graph.Errorf(graph.ENOTFOUND, "no export %q: exports are %s", p.Name, strings.Join(exportNames, ", "))
	}
	if t != nil {
		t.report = true
	}
	return t, err
}

// exporter builds tables from the engine and cites each row's records,
// both over r: the store, or the graph as known at the export's knownAt.
type exporter struct {
	s     *Exporter
	ctx   context.Context
	r     graph.Reader
	eng   engine.Compliance
	cites *citer
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

// date is a date cell: empty when zero.
func date(d graph.Date) string { return d.String() }

// known is a boolean cell that is empty when the value is not known.
func known(b, isKnown bool) string {
	if !isKnown {
		return ""
	}
	return strconv.FormatBool(b)
}
