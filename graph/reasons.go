package graph

import (
	"cmp"
	"context"
	"fmt"
	"strings"
)

// Reasons are built from the rules' decisions, separately and only when
// asked for: the rules decide, this file says in words what they decided.
// The explainer reads the nodes the words name (laws, links, evidence,
// states) from the Reader.

// explainer writes reasons for one engine call.
type explainer struct {
	r     Reader
	names func(ctx context.Context, code string) string
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
	case d.Trigger != nil:
		reasons = append(reasons, fmt.Sprintf("derived %s (%s)", d.Derived, trigger))
		if d.Trigger.shown.Precision() != PrecisionDay {
			reasons = append(reasons, fmt.Sprintf("deposit known only to %s; taken as %s", d.Trigger.shown, d.Trigger.on.date()))
		}
	default:
		line := fmt.Sprintf("%s needs %d deposit(s) of consent to be bound; %d recorded, so no date can be derived", article, rule.Ratifications, d.Dated)
		if d.Undated > 0 {
			line += fmt.Sprintf(" (%d more recorded without a usable date)", d.Undated)
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
	case !d.NotInForceUntil.IsZero():
		reasons = append(reasons, fmt.Sprintf("%s was not in force on %s: a complete list of its parties as of that day has fewer than %d; after it, whether it is in force is not known", name(inst), d.NotInForceUntil, rule.Ratifications))
	default:
		reasons = append(reasons, fmt.Sprintf("in force: not known. The graph holds too few consents to derive the date and no sourced date; consents may be missing from the record, so %s is not said to be out of force", name(inst)))
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
		if c.on == 0 && c.before == 0 {
			warnings = append(warnings, fmt.Sprintf("%s %s has neither a deposit nor an act date; it is not counted", kindWord(c.Kind), c.ActionID))
		} else if c.on == 0 {
			warnings = append(warnings, fmt.Sprintf("%s %s is known only to have been deposited before %s; it is not counted in the derivation", kindWord(c.Kind), c.ActionID, c.shown))
		}
	}
	stated := inst.EntryIntoForce
	if !stated.IsZero() && len(inst.EntryIntoForceSources) == 0 {
		warnings = append(warnings, fmt.Sprintf("stated entry into force %s has no sources; it is not used", stated))
	}
	if !stated.IsZero() && !d.Derived.IsZero() && !within(d.Derived, stated) {
		warnings = append(warnings, fmt.Sprintf("stated entry into force %s disagrees with %s derived from the deposits (%s)", stated, d.Derived, ex.trigger(ctx, inf)))
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
	return fmt.Sprintf("%s: %s day after the %s deposit, %s %s", cmp.Or(rule.Article, "its entry-into-force rule"),
		ordinal(rule.DaysAfter), ordinal(rule.Ratifications), ex.names(ctx, t.StateCode), t.shown)
}

// within reports whether day d falls inside the days date p allows.
func within(d, p Date) bool {
	return p.First().Compare(d) <= 0 && d.Compare(p.Last()) <= 0
}

// depositWords says how a consent's deposit day was taken.
func depositWords(a *StateAction) (shown string, notes []string) {
	dd := a.Deposited
	if dd.IsZero() {
		dd = a.Date
		notes = append(notes, fmt.Sprintf("deposit of %s not recorded; the date of the act, %s, is used", a.ID, dd))
	}
	if dd.Precision() != PrecisionDay {
		notes = append(notes, fmt.Sprintf("deposit known only to %s; taken as %s", dd, dd.Last()))
	}
	return dd.String(), notes
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
	how := ex.inForceWords(ctx, sf, inf, sg)
	switch sg.Standing {
	case StandingParty:
		if sg.Since.IsZero() {
			what := "a source places its consent before a day"
			if sg.By != nil {
				what = fmt.Sprintf("%s %s is recorded as deposited before %s (the deposit itself is not held)", kindWord(sg.By.Kind), sg.By.ID, sg.By.DepositedBefore)
			} else if sg.Statement != nil {
				what = fmt.Sprintf("a source names %s as a party as of %s (%s)", state, sg.Statement.AsOf, sourceWords(sg.Statement.Sources))
			}
			add("bound on %s, since no later than %s: %s; the day it became bound is not known", on, sg.NoLaterThan, what)
			break
		}
		shown, notes := depositWords(sg.By)
		add("bound since %s: %s deposited %s; %s", sg.Since, kindWord(sg.By.Kind), shown, how)
		n = append(n, notes...)
	case StandingPending:
		shown, notes := depositWords(sg.By)
		if sg.InForceFor.IsZero() {
			add("not bound on %s: %s %s deposited %s, but %s", on, kindWord(sg.By.Kind), sg.By.ID, shown, how)
		} else {
			add("not bound on %s: %s %s deposited %s; %s enters into force for %s on %s (%s)", on, kindWord(sg.By.Kind), sg.By.ID, shown, name(inst), state, sg.InForceFor, how)
		}
		n = append(n, notes...)
	case StandingInForceUnknown:
		shown, _ := depositWords(sg.By)
		add("bound on %s: not known. %s %s deposited %s, but whether %s is in force is not known (too few consents recorded to derive it, and no sourced date)", on, kindWord(sg.By.Kind), sg.By.ID, shown, name(inst))
	case StandingConsentNotDated:
		switch {
		case sg.By != nil:
			add("bound on %s: not known. %s %s is recorded as deposited before %s; it binds no later than %s, but the deposit itself is not held", on, kindWord(sg.By.Kind), sg.By.ID, sg.By.DepositedBefore, cmp.Or(sg.NoLaterThan.String(), "a day that cannot be derived"))
		case sg.Statement != nil:
			add("bound on %s: not known. A source names %s as a party as of %s (%s); it binds no later than %s", on, state, sg.Statement.AsOf, sourceWords(sg.Statement.Sources), cmp.Or(sg.NoLaterThan.String(), "a day that cannot be derived"))
		default:
			add("bound on %s: not known. %s %s is recorded with neither a deposit nor an act date, so it cannot be placed on or before that day", on, kindWord(sg.Undated.Kind), sg.Undated.ID)
		}
	case StandingWithdrawn:
		add("not bound on %s: %s withdrew (%s, effective %s)", on, state, sg.Withdrawal.ID, sg.Withdrawn)
	case StandingSignedOnly, StandingNotParty:
		switch {
		case sg.Later != nil:
			shown, _ := depositWords(sg.Later)
			add("not bound on %s: %s %s deposited %s, after that day", on, kindWord(sg.Later.Kind), sg.Later.ID, shown)
		case sg.Statement != nil:
			add("not bound on %s: a source states %s had not consented to be bound as of %s (%s)", on, state, sg.Statement.AsOf, sourceWords(sg.Statement.Sources))
		}
	case StandingUnknown:
		add("bound on %s: not known. No consent to be bound by %s is recorded, and no source states that it had none; the record of consents may be incomplete", on, state)
	}
	for _, a := range sf.Actions[inst.ID] {
		if a.Kind == ActionSignature && !a.Date.IsZero() && dayOf(a.Date) <= dayOf(on) && !sg.Bound {
			add("signed on %s (%s); a signature does not bind", a.Date, a.ID)
		}
	}
	return n
}

// inForceWords says why the instrument is in force for the state from the
// day the standing gives.
func (ex *explainer) inForceWords(ctx context.Context, sf *StateFacts, inf *InstrumentFacts, sg *StandingDecision) string {
	inst, d := inf.Instrument, inf.Entry
	rule := inst.Rule
	if sg.By == nil || d.Date.IsZero() {
		if rule.Ratifications == 0 && d.Date.IsZero() {
			return fmt.Sprintf("%s has no entry-into-force rule and no sourced date, so it never enters into force", name(inst))
		}
		return fmt.Sprintf("whether %s is in force is not known", name(inst))
	}
	c, _ := consentOf(sg.By)
	var how string
	switch {
	case d.Trigger != nil && c.on <= d.Trigger.on:
		how = fmt.Sprintf("%s entered into force %s (%s)", name(inst), d.Date, ex.trigger(ctx, inf))
		if d.Date != d.Derived {
			how = fmt.Sprintf("%s entered into force %s as its sources state (derived: %s, %s)", name(inst), d.Date, d.Derived, ex.trigger(ctx, inf))
		}
	case rule.Ratifications > 0:
		after := ""
		if d.Trigger != nil {
			after = fmt.Sprintf(" (%s %s)", ex.names(ctx, d.Trigger.StateCode), d.Trigger.shown)
		}
		how = fmt.Sprintf("deposited after the %s deposit%s; %s: in force for a later party on the %s day after its deposit",
			ordinal(rule.Ratifications), after, cmp.Or(rule.Article, "its rule"), ordinal(rule.LaterPartyDaysAfter))
		if c.on.addDays(rule.LaterPartyDaysAfter) < dayOf(d.Date) {
			how = fmt.Sprintf("%s entered into force %s", name(inst), d.Date)
		}
	default:
		how = fmt.Sprintf("%s entered into force %s (stated with sources)", name(inst), d.Date)
		if c.on > dayOf(d.Date) {
			how = fmt.Sprintf("%s entered into force %s (stated with sources), before the deposit", name(inst), d.Date)
		}
	}
	if a := sg.By; !a.InForce.IsZero() && len(a.InForceSources) > 0 {
		how = fmt.Sprintf("in force for %s from %s as its sources state", ex.names(ctx, a.StateCode), a.InForce)
		if a.InForce.Precision() != PrecisionDay {
			how += fmt.Sprintf(" (taken as %s)", a.InForce.Last())
		}
	}
	return how
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
		} else if c, _ := consentOf(a); c.on != 0 {
			if derived := inf.Entry.inForceFor(inf.Instrument, c.on); derived != 0 && !within(derived.date(), a.InForce) {
				w = append(w, fmt.Sprintf("stated entry into force for %s, %s, disagrees with %s derived from the deposits", a.StateCode, a.InForce, derived.date()))
			}
		}
	}
	return w
}

