package resolvers

import (
	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/suggest"
	"github.com/pactwatch/pactwatch/server/generated"
)

// Costs of the suggestion queries. Each builds what it compares in memory
// for the one question: proposing reads one provision; suggesting links
// indexes a state's statute provisions (hundreds of texts); suggesting
// correspondences compares one provision's words with every provision's.
const (
	costPropose           = 10  // reading one provision's sentences
	costProposals         = 10  // the proposals one provision gives, at most
	costSuggestLinks      = 200 // indexing a state's statute texts and one query of it
	costSuggestCorrespond = 100 // word-level edit distances to every held provision
	// An evaluation reads every obligation's words (costEvaluation, which
	// alone makes it expensive: admission queues it) and, per state, runs
	// leave-one-out over its curated links: an index of its statute texts
	// and a query per link (about half a second of CPU for Indonesia's 42).
	costEvaluation    = 12500
	costEvaluateState = 3000
)

// suggestComplexity sets the costs of the suggestion queries in c.
func suggestComplexity(c *generated.ComplexityRoot) {
	c.Query.ProposeObligations = func(child int, _, _ *string) int { return costPropose + costProposals*(1+child) }
	c.Query.SuggestLinks = func(child int, _, _ string, first *int, _ *bool) int {
		return costSuggestLinks + suggestFirst(first)*(1+child)
	}
	c.Query.SuggestCorrespondences = func(child int, _ string, first *int) int {
		return costSuggestCorrespond + suggestFirst(first)*(1+child)
	}
	c.Query.SuggestionEvaluation = func(child int, states []string) int {
		n := len(states)
		if n == 0 {
			n = len(suggest.EvalStates)
		}
		return costEvaluation + costEvaluateState*min(n, maxEvalStates) + child
	}
	c.SuggestedLink.Passages = listCost(costHighlights)
	// Deciding on a suggestion asks the suggester again, at its largest
	// answer, and (accepting) checks and stores one draft record.
	c.Mutation.AcceptSuggestion = func(child int, in generated.SuggestionInput) int {
		return suggestionCost(in.Kind) + costDraftRecord + child
	}
	c.Mutation.RejectSuggestion = func(child int, in generated.SuggestionInput) int {
		return suggestionCost(in.Kind) + child
	}
}

// costDraftRecord is checking one record against the store and storing
// it in a draft.
const costDraftRecord = 10

// suggestionCost is asking the suggester of kind again, for its largest
// answer.
func suggestionCost(kind graph.SuggestionKind) int {
	switch kind {
	case graph.SuggestionLink:
		return costSuggestLinks + suggest.MaxFirst
	case graph.SuggestionCorrespondence:
		return costSuggestCorrespond + suggest.MaxFirst
	}
	return costPropose + costProposals
}

// suggestFirst is the number of suggestions asked for: 5 when null, at
// most suggest.MaxFirst (a larger first is refused by the query itself).
func suggestFirst(first *int) int {
	if first == nil || *first <= 0 {
		return 5
	}
	return min(*first, suggest.MaxFirst)
}

// derefInt is the int first points to, or 0 for null.
func derefInt(first *int) int {
	if first == nil {
		return 0
	}
	return *first
}
