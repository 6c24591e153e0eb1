package graph

import (
	"cmp"
	"slices"
)

// The rule of which text of a statute provision is in force on a day.
// Versions in one language and edition succeed each other; versions in
// other languages or editions (the official Thai text and an English
// translation of it) are parallel texts of the same law, and the official
// edition is the one quoted first. A
// version is in force from the latest day its From allows (a version dated
// only "2008" is not known to be in force before 31 December 2008, as a
// state is never taken to be bound earlier than a source allows) until the
// day before the earliest day its Until allows (one replaced in "2015" is
// not known to stand on 1 January 2015). On a day no held version covers,
// no version is quoted: the answer says so rather than quote another.

// NoVersionNote is what an answer says of a provision with no version held
// for the day asked.
const NoVersionNote = "no version held for that day"

// InForceOn reports whether the version is in force on day d.
func (v *StatuteProvisionVersion) InForceOn(d Date) bool {
	if v.From.IsZero() || d.IsZero() {
		return false
	}
	on := dayOf(d) // the latest day d allows, as the engine reads an asOf
	return dayOf(v.From) <= on && (v.Until.IsZero() || on < dayOf(v.Until.First()))
}

// VersionOn returns the version of the provision in force on d, or nil when
// no held version is: of the official edition when one is held for the
// day, else the translation held first. Versions of one text line do not
// overlap (ingest refuses those that do).
func (n *StatuteProvision) VersionOn(d Date) *StatuteProvisionVersion {
	in := n.VersionsOn(d)
	if len(in) == 0 {
		return nil
	}
	return in[0]
}

// VersionsOn returns every version in force on d, one per language and
// edition: the official edition first, then the others in the order held.
func (n *StatuteProvision) VersionsOn(d Date) []*StatuteProvisionVersion {
	var out []*StatuteProvisionVersion
	for i := range n.Versions {
		if v := &n.Versions[i]; v.InForceOn(d) {
			out = append(out, v)
		}
	}
	slices.SortStableFunc(out, func(a, b *StatuteProvisionVersion) int {
		return cmp.Compare(editionRank(a.Edition), editionRank(b.Edition))
	})
	return out
}

func editionRank(e StatuteEdition) int {
	if e == EditionOfficial {
		return 0
	}
	return 1
}

// Overlap returns the first two versions, by index, whose days in force
// overlap, and false when none do.
func Overlap(vs []StatuteProvisionVersion) (i, j int, ok bool) {
	for i = range vs {
		for j = i + 1; j < len(vs); j++ {
			if overlaps(&vs[i], &vs[j]) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// overlaps reports whether a and b, of one language and edition, are both
// in force on some day.
func overlaps(a, b *StatuteProvisionVersion) bool {
	if a.From.IsZero() || b.From.IsZero() || a.Language != b.Language || a.Edition != b.Edition {
		return false
	}
	end := func(v *StatuteProvisionVersion) day {
		if v.Until.IsZero() {
			return day(1 << 30)
		}
		return dayOf(v.Until.First())
	}
	return dayOf(a.From) < end(b) && dayOf(b.From) < end(a)
}

// QuotedStatuteProvision is a statute provision as quoted on a day: the
// version in force then, or none and a note saying so.
type QuotedStatuteProvision struct {
	Provision *StatuteProvision
	AsOf      Date
	Version   *StatuteProvisionVersion
	// Parallel are the other texts in force that day (translations).
	Parallel []*StatuteProvisionVersion
	Note     string
}

// Quote returns the provisions as quoted on asOf, in the order given.
func Quote(ps []*StatuteProvision, asOf Date) []*QuotedStatuteProvision {
	out := make([]*QuotedStatuteProvision, 0, len(ps))
	for _, p := range ps {
		q := &QuotedStatuteProvision{Provision: p, AsOf: asOf}
		if in := p.VersionsOn(asOf); len(in) > 0 {
			q.Version, q.Parallel = in[0], in[1:]
		} else {
			q.Note = NoVersionNote
		}
		out = append(out, q)
	}
	return out
}
