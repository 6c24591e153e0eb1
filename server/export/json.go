package export

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// writeJSON writes the table as one JSON document:
//
//	{"about": {"title": ..., "as_of": ..., "cite_this": ...},
//	 "columns": ["state", ...],
//	 "rows": [{"state": "IDN", ...}, ...]}
//
// about holds the CSV's "# key: value" lines (keys in snake_case), rows
// one object per row with the table's columns in order. Numbers and
// booleans are JSON's; an empty cell is null. Text cells go through the
// neutralising rule as in every format, so a value copied into a
// spreadsheet never runs.
func (t *table) writeJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString(`{"about":{`)
	for i, m := range t.meta {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, strings.ReplaceAll(m[0], " ", "_"))
		b.WriteByte(':')
		writeJSONString(&b, safeCell(m[1]))
	}
	b.WriteString(`},"columns":`)
	head := t.header()
	b.WriteByte('[')
	for i, c := range head {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, c.name)
	}
	b.WriteString(`],"rows":[`)
	for i, r := range t.rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for j, c := range t.cells(r) {
			if j > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, head[j].name)
			b.WriteByte(':')
			writeJSONValue(&b, head[j].kind, c)
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// writeJSONString writes s as a JSON string, & < > as themselves (the
// document is no HTML).
func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

// writeJSONValue writes one cell as its column's kind: null when empty.
func writeJSONValue(b *bytes.Buffer, k cellKind, s string) {
	if s == "" {
		b.WriteString("null")
		return
	}
	switch k {
	case intCell, decimalCell:
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			b.WriteString(s)
			return
		}
	case boolCell:
		if s == "true" || s == "false" {
			b.WriteString(s)
			return
		}
	}
	writeJSONString(b, safeCell(s))
}
