package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/pactwatch/pactwatch/graph"
)

// maxAliases bounds how many aliases one file may expand, so that a file of
// nested aliases cannot make the reader do exponential work.
const maxAliases = 1000

// yamlReader reads one YAML file's syntax tree into values, recording a
// Problem, with the node's position and the field's path, for every value
// that is missing, unknown or malformed. It keeps going after a problem so
// that a file's problems are all reported at once.
type yamlReader struct {
	file    string
	probs   *Problems
	anchors map[string]ast.Node
	aliases int
}

// parseYAML parses src and returns the body of its one document, or nil
// after recording a problem. An empty file has no body and no problem.
func (r *yamlReader) parseYAML(src []byte) (body ast.Node, ok bool) {
	defer func() {
		// The parser is third-party code fed hand-written input; a panic in it
		// must become a problem in the file, not a crash of the whole load.
		if v := recover(); v != nil {
			r.add(1, 1, "", fmt.Sprintf("the YAML parser failed on this file (%v); check its syntax", v))
			body, ok = nil, false
		}
	}()
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		var ye yaml.Error
		line, col := 1, 1
		msg := err.Error()
		if errors.As(err, &ye) {
			msg = ye.GetMessage()
			if tk := ye.GetToken(); tk != nil && tk.Position != nil {
				line, col = tk.Position.Line, tk.Position.Column
			}
		}
		r.add(line, col, "", "YAML syntax: "+msg)
		return nil, false
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch len(docs) {
	case 0:
		return nil, true
	case 1:
		// Collect every anchor first, so that an alias resolves whatever
		// order the reader visits the fields in.
		r.anchors = map[string]ast.Node{}
		for _, n := range ast.Filter(ast.AnchorType, docs[0].Body) {
			if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil && a.Name.GetToken() != nil {
				r.anchors[a.Name.GetToken().Value] = a.Value
			}
		}
		return docs[0].Body, true
	}
	line, col := pos(docs[1].Body)
	r.add(line, col, "", fmt.Sprintf("a fixture file holds one YAML document, found %d (remove the extra '---' separators)", len(docs)))
	return nil, false
}

func (r *yamlReader) add(line, col int, field, msg string) {
	*r.probs = append(*r.probs, Problem{File: r.file, Line: line, Col: col, Field: field, Message: msg})
}

func (r *yamlReader) addAt(n ast.Node, field, format string, args ...any) {
	line, col := pos(n)
	r.add(line, col, field, fmt.Sprintf(format, args...))
}

