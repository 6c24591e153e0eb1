package ingest_test

import (
	"testing"
	"testing/fstest"

	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/fixtures"
	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/ingest"
)

// TestWriteFixturesReproducesTheCorpus: the corpus written back as fixture
// files reads as the same records, each in the file it came from, with no
// problem; only the lines differ.
func TestWriteFixturesReproducesTheCorpus(t *testing.T) {
	c, err := ingest.ParseFS(fixtures.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	files, notes, err := ingest.WriteFixtures(c.Nodes)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) > 0 {
		t.Errorf("notes: %q, want none for the corpus", notes)
	}
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	back, err := ingest.ParseFS(fsys, ".")
	if err != nil {
		t.Fatalf("the written files do not load: %v", err)
	}
	if len(back.Nodes) != len(c.Nodes) || len(back.Origins) != len(c.Origins) {
		t.Errorf("got %d records in %d files, want %d in %d", len(back.Nodes), len(back.Origins), len(c.Nodes), len(c.Origins))
	}
	byID := map[string]graph.Node{}
	for _, n := range back.Nodes {
		byID[n.NodeID()] = n
	}
	for _, want := range c.Nodes {
		got, ok := byID[want.NodeID()]
		if !ok {
			t.Errorf("%s %s is not in the written files", want.NodeKind(), want.NodeID())
			continue
		}
		graph.RecordOf(got).OriginLine = graph.RecordOf(want).OriginLine
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		if string(a) != string(b) {
			t.Errorf("%s %s differs:\n%s\nwant\n%s", want.NodeKind(), want.NodeID(), b, a)
		}
	}
}
