package export

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/pactwatch/pactwatch/graph"
)

// writeXLSX writes the table as a workbook: an About sheet with the CSV's
// "# key: value" lines, the table on a sheet named name, and a Sources
// sheet listing every source once with the rows that cite it. Every cell
// is neutralised; numbers are numbers; each sheet declares the range it
// fills (<dimension ref="A1:Q111">), which readers that trust it need.
func (t *table) writeXLSX(w io.Writer, name string) error {
	f := excelize.NewFile()
	defer f.Close()
	const about = "About"
	if err := f.SetSheetName("Sheet1", about); err != nil {
		return err
	}
	for i, m := range t.meta {
		if err := f.SetSheetRow(about, cell(1, i+1), &[]any{safeCell(m[0]), safeCell(m[1])}); err != nil {
			return err
		}
	}
	f.SetColWidth(about, "A", "A", 14)
	f.SetColWidth(about, "B", "B", 100)
	if err := setDimension(f, about, 2, len(t.meta)); err != nil {
		return err
	}

	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	cols := t.header()
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = safeCell(c.name)
	}
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
		cs := t.cells(r)
		cells := make([]any, len(cs))
		for j, c := range cs {
			cells[j] = xlsxValue(cols[j].kind, c)
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
	if err := setDimension(f, name, len(cols), len(t.rows)+1); err != nil {
		return err
	}

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
	if err := setDimension(f, sources, 6, len(order)+1); err != nil {
		return err
	}
	return f.Write(w)
}

// setDimension declares the range a sheet fills: A1 to its last column and row.
func setDimension(f *excelize.File, sheet string, cols, rows int) error {
	ref := "A1"
	if cols > 0 && rows > 0 {
		ref = "A1:" + cell(cols, rows)
	}
	return f.SetSheetDimension(sheet, ref)
}

// xlsxValue is one cell as the workbook holds it: a number for a numeric
// column, else neutralised text.
func xlsxValue(k cellKind, s string) any {
	switch k {
	case intCell:
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	case decimalCell:
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return x
		}
	}
	return safeCell(s)
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }
