package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// Reasons are built from the rules' decisions, separately and only when
// asked for: the rules decide, this file says in words what they decided.
// The explainer reads no node: the rows of a state's facts carry the few
// fields of laws, links, reviews and evidence the words name (facts_block.go),
// and state names come from the snapshot.

// explainer writes reasons for one engine call.
type explainer struct {
	r      Reader
	names  func(ctx context.Context, code string) string
	lines  lineMemo   // the lines said so far (reason_lines.go)
	themes themesMemo // the practice said through each set of themes
}

// entryReasons explains an instrument's entry into force.
func (ex *explainer) entryReasons(ctx context.Context, inf *InstrumentFacts) (reasons, warnings []string) {
	inst, d := inf.Instrument, inf.Entry
	rule := inst.Rule
	article := cmp.Or(rule.Article, "its entry-into-force rule")
	trigger := ex.trigger(ctx, inf)
	switch {
	case rule.Ratifications == 0:
		reasons = append(reasons, fmt.Sprintf("%s has no entry-into-force rule", name(inst)))
	case !d.Derived.IsZero():
		reasons = append(reasons, fmt.Sprintf("derived %s (%s; the record of consents is complete up to it)", d.Derived, trigger))
	case !d.DerivedNoLaterThan.IsZero():
		line := fmt.Sprintf("derived: no later than %s (%s)", d.DerivedNoLaterThan, trigger)
		if !d.DerivedNoEarlierThan.IsZero() {
			line = fmt.Sprintf("derived: no earlier than %s and no later than %s (%s)", d.DerivedNoEarlierThan, d.DerivedNoLaterThan, trigger)
		} else if !rule.ConsentsComplete {
			line += "; the record of consents is not known to be complete, so an earlier deposit may be missing from it"
		}
		reasons = append(reasons, line)
	default:
		line := fmt.Sprintf("%s needs %d deposit(s) of consent to be bound; %d held with a latest day, so no date can be derived", article, rule.Ratifications, d.Dated)
		if d.Undated > 0 {
			line += fmt.Sprintf(" (%d more recorded with no deposit held: dated by a domestic act or not at all)", d.Undated)
		}
		reasons = append(reasons, line)
	}
	if stated := inst.EntryIntoForce; !stated.IsZero() && len(inst.EntryIntoForceSources) > 0 {
		reasons = append(reasons, fmt.Sprintf("stated date %s used: it has %d source(s)", stated, len(inst.EntryIntoForceSources)))
	}
	switch {
	case !d.Date.IsZero():
		reasons = append(reasons, fmt.Sprintf("%s entered into force on %s", name(inst), d.Date))
	case rule.Ratifications == 0:
		reasons = append(reasons, fmt.Sprintf("%s has no entry-into-force rule and no sourced date: it never enters into force", name(inst)))
	case !d.NoLaterThan.IsZero():
		reasons = append(reasons, fmt.Sprintf("%s entered into force no later than %s; the day itself is not known", name(inst), d.NoLaterThan))
	case !d.NotInForceUntil.IsZero():
		reasons = append(reasons, fmt.Sprintf("%s was not in force on %s: a complete list of its parties as of that day has fewer than %d; after it, whether it is in force is not known", name(inst), d.NotInForceUntil, rule.Ratifications))
	default:
		reasons = append(reasons, fmt.Sprintf("in force: not known. The graph holds too few dated deposits to derive the date and no sourced date; consents may be missing from the record, so %s is not said to be out of force", name(inst)))
	}
	return reasons, ex.entryWarnings(ctx, inf)
}

// entryWarnings lists the data-quality problems of an entry into force:
// consents that cannot be counted, and a stated date that is unsourced or
// disagrees with the derived one.
func (ex *explainer) entryWarnings(ctx context.Context, inf *InstrumentFacts) []string {
	inst, d := inf.Instrument, inf.Entry
	var warnings []string
	for _, c := range inf.Consents {
		switch c.dating {
		case datedUndated:
			warnings = append(warnings, fmt.Sprintf("%s %s has neither a deposit nor an act date; it is not counted", kindWord(c.Kind), c.ActionID))
		case datedAct:
			warnings = append(warnings, fmt.Sprintf("%s %s is dated only by its domestic act (%s), not by a deposit; it gives no latest day and is not counted in the derivation", kindWord(c.Kind), c.ActionID, c.shown))
		case datedBefore:
			warnings = append(warnings, fmt.Sprintf("%s %s is known only to have been deposited before %s; it counts as a window, not a day", kindWord(c.Kind), c.ActionID, c.shown))
		}
	}
	stated := inst.EntryIntoForce
	if !stated.IsZero() && len(inst.EntryIntoForceSources) == 0 {
		warnings = append(warnings, fmt.Sprintf("stated entry into force %s has no sources; it is not used", stated))
	}
	if !stated.IsZero() && len(inst.EntryIntoForceSources) > 0 {
		switch {
		case !d.Derived.IsZero() && !within(d.Derived, stated):
			warnings = append(warnings, fmt.Sprintf("stated entry into force %s disagrees with %s derived from the deposits (%s)", stated, d.Derived, ex.trigger(ctx, inf)))
		case d.Derived.IsZero() && !d.DerivedNoLaterThan.IsZero() && stated.First().Compare(d.DerivedNoLaterThan) > 0:
			warnings = append(warnings, fmt.Sprintf("stated entry into force %s is after %s, the latest day the deposits held allow (%s)", stated, d.DerivedNoLaterThan, ex.trigger(ctx, inf)))
		}
	}
	return warnings
}

