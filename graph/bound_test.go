package graph

import (
	"reflect"
	"slices"
	"testing"
)

// TestBoundRule states the bound rule over a state's facts, without the
// store: a deposit held to the year or month is a window, not a day; a day
// inside it leaves the standing unknown; a consent dated only by its act is
// a lower bound, then CONSENT_NOT_DATED; before entry into force nobody is
// bound.
func TestBoundRule(t *testing.T) {
	inst := convention("conv", 2, false)
	inst.EntryIntoForce, inst.EntryIntoForceSources = md("2017-03-08"), []Source{{Citation: "stated"}}
	f := newFacts(inst,
		state("AAA"), consent("AAA", "conv", "", "2017-01-10", ""), // to the day
		state("BBB"), consent("BBB", "conv", "", "2017-02-06", ""), // to the day: the 2nd
		state("YYY"), consent("YYY", "conv", "2017", "2018", ""), // deposit known to the year
		state("MMM"), consent("MMM", "conv", "", "2019-05", ""), // to the month
		state("ACT"), consent("ACT", "conv", "2019-03-05", "", ""), // act only: no deposit held
		state("BEF"), consent("BEF", "conv", "", "", "2017-10-11"), // deposited before a day
		state("SIG"), &StateAction{ID: "SIG/conv/signature", StateCode: "SIG", InstrumentID: "conv", Kind: ActionSignature, Date: md("2015-11-21")},
	)
	inf := f.instrument(t, "conv")
	tests := []struct {
		name, state, on string
		standing        Standing
		bound, known    bool
		since, nlt      string // Since; NoLaterThan
	}{
		{"OK day deposit, bound from entry into force", "AAA", "2017-03-08", StandingParty, true, true, "2017-03-08", ""},
		{"OK before entry into force nobody is bound", "AAA", "2017-03-07", StandingPending, false, true, "", ""},
		{"OK year deposit: before its window", "YYY", "2017-12-31", StandingNotParty, false, true, "", ""},
		{"OK year deposit: inside its window, not known", "YYY", "2018-06-01", StandingConsentNotDated, false, false, "", "2019-01-30"},
		{"OK year deposit: after its window, no later than", "YYY", "2019-01-30", StandingParty, true, true, "", "2019-01-30"},
		{"OK month deposit: made, in force for it not known", "MMM", "2019-05-31", StandingInForceUnknown, false, false, "", "2019-06-30"},
		{"OK month deposit: after", "MMM", "2019-07-01", StandingParty, true, true, "", "2019-06-30"},
		{"OK act only: before the first day a deposit allows", "ACT", "2019-04-03", StandingConsentNotDated, false, true, "", ""},
		{"OK act only: then CONSENT_NOT_DATED, never bound", "ACT", "2025-01-01", StandingConsentNotDated, false, false, "", ""},
		{"OK act only: before the act", "ACT", "2019-01-01", StandingNotParty, false, true, "", ""},
		{"OK before D, on a day before entry into force: not bound", "BEF", "2016-01-01", StandingConsentNotDated, false, true, "", ""},
		{"OK before D, inside: not known", "BEF", "2017-06-01", StandingConsentNotDated, false, false, "", "2017-11-09"},
		{"OK before D, after: bound no later than", "BEF", "2017-11-09", StandingParty, true, true, "", "2017-11-09"},
		{"OK no consent before entry into force: not bound", "SIG", "2016-01-01", StandingUnknown, false, true, "", ""},
		{"OK no consent after entry into force: not known", "SIG", "2018-01-01", StandingUnknown, false, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg := standingOn(f.state(t, tt.state), inf, dayOf(md(tt.on)))
			if sg.Standing != tt.standing || sg.Bound != tt.bound || sg.BoundKnown != tt.known {
				t.Fatalf("got %s bound %v known %v, want %s %v %v", sg.Standing, sg.Bound, sg.BoundKnown, tt.standing, tt.bound, tt.known)
			}
			if sg.Since.String() != tt.since || (tt.nlt != "" && sg.NoLaterThan.String() != tt.nlt) {
				t.Errorf("got since %q no later than %q, want %q %q", sg.Since, sg.NoLaterThan, tt.since, tt.nlt)
			}
			if !sg.Since.IsZero() && !sg.NoLaterThan.IsZero() {
				t.Errorf("got both since %s and no later than %s: a day is either known or bounded", sg.Since, sg.NoLaterThan)
			}
		})
	}
}