// pos returns the 1-based line and column where n starts. A mapping reports
// the position of its first key rather than of its first ':'.
func pos(n ast.Node) (line, col int) {
	switch m := n.(type) {
	case nil:
		return 0, 0
	case *ast.MappingNode:
		if len(m.Values) > 0 && !m.IsFlowStyle {
			return pos(m.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return pos(m.Key)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

// resolve strips tags and anchors and follows aliases.
func (r *yamlReader) resolve(n ast.Node, field string) ast.Node {
	for range 64 {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			r.aliases++
			if r.aliases > maxAliases {
				if r.aliases == maxAliases+1 {
					r.addAt(v, field, "too many aliases in one file (more than %d); write the values out", maxAliases)
				}
				return nil
			}
			name := ""
			if v.Value != nil && v.Value.GetToken() != nil {
				name = v.Value.GetToken().Value
			}
			target, ok := r.anchors[name]
			if !ok {
				r.addAt(v, field, "alias *%s names no anchor (&%s) in this file", name, name)
				return nil
			}
			n = target
		default:
			return n
		}
	}
	r.addAt(n, field, "too deeply nested tags, anchors or aliases")
	return nil
}

// describe names a node's YAML type for "want X, got Y" messages.
func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "a number"
	case *ast.BoolNode:
		return "true/false"
	case *ast.NullNode:
		return "nothing"
	}
	return "text"
}

// isNull reports whether a value is absent: no node, or an explicit null.
func isNull(n ast.Node) bool {
	_, null := n.(*ast.NullNode)
	return n == nil || null
}

// join extends a field path: join("laws[3]", "enacted") = "laws[3].enacted".
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// yamlMap is one YAML mapping read as a record of known fields.
type yamlMap struct {
	r      *yamlReader
	node   ast.Node
	path   string
	fields map[string]*ast.MappingValueNode
}

// mapping reads n as a mapping whose keys must all be in allowed. It returns
// nil, after recording a problem, when n is not a mapping; a null or absent
// n gives an empty mapping positioned at parent.
func (r *yamlReader) mapping(n ast.Node, path string, allowed []string) *yamlMap {
	n = r.resolve(n, path)
	m := &yamlMap{r: r, node: n, path: path, fields: map[string]*ast.MappingValueNode{}}
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return m
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	default:
		r.addAt(n, path, "want a mapping of fields (%s), got %s", strings.Join(allowed, ", "), describe(n))
		return nil
	}
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		if mv.Key.Type() == ast.MergeKeyType {
			r.addAt(mv.Key, join(path, "<<"), "merge keys (<<) are not supported; write the fields out")
			continue
		}
		name, ok := scalarText(mv.Key)
		if !ok {
			r.addAt(mv.Key, path, "a field name must be plain text, got %s", describe(mv.Key))
			continue
		}
		if !contains(allowed, name) {
			r.addAt(mv.Key, join(path, name), "unknown field %q: want one of %s", name, strings.Join(allowed, ", "))
			continue
		}
		m.fields[name] = mv
	}
	return m
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// value returns the resolved value of a field, or nil when it is absent or null.
func (m *yamlMap) value(key string) ast.Node {
	mv, ok := m.fields[key]
	if !ok {
		return nil
	}
	v := m.r.resolve(mv.Value, join(m.path, key))
	if isNull(v) {
		return nil
	}
	return v
}

// has reports whether the field is present and not null.
func (m *yamlMap) has(key string) bool { return m.value(key) != nil }

// at returns the node to report a field's problem at: its value, its key,
// or the mapping itself when the field is absent.
func (m *yamlMap) at(key string) ast.Node {
	if mv, ok := m.fields[key]; ok {
		if !isNull(mv.Value) {
			return mv.Value
		}
		return mv.Key
	}
	return m.node
}

// problem records a problem on a field of the mapping.
func (m *yamlMap) problem(key, format string, args ...any) {
	line, col := pos(m.at(key))
	m.r.add(line, col, join(m.path, key), fmt.Sprintf(format, args...))
}

func (m *yamlMap) missing(key, what string) {
	if what != "" {
		what = " (" + what + ")"
	}
	m.problem(key, "missing required field %q%s", key, what)
}

// text reads a scalar field as text; numbers and booleans keep their
// spelling. A required field that is absent or empty is a problem.
func (m *yamlMap) text(key string, required bool) string { return m.textOr(key, required, "") }

// textOr is text whose missing-value problem says what is wanted (hint).
func (m *yamlMap) textOr(key string, required bool, hint string) string {
	v := m.value(key)
	if v == nil {
		if required {
			m.missing(key, hint)
		}
		return ""
	}
	s, ok := scalarText(v)
	if !ok {
		m.problem(key, "want text, got %s", describe(v))
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		m.missing(key, strings.TrimSuffix("it is empty; want "+hint, "; want "))
	}
	return s
}

// dateHint and enumHint say what a missing date or enum value should be.
const dateHint = "a date: YYYY-MM-DD, YYYY-MM or YYYY"

func enumHint[T ~string](all []T) string {
	names := make([]string, len(all))
	for i, v := range all {
		names[i] = string(v)
	}
	return "one of " + strings.Join(names, ", ")
}

// scalarText returns the text of a scalar node as written.
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, true
	}
	return "", false
}

