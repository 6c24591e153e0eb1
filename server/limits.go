package server

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server/apierr"
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
	costSearch       = 50  // one query of the search index, with its facets
	costHighlights   = 2   // a hit's highlighted fields: title and text
	costReasons      = 50  // writing one record's reasons: its standing, laws, reviews and evidence in prose
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

// searchCost is the cost of the search field: one query of the index, more
// for a deep page (the index collects every hit before the page, up to
// search.MaxOffset), plus the connection's selection once per hit, like
// pageCost. first is clamped to search.MaxPageSize, since a larger page is
// refused by the resolver with its own message. The facets are computed
// once per query, but the connection's child is multiplied by first with
// them in it, so their lists keep the default cost instead of a list cost.
func searchCost(first *int, after *string, child int) int {
	n := searchDefaultFirst
	if first != nil {
		n = min(max(*first, 1), search.MaxPageSize)
	}
	offset := 0
	if after != nil && *after != "" {
		if rank, err := decodeSearchCursor(*after); err == nil {
			offset = min(rank, search.MaxOffset)
		}
	}
	return saturatingAdd(costSearch+offset/100, n*(1+child))
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
	c.Query.RatifiedButNotImplemented = func(child int, _ string, _ *graph.Date, _ *graph.Basis, instrument *string, _ []graph.LegalStatus, _ *time.Time) int {
		return recordsCost(instrument, child)
	}
	c.Query.Records = func(child int, _ string, _ *graph.Date, instrument *string, _ *time.Time) int {
		return recordsCost(instrument, child)
	}
	c.Query.Compare = func(child int, states []string, _ *string, _ *graph.Date, _ *graph.Basis, _ *time.Time) int {
		n := costStates
		if states != nil {
			n = len(states)
		}
		return n * (costObligations*costEngineRecord/10 + child)
	}
	c.Query.RatificationTable = func(child int, _ string, _ *graph.Date, _ *time.Time) int { return costStates * (1 + child) }
	c.Query.Search = func(child int, _ string, _ []generated.SearchKind, _, _ *string, first *int, after *string) int {
		return searchCost(first, after, child)
	}
	c.InstrumentHit.Highlights = listCost(costHighlights)
	c.ProvisionHit.Highlights = listCost(costHighlights)
	c.ObligationHit.Highlights = listCost(costHighlights)
	c.LawHit.Highlights = listCost(costHighlights)
	c.EvidenceHit.Highlights = listCost(costHighlights)
	c.SourceHit.Highlights = listCost(costHighlights)

	c.Instrument.Provisions = listCost(costProvisions)
	c.Instrument.Obligations = listCost(costObligations)
	c.Instrument.Actions = listCost(costStates * 2)
	c.Provision.Obligations = listCost(costPerNode)
	c.Obligation.Implementations = listCost(costPerNode)
	c.Obligation.Evidence = listCost(costPerState)
	c.Obligation.Status = func(child int, _ string, _ *graph.Date, _ *time.Time) int { return costEngineRecord + child }
	c.State.Actions = listCost(costPerState)
	c.State.Laws = listCost(costPerState)
	c.State.Evidence = listCost(costPerState)
	c.State.Records = func(child int, _ *graph.Date, instrument *string, _ *time.Time) int {
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
	c.ComplianceRecord.Reviews = listCost(costPerNode)
	c.ComplianceRecord.Evidence = listCost(costPerState)
	// Reasons are built only when selected, and cost what building them
	// does: a state's gap list with its reasons is an expensive operation,
	// admitted a few at a time, where without them it is not.
	c.ComplianceRecord.Reasons = func(child int) int { return costReasons + child }
	return c
}

// operationLimits computes an operation's depth and cost once, before it
// runs, and refuses it when either passes its limit. Both walks memoise each
// fragment's result by name, so that a fragment spread many times (a chain of
// fragments each spreading the next twice expands to 2^n selections) is
// walked once: the work is bounded by the size of the document, not of its
// expansion. Both also stop at the request's deadline. The cost is kept in
// the operation's stats for admission control (admission.go).
type operationLimits struct {
	maxDepth      int
	maxComplexity int
	es            graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*operationLimits)(nil)

// costExtension names the operation's cost in its stats.
const costExtension = "OperationCost"

// ExtensionName implements graphql.HandlerExtension.
func (l *operationLimits) ExtensionName() string { return "OperationLimits" }

// Validate implements graphql.HandlerExtension.
func (l *operationLimits) Validate(es graphql.ExecutableSchema) error {
	l.es = es
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (l *operationLimits) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	w := &limitWalker{ctx: ctx, es: l.es, schema: l.es.Schema(), vars: rc.Variables,
		depths: map[string]int{}, costs: map[string]int{}}
	if l.maxDepth > 0 {
		depth := w.depth(rc.Operation.SelectionSet)
		if w.err != nil {
			return w.err
		}
		if depth > l.maxDepth {
			err := gqlerror.Errorf("operation is nested %d fields deep, which exceeds the limit of %d", depth, l.maxDepth)
			errcode.Set(err, apierr.CodeDepthLimit)
			return err
		}
	}
	cost := w.cost(rc.Operation.SelectionSet)
	if w.err != nil {
		return w.err
	}
	rc.Stats.SetExtension(costExtension, cost)
	if l.maxComplexity > 0 && cost > l.maxComplexity {
		err := gqlerror.Errorf("operation has complexity %d, which exceeds the limit of %d", cost, l.maxComplexity)
		errcode.Set(err, errComplexityLimit)
		return err
	}
	return nil
}

// errComplexityLimit is gqlgen's code for an operation over the complexity limit.
const errComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED"

// operationCost returns the cost operationLimits computed for the operation
// of ctx, and whether it computed one.
func operationCost(ctx context.Context) (int, bool) {
	if !graphql.HasOperationContext(ctx) {
		return 0, false
	}
	cost, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(costExtension).(int)
	return cost, ok
}

// deadlineEvery is how many selections a walk visits between two looks at
// the request's deadline.
const deadlineEvery = 256

// limitWalker walks one operation, memoising each fragment's depth and cost.
type limitWalker struct {
	ctx    context.Context
	es     graphql.ExecutableSchema
	schema *ast.Schema
	vars   map[string]any
	depths map[string]int // a fragment's depth below the selection that spreads it
	costs  map[string]int
	steps  int
	err    *gqlerror.Error
}

// stop reports whether the walk must stop: the request's deadline has
// passed (or it was canceled), which sets w.err.
func (w *limitWalker) stop() bool {
	if w.err != nil {
		return true
	}
	w.steps++
	if w.steps%deadlineEvery != 1 {
		return false
	}
	if err := w.ctx.Err(); err != nil {
		w.err = gqlerror.Errorf("request timed out while checking the operation's limits")
		errcode.Set(w.err, apierr.CodeTimeout)
		return true
	}
	return false
}

// depth returns how many fields deep set nests, counting through fragments.
// Introspection fields (__schema, __type, __typename) are not counted, so
// that a GraphQL IDE can always load the schema.
func (w *limitWalker) depth(set ast.SelectionSet) int {
	deepest := 0
	for _, sel := range set {
		if w.stop() {
			return 0
		}
		var d int
		switch sel := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(sel.Name, "__") {
				continue
			}
			d = 1 + w.depth(sel.SelectionSet)
		case *ast.InlineFragment:
			d = w.depth(sel.SelectionSet)
		case *ast.FragmentSpread:
			if sel.Definition == nil {
				continue
			}
			var ok bool
			if d, ok = w.depths[sel.Name]; !ok {
				// A cycle (which validation refuses anyway) finds 0 here
				// instead of looping.
				w.depths[sel.Name] = 0
				d = w.depth(sel.Definition.SelectionSet)
				w.depths[sel.Name] = d
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// cost returns the cost of set as gqlgen's complexity.Calculate does (the
// schema's complexity functions of limits.go, 1 for any other field plus its
// child, the worst implementor for an interface's field, nothing for
// __schema), with each fragment costed once.
func (w *limitWalker) cost(set ast.SelectionSet) int {
	total := 0
	for _, sel := range set {
		if w.stop() {
			return 0
		}
		switch sel := sel.(type) {
		case *ast.Field:
			total = saturatingAdd(total, w.fieldCost(sel))
		case *ast.InlineFragment:
			total = saturatingAdd(total, w.cost(sel.SelectionSet))
		case *ast.FragmentSpread:
			if sel.Definition == nil {
				continue
			}
			c, ok := w.costs[sel.Name]
			if !ok {
				w.costs[sel.Name] = 0
				c = w.cost(sel.Definition.SelectionSet)
				w.costs[sel.Name] = c
			}
			total = saturatingAdd(total, c)
		}
	}
	return total
}

func (w *limitWalker) fieldCost(f *ast.Field) int {
	if f.Definition == nil || f.ObjectDefinition == nil {
		return 1
	}
	typ := w.schema.Types[f.Definition.Type.Name()]
	if typ == nil {
		return 1
	}
	if typ.Name == "__Schema" {
		return 0
	}
	child := 0
	switch typ.Kind {
	case ast.Object, ast.Interface, ast.Union:
		child = w.cost(f.SelectionSet)
	}
	args := f.ArgumentMap(w.vars)
	if f.ObjectDefinition.Kind != ast.Interface {
		return w.oneFieldCost(f.ObjectDefinition.Name, f.Name, child, args)
	}
	worst := 0
	for _, t := range w.schema.GetPossibleTypes(f.ObjectDefinition) {
		worst = max(worst, w.oneFieldCost(t.Name, f.Name, child, args))
	}
	return worst
}

func (w *limitWalker) oneFieldCost(typeName, field string, child int, args map[string]any) int {
	if c, ok := w.es.Complexity(w.ctx, typeName, field, child, args); ok && c >= 1 {
		return c
	}
	return saturatingAdd(1, child)
}

// saturatingAdd adds two costs, ignoring a negative one and stopping at the
// largest int instead of overflowing.
func saturatingAdd(a, b int) int {
	a, b = max(a, 0), max(b, 0)
	if c := a + b; c >= a {
		return c
	}
	return math.MaxInt
}