// trigger describes the rule and the deposit that completed it, e.g.
// "Article 29: 30th day after the 6th deposit, Philippines 2017-02-07".
func (ex *explainer) trigger(ctx context.Context, inf *InstrumentFacts) string {
	t := inf.Entry.Trigger
	if t == nil {
		return ""
	}
	rule := inf.Instrument.Rule
	shown := t.shown.String()
	if t.dating == datedBefore {
		shown = "before " + shown
	}
	return fmt.Sprintf("%s: %s day after the %s deposit, %s %s", cmp.Or(rule.Article, "its entry-into-force rule"),
		Ordinal(rule.DaysAfter), Ordinal(rule.Ratifications), ex.names(ctx, t.StateCode), shown)
}

// within reports whether day d falls inside the days date p allows.
func within(d, p Date) bool {
	return p.First().Compare(d) <= 0 && d.Compare(p.Last()) <= 0
}

// consentWords says what a consent's deposit is known as, never calling
// an act's date a deposit: "deposited 2017-01-12", "deposited in 2018",
// "deposited before 2017-10-11", "ratified by its act of 2009-03-05 (no
// deposit held)", "recorded with no date".
func consentWords(a *StateAction) string {
	switch {
	case !a.Deposited.IsZero() && a.Deposited.Precision() == PrecisionDay:
		return "deposited " + a.Deposited.String()
	case !a.Deposited.IsZero():
		return "deposited in " + a.Deposited.String() + " (the day is not held)"
	case !a.DepositedBefore.IsZero():
		return "deposited before " + a.DepositedBefore.String() + " (the deposit itself is not held)"
	case !a.Date.IsZero():
		return fmt.Sprintf("%s by its domestic act of %s (no deposit held; a deposit comes on or after the act)", kindPast(a.Kind), a.Date)
	}
	return "recorded with neither a deposit nor an act date"
}

// kindPast writes a consent's kind as a past participle: "ratified".
func kindPast(k ActionKind) string {
	switch k {
	case ActionAccession:
		return "acceded"
	case ActionRatification:
		return "ratified"
	}
	return strings.ToLower(string(k)) + "d"
}

// windowWords writes a window: "no earlier than X and no later than Y".
func windowWords(lo, hi Date) string {
	switch {
	case !lo.IsZero() && !hi.IsZero():
		return fmt.Sprintf("no earlier than %s and no later than %s", lo, hi)
	case !hi.IsZero():
		return "no later than " + hi.String()
	case !lo.IsZero():
		return "no earlier than " + lo.String()
	}
	return "on a day that cannot be derived"
}

