// Package engine is the compliance engine as the server's surfaces ask it:
// the questions they need of graph.Engine (Compliance), the engine over the
// graph as it was known at a past moment, the one normaliser of a user's
// state code, and the data version that stamps their answers.
package engine

import (
	"context"

	"github.com/pactwatch/pactwatch/graph"
)

// Compliance is what the resolvers, the exports and the direct path need
// of graph.Engine.
type Compliance interface {
	EntryIntoForce(ctx context.Context, instrumentID string) (*graph.EntryIntoForce, error)
	InstrumentForceOn(ctx context.Context, instrumentID string, on graph.Date) (*graph.InstrumentForce, error)
	Today() graph.Date
	Status(ctx context.Context, stateCode, obligationID string, asOf graph.Date) (*graph.ComplianceRecord, error)
	Records(ctx context.Context, stateCode string, asOf graph.Date, instrumentID string) ([]*graph.ComplianceRecord, error)
	GapList(ctx context.Context, q graph.GapQuery) ([]*graph.ComplianceRecord, error)
	GapListIn(ctx context.Context, q graph.GapQuery, a *graph.RecordArena) ([]*graph.ComplianceRecord, error)
	Coverage(ctx context.Context, instrumentID string) (*graph.InstrumentCoverage, error)
	Compare(ctx context.Context, stateCodes []string, instrumentID string, asOf graph.Date, basis graph.Basis) ([]*graph.StateSummary, error)
	RatificationTable(ctx context.Context, instrumentID string, asOf graph.Date) ([]*graph.RatificationRow, error)
}

// New returns the engine over r.
func New(r graph.Reader) Compliance { return graph.NewEngine(r) }

// NormalizeCode turns a user's state code into the stored form ("idn" → "IDN").
func NormalizeCode(code string) string { return graph.NormalizeStateCode(code) }

// DataVersion is the store's data version (graph.DataVersion) as a
// string, or "unversioned" for a store that keeps no change log.
func DataVersion(s graph.Store) string {
	if v, ok := s.(graph.DataVersioned); ok {
		return v.DataVersion().String()
	}
	return "unversioned"
}

// DataVersionOf is the store's data version, zero for a store that keeps
// no change log.
func DataVersionOf(s graph.Store) graph.DataVersion {
	if v, ok := s.(graph.DataVersioned); ok {
		return v.DataVersion()
	}
	return graph.DataVersion{}
}
