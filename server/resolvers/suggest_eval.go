package resolvers

import (
	"context"
	"maps"
	"slices"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/suggest"
	"github.com/pactwatch/pactwatch/server/generated"
)

// maxEvalStates is the most states one suggestionEvaluation evaluates.
const maxEvalStates = 10

// suggestionEvaluation measures the suggestions over the states named
// (suggest.EvalStates when none), each a state of the graph.
func (r *queryResolver) suggestionEvaluation(ctx context.Context, states []string) (*suggest.Evaluation, error) {
	if len(states) == 0 {
		states = suggest.EvalStates
	}
	if len(states) > maxEvalStates {
		return nil, graph.Errorf(graph.EINVALID, "states: at most %d states are evaluated at once, got %d", maxEvalStates, len(states))
	}
	codes := make([]string, 0, len(states))
	for _, s := range states {
		code, err := requireState(ctx, s)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	return suggest.Evaluate(ctx, r.store, codes)
}

// stateCounts lists counts by state in the order of the states' codes.
func stateCounts(by map[string]int) []*generated.StateCount {
	out := make([]*generated.StateCount, 0, len(by))
	for _, s := range slices.Sorted(maps.Keys(by)) {
		out = append(out, &generated.StateCount{State: s, N: by[s]})
	}
	return out
}

// nonZero is a pointer to v, or nil when v is its type's zero value (a
// value the evaluation leaves out: no proposal, no rank past 50).
func nonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
