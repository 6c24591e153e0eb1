package server

import (
	"context"

	"github.com/pactwatch/pactwatch/graph"
)

// complianceEngine is what the resolvers need of graph.Engine.
type complianceEngine interface {
	EntryIntoForce(ctx context.Context, instrumentID string) (*graph.EntryIntoForce, error)
	Status(ctx context.Context, stateCode, obligationID string, asOf graph.Date) (*graph.ComplianceRecord, error)
	Records(ctx context.Context, stateCode string, asOf graph.Date, instrumentID string) ([]*graph.ComplianceRecord, error)
	GapList(ctx context.Context, q graph.GapQuery) ([]*graph.ComplianceRecord, error)
	Coverage(ctx context.Context, instrumentID string) (*graph.InstrumentCoverage, error)
	Compare(ctx context.Context, stateCodes []string, instrumentID string, asOf graph.Date, basis graph.Basis) ([]*graph.StateSummary, error)
	RatificationTable(ctx context.Context, instrumentID string, asOf graph.Date) ([]*graph.RatificationRow, error)
}

func newEngine(r graph.Reader) complianceEngine { return graph.NewEngine(r) }

// Warm summarises every state once so that the engine's per-version caches
// hold each state's facts before the first request asks. On a world-scale
// store a cold summary of all states takes longer than the request timeout;
// warmed, it takes milliseconds. serve runs it in the background at start.
func (s *Server) Warm(ctx context.Context) error {
	_, err := s.engine.Compare(ctx, nil, "", graph.Today(), graph.BasisLaw)
	return err
}