// standingReasons explains a standing.
func (ex *explainer) standingReasons(ctx context.Context, sf *StateFacts, inf *InstrumentFacts, sg *StandingDecision, on Date) []string {
	inst := inf.Instrument
	state := ex.names(ctx, sf.State.Code)
	var n []string
	add := func(format string, args ...any) { n = append(n, fmt.Sprintf(format, args...)) }
	if !inst.Binding {
		add("%s is a %s and binds no state", name(inst), strings.ToLower(strings.ReplaceAll(string(inst.Kind), "_", " ")))
		switch {
		case sg.Withdrawing != nil:
			add("committed on %s: not known. %s", on, withdrawingWords(sg, state, "committed", on))
		case sg.Committed && sg.By == nil:
			add("committed since %s: ASEAN member since %s, on or before the adoption on %s", inst.Adopted, sf.State.ASEANSince, inst.Adopted)
		case sg.Committed:
			add("committed since %s: endorsed (%s, %s)", sg.Since, sg.By.ID, cmp.Or(sg.By.Date, sg.By.Deposited))
		case !inst.Adopted.IsZero() && dayOf(inst.Adopted) > dayOf(on):
			add("not committed on %s: adopted %s, after that day", on, inst.Adopted)
		case sg.Standing == StandingWithdrawn:
			add("not committed on %s: %s withdrew (%s, effective %s)", on, state, sg.Withdrawal.ID, sg.Withdrawn)
		case inst.Adopted.IsZero():
			add("committed on %s: not known. The adoption date is unknown and no endorsement by %s is recorded", on, state)
		default:
			add("committed on %s: not known: not an ASEAN member on the adoption date %s (member since %s), and no endorsement by that day is recorded; the record of endorsements may be incomplete", on, inst.Adopted, cmp.Or(sf.State.ASEANSince.String(), "unknown"))
		}
		return n
	}
	consent := func() string {
		if sg.By != nil {
			return fmt.Sprintf("%s %s %s", kindWord(sg.By.Kind), sg.By.ID, consentWords(sg.By))
		}
		if sg.Statement != nil {
			return fmt.Sprintf("a source names %s as a party as of %s (%s)", state, sg.Statement.AsOf, sourceWords(sg.Statement.Sources))
		}
		return "no consent to be bound is recorded"
	}
	if sg.NotInForce && !sg.Bound {
		e := inf.Entry
		when := "had not entered into force"
		switch {
		case !e.Date.IsZero():
			when = fmt.Sprintf("entered into force on %s", e.Date)
		case !e.NoEarlierThan.IsZero():
			when = fmt.Sprintf("entered into force no earlier than %s", e.NoEarlierThan)
		case !e.NotInForceUntil.IsZero():
			when = fmt.Sprintf("was not in force on %s (a complete list of its parties)", e.NotInForceUntil)
		}
		add("not bound on %s: %s %s, after that day, so no state was bound by it", on, name(inst), when)
		if sg.By != nil || sg.Statement != nil {
			line := "consent: " + consent()
			if !sg.InForceFor.IsZero() {
				line += fmt.Sprintf("; %s enters into force for %s on %s", name(inst), state, sg.InForceFor)
			}
			add("%s", line)
		}
	} else {
		switch sg.Standing {
		case StandingParty:
			if sg.Since.IsZero() {
				add("bound on %s, since %s: %s; the day it became bound is not known", on, windowWords(sg.NoEarlierThan, sg.NoLaterThan), consent())
				break
			}
			add("bound since %s: %s; %s", sg.Since, consent(), ex.keptInForceWords(ctx, sf, inf, sg))
		case StandingPending:
			if sg.InForceFor.IsZero() {
				add("not bound on %s: %s; in force for %s %s", on, consent(), state, windowWords(sg.NoEarlierThan, sg.NoLaterThan))
			} else {
				add("not bound on %s: %s; %s enters into force for %s on %s (%s)", on, consent(), name(inst), state, sg.InForceFor, ex.inForceWords(ctx, sf, inf, sg))
			}
		case StandingInForceUnknown:
			add("bound on %s: not known. %s, but whether %s was in force for %s by that day is not known (in force for it %s)", on, consent(), name(inst), state, windowWords(sg.NoEarlierThan, sg.NoLaterThan))
		case StandingConsentNotDated:
			if sg.BoundKnown {
				add("not bound on %s: %s; in force for %s %s, after that day", on, consent(), state, windowWords(sg.NoEarlierThan, sg.NoLaterThan))
			} else {
				add("bound on %s: not known. %s; in force for %s %s, and that day falls inside the window", on, consent(), state, windowWords(sg.NoEarlierThan, sg.NoLaterThan))
			}
		case StandingWithdrawn:
			add("not bound on %s: %s withdrew (%s, effective %s)", on, state, sg.Withdrawal.ID, sg.Withdrawn)
		case StandingSignedOnly, StandingNotParty:
			switch {
			case sg.Later != nil:
				add("not bound on %s: %s %s %s, after that day", on, kindWord(sg.Later.Kind), sg.Later.ID, consentWords(sg.Later))
			case sg.Statement != nil:
				add("not bound on %s: a source states %s had not consented to be bound as of %s (%s)", on, state, sg.Statement.AsOf, sourceWords(sg.Statement.Sources))
			}
		case StandingUnknown:
			if sg.Withdrawing != nil {
				add("bound on %s: not known. %s; before it: %s", on, withdrawingWords(sg, state, "bound", on), consent())
				break
			}
			add("bound on %s: not known. No consent to be bound by %s is recorded, and no source states that it had none; the record of consents may be incomplete", on, state)
		}
	}
	for _, a := range sf.Actions[inst.ID] {
		if a.Kind == ActionSignature && !a.Date.IsZero() && dayOf(a.Date) <= dayOf(on) && !sg.Bound {
			add("signed on %s (%s); a signature does not bind", a.Date, a.ID)
		}
	}
	return n
}