// date reads a YYYY-MM-DD, YYYY-MM or YYYY field.
func (m *yamlMap) date(key string, required bool) graph.Date {
	s := m.textOr(key, required, dateHint)
	if s == "" {
		return graph.Date{}
	}
	d, err := graph.ParseDate(s)
	if err != nil {
		m.problem(key, "%s", graph.ErrorMessage(err))
	}
	return d
}

// boolean reads a true/false field; absent is false.
func (m *yamlMap) boolean(key string) bool {
	v := m.value(key)
	if v == nil {
		return false
	}
	if b, ok := v.(*ast.BoolNode); ok {
		return b.Value
	}
	s, _ := scalarText(v)
	m.problem(key, "want true or false, got %s %q", describe(v), s)
	return false
}

// integer reads a whole, non-negative number field; absent is 0. ok is
// false when the value is given but is not such a number.
func (m *yamlMap) integer(key string) (n int, ok bool) {
	v := m.value(key)
	if v == nil {
		return 0, true
	}
	s, _ := scalarText(v)
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if _, isInt := v.(*ast.IntegerNode); !isInt || err != nil || n < 0 {
		m.problem(key, "want a whole number such as 6, got %s %q", describe(v), s)
		return 0, false
	}
	return n, true
}

// number reads a decimal number field.
func (m *yamlMap) number(key string, required bool) float64 {
	v := m.value(key)
	if v == nil {
		if required {
			m.missing(key, "")
		}
		return 0
	}
	s, _ := scalarText(v)
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), "_", ""), 64)
	switch v.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
	default:
		err = errors.New("not a number")
	}
	if err != nil {
		m.problem(key, "want a number such as 427 or 12.5, got %s %q", describe(v), s)
		return 0
	}
	return f
}

// enum reads a field whose value must be one of all.
func enum[T ~string](m *yamlMap, key, name string, all []T, required bool) T {
	s := m.textOr(key, required, enumHint(all))
	if s == "" {
		return ""
	}
	v, err := graph.ParseEnum(name, all, s)
	if err != nil {
		m.problem(key, "%s", graph.ErrorMessage(err))
	}
	return v
}

// list returns a field's items, or nil when it is absent; a value that is
// not a list is a problem.
func (m *yamlMap) list(key string) []ast.Node {
	v := m.value(key)
	if v == nil {
		return nil
	}
	seq, ok := v.(*ast.SequenceNode)
	if !ok {
		m.problem(key, "want a list (items starting with '- ', or [a, b]), got %s", describe(v))
		return nil
	}
	out := make([]ast.Node, 0, len(seq.Values))
	for i, item := range seq.Values {
		out = append(out, m.r.resolve(item, index(join(m.path, key), i)))
	}
	return out
}

// texts reads a list of text items (ids, article numbers). A single text
// value is taken as a list of one.
func (m *yamlMap) texts(key string) []string {
	v := m.value(key)
	if v == nil {
		return nil
	}
	if s, ok := scalarText(v); ok {
		if s = strings.TrimSpace(s); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for i, item := range m.list(key) {
		s, ok := scalarText(item)
		if !ok {
			m.r.addAt(item, index(join(m.path, key), i), "want text, got %s", describe(item))
			continue
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// enums reads a list of enum values.
func enums[T ~string](m *yamlMap, key, name string, all []T) []T {
	var out []T
	var items []ast.Node
	if s, ok := scalarText(m.value(key)); ok {
		if strings.TrimSpace(s) != "" {
			items = []ast.Node{m.value(key)}
		}
	} else {
		items = m.list(key)
	}
	for i, item := range items {
		field := index(join(m.path, key), i)
		s, ok := scalarText(item)
		if !ok {
			m.r.addAt(item, field, "want text, got %s", describe(item))
			continue
		}
		e, err := graph.ParseEnum(name, all, s)
		if err != nil {
			m.r.addAt(item, field, "%s", graph.ErrorMessage(err))
			continue
		}
		out = append(out, e)
	}
	return out
}
