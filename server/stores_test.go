package server_test

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/pactwatch/pactwatch/graph"
)

// countingStore counts the calls made to the Reader methods of a store.
type countingStore struct {
	graph.Store
	nodes, ids, neighbors atomic.Int64
}

func (s *countingStore) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	s.nodes.Add(1)
	return s.Store.Nodes(ctx, ids)
}

func (s *countingStore) IDs(ctx context.Context, k graph.Kind) ([]string, error) {
	s.ids.Add(1)
	return s.Store.IDs(ctx, k)
}

func (s *countingStore) Neighbors(ctx context.Context, rel graph.Relation, from []string) ([][]string, error) {
	s.neighbors.Add(1)
	return s.Store.Neighbors(ctx, rel, from)
}

func (s *countingStore) calls() int64 { return s.nodes.Load() + s.ids.Load() + s.neighbors.Load() }

func (s *countingStore) reset() {
	s.nodes.Store(0)
	s.ids.Store(0)
	s.neighbors.Store(0)
}

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
