package graph

import "testing"

// TestEntryIntoForceRule states the entry-into-force rule without the
// store: a single day only from a complete record of day deposits; a
// no-later-than date from an incomplete one; a window from imprecise
// deposits; nothing from act-dated or undated consents alone.
func TestEntryIntoForceRule(t *testing.T) {
	tests := []struct {
		name     string
		complete bool
		consents []*StateAction
		date     string // the one used
		nlt, net string // its window when no day
	}{
		{"OK complete, days: a day", true, []*StateAction{
			consent("AAA", "c", "", "2017-01-10", ""), consent("BBB", "c", "", "2017-02-07", "")}, "2017-03-09", "", ""},
		{"OK incomplete, days: no later than", false, []*StateAction{
			consent("AAA", "c", "", "2017-01-10", ""), consent("BBB", "c", "", "2017-02-07", "")}, "", "2017-03-09", ""},
		{"OK complete, a year deposit: a window", true, []*StateAction{
			consent("AAA", "c", "", "2017-01-10", ""), consent("BBB", "c", "", "2017", "")}, "", "2018-01-30", "2017-02-09"},
		{"OK act-dated consents give no latest day", false, []*StateAction{
			consent("AAA", "c", "2008-04-30", "", ""), consent("BBB", "c", "", "2009", "")}, "", "", ""},
		{"OK before D counts as a window", false, []*StateAction{
			consent("AAA", "c", "", "2017-01-10", ""), consent("BBB", "c", "", "", "2017-10-11")}, "", "2017-11-09", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes := []Node{convention("c", 2, tt.complete), state("AAA"), state("BBB")}
			for _, a := range tt.consents {
				nodes = append(nodes, a)
			}
			d := newFacts(nodes...).instrument(t, "c").Entry
			if d.Date.String() != tt.date || d.NoLaterThan.String() != tt.nlt || d.NoEarlierThan.String() != tt.net {
				t.Fatalf("got date %q window [%q, %q], want %q [%q, %q]", d.Date, d.NoEarlierThan, d.NoLaterThan, tt.date, tt.net, tt.nlt)
			}
			if !d.Date.IsZero() && d.Date != d.Derived {
				t.Errorf("got date %s derived %s: a day used with no sources must be the derived day", d.Date, d.Derived)
			}
		})
	}
}
