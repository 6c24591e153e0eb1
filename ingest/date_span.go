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

// recordDate is one of a record's dates, with the field that holds it and
// whether it records something that has happened (never after today).
type recordDate struct {
	field    string
	date     graph.Date
	happened bool
}

// recordDates lists n's dates, each with its field: the one list of which
// dates have happened and which may lie ahead, which the span checks and
// FutureDates marks.
func recordDates(n graph.Node) []recordDate {
	var out []recordDate
	add := func(field string, d graph.Date, happened bool) {
		if !d.IsZero() {
			out = append(out, recordDate{field, d, happened})
		}
	}
	switch n := n.(type) {
	case *graph.Evidence:
		add("date", n.Date, true)
		add("periodFrom", n.PeriodFrom, true)
		add("periodTo", n.PeriodTo, false)
	case *graph.Review:
		add("date", n.Date, true)
		add("read", n.Read, true)
	case *graph.StateAction:
		add("date", n.Date, true)
		add("deposited", n.Deposited, true)
		add("depositedBefore", n.DepositedBefore, true)
		add("inForce", n.InForce, false)
	case *graph.Instrument:
		add("adopted", n.Adopted, true)
		add("entryIntoForce.date", n.EntryIntoForce, false)
	case *graph.Law:
		add("enacted", n.Enacted, false)
		add("inForce", n.InForce, false)
		add("repealed", n.Repealed, false)
	case *graph.StatuteProvision:
		for j, v := range n.Versions {
			add(versionFrom(j), v.From, false)
			add(fmt.Sprintf("versions[%d].until", j), v.Until, false)
		}
	}
	if n != nil {
		for i, src := range graph.RecordOf(n).Sources {
			add(fmt.Sprintf("sources[%d].date", i), src.Date, true)
		}
	}
	return out
}

// dateSpanProblems returns, by field, what is wrong with n's dates.
func dateSpanProblems(n graph.Node) []Problem {
	today := dateSpanToday()
	latest := graph.Date{Year: today.Year + 25, Month: 12, Day: 31}
	var out []Problem
	for _, rd := range recordDates(n) {
		d := rd.date
		switch {
		case d.Year < earliestDate:
			out = append(out, Problem{Field: rd.field, Message: fmt.Sprintf("date %s is before %d: a typo?", d, earliestDate)})
		case d.First().Compare(latest) > 0:
			out = append(out, Problem{Field: rd.field, Message: fmt.Sprintf("date %s is more than 25 years ahead (after %s): a typo?", d, latest)})
		case rd.happened && d.First().Compare(today) > 0:
			out = append(out, Problem{Field: rd.field, Message: fmt.Sprintf("date %s is after today (%s): it records something that has happened", d, today)})
		}
	}
	return out
}

// FutureDates lists the fields of n whose dates may lie ahead and do (their
// first day is after today, taken as the span takes it): a law's entry into
// force or repeal, a state's entry into force, an instrument's, a statute
// version's days. Surfaces show such a date marked "(future)".
func FutureDates(n graph.Node) []string {
	today := dateSpanToday()
	out := []string{}
	for _, rd := range recordDates(n) {
		if !rd.happened && rd.date.First().Compare(today) > 0 {
			out = append(out, rd.field)
		}
	}
	return out
}
