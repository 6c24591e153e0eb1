package ingest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/pactwatch/pactwatch/graph"
)

// Plan is what loading a corpus does to the store, record by record: what
// a dry run prints, and what the load then does. A record is changed when
// a field differs; one whose fields are all the same is unchanged wherever
// it now sits in its file (it keeps its stored line: keepLines).
type Plan struct {
	Added []graph.Node
	// Changed are the records whose fields differ, with the differences.
	Changed []Change
	// Removed are the stored records of the corpus's files that the files no
	// longer define.
	Removed   []graph.Node
	Unchanged int
	// Refused are the changes and removals of records written through the
	// API since their file was last loaded: a load keeps the stored record
	// unless forced. They are in neither Changed nor Removed.
	Refused []Overwrite
}

// Change is one record a load changes: the stored record, the file's, and
// the fields that differ.
type Change struct {
	Before, After graph.Node
	Fields        []FieldDiff
}

// FieldDiff is one field that differs between two versions of a record:
// its path as the record's JSON names it ("sources[0].locator") and the
// values before and after, as text ("" when absent).
type FieldDiff struct {
	Field, Before, After string
}

// String writes the difference as `field: "before" → "after"`.
func (d FieldDiff) String() string {
	return fmt.Sprintf("%s: %s → %s", d.Field, shortValue(d.Before), shortValue(d.After))
}

// PlanLoad works out what loading c into the store r holds would do. A
// nil r is an empty store: everything is added.
func PlanLoad(ctx context.Context, r graph.Reader, c *Corpus) (*Plan, error) {
	if c == nil {
		return &Plan{}, nil
	}
	v, err := newValidation(ctx, r, c)
	if err != nil {
		return nil, err
	}
	p := &Plan{}
	var touched []string // changed or removed, in corpus order then by id
	seen := map[string]bool{}
	for _, n := range c.Nodes {
		id := n.NodeID()
		if seen[id] {
			continue
		}
		seen[id] = true
		s, ok := v.stored[id]
		switch {
		case !ok:
			p.Added = append(p.Added, n)
		case sameRecord(s, n):
			p.Unchanged++
		default:
			touched = append(touched, id)
		}
	}
	var removed []string
	for id := range v.removed {
		removed = append(removed, id)
	}
	slices.Sort(removed)
	touched = append(touched, removed...)

	refused := map[string]Overwrite{}
	if vs, ok := r.(graph.Versioned); ok && len(touched) > 0 {
		versions, err := vs.Versions(ctx, touched)
		if err != nil {
			return nil, fmt.Errorf("ingest.PlanLoad: %w", err)
		}
		for i, id := range touched {
			if x := versions[i]; x.Seq != 0 && !fromLoad(x.Author) {
				o := Overwrite{ID: id, Kind: v.stored[id].NodeKind(), Version: x.Seq, Author: x.Author, Remove: v.removed[id]}
				refused[id] = o
				p.Refused = append(p.Refused, o)
			}
		}
	}
	for _, id := range touched {
		if _, ok := refused[id]; ok {
			continue
		}
		if v.removed[id] {
			p.Removed = append(p.Removed, v.stored[id])
			continue
		}
		p.Changed = append(p.Changed, Change{Before: v.stored[id], After: v.corpus[id], Fields: Diff(v.stored[id], v.corpus[id])})
	}
	return p, nil
}

// Diff lists the fields that differ between two records of one kind, in
// the order of their JSON, the line in the file left out.
func Diff(before, after graph.Node) []FieldDiff {
	a, b := flatten(before), flatten(after)
	var out []FieldDiff
	for _, k := range mergedKeys(a.keys, b.keys) {
		if a.vals[k] != b.vals[k] {
			out = append(out, FieldDiff{Field: k, Before: a.vals[k], After: b.vals[k]})
		}
	}
	return out
}

// flat is a record's fields as paths to text values, in JSON order.
type flat struct {
	keys []string
	vals map[string]string
}

func flatten(n graph.Node) flat {
	f := flat{vals: map[string]string{}}
	b, err := json.Marshal(n)
	if err != nil {
		return f
	}
	_ = walkJSON(jsontext.NewDecoder(bytes.NewReader(b)), "", func(path, val string) {
		if path == "originLine" {
			return
		}
		f.keys = append(f.keys, path)
		f.vals[path] = val
	})
	return f
}

// walkJSON reads one value from dec and calls emit with the path and text
// of each leaf that holds something (not "", false, 0 or null).
func walkJSON(dec *jsontext.Decoder, path string, emit func(path, val string)) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case '{':
		for dec.PeekKind() != '}' {
			kt, err := dec.ReadToken()
			if err != nil {
				return err
			}
			p := fieldName(kt.String())
			if path != "" {
				p = path + "." + p
			}
			if err := walkJSON(dec, p, emit); err != nil {
				return err
			}
		}
		_, err = dec.ReadToken()
	case '[':
		for i := 0; dec.PeekKind() != ']'; i++ {
			if err := walkJSON(dec, fmt.Sprintf("%s[%d]", path, i), emit); err != nil {
				return err
			}
		}
		_, err = dec.ReadToken()
	case '"', '0', 't':
		if v := tok.String(); v != "" && v != "0" {
			emit(path, v)
		}
	}
	return err
}

// fieldName names a Go field as the fixture files do: "StateCode" is
// "stateCode", "ID" "id", "URL" "url".
func fieldName(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if strings.ToUpper(s) == s {
		return strings.ToLower(s)
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// mergedKeys returns the keys of a then those of b not in a.
func mergedKeys(a, b []string) []string {
	out := slices.Clone(a)
	in := map[string]bool{}
	for _, k := range a {
		in[k] = true
	}
	for _, k := range b {
		if !in[k] {
			out = append(out, k)
		}
	}
	return out
}

// shortValue quotes a value for a diff line, cut to 80 characters.
func shortValue(s string) string {
	if s == "" {
		return "(none)"
	}
	if utf8.RuneCountInString(s) > 80 {
		r := []rune(s)
		s = string(r[:77]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
