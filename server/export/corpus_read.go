package export

import (
	"archive/zip"
	"bytes"
	"encoding"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"reflect"
	"strconv"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// ReadCorpus reads a corpus download back (corpus.json, corpus.zip, or the
// files of a corpus written to a directory): every record whole, with its
// id, origin and sources, and its revision. It is the inverse of the
// writers above and reads the columns they define (recordFields); the
// manifest, notice and changelog are read only to be counted.

// CorpusRecords is a corpus read back.
type CorpusRecords struct {
	Manifest CorpusManifest
	// Nodes are the records, by kind in graph.Kinds order, each kind in the
	// order the file holds it.
	Nodes []graph.Node
	// Revisions holds the version each record was at when the corpus was
	// written; a record the file gives none for is absent.
	Revisions map[string]uint64
	// Changelog is the number of change-log entries the file carries.
	Changelog int
}

// ReadCorpusJSON reads a corpus.json document.
func ReadCorpusJSON(r io.Reader) (*CorpusRecords, error) {
	var doc struct {
		Manifest  *CorpusManifest              `json:"manifest"`
		Records   map[string][]json.RawMessage `json:"records"`
		Revisions map[string]string            `json:"revisions"`
		Changelog []json.RawMessage            `json:"changelog"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, graph.Errorf(graph.EINVALID, "not a corpus document: %v", err)
	}
	if doc.Manifest == nil || doc.Records == nil {
		return nil, graph.Errorf(graph.EINVALID, "not a corpus document: it has no manifest or no records (want what 'pactwatch export --format json' or /export/corpus.json writes)")
	}
	out := &CorpusRecords{Manifest: *doc.Manifest, Revisions: map[string]uint64{}, Changelog: len(doc.Changelog)}
	known := map[string]bool{}
	for _, k := range graph.Kinds {
		known[kindKey(k)] = true
		for i, raw := range doc.Records[kindKey(k)] {
			n, err := graph.NewNode(k)
			if err != nil {
				return nil, err
			}
			if err := json.Unmarshal(raw, n); err != nil {
				return nil, graph.Errorf(graph.EINVALID, "records.%s[%d]: %v", kindKey(k), i, err)
			}
			if n.NodeID() == "" {
				return nil, graph.Errorf(graph.EINVALID, "records.%s[%d]: no id", kindKey(k), i)
			}
			out.Nodes = append(out.Nodes, n)
		}
	}
	for key := range doc.Records {
		if !known[key] {
			return nil, graph.Errorf(graph.EINVALID, "records.%s: no such kind of record", key)
		}
	}
	for id, v := range doc.Revisions {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "revisions.%s: %q is not a version", id, v)
		}
		out.Revisions[id] = n
	}
	return out, nil
}

// ReadCorpusZip reads a corpus.zip: its files under one folder.
func ReadCorpusZip(r io.ReaderAt, size int64) (*CorpusRecords, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "not a zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(io.LimitReader(rc, 1<<31))
		rc.Close()
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "%s: %v", f.Name, err)
		}
		files[path.Base(f.Name)] = b
	}
	return ReadCorpusFiles(files)
}

// ReadCorpusFiles reads the files of a corpus in CSV, by name
// ("laws.csv", "sources.csv", "manifest.json", ...).
func ReadCorpusFiles(files map[string][]byte) (*CorpusRecords, error) {
	if files["manifest.json"] == nil {
		return nil, graph.Errorf(graph.EINVALID, "not a corpus: no manifest.json (want what 'pactwatch export --format csv' or /export/corpus.zip writes)")
	}
	out := &CorpusRecords{Revisions: map[string]uint64{}}
	if err := json.Unmarshal(files["manifest.json"], &out.Manifest); err != nil {
		return nil, graph.Errorf(graph.EINVALID, "manifest.json: %v", err)
	}
	sources, err := readSources(files[sourcesFile])
	if err != nil {
		return nil, err
	}
	for _, k := range graph.Kinds {
		name := kindFile(k)
		if files[name] == nil {
			continue
		}
		nodes, err := readRecordsCSV(k, name, files[name], sources)
		if err != nil {
			return nil, err
		}
		out.Nodes = append(out.Nodes, nodes...)
	}
	if b := files[revisionsFile]; b != nil {
		rows, err := readCSV(revisionsFile, b, revisionsColumns)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			v, err := strconv.ParseUint(r.get("version"), 10, 64)
			if err != nil {
				return nil, graph.Errorf(graph.EINVALID, "%s:%d: version: %q is not a version", revisionsFile, r.line, r.get("version"))
			}
			out.Revisions[r.get("record")] = v
		}
	}
	if b := files["changelog.csv"]; b != nil {
		if rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll(); err == nil && len(rows) > 0 {
			out.Changelog = len(rows) - 1
		}
	}
	return out, nil
}

// csvRow is one row of a corpus CSV, by column name, cells as written
// before neutralising.
type csvRow struct {
	line  int
	cells map[string]string
}

func (r csvRow) get(col string) string { return r.cells[col] }

// readCSV reads a corpus CSV whose header must hold every column of want.
func readCSV(name string, b []byte, want []string) ([]csvRow, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "%s: %v", name, err)
	}
	if len(rows) == 0 {
		return nil, graph.Errorf(graph.EINVALID, "%s: no header row", name)
	}
	head := rows[0]
	for i := range head {
		head[i] = unneutral(head[i])
	}
	have := map[string]bool{}
	for _, h := range head {
		have[h] = true
	}
	for _, w := range want {
		if !have[w] {
			return nil, graph.Errorf(graph.EINVALID, "%s:1: no column %q: its columns are %s", name, w, strings.Join(head, ", "))
		}
	}
	var out []csvRow
	for i, row := range rows[1:] {
		if len(row) != len(head) {
			return nil, graph.Errorf(graph.EINVALID, "%s:%d: %d cells, the header names %d", name, i+2, len(row), len(head))
		}
		r := csvRow{line: i + 2, cells: make(map[string]string, len(head))}
		for j, h := range head {
			r.cells[h] = unneutral(row[j])
		}
		out = append(out, r)
	}
	return out, nil
}

// unneutral undoes safeCell: the apostrophe it puts before a cell that
// begins with a formula character.
func unneutral(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStart, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// recordSources are the sources of each record read from sources.csv: its
// own, in order; a claim's are in the claims column.
type recordSources map[string][]graph.Source

func readSources(b []byte) (recordSources, error) {
	out := recordSources{}
	if b == nil {
		return out, nil
	}
	rows, err := readCSV(sourcesFile, b, sourcesColumnNames())
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		var s sourceRow
		for _, col := range sourcesColumns {
			*col.cell(&s) = r.get(col.name)
		}
		if s.claimField != "" {
			continue
		}
		d, err := graph.ParseDate(s.date)
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "%s:%d: date: %s", sourcesFile, r.line, graph.ErrorMessage(err))
		}
		out[s.record] = append(out[s.record], graph.Source{Citation: s.citation, URL: s.url, Publisher: s.publisher, Date: d, Locator: s.locator})
	}
	return out, nil
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// readRecordsCSV reads one record file back into nodes of kind k.
func readRecordsCSV(k graph.Kind, name string, b []byte, sources recordSources) ([]graph.Node, error) {
	typ := nodeType(k)
	fields := recordFields(typ)
	want := make([]string, 0, len(fields)+len(recordTail))
	for _, f := range fields {
		want = append(want, f.column)
	}
	want = append(want, recordTail...)
	rows, err := readCSV(name, b, want)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Node, 0, len(rows))
	for _, r := range rows {
		n, err := graph.NewNode(k)
		if err != nil {
			return nil, err
		}
		v := reflect.ValueOf(n).Elem()
		for _, f := range fields {
			if err := setCell(v.Field(f.index), r.get(f.column)); err != nil {
				return nil, graph.Errorf(graph.EINVALID, "%s:%d: %s: %v", name, r.line, f.column, err)
			}
		}
		rec := graph.RecordOf(n)
		rec.Unverified = r.get("unverified") == "true"
		rec.Note = r.get("note")
		rec.Origin = r.get("origin")
		if s := r.get("origin_line"); s != "" {
			if rec.OriginLine, err = strconv.Atoi(s); err != nil {
				return nil, graph.Errorf(graph.EINVALID, "%s:%d: origin_line: %q is not a line number", name, r.line, s)
			}
		}
		if err := setCell(reflect.ValueOf(&rec.Claims).Elem(), r.get("claims")); err != nil {
			return nil, graph.Errorf(graph.EINVALID, "%s:%d: claims: %v", name, r.line, err)
		}
		if n.NodeID() == "" {
			return nil, graph.Errorf(graph.EINVALID, "%s:%d: id: empty", name, r.line)
		}
		rec.Sources = sources[n.NodeID()]
		out = append(out, n)
	}
	return out, nil
}

// setCell reads one cell into a field: the inverse of cellOf.
func setCell(v reflect.Value, s string) error {
	if s == "" {
		v.SetZero()
		return nil
	}
	if v.Kind() != reflect.Pointer && reflect.PointerTo(v.Type()).Implements(textUnmarshalerType) {
		return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
		return nil
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		v.SetBool(b)
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		v.SetInt(n)
		return err
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, 64)
		v.SetUint(n)
		return err
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		v.SetFloat(f)
		return err
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			parts := strings.Split(s, listSeparator)
			out := reflect.MakeSlice(v.Type(), len(parts), len(parts))
			for i, p := range parts {
				out.Index(i).SetString(p)
			}
			v.Set(out)
			return nil
		}
	}
	if err := json.Unmarshal([]byte(s), v.Addr().Interface()); err != nil {
		return fmt.Errorf("%q: %v", oneLineText(s), err)
	}
	return nil
}
