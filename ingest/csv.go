package ingest

// The CSV tables are for facts people keep in spreadsheets. Each needs a
// header row naming its columns (in any order, case-insensitive); every other
// row is one record. Cells are trimmed; an empty cell is an absent value;
// multi-valued cells separate their values with ';'. Dates are YYYY-MM-DD,
// YYYY-MM or YYYY, enum values as in the YAML files. A file is an action
// table when its name ends in "actions.csv" and an evidence table when it
// ends in "evidence.csv".
//
// actions.csv, one row per state action (a treaty status table):
//
//	id                        optional; defaults to <state>/<instrument>/<kind in lower case>
//	state                     required; the state's code, e.g. IDN
//	instrument                required; the instrument's id, e.g. actip-2015
//	kind                      required; SIGNATURE RATIFICATION ACCESSION ACCEPTANCE APPROVAL ENDORSEMENT WITHDRAWAL
//	date                      the act itself (signature day, date of the domestic act)
//	deposited                 deposit with the depositary
//	in_force                  explicit date the instrument entered into force for the state
//	in_force_source_citation  source of in_force (required with it), and
//	in_force_source_url       its url
//	domestic_act              id of the law that carried the action, or
//	domestic_act_text         free text naming the domestic act
//	source_citation           the row's source: a citation, a url or both (at least one required)
//	source_url
//	source_publisher          optional
//	source_date               optional, the source's own date
//	source_locator            optional: page, table, section
//	unverified                optional: true or false
//	note                      optional
//
// evidence.csv, one row per evidence item (figures need the YAML form):
//
//	id                        required, e.g. idn/ev/police-cases-2013-2017
//	state                     required; the state's code
//	kind                      required; STATISTIC REPORT COURT_CASE ASSESSMENT INTERVIEW NEWS
//	date                      required; when observed or published
//	period_from, period_to    optional; the period covered
//	obligations               obligation ids it bears on, ';'-separated
//	themes                    themes it bears on, ';'-separated (obligations, themes or both)
//	finding                   required; EFFECTIVE GAP MIXED
//	summary                   required
//	source_citation, source_url, source_publisher, source_date, source_locator,
//	unverified, note          as in actions.csv
//
// Reservations, claims and figures have no CSV form; write them in the
// state's YAML file.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

var (
	csvSourceColumns = []string{"source_citation", "source_url", "source_publisher", "source_date", "source_locator", "unverified", "note"}
	actionColumns    = append([]string{"id", "state", "instrument", "kind", "date", "deposited", "in_force", "in_force_source_citation", "in_force_source_url", "domestic_act", "domestic_act_text"}, csvSourceColumns...)
	evidenceColumns  = append([]string{"id", "state", "kind", "date", "period_from", "period_to", "obligations", "themes", "finding", "summary"}, csvSourceColumns...)
	actionRequired   = []string{"state", "instrument", "kind"}
	evidenceRequired = []string{"id", "state", "kind", "date", "finding", "summary"}
)

// csvFile reads an actions or evidence table.
func (b *builder) csvFile(origin string, src []byte) {
	name := strings.ToLower(path.Base(origin))
	var columns, required []string
	var row func(*csvRow)
	switch {
	case strings.HasSuffix(name, "actions.csv"):
		columns, required, row = actionColumns, actionRequired, b.actionRow
	case strings.HasSuffix(name, "evidence.csv"):
		columns, required, row = evidenceColumns, evidenceRequired, b.evidenceRow
	default:
		b.probs = append(b.probs, Problem{File: origin, Line: 1, Col: 1, Message: "unknown CSV table: name the file actions.csv or evidence.csv (or ending so), see ingest/csv.go for their columns"})
		return
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\uFEFF"))))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return // an empty table holds no records
	}
	if err != nil {
		b.csvSyntax(origin, err)
		return
	}
	if slices.Contains(header, "origin_line") {
		b.probs = append(b.probs, Problem{File: origin, Line: 1, Col: 1, Message: "a table of a corpus download ('pactwatch export --format csv'), not a fixture table: load the corpus's directory or zip back with 'pactwatch import'"})
		return
	}
	cols := map[string]int{}
	bad := false
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		line, _ := cr.FieldPos(i)
		switch {
		case !contains(columns, h):
			b.probs = append(b.probs, Problem{File: origin, Line: line, Col: i + 1, Field: h, Message: fmt.Sprintf("unknown column %q: want one of %s", h, strings.Join(columns, ", "))})
			bad = true
		case cols[h] != 0:
			b.probs = append(b.probs, Problem{File: origin, Line: line, Col: i + 1, Field: h, Message: fmt.Sprintf("column %q appears twice (also column %d)", h, cols[h])})
			bad = true
		default:
			cols[h] = i + 1
		}
	}
	for _, h := range required {
		if cols[h] == 0 {
			b.probs = append(b.probs, Problem{File: origin, Line: 1, Field: h, Message: fmt.Sprintf("missing required column %q", h)})
			bad = true
		}
	}
	if cols["source_citation"] == 0 && cols["source_url"] == 0 {
		b.probs = append(b.probs, Problem{File: origin, Line: 1, Field: "source_citation", Message: "missing column \"source_citation\" or \"source_url\": every row needs a source"})
		bad = true
	}
	if bad {
		return
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			b.csvSyntax(origin, err)
			return
		}
		line, _ := cr.FieldPos(0)
		r := &csvRow{file: origin, line: line, cols: cols, cells: rec, probs: &b.probs}
		if len(rec) > len(header) {
			r.add(len(header)+1, "", fmt.Sprintf("row has %d cells, the header names %d columns", len(rec), len(header)))
		}
		row(r)
	}
}

