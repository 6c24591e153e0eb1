package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"golang.org/x/term"
)

// outputWidth is the width the summaries (gaps, compare, search, keys list)
// are fitted to: 0, no fitting, unless standard output is a terminal; then
// $COLUMNS when it is a positive number, else the terminal's width. Piped
// output is never fitted, so scripts and golden files see one layout.
func outputWidth(e *env) int {
	f, ok := e.stdout.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(e.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
		return w
	}
	return 0
}

// A column is one column of a summary table.
type column struct {
	head string
	// pipe, when set, is the most characters a cell keeps in output that is
	// not fitted (the layout piped output has always had).
	pipe int
	// min, when set, lets a fitted table cut the column's cells down to min
	// characters (never narrower than the longest word of its heading); a
	// column without one (codes, ids, numbers) is never cut.
	min int
}

// fitTable is a summary table that fits the terminal: columns two spaces
// apart, its cells in full where the terminal is wide enough, else
// headings wrapped at spaces and long cells cut with "…". Unfitted (width
// 0, piped output) it is the table text/tabwriter writes, with the cells
// cut to their columns' pipe limits.
type fitTable struct {
	cols []column
	rows []fitRow
}

type fitRow struct {
	cells []string
	// asIs rows (notes) were shortened by their writer for unfitted
	// output, and take no pipe limit.
	asIs bool
	// note, when set, is what a fitted table prints instead of cells: a
	// line under the row above, wrapped, in no column.
	note string
}

const fitPadding = 2

func newFitTable(cols ...column) *fitTable { return &fitTable{cols: cols} }

// add appends a row of cells, in full: the table shortens them.
func (t *fitTable) add(cells ...string) { t.rows = append(t.rows, fitRow{cells: cells}) }

// addNote appends a note on the row above: unfitted, the cells given (as
// given); fitted, text on lines of its own, indented to the second column.
func (t *fitTable) addNote(text string, cells ...string) {
	t.rows = append(t.rows, fitRow{cells: cells, asIs: true, note: text})
}

// write writes the table to w fitted to width, or unfitted for width 0 or
// a table that fits as it is.
func (t *fitTable) write(w io.Writer, width int) error {
	if width <= 0 {
		return t.writeTabs(w, t.piped())
	}
	full := t.full()
	if t.naturalWidth(full) <= width {
		return t.writeTabs(w, full)
	}
	var cols [][]string // the rows that are not notes
	for i, r := range t.rows {
		if r.note == "" {
			cols = append(cols, full[i+1])
		}
	}
	widths := t.fit(append([][]string{full[0]}, cols...), width)
	var b strings.Builder
	for _, line := range t.headLines(widths) {
		writeCells(&b, line, widths)
	}
	for i, r := range full[1:] {
		if note := t.rows[i].note; note != "" {
			writeNote(&b, note, widths[0]+fitPadding, width)
			continue
		}
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = cut(c, widths[min(i, len(widths)-1)])
		}
		writeCells(&b, cells, widths)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// heads is the headings' row.
func (t *fitTable) heads() []string {
	heads := make([]string, len(t.cols))
	for i, c := range t.cols {
		heads[i] = c.head
	}
	return heads
}

// full returns the headings and the rows in full, each cell on one line.
func (t *fitTable) full() [][]string {
	out := [][]string{t.heads()}
	for _, r := range t.rows {
		cells := make([]string, len(r.cells))
		for i, c := range r.cells {
			cells[i] = flat(c)
		}
		out = append(out, cells)
	}
	return out
}

// piped returns the headings and the rows as unfitted output shows them.
func (t *fitTable) piped() [][]string {
	out := [][]string{t.heads()}
	for _, r := range t.rows {
		cells := make([]string, len(r.cells))
		for i, c := range r.cells {
			if i < len(t.cols) && t.cols[i].pipe > 0 && !r.asIs {
				c = truncate(c, t.cols[i].pipe)
			}
			cells[i] = c
		}
		out = append(out, cells)
	}
	return out
}

func (t *fitTable) writeTabs(w io.Writer, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, fitPadding, ' ', 0)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// naturalWidth is the width of the widest line of rows laid out by
// tabwriter: every column as wide as its widest cell, the last unpadded.
func (t *fitTable) naturalWidth(rows [][]string) int {
	widths := make([]int, len(t.cols))
	for _, r := range rows {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], utf8.RuneCountInString(c))
			}
		}
	}
	return lineWidth(widths)
}