// recordReasons explains a compliance record.
func (ex *explainer) recordReasons(ctx context.Context, r *ComplianceRecord) ([]string, error) {
	rc := r.ctx
	n := make([]string, 0, 8)
	if rc.asOfNote != "" {
		n = append(n, rc.asOfNote)
	}
	n = append(n, ex.standingReasons(ctx, rc.sf, rc.inf, rc.sg, r.AsOf)...)
	legal, err := ex.legalReasons(ctx, r)
	if err != nil {
		return nil, err
	}
	n = append(n, legal...)
	practice, err := ex.practiceReasons(ctx, r)
	if err != nil {
		return nil, err
	}
	return append(n, practice...), nil
}

// legalReasons explains a record's legal status, with a line for every
// linked law, counted or not.
func (ex *explainer) legalReasons(ctx context.Context, r *ComplianceRecord) ([]string, error) {
	rc := r.ctx
	on := dayOf(r.AsOf)
	links := rc.sf.Links[r.ObligationID]
	var n []string
	if len(links) > 0 {
		ids := make([]string, 0, 2*len(links))
		for _, l := range links {
			ids = append(ids, l.LawID, l.ImplementationID)
		}
		nodes, err := ex.r.Nodes(ctx, ids)
		if err != nil {
			return nil, err
		}
		for i, l := range links {
			law, _ := nodes[2*i].(*Law)
			impl, _ := nodes[2*i+1].(*Implementation)
			if law == nil || impl == nil {
				continue
			}
			extent := "fully"
			if !l.Full {
				extent = "in part"
			}
			arts := ""
			if len(impl.Articles) > 0 {
				arts = " (" + strings.Join(impl.Articles, ", ") + ")"
			}
			why := lawInForce(law, r.AsOf)
			if l.countsOn(on) {
				if r.Bound && !r.BoundSince.IsZero() && l.start < dayOf(r.BoundSince) {
					why += ", before the state was bound (a law need not postdate the ratification)"
				}
				n = append(n, fmt.Sprintf("counts: %s implements it %s%s; %s", lawName(law), extent, arts, why))
			} else {
				n = append(n, fmt.Sprintf("does not count: %s would implement it %s%s, but %s", lawName(law), extent, arts, why))
			}
		}
	}
	state := ex.names(ctx, r.StateCode)
	switch r.Legal {
	case LegalReserved:
		res := rc.sg.reservationFor(r.ob)
		n = append(n, fmt.Sprintf("legal RESERVED: the reservation made with %s (%s) covers %s; a reserved obligation is never a gap", kindWord(res.Action.Kind), res.Action.ID, r.ob.ProvisionID))
	case LegalImplemented:
		n = append(n, fmt.Sprintf("legal IMPLEMENTED: a law in force on %s implements it fully", r.AsOf))
	case LegalPartial:
		n = append(n, fmt.Sprintf("legal PARTIAL: laws in force on %s implement it only in part", r.AsOf))
	case LegalNotDomestic:
		n = append(n, fmt.Sprintf("legal NOT_DOMESTIC: the obligation is %s, one domestic law cannot implement; it is judged by practice, never counted as a legal gap", strings.ToLower(strings.ReplaceAll(string(r.Nature), "_", "-"))))
	case LegalNone:
		rv, err := Get[*Review](ctx, ex.r, r.ReviewID)
		if err != nil {
			return nil, err
		}
		read := strings.Join(rv.Articles, ", ")
		if read == "" {
			read = strings.Join(rv.LawIDs, ", ")
		}
		n = append(n, fmt.Sprintf("legal NONE: reviewed, none found: %s (%s, %s, %s) read %s against it and found no law of %s in force on %s that implements it", rv.ID, strings.ToLower(strings.ReplaceAll(string(rv.Method), "_", " ")), rv.Reviewer, rv.Date, read, state, r.AsOf))
	default:
		if len(links) > 0 {
			n = append(n, fmt.Sprintf("legal UNREVIEWED: no law of %s linked to it is in force on %s, and no review covers it, so whether another law implements it is not known", state, r.AsOf))
		} else {
			n = append(n, fmt.Sprintf("legal UNREVIEWED: no law of %s is linked to it and no review of its law covers it; not reviewed, not \"not implemented\"", state))
		}
	}
	return n, nil
}