// TestBoundRuleWithdrawal states the rule over a withdrawal dated only to a
// year or month: before its period the state is bound as before; inside
// it, up to the day before the period's last day, whether it still is is
// not known (UNKNOWN, never PARTY nor WITHDRAWN); from that last day it has
// withdrawn, the date kept as its source gives it. Reservations made with
// the consent hold while it does.
func TestBoundRuleWithdrawal(t *testing.T) {
	inst := convention("conv", 2, false)
	inst.EntryIntoForce, inst.EntryIntoForceSources = md("2017-03-08"), []Source{{Citation: "stated"}}
	withdrawal := func(code, act, notified string) *StateAction {
		a := &StateAction{ID: code + "/conv/withdrawal", StateCode: code, InstrumentID: "conv", Kind: ActionWithdrawal, Date: md(act)}
		if notified != "" {
			a.Deposited = md(notified)
		}
		return a
	}
	reserving := consent("WDY", "conv", "", "2016-05-02", "")
	reserving.Reservations = []Reservation{{ProvisionIDs: []string{"conv/art_5"}, Text: "reservation", Sources: []Source{{Citation: "stated"}}}}
	decl := &Instrument{ID: "decl", ShortTitle: "decl", Kind: InstrumentDeclaration, Adopted: md("2015-11-21")}
	f := newFacts(inst, decl,
		state("WDY"), reserving, withdrawal("WDY", "2019", ""), // withdrew in 2019
		state("WDM"), consent("WDM", "conv", "", "2016-05-02", ""), withdrawal("WDM", "2019-04-02", "2019-06"), // act to the day, notified in June 2019
		state("WDD"), consent("WDD", "conv", "", "2016-05-02", ""), withdrawal("WDD", "2019-06-15", ""), // to the day
		&State{Code: "MEM", Name: "State MEM", ASEANSince: md("1967-08-08")}, &StateAction{ID: "MEM/decl/withdrawal", StateCode: "MEM", InstrumentID: "decl", Kind: ActionWithdrawal, Date: md("2020")},
	)
	conv, declFacts := f.instrument(t, "conv"), f.instrument(t, "decl")
	tests := []struct {
		name, state, on    string
		standing           Standing
		bound, known, comm bool
		withdrawn          string // Withdrawn, as its source gives it
		withdrawing        bool   // Withdrawing set
		reservations       int
	}{
		{"OK year: the day before its period, bound", "WDY", "2018-12-31", StandingParty, true, true, false, "", false, 1},
		{"OK year: its first day, not known", "WDY", "2019-01-01", StandingUnknown, false, false, false, "", true, 1},
		{"OK year: inside, not known; the reservation stays with the consent", "WDY", "2019-06-01", StandingUnknown, false, false, false, "", true, 1},
		{"OK year: the day before its last, not known", "WDY", "2019-12-30", StandingUnknown, false, false, false, "", true, 1},
		{"OK year: its last day, withdrawn, the reservation lapsed", "WDY", "2019-12-31", StandingWithdrawn, false, true, false, "2019", false, 0},
		{"OK year: after", "WDY", "2021-03-01", StandingWithdrawn, false, true, false, "2019", false, 0},
		{"OK month: after the act, before the notification's month, bound", "WDM", "2019-05-31", StandingParty, true, true, false, "", false, 0},
		{"OK month: inside the notification's month, not known", "WDM", "2019-06-01", StandingUnknown, false, false, false, "", true, 0},
		{"OK month: the day before its last, not known", "WDM", "2019-06-29", StandingUnknown, false, false, false, "", true, 0},
		{"OK month: its last day, withdrawn", "WDM", "2019-06-30", StandingWithdrawn, false, true, false, "2019-06", false, 0},
		{"OK day: the day before, bound", "WDD", "2019-06-14", StandingParty, true, true, false, "", false, 0},
		{"OK day: the day, withdrawn (no period)", "WDD", "2019-06-15", StandingWithdrawn, false, true, false, "2019-06-15", false, 0},
	}
	nonBinding := []struct {
		name, on    string
		standing    Standing
		comm        bool
		withdrawing bool
	}{
		{"OK declaration: member, before the year, committed", "2019-12-31", StandingCommitted, true, false},
		{"OK declaration: inside the year, not known", "2020-07-01", StandingUnknown, false, true},
		{"OK declaration: its last day, withdrawn", "2020-12-31", StandingWithdrawn, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg := standingOn(f.state(t, tt.state), conv, dayOf(md(tt.on)))
			if sg.Standing != tt.standing || sg.Bound != tt.bound || sg.BoundKnown != tt.known || sg.Committed != tt.comm {
				t.Fatalf("got %s bound %v known %v committed %v, want %s %v %v %v", sg.Standing, sg.Bound, sg.BoundKnown, sg.Committed, tt.standing, tt.bound, tt.known, tt.comm)
			}
			if sg.Withdrawn.String() != tt.withdrawn || (sg.Withdrawing != nil) != tt.withdrawing || len(sg.Reservations) != tt.reservations {
				t.Errorf("got withdrawn %q withdrawing %v reservations %d, want %q %v %d", sg.Withdrawn, sg.Withdrawing != nil, len(sg.Reservations), tt.withdrawn, tt.withdrawing, tt.reservations)
			}
			if !sg.Bound && (!sg.Since.IsZero() || !sg.NoLaterThan.IsZero()) && tt.withdrawing {
				t.Errorf("got since %q no later than %q while whether bound is not known", sg.Since, sg.NoLaterThan)
			}
			if tt.withdrawing && (sg.By == nil || sg.By.Kind != ActionRatification) {
				t.Errorf("got consent %v, want the ratification the withdrawal may have ended", sg.By)
			}
		})
	}
	for _, tt := range nonBinding {
		t.Run(tt.name, func(t *testing.T) {
			sg := standingOn(f.state(t, "MEM"), declFacts, dayOf(md(tt.on)))
			if sg.Standing != tt.standing || sg.Committed != tt.comm || (sg.Withdrawing != nil) != tt.withdrawing || sg.Standing.Known() == tt.withdrawing {
				t.Fatalf("got %s committed %v withdrawing %v, want %s %v %v", sg.Standing, sg.Committed, sg.Withdrawing != nil, tt.standing, tt.comm, tt.withdrawing)
			}
		})
	}
}

