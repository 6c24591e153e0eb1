package server_test

import (
	"context"
	"errors"

	"github.com/pactwatch/pactwatch/graph"
)

// faultyStore fails in one way when IDs is asked for the evidence kind: it
// panics, returns an error that is not an application error, or blocks until
// the request's context ends. Every other call reaches the real store.
type faultyStore struct {
	graph.Store
	fault string // "panic", "error" or "block"
}

// errDisk is an error with details that must never reach a client.
var errDisk = errors.New("badger: read /var/lib/pactwatch/000042.vlog: input/output error")

func (s *faultyStore) IDs(ctx context.Context, k graph.Kind) ([]string, error) {
	if k != graph.KindEvidence {
		return s.Store.IDs(ctx, k)
	}
	switch s.fault {
	case "panic":
		panic("evidence index is corrupt")
	case "error":
		return nil, errDisk
	case "block":
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return s.Store.IDs(ctx, k)
}
