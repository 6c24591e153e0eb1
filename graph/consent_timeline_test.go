package graph

import (
	"fmt"
	"testing"
)

// TestConsentTimeline: consents are placed on their deposit, else their
// act, in order of their latest day; one held without a date is counted
// apart, and a state with no consent is not a point.
func TestConsentTimeline(t *testing.T) {
	rows := []*RatificationRow{
		{StateCode: "AAA", Ratified: md("2016-05-01"), Deposited: md("2017-01-10")},
		{StateCode: "BBB", Ratified: md("2016-02-01")},
		{StateCode: "CCC", Standing: StandingConsentNotDated},
		{StateCode: "DDD", DepositedBefore: md("2018-01-01")},
		{StateCode: "EEE", Signed: md("2015-11-21"), Standing: StandingSignedOnly},
		{StateCode: "FFF", Ratified: md("2016")},
		{StateCode: "GGG", Deposited: md("2016-02-01")},
	}
	got := TimelineOf(rows)
	if got.States != 7 || got.Undated != 2 {
		t.Errorf("got %d states, %d undated; want 7 and 2", got.States, got.Undated)
	}
	var pts []string
	for _, p := range got.Points {
		pts = append(pts, fmt.Sprintf("%s %s %d", p.StateCode, p.Date, p.Count))
	}
	want := []string{"BBB 2016-02-01 1", "GGG 2016-02-01 2", "FFF 2016 3", "AAA 2017-01-10 4"}
	if fmt.Sprint(pts) != fmt.Sprint(want) {
		t.Errorf("points: got %q, want %q", pts, want)
	}
	if empty := TimelineOf(nil); empty.Points == nil || len(empty.Points) != 0 || empty.Undated != 0 {
		t.Errorf("no rows: got %+v", empty)
	}
}
