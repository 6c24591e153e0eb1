package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"

	"github.com/pactwatch/pactwatch/graph"
)

// Corpus is parsed, validated fixtures ready to load: the nodes and the
// origins (files, relative to the loaded root) they came from. Origins lists
// every file read, even one that now holds no records, so that loading it
// removes what it used to hold.
type Corpus struct {
	Nodes   []graph.Node
	Origins []string

	// places maps ids, references and dates to where they were written.
	places map[placeKey]Problem
	// problems are the parse problems of a corpus returned with an error;
	// Check reports them again and Load refuses to write such a corpus.
	problems Problems
}

// ParseFS reads fixture files or directories within fsys; "." (or no path)
// reads all. Directories are walked for *.yaml, *.yml and *.csv files, hidden
// ones skipped. Each node's Origin is its file's path relative to the
// fixture root: the directory given, or, for a file or directory inside
// instruments/, states/ or statutes/, the directory above, so that
// "states/idn.yaml" has the same origin whether given alone or found by
// walking the root.
//
// ParseFS reports every problem it finds, not only the first, as Problems
// sorted by file and line. It then also returns the corpus of what it could
// read, so that Check can add the problems that need the store; Load will
// not write it.
func ParseFS(fsys fs.FS, paths ...string) (*Corpus, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	b := newBuilder()
	for _, p := range paths {
		p = path.Clean(strings.TrimPrefix(filepath.ToSlash(p), "./"))
		info, err := fs.Stat(fsys, p)
		if err != nil {
			b.probs = append(b.probs, Problem{File: p, Message: fmt.Sprintf("cannot read: %v", unwrapPath(err))})
			continue
		}
		if !info.IsDir() {
			b.file(fsys, p, path.Dir(p), true)
			continue
		}
		root := p
		err = fs.WalkDir(fsys, p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				b.probs = append(b.probs, Problem{File: b.origin(root, name), Message: fmt.Sprintf("cannot read: %v", unwrapPath(err))})
				return nil
			}
			if name != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() && fixtureFile(name) {
				b.file(fsys, name, root, false)
			}
			return nil
		})
		if err != nil {
			b.probs = append(b.probs, Problem{File: p, Message: fmt.Sprintf("cannot read: %v", err)})
		}
	}
	return b.corpus()
}

// ParsePaths is ParseFS for files or directories on disk, given as absolute
// paths or relative to the working directory. Origins follow the same rule:
// "fixtures", "fixtures/states" and "fixtures/states/idn.yaml" all give
// states/idn.yaml the origin "states/idn.yaml". A file named twice is read
// once.
func ParsePaths(paths ...string) (*Corpus, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	c := &Corpus{places: map[placeKey]Problem{}}
	var probs Problems
	files := map[string]string{} // origin → file on disk
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			probs = append(probs, Problem{File: p, Message: fmt.Sprintf("cannot read: %v", err)})
			continue
		}
		info, err := os.Stat(abs)
		if err != nil {
			probs = append(probs, Problem{File: p, Message: fmt.Sprintf("cannot read: %v", unwrapPath(err))})
			continue
		}
		dir, name := filepath.Dir(abs), filepath.Base(abs)
		if info.IsDir() {
			dir, name = abs, "."
		}
		// Open the fixture root (the parent of instruments/ or states/) so
		// that origins are the same however the files are named.
		if base := filepath.Base(dir); base == "instruments" || base == "states" || base == "statutes" {
			dir, name = filepath.Dir(dir), path.Join(base, filepath.ToSlash(name))
		}
		part, _ := ParseFS(os.DirFS(dir), name)
		// Paths may overlap ("fixtures" and "fixtures/states/idn.yaml"):
		// read each file once. Two different files with the same origin
		// would replace each other's records, so that is a problem.
		skip := map[string]bool{}
		for _, o := range part.Origins {
			file := filepath.Join(dir, filepath.FromSlash(o))
			if prev, ok := files[o]; ok {
				skip[o] = true
				if prev != file {
					probs = append(probs, Problem{File: o, Message: fmt.Sprintf("both %s and %s would load as %s; load them separately", prev, file, o)})
				}
				continue
			}
			files[o] = file
			c.Origins = append(c.Origins, o)
		}
		for _, n := range part.Nodes {
			if !skip[graph.RecordOf(n).Origin] {
				c.Nodes = append(c.Nodes, n)
			}
		}
		for k, v := range part.places {
			c.places[k] = v
		}
		for _, p := range part.problems {
			if !skip[p.File] {
				probs = append(probs, p)
			}
		}
	}
	slices.Sort(c.Origins)
	probs = append(probs, duplicates(c.Nodes, c.places)...)
	c.problems = probs.sorted()
	if len(c.problems) > 0 {
		return c, c.problems
	}
	return c, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func fixtureFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".csv":
		return true
	}
	return false
}

// builder gathers the files of one ParseFS call.
type builder struct {
	parsed
	origins []string
	probs   Problems
	seen    map[string]bool
}