// withdrawingWords says why a withdrawal dated only to a year or month
// leaves the standing on a day of its period not known.
// what is "bound" or "committed".
func withdrawingWords(sg *StandingDecision, state, what string, on Date) string {
	w := effectiveDate(sg.Withdrawing)
	return fmt.Sprintf("%s withdrew %s (%s): whether it was still %s on %s is not known (the withdrawal is dated only to %s; it surely took effect by %s)",
		state, w, sg.Withdrawing.ID, what, on, precisionWords(w), w.Last())
}

// keptInForceWords is inForceWords, said once per instrument and consent
// for the state's facts.
func (ex *explainer) keptInForceWords(ctx context.Context, sf *StateFacts, inf *InstrumentFacts, sg *StandingDecision) string {
	key := inf.Instrument.ID + "\x00"
	if sg.By != nil {
		key += sg.By.ID
	}
	if w, ok := sf.inForce.Load(key); ok {
		return w.(string)
	}
	w := ex.inForceWords(ctx, sf, inf, sg)
	sf.inForce.Store(key, w)
	return w
}

// inForceWords says why the instrument is in force for the state from the
// day the standing gives (a day, so the consent is a deposit held to it).
func (ex *explainer) inForceWords(ctx context.Context, sf *StateFacts, inf *InstrumentFacts, sg *StandingDecision) string {
	inst, d := inf.Instrument, inf.Entry
	rule := inst.Rule
	if a := sg.By; a != nil && !a.InForce.IsZero() && len(a.InForceSources) > 0 {
		return fmt.Sprintf("in force for %s from %s as its sources state", ex.names(ctx, a.StateCode), a.InForce)
	}
	if sg.By == nil || d.Date.IsZero() {
		if rule.Ratifications == 0 && d.Date.IsZero() {
			return fmt.Sprintf("%s has no entry-into-force rule and no sourced date, so it never enters into force", name(inst))
		}
		return fmt.Sprintf("whether %s is in force is not known", name(inst))
	}
	c, _ := consentOf(sg.By, 0)
	switch {
	case d.Trigger != nil && c.to <= d.Trigger.to:
		if d.Date != d.Derived {
			return fmt.Sprintf("%s entered into force %s as its sources state (%s)", name(inst), d.Date, ex.trigger(ctx, inf))
		}
		return fmt.Sprintf("%s entered into force %s (%s)", name(inst), d.Date, ex.trigger(ctx, inf))
	case rule.Ratifications > 0:
		if c.to.addDays(rule.LaterPartyDaysAfter) < dayOf(d.Date) {
			return fmt.Sprintf("%s entered into force %s", name(inst), d.Date)
		}
		after := ""
		if d.Trigger != nil {
			after = fmt.Sprintf(" (%s %s)", ex.names(ctx, d.Trigger.StateCode), d.Trigger.shown)
		}
		return fmt.Sprintf("deposited after the %s deposit%s; %s: in force for a later party on the %s day after its deposit",
			Ordinal(rule.Ratifications), after, cmp.Or(rule.Article, "its rule"), Ordinal(rule.LaterPartyDaysAfter))
	}
	if c.to > dayOf(d.Date) {
		return fmt.Sprintf("%s entered into force %s (stated with sources), before the deposit", name(inst), d.Date)
	}
	return fmt.Sprintf("%s entered into force %s (stated with sources)", name(inst), d.Date)
}

// standingWarnings lists the data-quality problems of a standing: those of
// the instrument's entry into force, undated consents, and a state's
// explicit in-force date that is unsourced or disagrees.
func (ex *explainer) standingWarnings(ctx context.Context, inf *InstrumentFacts, sg *StandingDecision) []string {
	var w []string
	if inf.Instrument.Binding {
		w = ex.entryWarnings(ctx, inf)
	}
	if sg.By != nil && !sg.By.InForce.IsZero() {
		a := sg.By
		if len(a.InForceSources) == 0 {
			w = append(w, fmt.Sprintf("stated entry into force for %s, %s, has no sources; it is not used", a.StateCode, a.InForce))
		} else if c, _ := consentOf(a, 0); c.exact() {
			if lo, hi := inf.Entry.stateWindow(inf.Instrument, c.from, c.to); lo == hi && hi != 0 && !within(hi.date(), a.InForce) {
				w = append(w, fmt.Sprintf("stated entry into force for %s, %s, disagrees with %s derived from the deposits", a.StateCode, a.InForce, hi.date()))
			}
		}
	}
	return w
}