func (b *builder) csvSyntax(origin string, err error) {
	p := Problem{File: origin, Message: "CSV syntax: " + err.Error()}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.Line, p.Col, p.Message = pe.Line, pe.Column, "CSV syntax: "+pe.Err.Error()
	}
	b.probs = append(b.probs, p)
}

// csvRow is one row of a table, read by column name. Problems name the
// column and give its number as the column of the place.
type csvRow struct {
	file  string
	line  int
	cols  map[string]int
	cells []string
	probs *Problems
}

func (r *csvRow) add(col int, field, msg string) {
	*r.probs = append(*r.probs, Problem{File: r.file, Line: r.line, Col: col, Field: field, Message: msg})
}

func (r *csvRow) problem(key, format string, args ...any) {
	r.add(r.cols[key], key, fmt.Sprintf(format, args...))
}

// place is where a cell is, for checks made later on the whole corpus.
func (r *csvRow) place(key string) Problem {
	return Problem{File: r.file, Line: r.line, Col: r.cols[key], Field: key}
}

func (r *csvRow) text(key string, required bool) string { return r.textOr(key, required, "") }

// textOr is text whose missing-value problem says what is wanted (hint).
func (r *csvRow) textOr(key string, required bool, hint string) string {
	s := ""
	if i := r.cols[key]; i > 0 && i <= len(r.cells) {
		s = strings.TrimSpace(r.cells[i-1])
	}
	if s == "" && required {
		if hint != "" {
			hint = " (" + hint + ")"
		}
		r.problem(key, "missing required value %q%s", key, hint)
	}
	return s
}

func (r *csvRow) date(key string, required bool) graph.Date {
	s := r.textOr(key, required, dateHint)
	d, err := graph.ParseDate(s)
	if err != nil {
		r.problem(key, "%s", graph.ErrorMessage(err))
	}
	return d
}

