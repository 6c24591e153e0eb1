package export

import (
	"encoding/csv"
	"fmt"
	"io"
)

// writeCSV writes the table as CSV: its "# key: value" lines (read it with
// comment='#'), one header row, and the rows, every field neutralised.
func (t *table) writeCSV(w io.Writer) error {
	for _, m := range t.meta {
		if _, err := fmt.Fprintf(w, "%s\n", safeLine("# "+m[0]+": "+oneLineText(m[1]))); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	head := names(t.header())
	for i := range head {
		head[i] = safeCell(head[i])
	}
	cw.Write(head)
	for _, r := range t.rows {
		cells := t.cells(r)
		for i := range cells {
			cells[i] = safeCell(cells[i])
		}
		cw.Write(cells)
	}
	cw.Flush()
	return cw.Error()
}
