package export

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pactwatch/pactwatch/fixtures"
	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/engine"
	"github.com/pactwatch/pactwatch/server/httpcache"
)

// The corpus is every record of the store as one versioned download, for
// researchers who work in R or pandas:
//
//	/export/corpus.json   one JSON document: manifest, notice, records by kind, revisions, changelog
//	/export/corpus.zip    one CSV per kind, sources.csv, changelog.csv, revisions.csv, NOTICE.txt, LICENSE.md, manifest.json
//
// Both load back into a store (ReadCorpus; pactwatch import): every record
// whole, with its id, origin and sources, and its revision (the version of
// its last change), so that an import refuses records changed since.
//
// Both carry the data's licence (fixtures.License, CC BY 4.0): in the
// notice, the manifest and, in the zip, LICENSE.md.
//
// Both carry the data version (the store's version, as dataVersion in
// GraphQL and every export's "cite this" line) and a changelog from the
// store's change log: the entries since ?since= (RFC 3339), or else the
// last ?changes=N (DefaultCorpusChanges).

// CorpusFormat is the version of the corpus download's layout.
const CorpusFormat = 1

// DefaultCorpusChanges is how many of the change log's latest entries the
// corpus carries when no since is given.
const DefaultCorpusChanges = 1000

// CorpusNotice is the notice every corpus download carries.
const CorpusNotice = `pactwatch corpus: notice

This download is a compilation of facts about ASEAN's anti-trafficking
instruments, the member states' actions towards them, their national laws,
reviews of those laws and evidence of practice, as held by pactwatch.

Every record cites its sources (sources.csv, and the citations and
source_urls columns of each file). The texts of the instruments, laws and
reports quoted or summarised remain those of their authors and publishers;
reuse them on those sources' terms. A provision marked SUMMARY, and every
obligation summary, is a paraphrase written for pactwatch, not the
instrument's words. A record marked unverified is a fact no source in hand
confirms.

Licence: the compiled pactwatch data are offered under the Creative
Commons Attribution 4.0 International licence (CC BY 4.0,
https://creativecommons.org/licenses/by/4.0/): share and adapt them with
credit (the citation below), a link to the licence, and a word on any
changes. Quoted texts of instruments and statutes remain those of their
official sources and are reproduced for reference. LICENSE.md says it in
full.

Cite it as: pactwatch, corpus, data version %s (the graph as of %s). %s
`

// CorpusParams says what one corpus download carries.
type CorpusParams struct {
	// Since, when set, selects the changelog entries committed at or after it;
	// otherwise the latest Changes entries (DefaultCorpusChanges when 0).
	Since   time.Time
	Changes int
	// URL is the download's address, quoted in its notice: built from the
	// parsed parameters (CorpusURL), never the request's raw text.
	URL string
}

// CorpusManifest describes one corpus download.
type CorpusManifest struct {
	Format      int    `json:"format"`
	DataVersion string `json:"dataVersion"`
	// DataTime is the data version's time (RFC 3339): the moment of the
	// graph the download holds. No wall-clock time is written, so two
	// downloads of one data version are the same bytes.
	DataTime  string           `json:"dataTime,omitempty"`
	URL       string           `json:"url,omitempty"`
	License   CorpusLicense    `json:"license"`
	Counts    map[string]int   `json:"counts"`
	Sources   int              `json:"sources"`
	Changelog CorpusChangelog  `json:"changelog"`
	Files     []CorpusFileInfo `json:"files,omitempty"`
}

// CorpusLicense is the licence of the compiled data a download carries.
type CorpusLicense struct {
	ID    string `json:"id"` // SPDX: CC-BY-4.0
	Name  string `json:"name"`
	URL   string `json:"url"`
	Scope string `json:"scope"`
	// File is the licence's full text in the zip.
	File string `json:"file"`
}

// corpusLicense is the data's licence, from fixtures/LICENSE.md.
var corpusLicense = CorpusLicense{ID: fixtures.LicenseID, Name: fixtures.LicenseName, URL: fixtures.LicenseURL,
	Scope: fixtures.LicenseScope, File: "LICENSE.md"}