func newBuilder() *builder {
	return &builder{parsed: parsed{places: map[placeKey]Problem{}}, seen: map[string]bool{}}
}

// origin returns a file's origin: its path relative to the fixture root.
func (b *builder) origin(root, name string) string {
	if base := path.Base(root); base == "instruments" || base == "states" || base == "statutes" {
		root = path.Dir(root)
	}
	if root == "." {
		return name
	}
	return strings.TrimPrefix(name, root+"/")
}

// file reads one fixture file; named says the caller named it explicitly
// rather than finding it by walking a directory.
func (b *builder) file(fsys fs.FS, name, root string, named bool) {
	origin := b.origin(root, name)
	if b.seen[origin] {
		return
	}
	b.seen[origin] = true
	if !fixtureFile(name) {
		if named {
			msg := "not a fixture file: want a .yaml, .yml or .csv file"
			if ext := strings.ToLower(path.Ext(name)); ext == ".json" || ext == ".zip" {
				msg += "; a corpus download (corpus.json, corpus.zip) loads back with 'pactwatch import'"
			}
			b.probs = append(b.probs, Problem{File: origin, Message: msg})
		}
		return
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		b.probs = append(b.probs, Problem{File: origin, Message: fmt.Sprintf("cannot read: %v", unwrapPath(err))})
		return
	}
	b.origins = append(b.origins, origin)
	src, ok := b.checkFile(origin, src)
	if !ok {
		return
	}
	if strings.EqualFold(path.Ext(name), ".csv") {
		b.csvFile(origin, src)
		return
	}
	b.yamlFile(origin, src)
}

// yamlFile reads an instrument file or a state file, telling them apart by
// their top-level field.
func (b *builder) yamlFile(origin string, src []byte) {
	r := &yamlReader{file: origin, probs: &b.probs}
	body, ok := r.parseYAML(src)
	if !ok {
		return
	}
	if body == nil {
		b.probs = append(b.probs, Problem{File: origin, Line: 1, Col: 1, Message: emptyFile})
		return
	}
	body = r.resolve(body, "")
	keys := map[string]bool{}
	if m, ok := body.(*ast.MappingNode); ok {
		for _, mv := range m.Values {
			if mv != nil && mv.Key != nil {
				if s, ok := scalarText(mv.Key); ok {
					keys[s] = true
				}
			}
		}
	}
	switch {
	case keys["instrument"]:
		if top := r.mapping(body, "", instrumentFileFields); top != nil {
			b.instrumentFile(r, top)
		}
	case keys["state"]:
		if top := r.mapping(body, "", stateFileFields); top != nil {
			b.stateFile(r, top)
		}
	case keys["statute"]:
		if top := r.mapping(body, "", statuteFileFields); top != nil {
			b.statuteFile(r, top)
		}
	default:
		r.addAt(body, "", "want an instrument file (top-level fields: instrument, provisions), a state file (top-level fields: state, actions, laws, evidence) or a statute file (top-level fields: statute, provisions)")
	}
}

func (b *builder) corpus() (*Corpus, error) {
	slices.Sort(b.origins)
	c := &Corpus{Nodes: b.nodes, Origins: b.origins, places: b.places}
	probs := append(b.probs, duplicates(c.Nodes, c.places)...)
	probs = append(probs, nodeChecks(c.Nodes, c.places)...)
	c.problems = probs.sorted()
	if len(c.problems) > 0 {
		return c, c.problems
	}
	return c, nil
}

// duplicates reports every id defined more than once, at each place,
// naming the other.
func duplicates(nodes []graph.Node, places map[placeKey]Problem) Problems {
	first := map[string]graph.Node{}
	var probs Problems
	for _, n := range nodes {
		id := n.NodeID()
		prev, dup := first[id]
		if !dup {
			first[id] = n
			continue
		}
		here, there := placeOf(places, n, "id", ""), placeOf(places, prev, "id", "")
		hint := ""
		if _, ok := n.(*graph.Implementation); ok {
			hint = "; two links from one law to one obligation need explicit, different ids"
		}
		probs = append(probs,
			at(here, "duplicate id %q: %s %s is also defined at %s%s", id, prev.NodeKind(), id, where(there), hint),
			at(there, "duplicate id %q: %s %s is also defined at %s%s", id, n.NodeKind(), id, where(here), hint))
	}
	return probs
}

// placeOf returns where a node's field (or reference) was written, falling
// back to the node's origin and line for nodes built by hand.
func placeOf(places map[placeKey]Problem, n graph.Node, field, to string) Problem {
	if p, ok := places[placeKey{n, field, to}]; ok {
		return p
	}
	rec := graph.RecordOf(n)
	if field == "id" {
		field = ""
	}
	return Problem{File: rec.Origin, Line: rec.OriginLine, Field: field}
}

func at(p Problem, format string, args ...any) Problem {
	p.Message = fmt.Sprintf(format, args...)
	return p
}

