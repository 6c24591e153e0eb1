package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

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
// instruments/ or states/, the directory above, so that
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
		if base := filepath.Base(dir); base == "instruments" || base == "states" {
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
	if base := path.Base(root); base == "instruments" || base == "states" {
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
			b.probs = append(b.probs, Problem{File: origin, Message: "not a fixture file: want a .yaml, .yml or .csv file"})
		}
		return
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		b.probs = append(b.probs, Problem{File: origin, Message: fmt.Sprintf("cannot read: %v", unwrapPath(err))})
		return
	}
	b.origins = append(b.origins, origin)
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
	if !ok || body == nil {
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
	default:
		r.addAt(body, "", "want an instrument file (top-level fields: instrument, provisions) or a state file (top-level fields: state, actions, laws, evidence)")
	}
}

func (b *builder) corpus() (*Corpus, error) {
	slices.Sort(b.origins)
	c := &Corpus{Nodes: b.nodes, Origins: b.origins, places: b.places}
	probs := append(b.probs, duplicates(c.Nodes, c.places)...)
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