// TestBoundRuleEntryIntoForceYear: an instrument's entry into force stated
// only to a year leaves whether it is in force inside that year not known:
// a state that deposited before it is neither bound nor, for certain, not
// bound there; before the year it is not bound; from the year's last day it
// is bound, no earlier than the year's first day.
func TestBoundRuleEntryIntoForceYear(t *testing.T) {
	inst := convention("conv", 2, false)
	inst.EntryIntoForce, inst.EntryIntoForceSources = md("2017"), []Source{{Citation: "stated"}}
	f := newFacts(inst, state("AAA"), consent("AAA", "conv", "", "2016-05-02", ""))
	inf := f.instrument(t, "conv")
	tests := []struct {
		name, on     string
		standing     Standing
		bound, known bool
		nel, nlt     string
	}{
		{"OK before the year: not in force, not bound", "2016-12-31", StandingPending, false, true, "", ""},
		{"OK inside the year: not known", "2017-06-01", StandingInForceUnknown, false, false, "2017-01-01", "2017-12-31"},
		{"OK the year's last day: bound, no earlier than its first", "2017-12-31", StandingParty, true, true, "2017-01-01", "2017-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg := standingOn(f.state(t, "AAA"), inf, dayOf(md(tt.on)))
			if sg.Standing != tt.standing || sg.Bound != tt.bound || sg.BoundKnown != tt.known {
				t.Fatalf("got %s bound %v known %v, want %s %v %v", sg.Standing, sg.Bound, sg.BoundKnown, tt.standing, tt.bound, tt.known)
			}
			if tt.nlt != "" && (sg.NoEarlierThan.String() != tt.nel || sg.NoLaterThan.String() != tt.nlt || !sg.Since.IsZero()) {
				t.Errorf("got since %q window [%q, %q], want no day, [%q, %q]", sg.Since, sg.NoEarlierThan, sg.NoLaterThan, tt.nel, tt.nlt)
			}
		})
	}
}

// TestBoundRuleOneFactsManyDays: a state's facts asked on one day after
// another (forward, then back) give on each the standing new facts give on
// that day alone: what the facts keep for a state's standings (its consent
// windows) holds for every day, before, inside and after a withdrawal's
// period, for a consent dated and one not dated.
func TestBoundRuleOneFactsManyDays(t *testing.T) {
	inst := convention("conv", 2, false)
	inst.EntryIntoForce, inst.EntryIntoForceSources = md("2017-03-08"), []Source{{Citation: "stated"}}
	nodes := []Node{inst,
		state("WDY"), consent("WDY", "conv", "", "2016-05-02", ""),
		&StateAction{ID: "WDY/conv/withdrawal", StateCode: "WDY", InstrumentID: "conv", Kind: ActionWithdrawal, Date: md("2019")},
		state("UND"), consent("UND", "conv", "", "", ""),
		state("LAT"), consent("LAT", "conv", "", "", "2018-03"),
	}
	var days []Date
	for d := md("2016-01-01"); d.Compare(md("2021-01-01")) < 0; d = d.AddDays(23) {
		days = append(days, d)
	}
	days = append(days, md("2019-12-30"), md("2019-12-31"), md("2020-01-01"))
	for _, code := range []string{"WDY", "UND", "LAT"} {
		kept := newFacts(nodes...)
		sf, conv := kept.state(t, code), kept.instrument(t, "conv")
		back := slices.Clone(days)
		slices.Reverse(back)
		for _, order := range [][]Date{days, back} {
			for _, on := range order {
				fresh := newFacts(nodes...)
				want := standingOn(fresh.state(t, code), fresh.instrument(t, "conv"), dayOf(on))
				if got := standingOn(sf, conv, dayOf(on)); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s on %s: one facts give %+v, new facts %+v", code, on, got, want)
				}
			}
		}
	}
}
