package graph

import "slices"

// The rule of what a review covers, and of how far its cover may change.
// A review covers what it was read against and nothing else: its listed
// obligations, and the obligations of its listed provisions. A review of
// scope ALL_HELD covers every obligation of its instrument the graph held
// when the review was recorded; the graph keeps that set fixed by refusing
// any write that would add to it (Widened). Files write reviews as LISTED
// only (ingest), because a file cannot say which obligations were held when
// it was written; through the API a review is recorded when it is written.

// Widened returns the ids of the obligations, among after, that review now
// would cover although review was did not cover them among before, and
// that now does not take on by an edit of its own: an obligation it newly
// lists, an obligation of a provision it newly lists, or any obligation when
// its scope has just become ALL_HELD. was is the review as stored, now as it
// would be after a write; before maps the stored obligations by id, and
// after lists the obligations of now's instrument as they would be. A write
// for which Widened returns ids would make a review speak for obligations no
// one read the law against.
func Widened(was, now *Review, before map[string]*Obligation, after []*Obligation) []string {
	var out []string
	for _, ob := range after {
		if !now.Covers(ob) {
			continue
		}
		if old := before[ob.ID]; old != nil && was.Covers(old) {
			continue
		}
		if now.takesOn(was, ob) {
			continue
		}
		out = append(out, ob.ID)
	}
	return out
}

// takesOn reports whether now covers ob because of an edit of now itself,
// made against was.
func (n *Review) takesOn(was *Review, ob *Obligation) bool {
	if n.Scope == ReviewAllHeld && was.Scope != ReviewAllHeld {
		return true
	}
	if slices.Contains(n.ObligationIDs, ob.ID) && !slices.Contains(was.ObligationIDs, ob.ID) {
		return true
	}
	for _, p := range n.ProvisionIDs {
		if Covers(p, ob.ProvisionID) && !slices.Contains(was.ProvisionIDs, p) {
			return true
		}
	}
	return false
}