// practiceReasons explains a record's practice status.
func (ex *explainer) practiceReasons(ctx context.Context, r *ComplianceRecord) ([]string, error) {
	rc := r.ctx
	items, thematic := weighedEvidence(rc.sf, r.ob, dayOf(r.AsOf))
	if len(items) == 0 {
		return []string{fmt.Sprintf("practice NO_EVIDENCE: no evidence of %s dated on or before %s bears on it", ex.names(ctx, r.StateCode), r.AsOf)}, nil
	}
	top := 1
	for top < len(items) && items[top].on == items[0].on {
		top++
	}
	ids := make([]string, top)
	for i := range top {
		ids[i] = items[i].ID
	}
	evs, err := GetMany[*Evidence](ctx, ex.r, ids)
	if err != nil {
		return nil, err
	}
	via := func(e *Evidence) string {
		if !thematic {
			return "directly"
		}
		for _, t := range r.ob.Themes {
			for _, et := range e.Themes {
				if t == et {
					return "through theme " + string(t)
				}
			}
		}
		return "through a shared theme"
	}
	dated := func(e *Evidence) string {
		if e.Date.Precision() != PrecisionDay {
			return fmt.Sprintf("%s, taken as %s", e.Date, e.Date.Last())
		}
		return e.Date.String()
	}
	var n []string
	status := r.Practice()
	if thematic {
		status += " (thematic)"
	}
	if top == 1 && evs[0] != nil {
		e := evs[0]
		n = append(n, fmt.Sprintf("practice %s: the latest evidence, %s (%s, %s, bearing on it %s), finds %s", status, e.ID, strings.ToLower(string(e.Kind)), dated(e), via(e), e.Finding))
	} else {
		parts := make([]string, 0, top)
		verb := "agree"
		for _, e := range evs {
			if e == nil {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s finds %s", e.ID, e.Finding))
			if e.Finding != evs[0].Finding {
				verb = "disagree"
			}
		}
		n = append(n, fmt.Sprintf("practice %s: the %d latest items of evidence, of the same date %s, %s: %s", status, top, dated(evs[0]), verb, strings.Join(parts, "; ")))
	}
	if thematic {
		n = append(n, "no evidence names the obligation directly; evidence about its themes decides, so the status is thematic")
	}
	if rest := len(items) - top; rest > 0 {
		n = append(n, fmt.Sprintf("%d earlier item(s) of evidence also weighed, not deciding", rest))
	}
	return n, nil
}

// lawInForce says in words whether the law is in force on d (in force, or
// else enacted, on or before it, and not repealed on or before it), by the
// same rule as LinkFact.countsOn.
func lawInForce(l *Law, d Date) string {
	start, what := l.InForce, "in force"
	if start.IsZero() {
		start, what = l.Enacted, "enacted"
	}
	if start.IsZero() {
		return "it has no enactment or entry-into-force date"
	}
	if start.Compare(d) > 0 {
		if !l.InForce.IsZero() && !l.Enacted.IsZero() && l.Enacted.Compare(d) <= 0 {
			return fmt.Sprintf("it was enacted %s and is in force only from %s, after %s", l.Enacted, l.InForce, d)
		}
		return fmt.Sprintf("it is %s %s, after %s", what, start, d)
	}
	if !l.Repealed.IsZero() && l.Repealed.Compare(d) <= 0 {
		return fmt.Sprintf("it was repealed %s, on or before %s", l.Repealed, d)
	}
	if start.Precision() != PrecisionDay {
		return fmt.Sprintf("%s %s (known only to %s; taken as %s)", what, start, start, start.Last())
	}
	return fmt.Sprintf("%s %s", what, start)
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

func lawName(l *Law) string {
	if l.Number != "" {
		return fmt.Sprintf("%s (%s)", l.ID, l.Number)
	}
	return l.ID
}

func kindWord(k ActionKind) string { return strings.ToLower(string(k)) }

// ordinal writes n as "1st", "2nd", "3rd", "30th".
func ordinal(n int) string {
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
