package ingest

import (
	"path"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/pactwatch/pactwatch/graph"
)

// recordFields are the fields every record may carry besides its own.
var recordFields = []string{"sources", "claims", "unverified", "note"}

var (
	sourceFields = []string{"citation", "url", "publisher", "date", "locator"}
	claimFields  = []string{"field", "value", "used", "note", "sources"}
)

func fields(own ...string) []string { return append(own, recordFields...) }

// parsed collects what one file contributes to a corpus: its nodes and the
// place of every id and reference in them.
type parsed struct {
	nodes  []graph.Node
	places map[placeKey]Problem
}

// placeKey names a place in a node: its id (field "id"), one of its
// references (field as in graph.Ref.Field, and the id referred to), or one
// of its dates. It keys by the node itself, so that two nodes with the
// same id keep their own places.
type placeKey struct {
	node      graph.Node
	field, to string
}

// mark remembers where a node's field is, so that checks made later against
// the whole corpus and the store can report the exact place.
func (p *parsed) mark(n graph.Node, field, to string, m *yamlMap, key string) {
	line, col := pos(m.at(key))
	p.places[placeKey{n, field, to}] = Problem{File: m.r.file, Line: line, Col: col, Field: join(m.path, key)}
}

// markAt is mark for an item of a list field.
func (p *parsed) markAt(node graph.Node, field, to string, r *yamlReader, n ast.Node, path string) {
	line, col := pos(n)
	p.places[placeKey{node, field, to}] = Problem{File: r.file, Line: line, Col: col, Field: path}
}

// record reads the common fields of a record: sources, claims, unverified
// and note. Sources are required unless the record inherits them (an
// obligation takes its provision's).
func (m *yamlMap) record(inherit bool, inherited []graph.Source) graph.Record {
	line, _ := pos(m.node)
	rec := graph.Record{
		Sources:    m.sources("sources", !inherit),
		Unverified: m.boolean("unverified"),
		Note:       m.text("note", false),
		Origin:     m.r.file,
		OriginLine: line,
	}
	if len(rec.Sources) == 0 {
		rec.Sources = inherited
	}
	for i, item := range m.list("claims") {
		cm := m.r.mapping(item, index(join(m.path, "claims"), i), claimFields)
		if cm == nil {
			continue
		}
		rec.Claims = append(rec.Claims, graph.Claim{
			Field:   cm.text("field", true),
			Value:   cm.text("value", false),
			Used:    cm.boolean("used"),
			Note:    cm.text("note", false),
			Sources: cm.sources("sources", true),
		})
	}
	return rec
}

// sources reads a list of sources. When required, an absent or empty list
// is a problem: every fact in pactwatch is sourced.
func (m *yamlMap) sources(key string, required bool) []graph.Source {
	var out []graph.Source
	items := m.list(key)
	for i, item := range items {
		sm := m.r.mapping(item, index(join(m.path, key), i), sourceFields)
		if sm == nil {
			continue
		}
		s := graph.Source{
			Citation:  sm.text("citation", false),
			URL:       sm.text("url", false),
			Publisher: sm.text("publisher", false),
			Date:      sm.date("date", false),
			Locator:   sm.text("locator", false),
		}
		if s.Citation == "" && s.URL == "" {
			sm.problem("citation", "a source needs a citation or a url")
			continue
		}
		out = append(out, s)
	}
	if required && len(items) == 0 {
		mv, present := m.fields[key]
		if present && !isNull(mv.Value) {
			if _, isList := m.value(key).(*ast.SequenceNode); !isList {
				return out // already reported: not a list, or an alias to nothing
			}
		}
		if present {
			m.problem(key, "no sources: every record needs at least one source (citation and, where one exists, url)")
		} else {
			m.problem(key, "missing required field %q: every record needs at least one source (citation and, where one exists, url)", key)
		}
	}
	return out
}

// textWithKind reads a text field and its textKind; textKind is required
// whenever text is given, so that a paraphrase is never taken for the
// instrument's own words.
func (m *yamlMap) textWithKind(textKey, kindKey string) (string, graph.TextKind) {
	text := m.text(textKey, false)
	kind := enum(m, kindKey, "textKind", graph.TextKinds, false)
	if text != "" && !m.has(kindKey) {
		m.problem(kindKey, "missing required field %q: say whether %q is VERBATIM (the instrument's own words) or SUMMARY", kindKey, textKey)
	}
	return text, kind
}

// hasPrefix reports whether id starts with prefix followed by '/'.
func hasPrefix(id, prefix string) bool {
	return strings.HasPrefix(id, prefix+"/") && len(id) > len(prefix)+1
}

// checkFileName checks that a file in instruments/ or states/ is named after
// what it holds (instruments/<id>.yaml, states/<code in lower case>.yaml),
// so that a researcher finds each record where the README says it is.
func (m *yamlMap) checkFileName(key, kind, wantDir, wantStem string) {
	dir := path.Base(path.Dir(m.r.file))
	if dir != "instruments" && dir != "states" {
		return
	}
	stem := strings.TrimSuffix(path.Base(m.r.file), path.Ext(m.r.file))
	if dir != wantDir || stem != wantStem {
		m.problem(key, "this %s belongs in %s/%s.yaml, not in %s/%s", kind, wantDir, wantStem, dir, path.Base(m.r.file))
	}
}