// CorpusChangelog says which part of the change log a download carries.
type CorpusChangelog struct {
	// Since is the RFC 3339 time the entries start from, when one was asked.
	Since string `json:"since,omitempty"`
	// Limit is how many of the latest entries were asked for, when no since was.
	Limit   int `json:"limit,omitempty"`
	Entries int `json:"entries"`
	// Complete is false when older entries of the log were left out.
	Complete bool `json:"complete"`
	// First and Last are the times of the first and last entries carried.
	First string `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
}

// CorpusFileInfo is one file of the zip.
type CorpusFileInfo struct {
	Name   string `json:"name"`
	Rows   int    `json:"rows,omitempty"`
	SHA256 string `json:"sha256"`
}

// CorpusChange is one changelog entry.
type CorpusChange struct {
	Time    string `json:"time"`
	Seq     uint64 `json:"seq"`
	Index   uint32 `json:"index"`
	Author  string `json:"author"`
	Message string `json:"message,omitempty"`
	Action  string `json:"action"`
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Reason  string `json:"reason,omitempty"`
}

// CorpusFile is one file of a corpus in CSV: its name and content.
type CorpusFile struct {
	Name string
	Data []byte
	Rows int
}

// corpus is the store read once for a download.
type corpus struct {
	manifest CorpusManifest
	notice   string
	kinds    []graph.Kind
	nodes    map[graph.Kind][]graph.Node
	// revisions holds each record's version (graph.RecordVersion), read
	// with the record, when the store keeps versions.
	revisions map[string]uint64
	changes   []CorpusChange
}

// kindKey names a kind in file names and JSON keys: "state_action".
func kindKey(k graph.Kind) string { return strings.ReplaceAll(k.String(), " ", "_") }

// kindFile names a kind's CSV file: "state_actions.csv", "evidence.csv".
func kindFile(k graph.Kind) string {
	if k == graph.KindEvidence {
		return "evidence.csv"
	}
	return kindKey(k) + "s.csv"
}

func (s *Exporter) readCorpus(ctx context.Context, p CorpusParams) (*corpus, error) {
	c := &corpus{kinds: graph.Kinds, nodes: map[graph.Kind][]graph.Node{}, revisions: map[string]uint64{}}
	vs, versioned := s.store.(graph.Versioned)
	version := engine.DataVersion(s.store)
	now := ""
	if t := engine.DataVersionOf(s.store).Time(); !t.IsZero() {
		now = t.Format(time.RFC3339Nano)
	}
	c.manifest = CorpusManifest{Format: CorpusFormat, DataVersion: version, DataTime: now, URL: p.URL, License: corpusLicense, Counts: map[string]int{}}
	for _, k := range c.kinds {
		ids, err := s.store.IDs(ctx, k)
		if err != nil {
			return nil, err
		}
		for len(ids) > 0 {
			n := min(len(ids), 1000)
			var ns []graph.Node
			var revs []graph.RecordVersion
			var err error
			if versioned {
				ns, revs, err = vs.NodeVersions(ctx, ids[:n])
			} else {
				ns, err = s.store.Nodes(ctx, ids[:n])
			}
			if err != nil {
				return nil, err
			}
			for i, nd := range ns {
				if nd != nil {
					if revs != nil {
						c.revisions[nd.NodeID()] = revs[i].Seq
					}
					c.nodes[k] = append(c.nodes[k], nd)
					rec := graph.RecordOf(nd)
					c.manifest.Sources += len(rec.Sources)
					for _, cl := range rec.Claims {
						c.manifest.Sources += len(cl.Sources)
					}
				}
			}
			ids = ids[n:]
		}
		c.manifest.Counts[kindKey(k)] = len(c.nodes[k])
	}
	if err := c.readChanges(ctx, s.store, p, s.historyView(ctx)); err != nil {
		return nil, err
	}
	c.notice = fmt.Sprintf(CorpusNotice, version, now, p.URL)
	return c, nil
}

func (c *corpus) readChanges(ctx context.Context, st graph.Store, p CorpusParams, view graph.HistoryView) error {
	h, ok := st.(graph.History)
	log := &c.manifest.Changelog
	if !ok {
		log.Complete = false
		return nil
	}
	limit := p.Changes
	if limit <= 0 {
		limit = DefaultCorpusChanges
	}
	q := graph.ChangeQuery{Since: p.Since}
	all, err := h.Changes(ctx, q)
	if err != nil {
		return err
	}
	log.Complete = true
	if p.Since.IsZero() {
		log.Limit = limit
		if len(all) > limit {
			all, log.Complete = all[len(all)-limit:], false
		}
	} else {
		log.Since = p.Since.UTC().Format(time.RFC3339)
		log.Limit = 0
	}
	for _, ch := range all {
		ch = view.Change(ch)
		c.changes = append(c.changes, CorpusChange{Time: ch.Time.UTC().Format(time.RFC3339Nano), Seq: ch.Seq, Index: ch.Index,
			Author: ch.Author, Message: ch.Message, Action: string(ch.Action), Kind: kindKey(ch.Kind), ID: ch.ID, Reason: ch.Reason})
	}
	log.Entries = len(c.changes)
	if n := len(c.changes); n > 0 {
		log.First, log.Last = c.changes[0].Time, c.changes[n-1].Time
	}
	return nil
}

// WriteCorpusJSON writes the whole corpus as one JSON document: the
// manifest, the notice, the records by kind (their Go fields, dates as
// written in the sources) and the changelog.
func (s *Exporter) WriteCorpusJSON(ctx context.Context, p CorpusParams, w io.Writer) error {
	c, err := s.readCorpus(ctx, p)
	if err != nil {
		return err
	}
	records := map[string][]graph.Node{}
	for _, k := range c.kinds {
		records[kindKey(k)] = append([]graph.Node{}, c.nodes[k]...)
	}
	doc := struct {
		Manifest  CorpusManifest          `json:"manifest"`
		Notice    string                  `json:"notice"`
		Records   map[string][]graph.Node `json:"records"`
		Revisions map[string]string       `json:"revisions"`
		Changelog []CorpusChange          `json:"changelog"`
	}{c.manifest, c.notice, records, c.revisionStrings(), c.changes}
	if doc.Changelog == nil {
		doc.Changelog = []CorpusChange{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

// CorpusFiles returns the corpus as CSV files (one per kind, sources.csv
// and changelog.csv), NOTICE.txt, LICENSE.md and manifest.json, which
// lists the others with their rows and SHA-256.
func (s *Exporter) CorpusFiles(ctx context.Context, p CorpusParams) ([]CorpusFile, error) {
	c, err := s.readCorpus(ctx, p)
	if err != nil {
		return nil, err
	}
	var files []CorpusFile
	add := func(name string, t *table) error {
		var b bytes.Buffer
		if err := t.writeCSV(&b); err != nil {
			return err
		}
		files = append(files, CorpusFile{Name: name, Data: b.Bytes(), Rows: len(t.rows)})
		return nil
	}
	for _, k := range c.kinds {
		if err := add(kindFile(k), recordsTable(k, c.nodes[k])); err != nil {
			return nil, err
		}
	}
	if err := add(sourcesFile, sourcesTable(c)); err != nil {
		return nil, err
	}
	if err := add("changelog.csv", changelogTable(c.changes)); err != nil {
		return nil, err
	}
	if err := add(revisionsFile, revisionsTable(c)); err != nil {
		return nil, err
	}
	files = append(files, CorpusFile{Name: "NOTICE.txt", Data: []byte(c.notice)},
		CorpusFile{Name: corpusLicense.File, Data: []byte(fixtures.License)})
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		c.manifest.Files = append(c.manifest.Files, CorpusFileInfo{Name: f.Name, Rows: f.Rows, SHA256: hex.EncodeToString(sum[:])})
	}
	m, err := json.MarshalIndent(c.manifest, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(files, CorpusFile{Name: "manifest.json", Data: append(m, '\n')}), nil
}

// WriteCorpusZip writes CorpusFiles as a zip, under a folder named for the
// data version.
func (s *Exporter) WriteCorpusZip(ctx context.Context, p CorpusParams, w io.Writer) error {
	files, err := s.CorpusFiles(ctx, p)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	now := engine.DataVersionOf(s.store).Time() // the files' time is the data's, not the clock's
	if now.IsZero() {
		now = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: s.CorpusDirName() + "/" + f.Name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// CorpusDirName is the folder a corpus's files go in: pactwatch-corpus-vVERSION.
func (s *Exporter) CorpusDirName() string { return "pactwatch-corpus-v" + engine.DataVersion(s.store) }

// DataVersion is the store's data version, as the exports quote it.
func (s *Exporter) DataVersion() string { return engine.DataVersion(s.store) }

// CorpusURL is the address of a corpus download in format, built from its
// parameters: base, the path, then since (RFC 3339, UTC) and changes.
func CorpusURL(base, format string, p CorpusParams) string {
	u := base + "/export/corpus." + format
	var q []string
	if !p.Since.IsZero() {
		q = append(q, "since="+url.QueryEscape(p.Since.UTC().Format(time.RFC3339Nano)))
	}
	if p.Changes > 0 {
		q = append(q, "changes="+strconv.Itoa(p.Changes))
	}
	if len(q) > 0 {
		u += "?" + strings.Join(q, "&")
	}
	return u
}

func (s *Exporter) serveCorpus(w http.ResponseWriter, r *http.Request, format string) {
	q := r.URL.Query()
	var p CorpusParams
	if v := q.Get("since"); v != "" {
		m, err := graph.ParseMoment(v)
		if err != nil {
			writeExportError(w, graph.Errorf(graph.EINVALID, "since: %s", graph.ErrorMessage(err)))
			return
		}
		p.Since = m.Start()
	}
	if v := q.Get("changes"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			writeExportError(w, graph.Errorf(graph.EINVALID, "invalid changes %q: want a number from 1 to 100000", v))
			return
		}
		p.Changes = n
	}
	base := s.publicURL
	if base == "" {
		base = httpcache.RequestBase(r)
	}
	p.URL = CorpusURL(base, format, p)
	if s.cache != nil && s.cache.Check(w, r, httpcache.Question{Request: "export\x00" + p.URL}) {
		return
	}
	ctx := r.Context()
	var buf bytes.Buffer
	var err error
	switch format {
	case "json":
		err = s.WriteCorpusJSON(ctx, p, &buf)
		w.Header().Set("Content-Type", "application/json")
	case "zip":
		err = s.WriteCorpusZip(ctx, p, &buf)
		w.Header().Set("Content-Type", "application/zip")
	default:
		err = graph.Errorf(graph.ENOTFOUND, "no corpus format %q: the corpus is /export/corpus.json or /export/corpus.zip", format)
	}
	if err != nil {
		w.Header().Del("Content-Type")
		writeExportError(w, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", s.CorpusDirName()+"."+format))
	w.Write(buf.Bytes())
}

// recordsTable flattens the nodes of one kind into a table: one column per
// field of the node's type (recordColumns), lists of words joined by "; ",
// nested values as JSON, then unverified, note, origin, origin_line and
// claims, and the citations. The record's sources are in sources.csv, and
// its revision in revisions.csv; ReadCorpus reads all three back.
func recordsTable(k graph.Kind, nodes []graph.Node) *table {
	t := &table{title: k.String()}
	typ := nodeType(k)
	if typ == nil {
		return t
	}
	fields := recordFields(typ)
	for _, f := range fields {
		t.columns = append(t.columns, column{f.column, textCell})
	}
	t.columns = append(t.columns, textColumns(recordTail...)...)
	for _, n := range nodes {
		v := reflect.ValueOf(n).Elem()
		cells := make([]string, 0, len(t.columns))
		for _, f := range fields {
			cells = append(cells, cellOf(v.Field(f.index)))
		}
		rec := graph.RecordOf(n)
		cells = append(cells, strconv.FormatBool(rec.Unverified), rec.Note, rec.Origin, strconv.Itoa(rec.OriginLine), cellOf(reflect.ValueOf(rec.Claims)))
		t.rows = append(t.rows, exportRow{cells: cells, sources: rec.Sources})
	}
	return t
}

// recordTail names the columns every record file ends with, before the
// citations: the fields every record carries besides its sources.
var recordTail = []string{"unverified", "note", "origin", "origin_line", "claims"}

// recordField is one field of a node type and its column.
type recordField struct {
	index  int
	column string
}

// recordFields returns the exported fields of a node type, each with its
// column: the one definition of a record file's columns, which the corpus
// writes and ReadCorpus reads. A field named as a column of recordTail is
// named for its type too: an implementation's own note is
// "implementation_note", beside the record's "note".
func recordFields(typ reflect.Type) []recordField {
	var out []recordField
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		col := fieldColumn(f.Name)
		if slices.Contains(recordTail, col) {
			col = snake(typ.Name()) + "_" + col
		}
		out = append(out, recordField{i, col})
	}
	return out
}

// fieldColumn names the column of a node's field as the fixture files name
// the field, in snake_case: a reference is named for what it refers to
// ("InstrumentID" is "instrument", "ObligationIDs" "obligations",
// "RepealedByID" "repealed_by"), a state's code is "state", and a
// domestic act named in words "domestic_act_text" (as in actions.csv).
func fieldColumn(name string) string {
	switch name {
	case "StateCode":
		return "state"
	case "DomesticAct":
		return "domestic_act_text"
	case "ID":
		return "id"
	}
	if base, ok := strings.CutSuffix(name, "IDs"); ok && base != "" {
		if strings.HasSuffix(base, "s") {
			return snake(base)
		}
		return snake(base) + "s"
	}
	if base, ok := strings.CutSuffix(name, "ID"); ok && base != "" {
		return snake(base)
	}
	return snake(name)
}

// listSeparator joins the items of a list of words in one cell, as the
// CSV tables ingest reads do (ingest/csv.go).
const listSeparator = "; "

// nodeType returns the struct type of a kind's nodes.
func nodeType(k graph.Kind) reflect.Type {
	var n graph.Node
	switch k {
	case graph.KindInstrument:
		n = &graph.Instrument{}
	case graph.KindProvision:
		n = &graph.Provision{}
	case graph.KindObligation:
		n = &graph.Obligation{}
	case graph.KindState:
		n = &graph.State{}
	case graph.KindStateAction:
		n = &graph.StateAction{}
	case graph.KindLaw:
		n = &graph.Law{}
	case graph.KindImplementation:
		n = &graph.Implementation{}
	case graph.KindEvidence:
		n = &graph.Evidence{}
	case graph.KindReview:
		n = &graph.Review{}
	case graph.KindStatuteProvision:
		n = &graph.StatuteProvision{}
	default:
		return nil
	}
	return reflect.TypeOf(n).Elem()
}

var stringerType = reflect.TypeFor[fmt.Stringer]()

// cellOf writes one field as a CSV cell: scalars as text, dates as the
// sources give them, a list of words joined by listSeparator, anything nested as
// JSON, and a zero nested value as an empty cell.
func cellOf(v reflect.Value) string {
	if v.Type().Implements(stringerType) && v.Kind() != reflect.Pointer && v.Kind() != reflect.Slice {
		if v.IsZero() {
			return ""
		}
		return v.Interface().(fmt.Stringer).String()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case reflect.Slice:
		if v.Len() == 0 {
			return ""
		}
		if v.Type().Elem().Kind() == reflect.String {
			parts := make([]string, v.Len())
			for i := range parts {
				parts[i] = v.Index(i).String()
			}
			return strings.Join(parts, listSeparator)
		}
	}
	if v.IsZero() {
		return ""
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return ""
	}
	return string(b)
}

// snake turns a Go field name into snake_case: "PeriodFrom" is
// "period_from", "ASEANSince" "asean_since".
func snake(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 && (unicode.IsLower(r[i-1]) || (i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1]))) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// sourcesFile is the corpus file that holds every record's sources.
const sourcesFile = "sources.csv"

// sourceRow is one row of sources.csv: one source of one record, or of
// one of its claims (claimField names the claim's field).
type sourceRow struct {
	record, kind, claimField                string
	citation, url, publisher, date, locator string
}

// sourcesColumns are sources.csv's columns, in order, each with its cell
// in a sourceRow: the one definition the writer (sourcesTable) and the
// reader (readSources) share.
var sourcesColumns = []struct {
	name string
	cell func(*sourceRow) *string
}{
	{"record", func(r *sourceRow) *string { return &r.record }},
	{"kind", func(r *sourceRow) *string { return &r.kind }},
	{"claim_field", func(r *sourceRow) *string { return &r.claimField }},
	{"citation", func(r *sourceRow) *string { return &r.citation }},
	{"url", func(r *sourceRow) *string { return &r.url }},
	{"publisher", func(r *sourceRow) *string { return &r.publisher }},
	{"date", func(r *sourceRow) *string { return &r.date }},
	{"locator", func(r *sourceRow) *string { return &r.locator }},
}

// sourcesColumnNames are sourcesColumns' names.
func sourcesColumnNames() []string {
	out := make([]string, len(sourcesColumns))
	for i, c := range sourcesColumns {
		out[i] = c.name
	}
	return out
}

// sourcesTable lists every source of every record, one row per record and
// source; a claim's sources name the claim's field.
func sourcesTable(c *corpus) *table {
	t := &table{title: "sources", bare: true, columns: textColumns(sourcesColumnNames()...)}
	for _, k := range c.kinds {
		for _, n := range c.nodes[k] {
			rec := graph.RecordOf(n)
			row := func(field string, src graph.Source) {
				r := sourceRow{record: n.NodeID(), kind: kindKey(k), claimField: field, citation: src.Citation, url: src.URL,
					publisher: src.Publisher, date: src.Date.String(), locator: src.Locator}
				cells := make([]string, len(sourcesColumns))
				for i, col := range sourcesColumns {
					cells[i] = *col.cell(&r)
				}
				t.rows = append(t.rows, exportRow{cells: cells})
			}
			for _, src := range rec.Sources {
				row("", src)
			}
			for _, cl := range rec.Claims {
				for _, src := range cl.Sources {
					row(cl.Field, src)
				}
			}
		}
	}
	return t
}

func changelogTable(changes []CorpusChange) *table {
	t := &table{title: "changelog", bare: true, columns: textColumns("time", "seq", "index", "author", "message", "action", "kind", "id", "reason")}
	for _, ch := range changes {
		t.rows = append(t.rows, exportRow{cells: []string{ch.Time, strconv.FormatUint(ch.Seq, 10), strconv.FormatUint(uint64(ch.Index), 10),
			ch.Author, ch.Message, ch.Action, ch.Kind, ch.ID, ch.Reason}})
	}
	return t
}

// revisionsFile is the corpus file that holds each record's revision.
const revisionsFile = "revisions.csv"

// revisionsColumns are revisions.csv's columns, written by revisionsTable
// and read back by ReadCorpus.
var revisionsColumns = []string{"record", "kind", "version"}

// revisionsTable lists each record's revision: the version (change-log
// sequence) of its last change when the corpus was read. An import
// compares it with the store's to refuse records changed since.
func revisionsTable(c *corpus) *table {
	t := &table{title: "revisions", bare: true, columns: textColumns(revisionsColumns...)}
	for _, k := range c.kinds {
		for _, n := range c.nodes[k] {
			if v, ok := c.revisions[n.NodeID()]; ok {
				t.rows = append(t.rows, exportRow{cells: []string{n.NodeID(), kindKey(k), strconv.FormatUint(v, 10)}})
			}
		}
	}
	return t
}

// revisionStrings are the revisions as the JSON document holds them: by
// id, each a decimal string (nanoseconds overflow a JSON number's safe
// integers).
func (c *corpus) revisionStrings() map[string]string {
	out := make(map[string]string, len(c.revisions))
	for id, v := range c.revisions {
		out[id] = strconv.FormatUint(v, 10)
	}
	return out
}
