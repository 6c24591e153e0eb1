package direct

import (
	"path/filepath"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
	"github.com/pactwatch/pactwatch/server/engine"
)

// TestSplicedPanicIsLeftToGqlgen: a root field runs on a goroutine of its
// own, outside the request's recover; a panic while direct writes it
// leaves the field to gqlgen (and the answer unkept) rather than ending
// the process.
func TestSplicedPanicIsLeftToGqlgen(t *testing.T) {
	s := graphtest.MustOpenStore(t)
	c, err := ingest.ParsePaths(filepath.Join("..", "..", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(t.Context(), s, c); err != nil {
		t.Fatal(err)
	}
	broken := &objectPlan{keys: []objectKey{{alias: "legal", value: func(*execution, []byte, any) ([]byte, bool) { panic("a writer's bug") }}}}
	sp := &splice{schema: directSchema{store: s, engine: engine.New(s)}, keep: true,
		plans: map[string]*directPlan{"g": {args: gapArgs{state: "MYS", basis: graph.BasisLaw}, record: broken}}}
	ctx := graphql.WithRootFieldContext(t.Context(), &graphql.RootFieldContext{
		Object: "ratifiedButNotImplemented",
		Field:  graphql.CollectedField{Field: &ast.Field{Alias: "g", Name: "ratifiedButNotImplemented"}},
	})
	if m, ok := sp.answer(ctx); ok || m != nil {
		t.Fatalf("a panicking writer answered %v", m)
	}
	if !sp.missed.Load() {
		t.Fatal("the field left to gqlgen was not marked: its answer could be kept")
	}
}
