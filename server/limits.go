package server

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/generated"
)

// Expected sizes of the lists the schema returns without paging, used by the
// complexity limit. gqlgen's default cost does not multiply a list field by
// its length, so each list field costs its expected length times its child.
// They are generous estimates for the ASEAN corpus (ten states, a dozen
// instruments), not hard limits.
const (
	costStates       = 10  // ASEAN member states
	costInstruments  = 20  // regional instruments
	costPerState     = 20  // a state's actions, laws or evidence
	costPerNode      = 10  // small lists on one node: implementations, amendments, reservations
	costProvisions   = 60  // an instrument's provisions
	costObligations  = 50  // an instrument's obligations (ACTIP has 25)
	costAllRecords   = 200 // a state's compliance records over every instrument
	costEngineRecord = 5   // computing one compliance record
)

// recordsCost is the cost of a list of compliance records: one instrument's
// obligations, or every instrument's.
func recordsCost(instrument *string, child int) int {
	n := costAllRecords
	if instrument != nil && *instrument != "" {
		n = costObligations
	}
	return n * (costEngineRecord + child)
}

func listCost(n int) func(child int) int {
	return func(child int) int { return n * (1 + child) }
}

func pageCost(first *int, child int) int {
	n := defaultPageSize
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + n*(1+child)
}

// complexity returns the per-field cost functions of the schema's list fields.
func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot

	c.Query.Instruments = func(child int, _, _ *graph.Date, _ *graph.InstrumentKind, _ *bool) int {
		return costInstruments * (1 + child)
	}
	c.Query.States = listCost(costStates)
	c.Query.Obligations = func(child int, _ *string, _ *graph.Theme, _ *graph.Modality, _ *string, first *int, _ *string) int {
		return pageCost(first, child)
	}
	c.Query.Laws = func(child int, _ *string, first *int, _ *string) int { return pageCost(first, child) }
	c.Query.Evidence = func(child int, _, _ *string, first *int, _ *string) int { return pageCost(first, child) }
	c.Query.RatifiedButNotImplemented = func(child int, _ string, _ *graph.Date, _ *graph.Basis, instrument *string, _ []graph.LegalStatus) int {
		return recordsCost(instrument, child)
	}
	c.Query.Records = func(child int, _ string, _ *graph.Date, instrument *string) int {
		return recordsCost(instrument, child)
	}
	c.Query.Compare = func(child int, states []string, _ *string, _ *graph.Date, _ *graph.Basis) int {
		n := costStates
		if states != nil {
			n = len(states)
		}
		return n * (costObligations*costEngineRecord/10 + child)
	}
	c.Query.RatificationTable = func(child int, _ string, _ *graph.Date) int { return costStates * (1 + child) }

	c.Instrument.Provisions = listCost(costProvisions)
	c.Instrument.Obligations = listCost(costObligations)
	c.Instrument.Actions = listCost(costStates * 2)
	c.Provision.Obligations = listCost(costPerNode)
	c.Obligation.Implementations = listCost(costPerNode)
	c.Obligation.Evidence = listCost(costPerState)
	c.Obligation.Status = func(child int, _ string, _ *graph.Date) int { return costEngineRecord + child }
	c.State.Actions = listCost(costPerState)
	c.State.Laws = listCost(costPerState)
	c.State.Evidence = listCost(costPerState)
	c.State.Records = func(child int, _ *graph.Date, instrument *string) int {
		return recordsCost(instrument, child)
	}
	c.StateAction.Reservations = listCost(costPerNode)
	c.Reservation.Provisions = listCost(costPerNode)
	c.Law.Implementations = listCost(costPerNode)
	c.Law.Actions = listCost(costPerNode)
	c.Law.Amends = listCost(costPerNode)
	c.Law.AmendedBy = listCost(costPerNode)
	c.Law.Repeals = listCost(costPerNode)
	c.Evidence.Obligations = listCost(costPerNode)
	c.ComplianceRecord.Laws = listCost(costPerNode)
	c.ComplianceRecord.Implementations = listCost(costPerNode)
	c.ComplianceRecord.Evidence = listCost(costPerState)
	return c
}

// depthLimit refuses an operation whose selections nest deeper than max
// fields, counting through fragments. Introspection fields (__schema,
// __type) are not counted, so a GraphQL IDE can always load the schema.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

// ExtensionName implements graphql.HandlerExtension.
func (d depthLimit) ExtensionName() string { return "DepthLimit" }

// Validate implements graphql.HandlerExtension.
func (d depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (d depthLimit) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(rc.Operation.SelectionSet, 0, d.max); depth > d.max {
		err := gqlerror.Errorf("operation is nested %d fields deep or more, which exceeds the limit of %d", depth, d.max)
		errcode.Set(err, CodeDepthLimit)
		return err
	}
	return nil
}

// selectionDepth returns the depth of the deepest field under set, which is
// at depth. It stops counting once past limit, so that cyclic fragments
// (which validation rejects anyway) or huge documents cannot make it loop.
func selectionDepth(set ast.SelectionSet, depth, limit int) int {
	if depth > limit {
		return depth
	}
	deepest := depth
	for _, sel := range set {
		var d int
		switch sel := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(sel.Name, "__") {
				continue
			}
			d = selectionDepth(sel.SelectionSet, depth+1, limit)
		case *ast.InlineFragment:
			d = selectionDepth(sel.SelectionSet, depth, limit)
		case *ast.FragmentSpread:
			if sel.Definition != nil {
				d = selectionDepth(sel.Definition.SelectionSet, depth, limit)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}
