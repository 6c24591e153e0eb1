package resolvers

import (
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
)

// suggestComplexity sets the costs of the suggestion queries in c.
func suggestComplexity(c *generated.ComplexityRoot) {
	c.Query.ProposeObligations = func(child int, _, _ *string) int { return costPropose + costProposals*(1+child) }
	c.Query.SuggestLinks = func(child int, _, _ string, first *int) int {
		return costSuggestLinks + suggestFirst(first)*(1+child)
	}
	c.Query.SuggestCorrespondences = func(child int, _ string, first *int) int {
		return costSuggestCorrespond + suggestFirst(first)*(1+child)
	}
	c.SuggestedLink.Passages = listCost(costHighlights)
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