// recordReasons appends to n the lines that explain a compliance record.
func (ex *explainer) recordReasons(ctx context.Context, r *ComplianceRecord, n []string) ([]string, error) {
	rc := r.ctx
	if rc.asOfNote != "" {
		n = append(n, rc.asOfNote)
	}
	rc.standingOnce.Do(func() { rc.standing = ex.keptStandingReasons(ctx, rc.sf, rc.inf, rc.sg, r.AsOf) })
	n = append(n, rc.standing...)
	n, err := ex.legalReasons(ctx, r, n)
	if err != nil {
		return nil, err
	}
	return ex.practiceReasons(ctx, r, n)
}

// legalReasons appends to n the lines that explain a record's legal
// status, one for every linked law, counted or not.
func (ex *explainer) legalReasons(ctx context.Context, r *ComplianceRecord, n []string) ([]string, error) {
	rc := r.ctx
	on := dayOf(r.AsOf)
	asOf, state := rc.words(ctx, r)
	links := r.links
	var maybe []string    // laws whose standing on the day is not known, in words
	var fullMaybe *LawRow // one of them that would implement it fully
	for i := range links {
		l := &links[i]
		law := rc.sf.lawRow(l.Law)
		if law == nil {
			continue
		}
		switch {
		case l.countsOn(on):
			beforeBound := r.Bound && !r.BoundSince.IsZero() && day(l.Start) < dayOf(r.BoundSince)
			n = append(n, lawLine(lineCounts, " implements it ", law, l, r.AsOf, beforeBound))
		case l.mayCountOn(on):
			n = append(n, lawLine(lineMayCount, " would implement it ", law, l, r.AsOf, false))
			if l.Full {
				fullMaybe = law
			}
			if w := lawName(law) + " (whose " + datedOnly(law, r.AsOf) + ")"; !slices.Contains(maybe, w) {
				maybe = append(maybe, w)
			}
		default:
			n = append(n, lawLine(lineDoesNotCount, " would implement it ", law, l, r.AsOf, false))
		}
	}
	switch r.Legal {
	case LegalReserved:
		res := rc.sg.reservationFor(r.ob)
		n = append(n, fmt.Sprintf("legal RESERVED: the reservation made with %s (%s) covers %s; a reserved obligation is never a gap", kindWord(res.Action.Kind), res.Action.ID, r.ob.ProvisionID))
	case LegalImplemented:
		n = append(n, ex.lines.line(lineKey{what: lineImplemented, on: on}, func() string {
			return "legal IMPLEMENTED: a law in force on " + asOf + " implements it fully"
		}))
	case LegalPartial:
		n = append(n, ex.lines.line(lineKey{what: linePartial, law: fullMaybe, on: on}, func() string {
			line := "legal PARTIAL: laws in force on " + asOf + " implement it only in part"
			if fullMaybe != nil {
				line += "; whether " + lawName(fullMaybe) + ", which would implement it fully, stood that day is not known (its " + datedOnly(fullMaybe, r.AsOf) + ")"
			}
			return line
		}))
	case LegalNotDomestic:
		n = append(n, ex.lines.line(lineKey{what: lineNotDomestic, a: enumIndex(ObligationNatures, r.Nature)}, func() string {
			return fmt.Sprintf("legal NOT_DOMESTIC: the obligation is %s, one domestic law cannot implement; it is judged by practice, never counted as a legal gap", strings.ToLower(strings.ReplaceAll(string(r.Nature), "_", "-")))
		}))
	case LegalNone:
		rv := reviewRow(rc.sf.Reviews[r.InstrumentID], r.ReviewID)
		if rv == nil {
			return nil, Errorf(ENOTFOUND, "%s %q not found", KindReview, r.ReviewID)
		}
		n = append(n, ex.lines.line(lineKey{what: lineNone, sf: rc.sf, review: rv, on: on}, func() string {
			read := strings.Join(rv.Articles, ", ")
			if read == "" {
				read = strings.Join(rv.Laws, ", ")
			}
			return "legal NONE: reviewed, none found: " + rv.ID + " (" + methodWords(rv.Method) + ", " + rv.Reviewer + ", " + rv.Date.String() + ") read " + read + " against it and found no law of " + state + " in force on " + asOf + " that implements it"
		}))
	default:
		if len(maybe) > 0 {
			line := "legal UNREVIEWED: not known. Whether " + strings.Join(maybe, " or ") + " stood on " + asOf + " is not known, so it is not called implemented"
			if rv := reviewedBy(r.ob, rc.sf.Reviews[r.InstrumentID], on); rv != nil {
				line += ", nor not implemented though review " + rv.ID + " covers it"
			}
			n = append(n, line)
		} else if len(links) > 0 {
			n = append(n, ex.lines.line(lineKey{what: lineNoneInForce, sf: rc.sf, on: on}, func() string {
				return "legal UNREVIEWED: no law of " + state + " linked to it is in force on " + asOf + ", and no review covers it, so whether another law implements it is not known"
			}))
		} else {
			n = append(n, ex.lines.line(lineKey{what: lineUnlinked, sf: rc.sf}, func() string {
				return "legal UNREVIEWED: no law of " + state + " is linked to it and no review of its law covers it; not reviewed, not \"not implemented\""
			}))
		}
	}
	return n, nil
}

