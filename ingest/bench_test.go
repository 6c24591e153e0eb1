package ingest_test

import (
	"context"
	"testing"

	"github.com/pactwatch/pactwatch/fixtures"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// BenchmarkParseEmbedded parses and validates (without a store) the whole
// embedded corpus.
func BenchmarkParseEmbedded(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		c, err := ingest.ParseFS(fixtures.FS, ".")
		if err != nil {
			b.Fatal(err)
		}
		if err := ingest.Check(ctx, nil, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReloadEmbedded reloads the embedded corpus into a store that
// already holds it: parse, check against the store, and an Apply that
// changes nothing.
func BenchmarkReloadEmbedded(b *testing.B) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(b)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
}
