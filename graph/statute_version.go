package graph

// The rule of which text of a statute provision is in force on a day. A
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
// no held version is. Versions of one provision do not overlap (ingest
// refuses those that do); were two in force, the later one is returned.
func (n *StatuteProvision) VersionOn(d Date) *StatuteProvisionVersion {
	var in *StatuteProvisionVersion
	for i := range n.Versions {
		v := &n.Versions[i]
		if v.InForceOn(d) && (in == nil || dayOf(v.From) >= dayOf(in.From)) {
			in = v
		}
	}
	return in
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

// overlaps reports whether a and b are both in force on some day.
func overlaps(a, b *StatuteProvisionVersion) bool {
	if a.From.IsZero() || b.From.IsZero() {
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
	Note      string
}

// Quote returns the provisions as quoted on asOf, in the order given.
func Quote(ps []*StatuteProvision, asOf Date) []*QuotedStatuteProvision {
	out := make([]*QuotedStatuteProvision, 0, len(ps))
	for _, p := range ps {
		q := &QuotedStatuteProvision{Provision: p, AsOf: asOf, Version: p.VersionOn(asOf)}
		if q.Version == nil {
			q.Note = NoVersionNote
		}
		out = append(out, q)
	}
	return out
}