// practiceReasons appends to n the lines that explain a record's practice
// status.
func (ex *explainer) practiceReasons(ctx context.Context, r *ComplianceRecord, n []string) ([]string, error) {
	rc := r.ctx
	d := dayOf(r.AsOf)
	if !hasEvidenceBy(r.direct, d) {
		// No evidence names it by d: its themes decide, and what they say
		// is said for every obligation of the same themes (themeLines).
		code := r.themes
		if code == 0 {
			code = themesCode(r.ob.Themes)
		}
		if code != themesUnpacked {
			t := ex.themes.lines(themesKey{rc.sf, r.AsOf, code}, func() themeLines {
				lines := ex.practiceLines(ctx, r, make([]string, 0, 3)) // decides the practice from the lists it weighs
				return themeLines{practice: r.practiceDecision(), lines: lines}
			})
			r.practiceSet(t.practice)
			return append(n, t.lines...), nil
		}
	}
	return ex.practiceLines(ctx, r, n), nil
}

// practiceLines appends to n the lines that explain a record's practice
// status, writing each.
func (ex *explainer) practiceLines(ctx context.Context, r *ComplianceRecord, n []string) []string {
	rc := r.ctx
	// The items weighedEvidence lists, without making the list: those of
	// the latest day, and how many more.
	lists, thematic := weighedListsOf(r.direct, rc.sf, r.ob, dayOf(r.AsOf))
	r.practiceFrom(lists, thematic)
	var evs []*EvidenceRow
	var first EvidenceFact // the item of evs when it is the only one
	items := 0
	if rc.sf.evidenceRepeats {
		var latest day
		eachLatestFirst(lists, func(f EvidenceFact) bool {
			if items == 0 || f.on == latest {
				if len(evs) == 0 {
					first = f
				}
				evs = append(evs, f.row)
				latest = f.on
			}
			items++
			return true
		})
	} else {
		// No item is met twice: the latest are at the lists' heads, in id
		// order across lists, and the lists' lengths add up.
		var latest day
		for _, l := range lists {
			items += len(l)
			latest = max(latest, l[0].on)
		}
		for _, l := range lists {
			for i := 0; i < len(l) && l[i].on == latest; i++ {
				if len(evs) == 0 {
					first = l[i]
				}
				evs = append(evs, l[i].row)
			}
		}
		if len(lists) > 1 {
			slices.SortFunc(evs, func(a, b *EvidenceRow) int { return strings.Compare(a.ID, b.ID) })
		}
	}
	if items == 0 {
		asOf, state := rc.words(ctx, r)
		return append(n, ex.lines.line(lineKey{what: lineNoEvidence, sf: rc.sf, on: dayOf(r.AsOf)}, func() string {
			return "practice NO_EVIDENCE: no evidence of " + state + " dated on or before " + asOf + " bears on it"
		}))
	}
	top := len(evs)
	// via is the theme through which e bears on the obligation, by its
	// place in Themes (0: none of the obligation's own).
	via := func(e *EvidenceRow) uint8 {
		for _, t := range r.ob.Themes {
			if slices.Contains(e.Themes, t) {
				return enumIndex(Themes, t)
			}
		}
		return 0
	}
	dated := func(e *EvidenceRow) string {
		if e.Date.Precision() != PrecisionDay {
			return e.Date.String() + ", taken as " + e.Date.Last().String()
		}
		return e.Date.String()
	}
	if top == 1 && evs[0] != nil {
		e := evs[0]
		k := lineKey{what: linePractice, a: enumIndex(PracticeStatuses, r.Practice())}
		if thematic {
			k.b = via(e) + 1
		}
		n = append(n, rc.sf.practiceLine(first, k, func() string {
			bearing := "directly"
			switch {
			case k.b > 1:
				bearing = "through theme " + string(Themes[k.b-2])
			case k.b == 1:
				bearing = "through a shared theme"
			}
			return "practice " + practiceWords(r.Practice(), thematic) + ": the latest evidence, " + e.ID + " (" + lowerKind(e.Kind) + ", " + dated(e) + ", bearing on it " + bearing + "), finds " + string(e.Finding)
		}))
	} else {
		parts := make([]string, 0, top)
		verb := "agree"
		for _, e := range evs {
			if e == nil {
				continue
			}
			parts = append(parts, e.ID+" finds "+string(e.Finding))
			if e.Finding != evs[0].Finding {
				verb = "disagree"
			}
		}
		n = append(n, fmt.Sprintf("practice %s: the %d latest items of evidence, of the same date %s, %s: %s", practiceWords(r.Practice(), thematic), top, dated(evs[0]), verb, strings.Join(parts, "; ")))
	}
	if thematic {
		n = append(n, "no evidence names the obligation directly; evidence about its themes decides, so the status is thematic")
	}
	if rest := items - top; rest > 0 {
		n = append(n, earlierWords(rest))
	}
	return n
}

