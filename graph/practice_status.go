package graph

import (
	"slices"
	"sort"
)

// The rule that decides an obligation's practice status for a state on a
// day.
//
// Evidence that names the obligation directly decides: the latest item
// dated on or before the day gives the finding, and items of that same day
// that differ make it MIXED. Evidence that bears on the obligation only
// through a shared theme decides only where there is no direct evidence by
// the day, and the status is then thematic. With neither, NO_EVIDENCE.

// PracticeDecision is an obligation's practice status and how it was reached.
type PracticeDecision struct {
	Status PracticeStatus
	// Thematic is true when only evidence through a shared theme decided.
	Thematic bool
}

// practiceStatus applies the rule.
func practiceStatus(sf *StateFacts, ob *Obligation, d day) PracticeDecision {
	if s := latestFinding(d, sf.Direct[ob.ID]); s != PracticeNoEvidence {
		return PracticeDecision{Status: s}
	}
	lists := make([][]EvidenceFact, 0, len(ob.Themes))
	for _, t := range ob.Themes {
		if l := sf.Thematic[t]; len(l) > 0 {
			lists = append(lists, l)
		}
	}
	if s := latestFinding(d, lists...); s != PracticeNoEvidence {
		return PracticeDecision{Status: s, Thematic: true}
	}
	return PracticeDecision{Status: PracticeNoEvidence}
}

// latestFinding returns the status the latest findings dated on or before d
// give, over lists sorted latest first.
func latestFinding(d day, lists ...[]EvidenceFact) PracticeStatus {
	var latest day
	for _, l := range lists {
		j := sort.Search(len(l), func(k int) bool { return l[k].on <= d })
		if j < len(l) && l[j].on > latest {
			latest = l[j].on
		}
	}
	if latest == 0 {
		return PracticeNoEvidence
	}
	var finding findingCode
	for _, l := range lists {
		j := sort.Search(len(l), func(k int) bool { return l[k].on <= latest })
		for ; j < len(l) && l[j].on == latest; j++ {
			switch {
			case finding == 0:
				finding = l[j].finding
			case l[j].finding != finding:
				return PracticeMixed
			}
		}
	}
	switch finding {
	case findingEffective:
		return PracticeEffective
	case findingGap:
		return PracticeGap
	}
	return PracticeMixed
}

// weighedEvidence returns the evidence weighed for the obligation on d, as
// the rule weighs it: direct evidence when there is some by d, else
// thematic, each item once, latest first.
func weighedEvidence(sf *StateFacts, ob *Obligation, d day) (items []EvidenceFact, thematic bool) {
	pick := func(l []EvidenceFact, seen map[string]bool) {
		j := sort.Search(len(l), func(k int) bool { return l[k].on <= d })
		for _, f := range l[j:] {
			if !seen[f.ID] {
				seen[f.ID] = true
				items = append(items, f)
			}
		}
	}
	seen := map[string]bool{}
	pick(sf.Direct[ob.ID], seen)
	if len(items) == 0 {
		for _, t := range ob.Themes {
			pick(sf.Thematic[t], seen)
		}
		thematic = len(items) > 0
	}
	slices.SortFunc(items, latestFirst)
	return items, thematic
}
