package export

import (
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// NoRecordHeld is what the citations column of a row that rests on no
// record says: the one marker allowed in place of a citation.
const NoRecordHeld = "no record held"

// cellKind says how a column's cells are typed where a format has types
// (JSON, and XLSX's numbers); CSV writes every cell as text.
type cellKind int

const (
	textCell cellKind = iota
	intCell
	decimalCell
	boolCell
)

// column is one column of an exported table: its name (snake_case, the
// same in CSV, XLSX and JSON) and the kind of its cells.
type column struct {
	name string
	kind cellKind
}

// names returns the names of cols.
func names(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// textColumns are columns of text named names.
func textColumns(names ...string) []column {
	out := make([]column, len(names))
	for i, n := range names {
		out[i] = column{n, textCell}
	}
	return out
}

// citationColumns end every report table's rows: the ids of the records
// the row's deciding fields come from (INSTRUMENT#status for a status
// statement an instrument's record holds, INSTRUMENT#coverage for its
// coverage notes), their sources' citations (or NoRecordHeld), and the
// sources' URLs.
var citationColumns = []column{{"cited_records", textCell}, {"citations", textCell}, {"source_urls", textCell}}

// table is an export before it is written.
type table struct {
	title   string
	columns []column
	rows    []exportRow
	meta    [][2]string
	// report tables (matrix, heatmap, compare, records, gaps, search) end
	// their rows with citationColumns; the corpus's record files with the
	// citations and source_urls only; bare tables (the corpus's sources
	// and changelog) with neither.
	report bool
	bare   bool
}

// exportRow is one row: its cells, in the order of the table's columns,
// and what it cites.
type exportRow struct {
	cells []string
	// records are the ids of the records the row's deciding fields come
	// from; sources are their sources, each once.
	records []string
	sources []graph.Source
}

// header returns the table's columns, the citation columns included.
func (t *table) header() []column {
	cols := append([]column{}, t.columns...)
	switch {
	case t.report:
		cols = append(cols, citationColumns...)
	case !t.bare:
		cols = append(cols, citationColumns[1:]...)
	}
	return cols
}

// cells returns a row's cells with its citation cells, as header() names them.
func (t *table) cells(r exportRow) []string {
	out := append([]string{}, r.cells...)
	switch {
	case t.report:
		out = append(out, strings.Join(r.records, " "))
		out = append(out, citationCells(r.sources, len(r.records) == 0)...)
	case !t.bare:
		out = append(out, citationCells(r.sources, false)...)
	}
	return out
}

// citationCells are the citations and source_urls cells of a row: the
// sources' citations and URLs, or NoRecordHeld when the row rests on no
// record.
func citationCells(src []graph.Source, noRecord bool) []string {
	if len(src) == 0 && noRecord {
		return []string{NoRecordHeld, ""}
	}
	var cites, urls []string
	for _, s := range src {
		cites = append(cites, s.Citation)
		if s.URL != "" {
			urls = append(urls, s.URL)
		}
	}
	return []string{strings.Join(cites, " | "), strings.Join(urls, " ")}
}

// Columns returns the column names of the export name (matrix, heatmap,
// compare, records, gaps or search), citation columns included, in the
// order every format writes them; nil for another name.
func Columns(name string) []string {
	var cols []column
	switch name {
	case "matrix":
		cols = matrixColumns
	case "heatmap":
		cols = heatmapColumns
	case "compare":
		cols = compareColumns
	case "records":
		cols = recordColumns
	case "gaps":
		cols = gapsColumns
	case "search":
		cols = searchColumns
	default:
		return nil
	}
	return names((&table{columns: cols, report: true}).header())
}
