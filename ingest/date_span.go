package ingest

import (
	"fmt"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// The plausible span of a record's dates (of its fields, never of a
// question's asOf or knownAt):
//
//   - none before 1800, and none more than 25 years after today;
//   - a date of something that has happened (evidence observed or
//     published and the start of its period, a review and the day it was
//     read, a source's date, a state action and its deposit, an
//     instrument's adoption) not after today, taken as UTC+14 so that no
//     curator in ASEAN is refused an entry made on their own day;
//   - a date that may lie ahead (a law's entry into force and repeal, a
//     state's entry into force, an instrument's entry into force, a statute
//     version's days) within the span only.
//
// A date outside it is almost always a typo (2207 for 2027): taken as it
// stands it would drop out of every answer with no warning.

// earliestDate is the first year a record's date may name.
const earliestDate = 1800

// dateSpanToday is today as the span reads it: the calendar day at UTC+14.
func dateSpanToday() graph.Date { return graph.DateOf(time.Now().UTC().Add(14 * time.Hour)) }

// dateSpanProblems returns, by field, what is wrong with n's dates.
func dateSpanProblems(n graph.Node) []Problem {
	today := dateSpanToday()
	latest := graph.Date{Year: today.Year + 25, Month: 12, Day: 31}
	var out []Problem
	check := func(field string, d graph.Date, past bool) {
		switch {
		case d.IsZero():
		case d.Year < earliestDate:
			out = append(out, Problem{Field: field, Message: fmt.Sprintf("date %s is before %d: a typo?", d, earliestDate)})
		case d.First().Compare(latest) > 0:
			out = append(out, Problem{Field: field, Message: fmt.Sprintf("date %s is more than 25 years ahead (after %s): a typo?", d, latest)})
		case past && d.First().Compare(today) > 0:
			out = append(out, Problem{Field: field, Message: fmt.Sprintf("date %s is after today (%s): it records something that has happened", d, today)})
		}
	}
	switch n := n.(type) {
	case *graph.Evidence:
		check("date", n.Date, true)
		check("periodFrom", n.PeriodFrom, true)
		check("periodTo", n.PeriodTo, false)
	case *graph.Review:
		check("date", n.Date, true)
		check("read", n.Read, true)
	case *graph.StateAction:
		check("date", n.Date, true)
		check("deposited", n.Deposited, true)
		check("depositedBefore", n.DepositedBefore, false)
		check("inForce", n.InForce, false)
	case *graph.Instrument:
		check("adopted", n.Adopted, true)
		check("entryIntoForce.date", n.EntryIntoForce, false)
	case *graph.Law:
		check("enacted", n.Enacted, false)
		check("inForce", n.InForce, false)
		check("repealed", n.Repealed, false)
	case *graph.StatuteProvision:
		for j, v := range n.Versions {
			check(versionFrom(j), v.From, false)
			check(fmt.Sprintf("versions[%d].until", j), v.Until, false)
		}
	}
	rec := graph.RecordOf(n)
	for i, src := range rec.Sources {
		check(fmt.Sprintf("sources[%d].date", i), src.Date, true)
	}
	return out
}