// appendLawInForce says in words whether the law is in force on d (in force, or
// else enacted, on or before it, and not repealed on or before it), by the
// same rule as LinkRow.countsOn and LinkRow.mayCountOn: a repeal dated
// only to a year or month leaves the days of that period before its last
// not known.
// appendLawInForce appends those words to b.
func appendLawInForce(b []byte, l *LawRow, d Date) []byte {
	start, what := l.InForce, "in force"
	if start.IsZero() {
		start, what = l.Enacted, "enacted"
	}
	if start.IsZero() {
		return append(b, "it has no enactment or entry-into-force date"...)
	}
	if start.Compare(d) > 0 && start.First().Compare(d) <= 0 {
		b = append(append(append(b, "it is "...), what...), ' ')
		b = append(append(append(start.Append(b), ": whether it was "...), what...), " by "...)
		return append(append(append(d.Append(b), " is not known (the date is known only to "...), precisionWords(start)...), ')')
	}
	if start.Compare(d) > 0 {
		if !l.InForce.IsZero() && !l.Enacted.IsZero() && l.Enacted.Compare(d) <= 0 {
			b = append(l.Enacted.Append(append(b, "it was enacted "...)), " and is in force only from "...)
			return d.Append(append(l.InForce.Append(b), ", after "...))
		}
		b = append(append(append(b, "it is "...), what...), ' ')
		return d.Append(append(start.Append(b), ", after "...))
	}
	if !l.Repealed.IsZero() && l.Repealed.Compare(d) <= 0 {
		return d.Append(append(l.Repealed.Append(append(b, "it was repealed "...)), ", on or before "...))
	}
	if !l.Repealed.IsZero() && l.Repealed.First().Compare(d) <= 0 {
		b = append(l.Repealed.Append(append(b, "it was repealed "...)), ": whether it stood on "...)
		return append(append(append(d.Append(b), " is not known (the repeal is dated only to "...), precisionWords(l.Repealed)...), ')')
	}
	b = start.Append(append(append(b, what...), ' '))
	if start.Precision() != PrecisionDay {
		b = append(start.Last().Append(append(b, "; counted from "...)), ", the last day that date allows"...)
	}
	return b
}

// lawLine writes the line of one law linked to a record's obligation:
// what it does ("counts: ", "does not count: "), the law, how it would
// implement the obligation, and whether it is in force on d.
func lawLine(what, verb string, law *LawRow, l *LinkRow, d Date, beforeBound bool) string {
	var buf [256]byte
	b := append(append(buf[:0], what...), law.ID...)
	if law.Number != "" {
		b = append(append(append(b, " ("...), law.Number...), ')')
	}
	b = append(b, verb...)
	if l.Full {
		b = append(b, "fully"...)
	} else {
		b = append(b, "in part"...)
	}
	for i, a := range l.Articles {
		if i == 0 {
			b = append(b, " ("...)
		} else {
			b = append(b, ", "...)
		}
		b = append(b, a...)
		if i == len(l.Articles)-1 {
			b = append(b, ')')
		}
	}
	if beforeBound {
		b = append(appendLawInForce(append(b, "; "...), law, d), ", before the state was bound (a law need not postdate the ratification)"...)
	} else if what == lineCounts {
		b = appendLawInForce(append(b, "; "...), law, d)
	} else {
		b = appendLawInForce(append(b, ", but "...), law, d)
	}
	return string(b)
}

// The beginnings of a linked law's line.
const (
	lineCounts       = "counts: "
	lineMayCount     = "whether it counts is not known: "
	lineDoesNotCount = "does not count: "
)

