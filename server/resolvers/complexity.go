package resolvers

import (
	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/guard"
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
	// costKnownAt is building one state's facts from the graph as known at
	// a past moment (knownAt): the past graph undoes every later change on
	// each read, and no cache keeps what the engine builds from it, so each
	// field with knownAt pays it again for every state it reads.
	costKnownAt = 30
)

// knownAtCost is the cost of reading states states' facts at knownAt, 0
// for the present (the engine's caches hold it).
func knownAtCost(knownAt *graph.Moment, states int) int {
	if knownAt == nil {
		return 0
	}
	return states * costKnownAt
}

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
	return guard.SaturatingAdd(costSearch+offset/100, n*(1+child))
}

// Complexity returns the per-field cost functions of the schema's list fields.
func Complexity() generated.ComplexityRoot {
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
	c.Query.RatifiedButNotImplemented = func(child int, _ string, _ *graph.Date, _ *graph.Basis, instrument *string, _ []graph.LegalStatus, _ []graph.Modality, knownAt *graph.Moment) int {
		return recordsCost(instrument, child) + knownAtCost(knownAt, 1)
	}
	c.Query.Records = func(child int, _ string, _ *graph.Date, instrument *string, knownAt *graph.Moment) int {
		return recordsCost(instrument, child) + knownAtCost(knownAt, 1)
	}
	c.Query.Compare = func(child int, states []string, _ *string, _ *graph.Date, _ *graph.Basis, knownAt *graph.Moment, _ *graph.CompareOrder) int {
		n := costStates
		if states != nil {
			n = len(states)
		}
		return n*(costObligations*costEngineRecord/10+child) + knownAtCost(knownAt, n)
	}
	c.Query.CompareTotals = func(child int, states []string, instrument *string, asOf *graph.Date, basis *graph.Basis, knownAt *graph.Moment) int {
		return c.Query.Compare(child, states, instrument, asOf, basis, knownAt, nil)
	}
	c.Query.RatificationTable = func(child int, _ string, _ *graph.Date, knownAt *graph.Moment) int {
		return costStates*(1+child) + knownAtCost(knownAt, costStates)
	}
	c.Query.RatificationTally = func(child int, instrument *string, _ *graph.Date, knownAt *graph.Moment) int {
		n := costInstruments
		if instrument != nil {
			n = 1
		}
		return n * (costStates + knownAtCost(knownAt, costStates))
	}
	c.Query.ConsentTimeline = func(child int, _ string, _ *graph.Date, knownAt *graph.Moment) int {
		return costStates*(1+child) + knownAtCost(knownAt, costStates)
	}
	c.Query.EntryIntoForce = func(child int, _ string, knownAt *graph.Moment) int {
		return 1 + child + knownAtCost(knownAt, costStates)
	}
	c.Query.Search = func(child int, _ string, _ []generated.SearchKind, _, _ *string, first *int, after *string) int {
		return searchCost(first, after, child)
	}
	c.Query.Drafts = func(child int, first *int, _ *string) int {
		n := defaultDraftsPage
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + n*(1+child)
	}
	c.Query.Acts = func(child int, first *int) int {
		n := 50
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + n*(1+child)
	}
	c.Draft.Records = func(child int, first, _ *int) int {
		n := maxDraftRecordsPage
		if first != nil && *first >= 0 {
			n = *first
		}
		return 1 + n*(1+child)
	}
	c.Draft.Changes = func(child int, first *int, _ *string) int {
		n := defaultDraftChangesPage
		if first != nil && *first >= 0 {
			n = *first
		}
		return 1 + n*(1+child)
	}
	// A draft's marks read each of its records' versions, or every open
	// draft; pendingDrafts reads every open draft.
	c.Draft.StaleCount = func(int) int { return costPerState }
	c.Draft.OverlapCount = func(int) int { return costPerState }
	c.Query.PendingDrafts = func(child int, records []string) int { return 1 + len(records)/costPerState + child }
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
	c.Obligation.Status = func(child int, _ string, _ *graph.Date, knownAt *graph.Moment) int {
		return costEngineRecord + child + knownAtCost(knownAt, 1)
	}
	c.State.Actions = listCost(costPerState)
	c.State.Laws = listCost(costPerState)
	c.State.Evidence = listCost(costPerState)
	c.State.Records = func(child int, _ *graph.Date, instrument *string, knownAt *graph.Moment) int {
		return recordsCost(instrument, child) + knownAtCost(knownAt, 1)
	}
	c.StateAction.Reservations = listCost(costPerNode)
	c.Reservation.Provisions = listCost(costPerNode)
	c.Law.Implementations = listCost(costPerNode)
	c.Law.Actions = listCost(costPerNode)
	c.Law.Amends = listCost(costPerNode)
	c.Law.AmendedBy = listCost(costPerNode)
	c.Law.Repeals = listCost(costPerNode)
	c.Law.Provisions = listCost(costProvisions)
	c.StatuteProvision.Versions = listCost(costPerNode)
	c.Implementation.Provisions = func(child int, _ *graph.Date) int { return costPerNode * (1 + child) }
	c.Implementation.UnresolvedArticles = listCost(costPerNode)
	c.Evidence.Obligations = listCost(costPerNode)
	c.ComplianceRecord.Laws = listCost(costPerNode)
	c.ComplianceRecord.Implementations = listCost(costPerNode)
	c.ComplianceRecord.Reviews = listCost(costPerNode)
	c.ComplianceRecord.Evidence = listCost(costPerState)
	// Reasons are built only when selected, and cost what building them
	// does: a state's gap list with its reasons is an expensive operation,
	// admitted a few at a time, where without them it is not.
	c.ComplianceRecord.Reasons = func(child int) int { return costReasons + child }
	suggestComplexity(&c)
	return c
}