func lineWidth(widths []int) int {
	n := 0
	for _, w := range widths {
		n += w
	}
	return n + fitPadding*(len(widths)-1)
}

// fit returns the columns' widths for a table at most width wide where it
// can be: first headings wrap at spaces, then cuttable columns are cut,
// in each stage the column with the most to spare first. A table whose
// narrowest layout is wider stays that wide (the terminal wraps it).
func (t *fitTable) fit(rows [][]string, width int) []int {
	widths := make([]int, len(t.cols))
	wrapped := make([]int, len(t.cols)) // headings wrapped, cells whole
	floors := make([]int, len(t.cols))  // and cells cut
	for i, c := range t.cols {
		longestWord, data := 0, 0
		for _, word := range strings.Fields(c.head) {
			longestWord = max(longestWord, utf8.RuneCountInString(word))
		}
		for _, r := range rows[1:] {
			if i < len(r) {
				data = max(data, utf8.RuneCountInString(r[i]))
			}
		}
		widths[i] = max(utf8.RuneCountInString(c.head), data)
		wrapped[i] = max(longestWord, data)
		floors[i] = wrapped[i]
		if c.min > 0 {
			floors[i] = min(wrapped[i], max(c.min, longestWord))
		}
	}
	over := lineWidth(widths) - width
	for _, limit := range [][]int{wrapped, floors} {
		for ; over > 0; over-- {
			best := -1
			for i := range widths {
				if widths[i] > limit[i] && (best < 0 || widths[i]-limit[i] > widths[best]-limit[best]) {
					best = i
				}
			}
			if best < 0 {
				break
			}
			widths[best]--
		}
	}
	return widths
}

// headLines are the headings wrapped at spaces to their columns' widths,
// as many lines as the longest needs.
func (t *fitTable) headLines(widths []int) [][]string {
	wrapped := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		wrapped[i] = wrapWords(c.head, widths[i])
		n = max(n, len(wrapped[i]))
	}
	lines := make([][]string, n)
	for l := range lines {
		lines[l] = make([]string, len(t.cols))
		for i := range t.cols {
			if l < len(wrapped[i]) {
				lines[l][i] = wrapped[i][l]
			}
		}
	}
	return lines
}

// wrapWords breaks s at spaces into lines of at most width characters (a
// longer word keeps its own line).
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

// cut shortens s to width characters, the last one "…".
func cut(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	if width <= 1 {
		return "…"
	}
	return strings.TrimRight(string(r[:width-1]), " ") + "…"
}

// flat puts a cell on one line, its leading spaces kept.
func flat(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// writeCells writes one line: each cell padded to its column's width and
// fitPadding spaces, the last as it is, without trailing spaces.
func writeCells(b *strings.Builder, cells []string, widths []int) {
	var line strings.Builder
	for i, c := range cells {
		line.WriteString(c)
		if i < len(cells)-1 {
			pad := widths[min(i, len(widths)-1)] - utf8.RuneCountInString(c) + fitPadding
			line.WriteString(strings.Repeat(" ", max(pad, 1)))
		}
	}
	b.WriteString(strings.TrimRight(line.String(), " "))
	b.WriteByte('\n')
}

// writeText writes a line of prose, wrapped at spaces to width when width
// is set (0: as it is).
func writeText(w io.Writer, width int, s string) {
	if width <= 0 {
		fmt.Fprintln(w, s)
		return
	}
	for _, line := range wrapWords(s, width) {
		fmt.Fprintln(w, line)
	}
}

// writeNote writes text wrapped to width, each line indented by indent
// spaces (by 4 when that leaves fewer than 30 characters).
func writeNote(b *strings.Builder, text string, indent, width int) {
	if width-indent < 30 {
		indent = 4
	}
	for _, line := range wrapWords(text, max(width-indent, 1)) {
		b.WriteString(strings.Repeat(" ", indent) + line + "\n")
	}
}