// datedOnly says which of a law's dates leaves its standing on d not
// known: "repeal is dated only to the year".
func datedOnly(l *LawRow, d Date) string {
	if !l.Repealed.IsZero() && l.Repealed.First().Compare(d) <= 0 {
		return "repeal is dated only to " + precisionWords(l.Repealed)
	}
	if !l.InForce.IsZero() {
		return "entry into force is dated only to " + precisionWords(l.InForce)
	}
	return "enactment is dated only to " + precisionWords(l.Enacted)
}

// precisionWords names how far a date is known: "the year", "the month".
func precisionWords(d Date) string {
	if d.Precision() == PrecisionYear {
		return "the year"
	}
	return "the month"
}

// coverageCaveats says how much of the instrument the graph holds, when its
// record is incomplete.
func coverageCaveats(inf *InstrumentFacts) []string {
	c := coverageOf(inf)
	if c.Caveat == "" {
		return nil
	}
	return []string{c.Caveat}
}

// singleSourceCaveat says when the consent a standing rests on has its
// date from one source only, as the claim the graph uses (the seed paper's
// "2018" for Indonesia's ACTIP deposit).
func singleSourceCaveat(sg *StandingDecision) string {
	if sg.By == nil {
		return ""
	}
	for _, c := range sg.By.Claims {
		if c.Used && len(c.Sources) == 1 && (c.Field == "deposited" || c.Field == "date" || c.Field == "depositedBefore") {
			return fmt.Sprintf("%s: the %s used (%s) rests on a single source, %s", sg.By.ID, c.Field, c.Value, c.Sources[0].Citation)
		}
	}
	return ""
}

// coverageOf reports an instrument's coverage.
func coverageOf(inf *InstrumentFacts) InstrumentCoverage {
	inst := inf.Instrument
	c := InstrumentCoverage{
		InstrumentID: inst.ID, HeldVerbatim: inf.heldVerbatim, HeldSummary: inf.heldSummary,
		NotHeld: inst.Coverage.NotHeld, IncompleteProvisions: inf.incomplete, Complete: inst.Coverage.Complete,
	}
	if !c.Complete {
		c.Caveat = fmt.Sprintf("%s: the graph's record of it is incomplete: it holds %d provision(s) (%d verbatim, %d as summaries)", name(inst), c.HeldVerbatim+c.HeldSummary, c.HeldVerbatim, c.HeldSummary)
		if len(c.NotHeld) > 0 {
			c.Caveat += fmt.Sprintf("; %d more known to exist are not held", len(c.NotHeld))
		}
		if len(c.IncompleteProvisions) > 0 {
			c.Caveat += fmt.Sprintf("; %d held only in part", len(c.IncompleteProvisions))
		}
		c.Caveat += "; answers cover only what is held"
	}
	return c
}

func sourceWords(ss []Source) string {
	if len(ss) == 0 {
		return "no source"
	}
	return ss[0].Citation
}

func name(inst *Instrument) string { return cmp.Or(inst.ShortTitle, inst.ID) }

func lawName(l *LawRow) string {
	if l.Number != "" {
		return l.ID + " (" + l.Number + ")"
	}
	return l.ID
}

func kindWord(k ActionKind) string { return strings.ToLower(string(k)) }

// Ordinal writes n as "1st", "2nd", "3rd", "30th".
func Ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// reviewRow returns the row of the review id among reviews, or nil.
func reviewRow(reviews []ReviewFact, id string) *ReviewRow {
	for i := range reviews {
		if reviews[i].ID == id {
			return reviews[i].row
		}
	}
	return nil
}

// lowerKind returns an evidence kind in lower case ("COURT_CASE":
// "court_case"), made once per kind.
func lowerKind(k EvidenceKind) string {
	if w, ok := enumWords[string(k)]; ok {
		return w
	}
	return strings.ToLower(string(k))
}

// methodWords returns a review method as words: lower case, spaces for
// underscores ("STATUTE_READING": "statute reading"), made once per method.
func methodWords(m ReviewMethod) string {
	if w, ok := enumWords[string(m)]; ok {
		return w
	}
	return strings.ToLower(strings.ReplaceAll(string(m), "_", " "))
}

// enumWords holds lowerKind's and methodWords' answers (the two enums
// share no value).
var enumWords = func() map[string]string {
	m := map[string]string{}
	for _, k := range EvidenceKinds {
		m[string(k)] = strings.ToLower(string(k))
	}
	for _, k := range ReviewMethods {
		m[string(k)] = strings.ToLower(strings.ReplaceAll(string(k), "_", " "))
	}
	return m
}()
