// Package graphtest opens in-memory stores for tests and builds small test
// graphs through the store's own Apply, so every test graph passes the same
// validation as real data.
package graphtest

import (
	"context"
	"errors"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
)

// MustOpenStore returns an empty in-memory store that is closed when the test
// ends. It fails the test if the store cannot be opened.
func MustOpenStore(tb testing.TB) graph.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), "", store.InMemory())
	if err != nil {
		tb.Fatalf("graphtest: open store: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("graphtest: close store: %v", err)
		}
	})
	return s
}

// MustApply applies b to s and fails the test on any error.
func MustApply(tb testing.TB, s graph.Store, b *graph.Batch) *graph.ApplyResult {
	tb.Helper()
	res, err := s.Apply(context.Background(), b)
	if err != nil {
		var e *graph.Error
		if errors.As(err, &e) && len(e.Details) > 0 {
			tb.Fatalf("graphtest: apply: %v: %q", err, e.Details)
		}
		tb.Fatalf("graphtest: apply: %v", err)
	}
	return res
}