// where formats a place as "file:line:col".
func where(p Problem) string {
	p.Field, p.Message = "", ""
	s := p.String()
	return strings.TrimSuffix(s, ": ")
}

// Limits on a fixture file, checked before it is parsed, and on ids.
const (
	// MaxFileBytes is the largest fixture file read; the largest of the
	// corpus is under 200 KB.
	MaxFileBytes = 8 << 20
	// MaxFlowDepth is the deepest nesting of YAML flow collections ([...]
	// and {...}); the parser's memory grows with its square.
	MaxFlowDepth = 32
	// MaxIDBytes is the longest id: ids are parts of the store's keys.
	MaxIDBytes = 256
)

// emptyFile is the problem of a file that holds nothing: loading it would
// remove every record it used to hold, which is never what an empty file
// means.
const emptyFile = "the file is empty (or holds only whitespace or comments): it would remove every record loaded from it; delete the records explicitly, or restore the file"

// checkFile refuses a file that is too large, empty, not UTF-8 or nested
// too deeply to parse safely, and returns its text without a byte-order
// mark, which is accepted.
func (b *builder) checkFile(origin string, src []byte) ([]byte, bool) {
	fail := func(line, col int, format string, args ...any) ([]byte, bool) {
		b.probs = append(b.probs, Problem{File: origin, Line: line, Col: col, Message: fmt.Sprintf(format, args...)})
		return nil, false
	}
	if len(src) > MaxFileBytes {
		return fail(0, 0, "the file is %d bytes, larger than the limit of %d; split it", len(src), MaxFileBytes)
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if len(bytes.TrimSpace(src)) == 0 {
		return fail(1, 1, emptyFile)
	}
	if !utf8.Valid(src) {
		line, col := lineCol(src, firstInvalidUTF8(src))
		return fail(line, col, "the file is not valid UTF-8 here (save it as UTF-8; Latin-1 and Windows code pages are not read)")
	}
	if !strings.EqualFold(path.Ext(origin), ".csv") {
		if depth, at := flowDepth(src); depth > MaxFlowDepth {
			line, col := lineCol(src, at)
			return fail(line, col, "YAML flow collections ([...], {...}) nest deeper than %d here", MaxFlowDepth)
		}
	}
	return src, true
}

func firstInvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(src)
}

// lineCol returns the 1-based line and column (in bytes) of offset.
func lineCol(src []byte, offset int) (int, int) {
	before := src[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	return line, offset - bytes.LastIndexByte(before, '\n')
}

// flowDepth returns the deepest nesting of YAML flow collections in src and
// the offset where it is first passed MaxFlowDepth, skipping quoted scalars
// and comments. It over-counts brackets inside plain scalars, which only
// makes the limit stricter for text no fixture has.
func flowDepth(src []byte) (deepest, at int) {
	depth := 0
	var quote byte
	comment := false
	for i, c := range src {
		switch {
		case comment:
			comment = c != '\n'
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n'):
			comment = true
		case c == '[' || c == '{':
			depth++
			if depth > deepest {
				deepest = depth
				if depth == MaxFlowDepth+1 {
					at = i
				}
			}
		case c == ']' || c == '}':
			depth = max(0, depth-1)
		}
	}
	return deepest, at
}

// nodeChecks refuses what the store must never hold: an id with control
// characters or longer than MaxIDBytes, a source URL that is not http or
// https (a javascript: link would run in the dashboard when clicked), and a
// date outside the plausible span (date_span.go).
func nodeChecks(nodes []graph.Node, places map[placeKey]Problem) Problems {
	var probs Problems
	for _, n := range nodes {
		id := n.NodeID()
		if i := strings.IndexFunc(id, unicode.IsControl); i >= 0 {
			probs = append(probs, at(placeOf(places, n, "id", ""), "id %q has a control character (%U): ids are printable text", id, []rune(id[i:])[0]))
		}
		if len(id) > MaxIDBytes {
			probs = append(probs, at(placeOf(places, n, "id", ""), "id of %d bytes (%.40s…) is longer than the limit of %d", len(id), id, MaxIDBytes))
		}
		forEachSource(reflect.ValueOf(n), func(src graph.Source) {
			if src.URL != "" && !webURL(src.URL) {
				probs = append(probs, at(placeOf(places, n, "sources", ""), "source url %q: want an http or https URL", src.URL))
			}
		})
		for _, dp := range dateSpanProblems(n) { // date_span.go
			place := placeOf(places, n, dp.Field, "")
			place.Field = dp.Field
			probs = append(probs, at(place, "%s", dp.Message))
		}
	}
	return probs
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// forEachSource calls f with every graph.Source within v, at any depth:
// a record's sources, its claims' sources, and any other sourced field a
// node has.
func forEachSource(v reflect.Value, f func(graph.Source)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			forEachSource(v.Elem(), f)
		}
	case reflect.Struct:
		if src, ok := v.Interface().(graph.Source); ok {
			f(src)
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				forEachSource(v.Field(i), f)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			forEachSource(v.Index(i), f)
		}
	}
}