func (r *csvRow) list(key string) []string {
	var out []string
	for _, s := range strings.Split(r.text(key, false), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (r *csvRow) boolean(key string) bool {
	switch s := strings.ToLower(r.text(key, false)); s {
	case "", "false", "no":
		return false
	case "true", "yes":
		return true
	default:
		r.problem(key, "want true or false, got %q", s)
		return false
	}
}

func csvEnum[T ~string](r *csvRow, key, name string, all []T, required bool) T {
	s := r.textOr(key, required, enumHint(all))
	if s == "" {
		return ""
	}
	v, err := graph.ParseEnum(name, all, s)
	if err != nil {
		r.problem(key, "%s", graph.ErrorMessage(err))
	}
	return v
}

func csvEnums[T ~string](r *csvRow, key, name string, all []T) []T {
	var out []T
	for _, s := range r.list(key) {
		v, err := graph.ParseEnum(name, all, s)
		if err != nil {
			r.problem(key, "%s", graph.ErrorMessage(err))
			continue
		}
		out = append(out, v)
	}
	return out
}

// record reads the row's source and common columns.
func (r *csvRow) record() graph.Record {
	rec := graph.Record{
		Unverified: r.boolean("unverified"),
		Note:       r.text("note", false),
		Origin:     r.file,
		OriginLine: r.line,
	}
	s := graph.Source{
		Citation:  r.text("source_citation", false),
		URL:       r.text("source_url", false),
		Publisher: r.text("source_publisher", false),
		Date:      r.date("source_date", false),
		Locator:   r.text("source_locator", false),
	}
	if s.Citation == "" && s.URL == "" {
		key := "source_citation"
		if r.cols[key] == 0 {
			key = "source_url"
		}
		r.problem(key, "no source: every row needs a source_citation, a source_url or both")
	} else {
		rec.Sources = []graph.Source{s}
	}
	return rec
}

func (r *csvRow) state() string {
	code := r.text("state", true)
	if code != "" && !stateCode.MatchString(code) {
		r.problem("state", "invalid state code %q: want an ISO 3166-1 alpha-3 code in capitals, e.g. IDN", code)
		return ""
	}
	return code
}

func (b *builder) actionRow(r *csvRow) {
	a := &graph.StateAction{
		ID:            r.text("id", false),
		StateCode:     r.state(),
		InstrumentID:  r.text("instrument", true),
		Kind:          csvEnum(r, "kind", "action kind", graph.ActionKinds, true),
		Date:          r.date("date", false),
		Deposited:     r.date("deposited", false),
		InForce:       r.date("in_force", false),
		DomesticActID: r.text("domestic_act", false),
		DomesticAct:   r.text("domestic_act_text", false),
		Record:        r.record(),
	}
	if c, u := r.text("in_force_source_citation", false), r.text("in_force_source_url", false); c != "" || u != "" {
		a.InForceSources = []graph.Source{{Citation: c, URL: u}}
	}
	b.actionDates(csvFields{r}, a)
	if a.StateCode == "" || a.InstrumentID == "" || a.Kind == "" {
		return
	}
	idKey := "id"
	if a.ID == "" {
		a.ID = a.StateCode + "/" + a.InstrumentID + "/" + strings.ToLower(string(a.Kind))
		idKey = "kind"
	} else if !hasPrefix(a.ID, a.StateCode) {
		r.problem("id", "action id %q must start with the state's code, e.g. %s/%s/%s", a.ID, a.StateCode, a.InstrumentID, strings.ToLower(string(a.Kind)))
	}
	b.places[placeKey{a, "id", ""}] = r.place(idKey)
	b.places[placeKey{a, "state", a.StateCode}] = r.place("state")
	b.places[placeKey{a, "instrument", a.InstrumentID}] = r.place("instrument")
	b.places[placeKey{a, "date", ""}] = r.place("date")
	b.places[placeKey{a, "deposited", ""}] = r.place("deposited")
	if a.DomesticActID != "" {
		b.places[placeKey{a, "domesticAct", a.DomesticActID}] = r.place("domestic_act")
	}
	b.nodes = append(b.nodes, a)
}

// csvFields maps the YAML field names the shared action checks use to the
// table's column names.
type csvFields struct{ r *csvRow }

func (c csvFields) problem(key, format string, args ...any) {
	switch key {
	case "inForce":
		key = "in_force"
	case "periodFrom":
		key = "period_from"
	case "periodTo":
		key = "period_to"
	}
	c.r.problem(key, format, args...)
}

func (b *builder) evidenceRow(r *csvRow) {
	ev := &graph.Evidence{
		ID:            r.text("id", true),
		StateCode:     r.state(),
		Kind:          csvEnum(r, "kind", "evidence kind", graph.EvidenceKinds, true),
		Date:          r.date("date", true),
		PeriodFrom:    r.date("period_from", false),
		PeriodTo:      r.date("period_to", false),
		ObligationIDs: r.list("obligations"),
		Themes:        csvEnums(r, "themes", "theme", graph.Themes),
		Finding:       csvEnum(r, "finding", "finding", graph.Findings, true),
		Summary:       r.text("summary", true),
		Record:        r.record(),
	}
	b.evidenceChecks(csvFields{r}, ev)
	if ev.ID == "" || ev.StateCode == "" {
		return
	}
	if prefix := strings.ToLower(ev.StateCode); !hasPrefix(ev.ID, prefix) {
		r.problem("id", "evidence id %q must start with the state's code in lower case, e.g. %s/ev/police-cases-2013-2017", ev.ID, prefix)
	}
	b.places[placeKey{ev, "id", ""}] = r.place("id")
	b.places[placeKey{ev, "state", ev.StateCode}] = r.place("state")
	for _, o := range ev.ObligationIDs {
		b.places[placeKey{ev, "obligations", o}] = r.place("obligations")
	}
	b.nodes = append(b.nodes, ev)
}
