package guard

import (
	"context"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/server/apierr"
)

// OperationLimits computes an operation's depth and cost once, before it
// runs, and refuses it when either passes its limit. Both walks memoise each
// fragment's result by name, so that a fragment spread many times (a chain of
// fragments each spreading the next twice expands to 2^n selections) is
// walked once: the work is bounded by the size of the document, not of its
// expansion. Both also stop at the request's deadline. The cost is kept in
// the operation's stats for admission control (admission.go).
type OperationLimits struct {
	maxDepth      int
	maxComplexity int
	es            graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*OperationLimits)(nil)

// NewOperationLimits returns the limits of an operation's depth and cost;
// a zero limit is off (the cost is still computed, for admission).
func NewOperationLimits(maxDepth, maxComplexity int) *OperationLimits {
	return &OperationLimits{maxDepth: maxDepth, maxComplexity: maxComplexity}
}

// costExtension names the operation's cost in its stats.
const costExtension = "OperationCost"

// ExtensionName implements graphql.HandlerExtension.
func (l *OperationLimits) ExtensionName() string { return "OperationLimits" }

// Validate implements graphql.HandlerExtension.
func (l *OperationLimits) Validate(es graphql.ExecutableSchema) error {
	l.es = es
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (l *OperationLimits) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
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

// OperationCost returns the cost OperationLimits computed for the operation
// of ctx, and whether it computed one.
func OperationCost(ctx context.Context) (int, bool) {
	if !graphql.HasOperationContext(ctx) {
		return 0, false
	}
	cost, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(costExtension).(int)
	return cost, ok
}

// The costs of the introspection root fields, besides their selections.
const (
	costIntrospectSchema = 1000
	costIntrospectType   = 100
)

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
// schema's complexity functions, 1 for any other field plus its child, the
// worst implementor for an interface's field), with each fragment costed
// once, and with a cost for __schema and __type, which gqlgen counts as
// nothing.
func (w *limitWalker) cost(set ast.SelectionSet) int {
	total := 0
	for _, sel := range set {
		if w.stop() {
			return 0
		}
		switch sel := sel.(type) {
		case *ast.Field:
			total = SaturatingAdd(total, w.fieldCost(sel))
		case *ast.InlineFragment:
			total = SaturatingAdd(total, w.cost(sel.SelectionSet))
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
			total = SaturatingAdd(total, c)
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
	switch f.Name {
	case "__schema":
		// The whole schema, marshalled: a GraphQL IDE's one introspection
		// is cheap, forty aliased ones are not.
		return SaturatingAdd(costIntrospectSchema, w.cost(f.SelectionSet))
	case "__type":
		return SaturatingAdd(costIntrospectType, w.cost(f.SelectionSet))
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
	return SaturatingAdd(1, child)
}

// SaturatingAdd adds two costs, ignoring a negative one and stopping at the
// largest int instead of overflowing.
func SaturatingAdd(a, b int) int {
	a, b = max(a, 0), max(b, 0)
	if c := a + b; c >= a {
		return c
	}
	return math.MaxInt
}
