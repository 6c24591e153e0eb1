package main

import (
	"encoding/csv"
	"io"
)

// csvWriter writes CSV whose cells a spreadsheet reads as text, never as a
// formula: every export of pactwatch (gaps, compare) writes through it.
type csvWriter struct{ w *csv.Writer }

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

// Write writes one record, each cell through spreadsheetSafe.
func (c *csvWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, cell := range record {
		safe[i] = spreadsheetSafe(cell)
	}
	return c.w.Write(safe)
}

// Flush writes any buffered data and returns the first error of any write.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// spreadsheetSafe neutralises a cell that a spreadsheet would run as a
// formula (one starting with =, +, -, @, a tab or a carriage return, as in
// "=HYPERLINK(...)") by prefixing an apostrophe, which spreadsheets show as
// text and do not evaluate. The dashboard's csvCell (server/dashboard/assets/
// app.js) applies the same rule.
func spreadsheetSafe(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
