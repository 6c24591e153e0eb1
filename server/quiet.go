package server

import (
	"context"
	"sync/atomic"
	"time"
)

// quiet tracks the GraphQL requests in flight, so that work in the
// background (building the search index) yields to them.
type quiet struct {
	inFlight atomic.Int64
	last     atomic.Int64 // unix nanoseconds of the latest request's start
}

func (q *quiet) begin() {
	q.inFlight.Add(1)
	q.last.Store(time.Now().UnixNano())
}

func (q *quiet) end() { q.inFlight.Add(-1) }

// Background work waits for quietFor without a request, but never longer
// than maxYield, so that it still progresses on a server that is never
// idle: one step (a batch of the search index) every thirty seconds costs
// such a server little and stalls few of its requests, where a step every
// two seconds cost it a tenth of its CPU and its slowest requests.
const (
	quietFor = 100 * time.Millisecond
	maxYield = 30 * time.Second
)

// Quiet returns once no GraphQL request has been in flight or started for
// a short while (or after at most thirty seconds of waiting, or when ctx is
// done): background work calls it between steps to yield to queries.
func (s *Server) Quiet(ctx context.Context) error {
	deadline := time.Now().Add(maxYield)
	for {
		idle := s.quiet.inFlight.Load() == 0 && time.Since(time.Unix(0, s.quiet.last.Load())) >= quietFor
		if idle || time.Now().After(deadline) {
			return ctx.Err()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(quietFor / 4):
		}
	}
}
