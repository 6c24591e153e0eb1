package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/ingest"
	"github.com/pactwatch/pactwatch/server/export"
)

// exportFixtures writes every record of the store as fixture files into
// dir (ingest.WriteFixtures), from the store or, when a serve holds it,
// from its corpus download. A file that is there already keeps its
// leading comment lines; files of records no longer held are left as they
// are, and named.
func exportFixtures(ctx context.Context, e *env, q *querier, dir string) error {
	var nodes []graph.Node
	if q.remote() {
		var buf bytes.Buffer
		if err := q.api.get(ctx, "/export/corpus.json?changes=1", &buf); err != nil {
			return err
		}
		c, err := export.ReadCorpusJSON(&buf)
		if err != nil {
			return fmt.Errorf("reading the running serve's corpus: %s", describeError(err))
		}
		nodes = c.Nodes
	} else {
		var err error
		if nodes, err = allNodes(ctx, q.store); err != nil {
			return fmt.Errorf("reading the store: %s", describeError(err))
		}
	}
	files, notes, err := ingest.WriteFixtures(nodes)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("cannot make %s: %v", filepath.Dir(p), err)
		}
		data := files[name]
		if old, err := os.ReadFile(p); err == nil {
			data = append(leadingComments(old), data...)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("cannot write %s: %v", p, err)
		}
	}
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "pactwatch: note: %s\n", n)
	}
	for _, sub := range []string{"states", "instruments", "statutes"} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, en := range entries {
			if name := sub + "/" + en.Name(); isFixtureFile(name) && files[name] == nil {
				fmt.Fprintf(e.stderr, "pactwatch: note: %s holds no record of the store and was left as it is\n", filepath.Join(dir, filepath.FromSlash(name)))
			}
		}
	}
	fmt.Fprintf(e.stdout, "wrote %d records as %d fixture files to %s\n", len(nodes), len(files), dir)
	return nil
}

// allNodes reads every record of the store, kind by kind.
func allNodes(ctx context.Context, r graph.Reader) ([]graph.Node, error) {
	var out []graph.Node
	for _, k := range graph.Kinds {
		ns, err := allOf[graph.Node](ctx, r, k)
		if err != nil {
			return nil, err
		}
		out = append(out, ns...)
	}
	return out, nil
}

// leadingComments returns the comment lines a YAML file starts with.
func leadingComments(b []byte) []byte {
	end := 0
	for end < len(b) && b[end] == '#' {
		nl := bytes.IndexByte(b[end:], '\n')
		if nl < 0 {
			return append(slices.Clone(b), '\n')
		}
		end += nl + 1
	}
	return slices.Clone(b[:end])
}
