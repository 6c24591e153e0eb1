package graph

import "testing"

// TestForceOn: an instrument adopted after the day is NOT_ADOPTED; one
// whose entry into force is held to the day is in force from that day;
// one held only to a year is not known inside the year and in force no
// later than its last day after it; a window bounds it on both sides; and
// with nothing held, whether it is in force is not known.
func TestForceOn(t *testing.T) {
	day := EntryDecision{Date: md("2017-03-08"), Known: true}
	year := EntryDecision{Date: md("2017"), Known: true}
	window := EntryDecision{NoEarlierThan: md("2017-02-04"), NoLaterThan: md("2017-03-09"), Known: true}
	statement := EntryDecision{NotInForceUntil: md("2016-06-30"), Known: true}
	for _, tc := range []struct {
		name           string
		adopted        Date
		e              EntryDecision
		on             string
		want           ForceStatus
		since, noLater string
	}{
		{"adopted after the day", md("2015-11-21"), day, "2015-11-20", ForceNotAdopted, "", ""},
		{"adopted on the day, not yet in force", md("2015-11-21"), day, "2015-11-21", ForceNotYet, "", ""},
		{"the day before entry into force", Date{}, day, "2017-03-07", ForceNotYet, "", ""},
		{"the day of entry into force", Date{}, day, "2017-03-08", ForceInForce, "2017-03-08", ""},
		{"year-only, before the year", Date{}, year, "2016-12-31", ForceNotYet, "", ""},
		{"year-only, inside the year", Date{}, year, "2017-06-30", ForceNotKnown, "", ""},
		{"year-only, its last day", Date{}, year, "2017-12-31", ForceInForce, "", "2017-12-31"},
		{"window, before it", Date{}, window, "2017-02-03", ForceNotYet, "", ""},
		{"window, inside it", Date{}, window, "2017-02-20", ForceNotKnown, "", ""},
		{"window, after it", Date{}, window, "2018-01-01", ForceInForce, "", "2017-03-09"},
		{"a statement says not in force then", Date{}, statement, "2016-06-30", ForceNotYet, "", ""},
		{"after the statement, nothing held", Date{}, statement, "2016-07-01", ForceNotKnown, "", ""},
		{"nothing held", Date{}, EntryDecision{}, "2020-01-01", ForceNotKnown, "", ""},
	} {
		f := ForceOn(tc.adopted, tc.e, md(tc.on))
		if f.Status != tc.want || f.Since.String() != tc.since || f.NoLaterThan.String() != tc.noLater {
			t.Errorf("%s: got %s since %q no later than %q, want %s since %q no later than %q",
				tc.name, f.Status, f.Since, f.NoLaterThan, tc.want, tc.since, tc.noLater)
		}
		if tc.want == ForceNotAdopted && f.Adopted != tc.adopted {
			t.Errorf("%s: adopted %s, want %s", tc.name, f.Adopted, tc.adopted)
		}
	}
}
