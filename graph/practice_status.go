package graph

import (
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

// practiceOf applies the rule to the lists weighedLists gives for d.
func practiceOf(d day, lists [][]EvidenceFact, thematic bool) PracticeDecision {
	if s := latestFinding(d, lists...); s != PracticeNoEvidence {
		return PracticeDecision{Status: s, Thematic: thematic}
	}
	return PracticeDecision{Status: PracticeNoEvidence}
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
// thematic, each item once, latest first (then by id). The lists of the
// facts are sorted so already: they are merged, not sorted again, and an
// item in two of them (two shared themes) is met twice in a row. The
// result may share memory with the facts and must not be changed.
func weighedEvidence(sf *StateFacts, ob *Obligation, d day) (items []EvidenceFact, thematic bool) {
	lists, thematic := weighedLists(sf, ob, d)
	return mergeLatestFirst(lists...), thematic
}

// weighedLists returns the lists weighedEvidence merges: the direct
// evidence by d when there is some, else each shared theme's (thematic);
// none when there is neither.
func weighedLists(sf *StateFacts, ob *Obligation, d day) (lists [][]EvidenceFact, thematic bool) {
	return weighedListsOf(sf.Direct[ob.ID], sf, ob, d)
}

// hasEvidenceBy is whether l, sorted latest first, holds an item dated on
// or before d: then weighedListsOf weighs it and no theme.
func hasEvidenceBy(l []EvidenceFact, d day) bool {
	return len(l) > 0 && l[len(l)-1].on <= d
}

// weighedListsOf is weighedLists given the obligation's direct evidence
// (sf.Direct[ob.ID]).
func weighedListsOf(direct []EvidenceFact, sf *StateFacts, ob *Obligation, d day) (lists [][]EvidenceFact, thematic bool) {
	from := func(l []EvidenceFact) []EvidenceFact {
		return l[sort.Search(len(l), func(k int) bool { return l[k].on <= d }):]
	}
	if hasEvidenceBy(direct, d) {
		return [][]EvidenceFact{from(direct)}, false
	}
	for _, t := range ob.Themes {
		if l := from(sf.Thematic[t]); len(l) > 0 {
			lists = append(lists, l)
		}
	}
	return lists, len(lists) > 0
}

// mergeLatestFirst merges lists sorted latest first (latestFirst) into one,
// each item once. A single list without repeats is returned as it is.
func mergeLatestFirst(lists ...[]EvidenceFact) []EvidenceFact {
	if len(lists) == 0 {
		return nil
	}
	if len(lists) == 1 {
		l := lists[0]
		if noRepeats(l) {
			return l
		}
	}
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]EvidenceFact, 0, n)
	eachLatestFirst(lists, func(f EvidenceFact) bool {
		out = append(out, f)
		return true
	})
	return out
}

// eachLatestFirst calls yield with the items mergeLatestFirst returns, in
// its order, without making the list, until yield returns false.
func eachLatestFirst(lists [][]EvidenceFact, yield func(EvidenceFact) bool) {
	if len(lists) == 1 {
		l := lists[0]
		for i, f := range l {
			if i > 0 && l[i-1].ID == f.ID {
				continue
			}
			if !yield(f) {
				return
			}
		}
		return
	}
	var at [8]int
	idx := at[:0]
	if len(lists) > len(at) {
		idx = make([]int, 0, len(lists))
	}
	idx = idx[:len(lists)]
	last, some := "", false
	for {
		best := -1
		for i, l := range lists {
			if idx[i] < len(l) && (best < 0 || latestFirst(l[idx[i]], lists[best][idx[best]]) < 0) {
				best = i
			}
		}
		if best < 0 {
			return
		}
		f := lists[best][idx[best]]
		idx[best]++
		if some && last == f.ID {
			continue
		}
		last, some = f.ID, true
		if !yield(f) {
			return
		}
	}
}

// noRepeats reports whether no item of a sorted list follows itself.
func noRepeats(l []EvidenceFact) bool {
	for i := 1; i < len(l); i++ {
		if l[i].ID == l[i-1].ID {
			return false
		}
	}
	return true
}
