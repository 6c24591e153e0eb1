package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// Engine answers compliance questions over a Reader: when an instrument
// entered into force, whether a state is bound by it on a date, and whether
// the state has implemented each obligation in law and in practice. Every
// answer carries the reasons a legal researcher needs to check it. Safe for
// concurrent use: an Engine holds no state between calls.
//
// The engine reads only what the question touches: a state's answers come
// from the state's actions, laws, implementation links and evidence, the
// obligations of the instruments it acted on, the deposits of those
// instruments (for their entry into force) and the list of instruments (for
// non-binding instruments a state is committed to as an ASEAN member).
type Engine struct {
	r     Reader
	today Date
}

// NewEngine returns an engine that reads r.
func NewEngine(r Reader) *Engine { return &Engine{r: r} }

// WithToday returns a copy of the engine for which d replaces the current day
// when a call is given a zero asOf (for tests and reproducible reports).
func (e *Engine) WithToday(d Date) *Engine {
	c := *e
	c.today = d
	return &c
}

// EntryIntoForce returns when the instrument enters into force: the date its
// rule gives from the deposits (Derived), the explicit date of the data
// (Stated), and the one the graph uses.
func (e *Engine) EntryIntoForce(ctx context.Context, instrumentID string) (*EntryIntoForce, error) {
	s := e.session(ctx, true)
	ef, err := s.entryIntoForce(instrumentID)
	if err != nil {
		return nil, err
	}
	out := *ef.out
	out.Reasons = slices.Clone(out.Reasons)
	out.Warnings = slices.Clone(out.Warnings)
	return &out, nil
}

// Status returns the compliance record of one state for one obligation on
// asOf (zero: today). The record is returned whether or not the state is
// bound; Reasons say which.
func (e *Engine) Status(ctx context.Context, stateCode, obligationID string, asOf Date) (*ComplianceRecord, error) {
	s := e.session(ctx, true)
	day, asOfNote := e.day(asOf)
	ob, err := Get[*Obligation](ctx, e.r, obligationID)
	if err != nil {
		return nil, err
	}
	st, err := s.state(stateCode)
	if err != nil {
		return nil, err
	}
	sd, err := s.stateData(st, false)
	if err != nil {
		return nil, err
	}
	// The obligation's own implementation links, kept to the state's laws.
	if err := s.obligationLinks(sd, ob.ID); err != nil {
		return nil, err
	}
	inst, err := s.instrument(ob.InstrumentID)
	if err != nil {
		return nil, err
	}
	sg, err := s.standing(sd, inst, day)
	if err != nil {
		return nil, err
	}
	return s.record(sd, inst, ob, sg, day, asOfNote), nil
}

// Records returns one record per obligation of every instrument the state is
// bound by or committed to on asOf (zero: today); instrumentID, when not
// empty, restricts them to one instrument. Records are sorted by instrument
// id, then obligation id.
func (e *Engine) Records(ctx context.Context, stateCode string, asOf Date, instrumentID string) ([]*ComplianceRecord, error) {
	s := e.session(ctx, true)
	day, note := e.day(asOf)
	return s.records(stateCode, day, note, instrumentID)
}

// Gaps returns the state's ratified-but-not-implemented records on asOf
// (zero: today): records of instruments that bind the state whose status
// fails under basis. Under LAW a record fails when its legal status is not
// IMPLEMENTED; under PRACTICE when its practice status is not EFFECTIVE;
// under EITHER when either fails. A RESERVED obligation never fails, and
// commitments under non-binding instruments are never gaps.
func (e *Engine) Gaps(ctx context.Context, stateCode string, asOf Date, basis Basis, instrumentID string) ([]*ComplianceRecord, error) {
	if err := checkBasis(basis); err != nil {
		return nil, err
	}
	recs, err := e.Records(ctx, stateCode, asOf, instrumentID)
	if err != nil {
		return nil, err
	}
	gaps := recs[:0]
	for _, r := range recs {
		if r.Bound && fails(r, basis) {
			gaps = append(gaps, r)
		}
	}
	return slices.Clip(gaps), nil
}

// Summary counts the state's records on asOf (zero: today) under basis,
// for one instrument or, when instrumentID is empty, all of them.
//
// Each bound record is counted once: Reserved when its legal status is
// RESERVED; otherwise Implemented when it does not fail under basis, and
// else Partial or NotImplemented. Partial is legal PARTIAL under LAW,
// practice MIXED under PRACTICE, and under EITHER a failing record that has
// something on both sides (legal IMPLEMENTED or PARTIAL and practice
// EFFECTIVE or MIXED). So Partial + NotImplemented is the number of Gaps for
// the same arguments.
func (e *Engine) Summary(ctx context.Context, stateCode, instrumentID string, asOf Date, basis Basis) (*StateSummary, error) {
	if err := checkBasis(basis); err != nil {
		return nil, err
	}
	s := e.session(ctx, false)
	day, note := e.day(asOf)
	return s.summary(stateCode, instrumentID, day, note, basis)
}

// Compare returns one summary per state, in the order given, or for every
// state in code order when stateCodes is empty.
func (e *Engine) Compare(ctx context.Context, stateCodes []string, instrumentID string, asOf Date, basis Basis) ([]*StateSummary, error) {
	if err := checkBasis(basis); err != nil {
		return nil, err
	}
	s := e.session(ctx, false)
	day, note := e.day(asOf)
	if instrumentID != "" {
		if _, err := s.instrument(instrumentID); err != nil {
			return nil, err
		}
	}
	if len(stateCodes) == 0 {
		codes, err := e.r.IDs(ctx, KindState)
		if err != nil {
			return nil, err
		}
		stateCodes = codes
	} else if err := s.preloadStates(stateCodes); err != nil {
		return nil, err
	}
	out := make([]*StateSummary, 0, len(stateCodes))
	for _, code := range stateCodes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sum, err := s.summary(code, instrumentID, day, note, basis)
		if err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	return out, nil
}

// RatificationTable returns one row per state, in code order, saying how it
// stood towards the instrument on asOf (zero: today): signature,
// consent to be bound, deposit, entry into force for it, withdrawal.
func (e *Engine) RatificationTable(ctx context.Context, instrumentID string, asOf Date) ([]*RatificationRow, error) {
	s := e.session(ctx, true)
	day, note := e.day(asOf)
	inst, err := s.instrument(instrumentID)
	if err != nil {
		return nil, err
	}
	states, err := All[*State](ctx, e.r)
	if err != nil {
		return nil, err
	}
	actIDs, err := e.r.Neighbors(ctx, RelInstrumentActions, []string{instrumentID})
	if err != nil {
		return nil, err
	}
	acts, err := GetMany[*StateAction](ctx, e.r, actIDs[0])
	if err != nil {
		return nil, err
	}
	byState := map[string][]*StateAction{}
	for _, a := range acts {
		if a != nil {
			byState[a.StateCode] = append(byState[a.StateCode], a)
		}
	}
	rows := make([]*RatificationRow, 0, len(states))
	for _, st := range states {
		s.names[st.Code] = st.Name
		sd := &stateData{state: st, actions: map[string][]*StateAction{instrumentID: byState[st.Code]}}
		sg, err := s.standing(sd, inst, day)
		if err != nil {
			return nil, err
		}
		rows = append(rows, s.row(sd, inst, sg, day, note))
	}
	return rows, nil
}

// day resolves asOf: zero means today (or the engine's fixed day), and a
// date known only to the month or year is taken as its last day.
func (e *Engine) day(asOf Date) (Date, string) {
	if asOf.IsZero() {
		if !e.today.IsZero() {
			asOf = e.today
		} else {
			return Today(), ""
		}
	}
	if asOf.Precision() != PrecisionDay {
		l := asOf.Last()
		return l, fmt.Sprintf("as of %s, taken as its last day %s", asOf, l)
	}
	return asOf, ""
}

func checkBasis(b Basis) error {
	if !ValidEnum(Bases, b) {
		_, err := ParseEnum("basis", Bases, string(b))
		return err
	}
	return nil
}

// fails reports whether a record fails under basis. RESERVED never fails.
func fails(r *ComplianceRecord, b Basis) bool {
	if r.Legal == LegalReserved {
		return false
	}
	law := r.Legal != LegalImplemented
	practice := r.Practice != PracticeEffective
	switch b {
	case BasisLaw:
		return law
	case BasisPractice:
		return practice
	}
	return law || practice
}

// session holds what one call has read, so that a call reads each instrument,
// its obligations and its entry into force once however many states and
// obligations it answers for. A session is used by one goroutine.
type session struct {
	ctx     context.Context
	r       Reader
	explain bool // build Reasons and Warnings

	instruments    map[string]*Instrument
	allInstruments []*Instrument // nil until listed
	obligations    map[string][]*Obligation
	eifs           map[string]*eif
	states         map[string]*State
	names          map[string]string
}

func (e *Engine) session(ctx context.Context, explain bool) *session {
	return &session{
		ctx: ctx, r: e.r, explain: explain,
		instruments: map[string]*Instrument{},
		obligations: map[string][]*Obligation{},
		eifs:        map[string]*eif{},
		states:      map[string]*State{},
		names:       map[string]string{},
	}
}

// notes collects reason lines, and builds none when the session does not
// explain (summaries only count).
type notes struct {
	on    bool
	lines []string
}

func (n *notes) add(format string, args ...any) {
	if n.on {
		n.lines = append(n.lines, fmt.Sprintf(format, args...))
	}
}

func (s *session) notes() *notes { return &notes{on: s.explain} }

func (s *session) instrument(id string) (*Instrument, error) {
	if inst, ok := s.instruments[id]; ok {
		return inst, nil
	}
	inst, err := Get[*Instrument](s.ctx, s.r, id)
	if err != nil {
		return nil, err
	}
	s.instruments[id] = inst
	return inst, nil
}

// everyInstrument lists the instruments, once per session. Instruments are
// few (the regional instruments themselves); the list is needed because an
// ASEAN member is committed to a non-binding instrument adopted while it was
// a member, without any action of its own.
func (s *session) everyInstrument() ([]*Instrument, error) {
	if s.allInstruments != nil {
		return s.allInstruments, nil
	}
	all, err := All[*Instrument](s.ctx, s.r)
	if err != nil {
		return nil, err
	}
	for _, inst := range all {
		s.instruments[inst.ID] = inst
	}
	s.allInstruments = all
	return all, nil
}

// obligationsOf loads the obligations of the instruments not loaded yet, in
// one pass, and returns them by instrument in id order.
func (s *session) obligationsOf(ids []string) (map[string][]*Obligation, error) {
	var need []string
	for _, id := range ids {
		if _, ok := s.obligations[id]; !ok {
			need = append(need, id)
		}
	}
	if len(need) > 0 {
		nbrs, err := s.r.Neighbors(s.ctx, RelInstrumentObligations, need)
		if err != nil {
			return nil, err
		}
		var flat []string
		for _, n := range nbrs {
			flat = append(flat, n...)
		}
		obs, err := GetMany[*Obligation](s.ctx, s.r, flat)
		if err != nil {
			return nil, err
		}
		i := 0
		for k, id := range need {
			list := make([]*Obligation, 0, len(nbrs[k]))
			for range nbrs[k] {
				if obs[i] != nil {
					list = append(list, obs[i])
				}
				i++
			}
			s.obligations[id] = list
		}
	}
	out := make(map[string][]*Obligation, len(ids))
	for _, id := range ids {
		out[id] = s.obligations[id]
	}
	return out, nil
}

// state returns the state with the given code, or ENOTFOUND listing the
// valid codes.
func (s *session) state(code string) (*State, error) {
	if st, ok := s.states[code]; ok {
		return st, nil
	}
	ns, err := s.r.Nodes(s.ctx, []string{code})
	if err != nil {
		return nil, err
	}
	st, ok := ns[0].(*State)
	if !ok {
		return nil, s.unknownState(code)
	}
	s.states[code] = st
	s.names[code] = st.Name
	return st, nil
}

func (s *session) preloadStates(codes []string) error {
	ns, err := s.r.Nodes(s.ctx, codes)
	if err != nil {
		return err
	}
	for i, n := range ns {
		st, ok := n.(*State)
		if !ok {
			return s.unknownState(codes[i])
		}
		s.states[st.Code] = st
		s.names[st.Code] = st.Name
	}
	return nil
}

func (s *session) unknownState(code string) error {
	codes, err := s.r.IDs(s.ctx, KindState)
	if err != nil {
		return err
	}
	return Errorf(ENOTFOUND, "state %q not found; valid state codes: %s", code, strings.Join(codes, ", "))
}

func (s *session) stateName(code string) string {
	if n, ok := s.names[code]; ok && n != "" {
		return n
	}
	return code
}

// stateData is what the engine knows of one state: its actions by
// instrument, the implementation links of its laws by obligation, and its
// evidence indexed by obligation and by theme.
type stateData struct {
	state   *State
	actions map[string][]*StateAction
	links   map[string][]link
	byObl   map[string][]*Evidence
	byTheme map[Theme][]*Evidence
}

// link is an implementation link together with its law.
type link struct {
	impl *Implementation
	law  *Law
}

// stateData reads the state's actions and evidence and, with withLaws, its
// laws and their implementation links: the state's own data, read through
// its reverse edges in two rounds of neighbour lookups and one of nodes.
func (s *session) stateData(st *State, withLaws bool) (*stateData, error) {
	from := []string{st.Code}
	actIDs, err := s.r.Neighbors(s.ctx, RelStateActions, from)
	if err != nil {
		return nil, err
	}
	evIDs, err := s.r.Neighbors(s.ctx, RelStateEvidence, from)
	if err != nil {
		return nil, err
	}
	ids := append(slices.Clone(actIDs[0]), evIDs[0]...)
	var lawIDs []string
	var implIDs []string
	if withLaws {
		l, err := s.r.Neighbors(s.ctx, RelStateLaws, from)
		if err != nil {
			return nil, err
		}
		lawIDs = l[0]
		if len(lawIDs) > 0 {
			nb, err := s.r.Neighbors(s.ctx, RelLawImplementations, lawIDs)
			if err != nil {
				return nil, err
			}
			for _, n := range nb {
				implIDs = append(implIDs, n...)
			}
		}
		ids = append(ids, lawIDs...)
		ids = append(ids, implIDs...)
	}
	nodes, err := s.r.Nodes(s.ctx, ids)
	if err != nil {
		return nil, err
	}
	sd := &stateData{
		state:   st,
		actions: map[string][]*StateAction{},
		links:   map[string][]link{},
		byObl:   map[string][]*Evidence{},
		byTheme: map[Theme][]*Evidence{},
	}
	laws := map[string]*Law{}
	var impls []*Implementation
	for _, n := range nodes {
		switch n := n.(type) {
		case *StateAction:
			sd.actions[n.InstrumentID] = append(sd.actions[n.InstrumentID], n)
		case *Evidence:
			for _, o := range n.ObligationIDs {
				sd.byObl[o] = append(sd.byObl[o], n)
			}
			for _, t := range n.Themes {
				sd.byTheme[t] = append(sd.byTheme[t], n)
			}
		case *Law:
			laws[n.ID] = n
		case *Implementation:
			impls = append(impls, n)
		}
	}
	for _, im := range impls {
		if l := laws[im.LawID]; l != nil {
			sd.links[im.ObligationID] = append(sd.links[im.ObligationID], link{impl: im, law: l})
		}
	}
	return sd, nil
}

// obligationLinks fills the links of one obligation from the obligation's
// side (obligation → implementations → laws), keeping the state's laws.
func (s *session) obligationLinks(sd *stateData, obligationID string) error {
	ids, err := s.r.Neighbors(s.ctx, RelObligationImplementations, []string{obligationID})
	if err != nil {
		return err
	}
	impls, err := GetMany[*Implementation](s.ctx, s.r, ids[0])
	if err != nil {
		return err
	}
	lawIDs := make([]string, len(impls))
	for i, im := range impls {
		if im != nil {
			lawIDs[i] = im.LawID
		}
	}
	laws, err := GetMany[*Law](s.ctx, s.r, lawIDs)
	if err != nil {
		return err
	}
	for i, im := range impls {
		if im != nil && laws[i] != nil && laws[i].StateCode == sd.state.Code {
			sd.links[obligationID] = append(sd.links[obligationID], link{impl: im, law: laws[i]})
		}
	}
	return nil
}

// records answers Records for one state within a session.
func (s *session) records(stateCode string, day Date, asOfNote, instrumentID string) ([]*ComplianceRecord, error) {
	st, err := s.state(stateCode)
	if err != nil {
		return nil, err
	}
	var insts []*Instrument
	if instrumentID != "" {
		inst, err := s.instrument(instrumentID)
		if err != nil {
			return nil, err
		}
		insts = []*Instrument{inst}
	}
	sd, err := s.stateData(st, true)
	if err != nil {
		return nil, err
	}
	if instrumentID == "" {
		insts, err = s.candidates(sd)
		if err != nil {
			return nil, err
		}
	}
	type held struct {
		inst *Instrument
		sg   *standing
	}
	var hold []held
	var ids []string
	for _, inst := range insts {
		sg, err := s.standing(sd, inst, day)
		if err != nil {
			return nil, err
		}
		if sg.bound || sg.committed {
			hold = append(hold, held{inst, sg})
			ids = append(ids, inst.ID)
		}
	}
	obs, err := s.obligationsOf(ids)
	if err != nil {
		return nil, err
	}
	var out []*ComplianceRecord
	for _, h := range hold {
		for _, ob := range obs[h.inst.ID] {
			out = append(out, s.record(sd, h.inst, ob, h.sg, day, asOfNote))
		}
	}
	return out, nil
}

// candidates returns, in id order, the instruments the state may be bound by
// or committed to: those it acted on, and the non-binding ones (to which it
// may be committed by membership alone).
func (s *session) candidates(sd *stateData) ([]*Instrument, error) {
	all, err := s.everyInstrument()
	if err != nil {
		return nil, err
	}
	var out []*Instrument
	for _, inst := range all {
		if _, acted := sd.actions[inst.ID]; acted || (!inst.Binding && !sd.state.ASEANSince.IsZero()) {
			out = append(out, inst)
		}
	}
	return out, nil
}

// summary counts one state's records within a session.
func (s *session) summary(stateCode, instrumentID string, day Date, note string, basis Basis) (*StateSummary, error) {
	recs, err := s.records(stateCode, day, note, instrumentID)
	if err != nil {
		return nil, err
	}
	sum := &StateSummary{StateCode: stateCode, InstrumentID: instrumentID, AsOf: day, Basis: basis}
	for _, r := range recs {
		if r.Committed {
			sum.Committed++
			continue
		}
		if !r.Bound {
			continue
		}
		sum.Bound++
		switch {
		case r.Legal == LegalReserved:
			sum.Reserved++
		case !fails(r, basis):
			sum.Implemented++
		case partial(r, basis):
			sum.Partial++
		default:
			sum.NotImplemented++
		}
	}
	if d := sum.Bound - sum.Reserved; d > 0 {
		sum.ImplementationRate = float64(sum.Implemented) / float64(d)
	}
	return sum, nil
}

// partial reports whether a failing record counts as partly implemented.
func partial(r *ComplianceRecord, b Basis) bool {
	law := r.Legal == LegalPartial || r.Legal == LegalImplemented
	practice := r.Practice == PracticeMixed || r.Practice == PracticeEffective
	switch b {
	case BasisLaw:
		return r.Legal == LegalPartial
	case BasisPractice:
		return r.Practice == PracticeMixed
	}
	return law && practice
}

// deposit is a consent to be bound and the day counted as its deposit,
// with how that day was taken when it is not simply the recorded deposit.
type deposit struct {
	action *StateAction
	day    Date
	notes  []string
}

// depositOf returns the day an action's deposit counts from: the deposit,
// or the act's own date when the deposit is not recorded, at its latest
// day. With explain, notes say which, and how a partial date was taken;
// an undated action is not counted and its note says so.
func depositOf(a *StateAction, explain bool) (deposit, bool) {
	n := &notes{on: explain}
	d := a.Deposited
	if d.IsZero() {
		if a.Date.IsZero() {
			n.add("%s %s has neither a deposit nor an act date; it is not counted", kindWord(a.Kind), a.ID)
			return deposit{action: a, notes: n.lines}, false
		}
		d = a.Date
		n.add("deposit of %s not recorded; the date of the act, %s, is used", a.ID, d)
	}
	if d.Precision() != PrecisionDay {
		n.add("deposit known only to %s; taken as %s", d, d.Last())
	}
	return deposit{action: a, day: d.Last(), notes: n.lines}, true
}

// effectiveDay is the day a non-deposit action (signature, endorsement,
// withdrawal) takes effect: its deposit or notification when recorded, else
// the act, at its latest day; zero when undated.
func effectiveDay(a *StateAction) Date {
	if a.Kind == ActionWithdrawal && !a.Deposited.IsZero() {
		return a.Deposited.Last()
	}
	if !a.Date.IsZero() {
		return a.Date.Last()
	}
	return a.Deposited.Last()
}

// eif is an instrument's entry into force as one session derived it.
type eif struct {
	inst *Instrument
	out  *EntryIntoForce
	nth  *deposit // the deposit that completed the rule; nil if none
	// trigger describes the rule and the deposit that completed it, e.g.
	// "Article 29: 30th day after the 6th deposit, Philippines 2017-02-07".
	trigger string
}

// entryIntoForce derives an instrument's entry into force from its rule and
// the earliest deposit of each state, once per session.
func (s *session) entryIntoForce(id string) (*eif, error) {
	if ef, ok := s.eifs[id]; ok {
		return ef, nil
	}
	inst, err := s.instrument(id)
	if err != nil {
		return nil, err
	}
	// Derivation notes are always kept: they are few, per instrument.
	n := &notes{on: true}
	warn := &notes{on: true}
	ef := &eif{inst: inst, out: &EntryIntoForce{InstrumentID: id, Stated: inst.EntryIntoForce}}
	rule := inst.Rule
	if rule.Ratifications > 0 {
		ids, err := s.r.Neighbors(s.ctx, RelInstrumentActions, []string{id})
		if err != nil {
			return nil, err
		}
		acts, err := GetMany[*StateAction](s.ctx, s.r, ids[0])
		if err != nil {
			return nil, err
		}
		first := map[string]deposit{}
		for _, a := range acts {
			if a == nil || !a.Kind.ConsentsToBeBound() {
				continue
			}
			d, ok := depositOf(a, true)
			if !ok {
				warn.lines = append(warn.lines, d.notes...)
				continue
			}
			if f, seen := first[a.StateCode]; !seen || d.day.Compare(f.day) < 0 {
				first[a.StateCode] = d
			}
		}
		deps := make([]deposit, 0, len(first))
		for _, d := range first {
			deps = append(deps, d)
		}
		slices.SortFunc(deps, func(a, b deposit) int {
			return cmp.Or(a.day.Compare(b.day), strings.Compare(a.action.ID, b.action.ID))
		})
		article := cmp.Or(rule.Article, "its entry-into-force rule")
		if len(deps) >= rule.Ratifications {
			nth := deps[rule.Ratifications-1]
			ef.nth = &nth
			ef.out.Derived = nth.day.AddDays(rule.DaysAfter)
			ef.out.TriggerActionID = nth.action.ID
			if _, err := s.state(nth.action.StateCode); err != nil && ErrorCode(err) != ENOTFOUND {
				return nil, err
			}
			ef.trigger = fmt.Sprintf("%s: %s day after the %s deposit, %s %s",
				article, ordinal(rule.DaysAfter), ordinal(rule.Ratifications), s.stateName(nth.action.StateCode), nth.day)
			n.lines = append(n.lines, nth.notes...)
			n.add("derived %s (%s)", ef.out.Derived, ef.trigger)
		} else {
			n.add("%s needs %d deposits of consent to be bound; %d recorded, so no date can be derived", article, rule.Ratifications, len(deps))
		}
	} else {
		n.add("%s has no entry-into-force rule", name(inst))
	}
	stated := inst.EntryIntoForce
	switch {
	case !stated.IsZero() && len(inst.EntryIntoForceSources) > 0:
		ef.out.Date = stated
		n.add("stated date %s used: it has %d source(s)", stated, len(inst.EntryIntoForceSources))
	case !stated.IsZero():
		ef.out.Date = ef.out.Derived
		warn.add("stated entry into force %s has no sources; it is not used", stated)
	default:
		ef.out.Date = ef.out.Derived
	}
	if !stated.IsZero() && !ef.out.Derived.IsZero() && !within(ef.out.Derived, stated) {
		warn.add("stated entry into force %s disagrees with %s derived from the deposits (%s)", stated, ef.out.Derived, ef.trigger)
	}
	if ef.out.Date.IsZero() {
		if rule.Ratifications == 0 {
			n.add("%s has no entry-into-force rule and no sourced date: it never enters into force", name(inst))
		} else {
			n.add("%s has not entered into force", name(inst))
		}
	} else {
		n.add("%s entered into force on %s", name(inst), ef.out.Date)
	}
	ef.out.Reasons = n.lines
	ef.out.Warnings = warn.lines
	s.eifs[id] = ef
	return ef, nil
}

// within reports whether day d falls inside the days date p allows.
func within(d, p Date) bool {
	return p.First().Compare(d) <= 0 && d.Compare(p.Last()) <= 0
}

// reservationRef is a reservation with the action that made it.
type reservationRef struct {
	action *StateAction
	res    *Reservation
}

// standing is how a state stands towards an instrument on a day.
type standing struct {
	bound, committed bool
	since            Date
	by               *StateAction
	inForce          Date // when in force for the state, if derived
	withdrawn        Date
	reservations     []reservationRef
	reasons          []string
	warnings         []string
}

// standing decides whether the state is bound by, or committed to, the
// instrument on day, and which reservations it holds.
func (s *session) standing(sd *stateData, inst *Instrument, day Date) (*standing, error) {
	n := s.notes()
	warn := s.notes()
	sg := &standing{}
	acts := sd.actions[inst.ID]
	code := sd.state.Code
	// Withdrawal: the latest one in effect by day.
	var withdrawal *StateAction
	for _, a := range acts {
		if a.Kind == ActionWithdrawal {
			if d := effectiveDay(a); !d.IsZero() && d.Compare(day) <= 0 && (withdrawal == nil || d.Compare(effectiveDay(withdrawal)) > 0) {
				withdrawal = a
			}
		}
	}
	if withdrawal != nil {
		sg.withdrawn = effectiveDay(withdrawal)
	}
	for _, a := range acts {
		if a.Kind == ActionWithdrawal || len(a.Reservations) == 0 {
			continue
		}
		if d := effectiveDay(a); d.IsZero() || d.Compare(day) <= 0 {
			for i := range a.Reservations {
				sg.reservations = append(sg.reservations, reservationRef{a, &a.Reservations[i]})
			}
		}
	}

	if !inst.Binding {
		s.commitment(sd, inst, day, acts, withdrawal, sg, n)
		sg.reasons, sg.warnings = n.lines, warn.lines
		return sg, nil
	}

	// The consent to be bound in effect on day: the earliest deposited on or
	// before day and after any withdrawal.
	var consent *deposit
	var later []deposit
	for _, a := range acts {
		if !a.Kind.ConsentsToBeBound() {
			continue
		}
		d, ok := depositOf(a, s.explain)
		if !ok {
			warn.lines = append(warn.lines, d.notes...)
			continue
		}
		if d.day.Compare(day) > 0 {
			later = append(later, d)
			continue
		}
		if withdrawal != nil && d.day.Compare(sg.withdrawn) <= 0 {
			continue
		}
		if consent == nil || d.day.Compare(consent.day) < 0 {
			c := d
			consent = &c
		}
	}
	if consent == nil {
		switch {
		case withdrawal != nil:
			n.add("not bound on %s: %s withdrew (%s, effective %s)", day, s.stateName(code), withdrawal.ID, sg.withdrawn)
		case len(later) > 0:
			n.add("not bound on %s: %s %s deposited %s, after that day", day, kindWord(later[0].action.Kind), later[0].action.ID, later[0].day)
		default:
			n.add("not bound on %s: no ratification, accession, acceptance or approval by %s deposited by that day", day, s.stateName(code))
		}
		for _, a := range acts {
			if a.Kind == ActionSignature && !a.Date.IsZero() && a.Date.Compare(day) <= 0 {
				n.add("signed on %s (%s); a signature does not bind", a.Date, a.ID)
			}
		}
		sg.reasons, sg.warnings = n.lines, warn.lines
		return sg, nil
	}

	ef, err := s.entryIntoForce(inst.ID)
	if err != nil {
		return nil, err
	}
	if s.explain {
		warn.lines = append(warn.lines, ef.out.Warnings...)
	}
	inForce, how := s.inForceFor(ef, *consent, n, warn)
	sg.inForce = inForce
	a := consent.action
	switch {
	case inForce.IsZero():
		n.add("not bound on %s: %s %s deposited %s, but %s", day, kindWord(a.Kind), a.ID, consent.day, how)
	case inForce.Compare(day) > 0:
		n.add("not bound on %s: %s %s deposited %s; %s enters into force for %s on %s (%s)", day, kindWord(a.Kind), a.ID, consent.day, name(inst), s.stateName(code), inForce, how)
	default:
		sg.bound, sg.since, sg.by = true, inForce, a
		n.add("bound since %s: %s deposited %s; %s", inForce, kindWord(a.Kind), consent.day, how)
	}
	if n.on {
		n.lines = append(n.lines, consent.notes...)
	}
	sg.reasons, sg.warnings = n.lines, warn.lines
	return sg, nil
}

// inForceFor returns the day the instrument enters into force for the state
// whose consent is dep, and the reason in words; zero when it does not.
func (s *session) inForceFor(ef *eif, dep deposit, n, warn *notes) (Date, string) {
	inst, a := ef.inst, dep.action
	var day Date
	var how string
	rule := inst.Rule
	switch {
	case ef.out.Date.IsZero():
		if rule.Ratifications == 0 {
			how = fmt.Sprintf("%s has no entry-into-force rule and no sourced date, so it never enters into force", name(inst))
		} else {
			how = fmt.Sprintf("%s has not entered into force (%s needs %d deposits)", name(inst), cmp.Or(rule.Article, "its rule"), rule.Ratifications)
		}
	case ef.nth != nil && dep.day.Compare(ef.nth.day) <= 0:
		day = ef.out.Date.Last()
		how = fmt.Sprintf("%s entered into force %s (%s)", name(inst), ef.out.Date, ef.trigger)
		if ef.out.Date != ef.out.Derived {
			how = fmt.Sprintf("%s entered into force %s as its sources state (derived: %s, %s)", name(inst), ef.out.Date, ef.out.Derived, ef.trigger)
		}
	case ef.nth != nil || rule.Ratifications > 0:
		// A later party: its own deposit plus the later-party delay, never
		// before the instrument itself is in force.
		day = dep.day.AddDays(rule.LaterPartyDaysAfter)
		how = fmt.Sprintf("deposited after the %s deposit; %s: in force for a later party on the %s day after its deposit", ordinal(rule.Ratifications), cmp.Or(rule.Article, "its rule"), ordinal(rule.LaterPartyDaysAfter))
		if ef.nth != nil {
			how = fmt.Sprintf("deposited after the %s deposit (%s %s); %s: in force for a later party on the %s day after its deposit",
				ordinal(rule.Ratifications), s.stateName(ef.nth.action.StateCode), ef.nth.day, cmp.Or(rule.Article, "its rule"), ordinal(rule.LaterPartyDaysAfter))
		}
		if eifDay := ef.out.Date.Last(); day.Compare(eifDay) < 0 {
			day = eifDay
			how = fmt.Sprintf("%s entered into force %s", name(inst), ef.out.Date)
		}
	default:
		// No rule but a sourced date: in force from that date, or from the
		// deposit if later.
		day = ef.out.Date.Last()
		how = fmt.Sprintf("%s entered into force %s (stated with sources)", name(inst), ef.out.Date)
		if dep.day.Compare(day) > 0 {
			day = dep.day
			how = fmt.Sprintf("%s entered into force %s (stated with sources), before the deposit", name(inst), ef.out.Date)
		}
	}
	if !a.InForce.IsZero() {
		switch {
		case len(a.InForceSources) == 0:
			warn.add("stated entry into force for %s, %s, has no sources; it is not used", a.StateCode, a.InForce)
		default:
			if !day.IsZero() && !within(day, a.InForce) {
				warn.add("stated entry into force for %s, %s, disagrees with %s derived from the deposits", a.StateCode, a.InForce, day)
			}
			day = a.InForce.Last()
			how = fmt.Sprintf("in force for %s from %s as its sources state", s.stateName(a.StateCode), a.InForce)
			if a.InForce.Precision() != PrecisionDay {
				how += fmt.Sprintf(" (taken as %s)", day)
			}
		}
	}
	return day, how
}

// commitment decides whether the state is committed to a non-binding
// instrument: it endorsed it, or was an ASEAN member when it was adopted.
func (s *session) commitment(sd *stateData, inst *Instrument, day Date, acts []*StateAction, withdrawal *StateAction, sg *standing, n *notes) {
	st := sd.state
	n.add("%s is a %s and binds no state", name(inst), strings.ToLower(strings.ReplaceAll(string(inst.Kind), "_", " ")))
	if withdrawal != nil {
		n.add("not committed on %s: %s withdrew (%s, effective %s)", day, s.stateName(st.Code), withdrawal.ID, sg.withdrawn)
		return
	}
	adopted := inst.Adopted
	if !adopted.IsZero() && adopted.Compare(day) > 0 {
		n.add("not committed on %s: adopted %s, after that day", day, adopted)
		return
	}
	var endorsed *StateAction
	for _, a := range acts {
		if a.Kind == ActionEndorsement {
			if d := effectiveDay(a); !d.IsZero() && d.Compare(day) <= 0 && (endorsed == nil || d.Compare(effectiveDay(endorsed)) < 0) {
				endorsed = a
			}
		}
	}
	member := !st.ASEANSince.IsZero() && !adopted.IsZero() && st.ASEANSince.Compare(adopted) <= 0
	switch {
	case member:
		sg.committed, sg.since = true, adopted.Last()
		n.add("committed since %s: ASEAN member since %s, on or before the adoption on %s", adopted, st.ASEANSince, adopted)
	case endorsed != nil:
		sg.committed, sg.by = true, endorsed
		sg.since = effectiveDay(endorsed)
		if !adopted.IsZero() && adopted.Last().Compare(sg.since) > 0 {
			sg.since = adopted.Last()
		}
		n.add("committed since %s: endorsed (%s, %s)", sg.since, endorsed.ID, cmp.Or(endorsed.Date, endorsed.Deposited))
	case adopted.IsZero():
		n.add("not committed on %s: the adoption date is unknown and %s has not endorsed it", day, s.stateName(st.Code))
	default:
		n.add("not committed on %s: not an ASEAN member on the adoption date %s (member since %s) and no endorsement by that day", day, adopted, cmp.Or(st.ASEANSince.String(), "unknown"))
	}
}

// record builds the compliance record of one obligation.
func (s *session) record(sd *stateData, inst *Instrument, ob *Obligation, sg *standing, day Date, asOfNote string) *ComplianceRecord {
	r := &ComplianceRecord{
		StateCode:    sd.state.Code,
		ObligationID: ob.ID,
		InstrumentID: inst.ID,
		AsOf:         day,
		Bound:        sg.bound,
		BoundSince:   sg.since,
		Committed:    sg.committed,
	}
	if sg.bound && sg.by != nil {
		r.BoundByID = sg.by.ID
	}
	n := s.notes()
	if s.explain {
		n.lines = make([]string, 0, len(sg.reasons)+6)
		if asOfNote != "" {
			n.lines = append(n.lines, asOfNote)
		}
		n.lines = append(n.lines, sg.reasons...)
		if len(sg.warnings) > 0 {
			r.Warnings = slices.Clone(sg.warnings)
		}
	}
	s.legal(r, sd, ob, sg, day, n)
	s.practice(r, sd, ob, day, n)
	r.Reasons = n.lines
	return r
}

// covers reports whether a reservation to provision p covers provision q:
// the same provision or one inside it ("art_14" covers "art_14/para_1").
func covers(p, q string) bool {
	return p == q || (strings.HasPrefix(q, p) && q[len(p)] == '/')
}

// legal sets the record's legal status from the state's laws in force on day.
func (s *session) legal(r *ComplianceRecord, sd *stateData, ob *Obligation, sg *standing, day Date, n *notes) {
	var reserved *reservationRef
	for i := range sg.reservations {
		for _, p := range sg.reservations[i].res.ProvisionIDs {
			if covers(p, ob.ProvisionID) {
				reserved = &sg.reservations[i]
			}
		}
		if reserved != nil {
			break
		}
	}
	links := sd.links[ob.ID]
	slices.SortFunc(links, func(a, b link) int {
		return cmp.Or(strings.Compare(a.law.ID, b.law.ID), strings.Compare(a.impl.ID, b.impl.ID))
	})
	full, part := false, false
	for _, l := range links {
		if !slices.Contains(r.LawIDs, l.law.ID) {
			r.LawIDs = append(r.LawIDs, l.law.ID)
		}
		r.ImplementationIDs = append(r.ImplementationIDs, l.impl.ID)
		counts, why := lawInForce(l.law, day)
		extent := "fully"
		if l.impl.Extent != ExtentFull {
			extent = "in part"
		}
		arts := ""
		if len(l.impl.Articles) > 0 {
			arts = " (" + strings.Join(l.impl.Articles, ", ") + ")"
		}
		if counts {
			if l.impl.Extent == ExtentFull {
				full = true
			} else {
				part = true
			}
			n.add("counts: %s implements it %s%s; %s", lawName(l.law), extent, arts, why)
		} else {
			n.add("does not count: %s would implement it %s%s, but %s", lawName(l.law), extent, arts, why)
		}
	}
	switch {
	case reserved != nil:
		r.Legal = LegalReserved
		res := *reserved.res
		r.Reservation = &res
		n.add("legal RESERVED: the reservation made with %s (%s) covers %s; a reserved obligation is never a gap", kindWord(reserved.action.Kind), reserved.action.ID, ob.ProvisionID)
	case full:
		r.Legal = LegalImplemented
		n.add("legal IMPLEMENTED: a law in force on %s implements it fully", day)
	case part:
		r.Legal = LegalPartial
		n.add("legal PARTIAL: laws in force on %s implement it only in part", day)
	case len(links) > 0:
		r.Legal = LegalNone
		n.add("legal NONE: no law of %s linked to it is in force on %s", s.stateName(sd.state.Code), day)
	default:
		r.Legal = LegalNone
		n.add("legal NONE: no law of %s is linked to it", s.stateName(sd.state.Code))
	}
}

// lawInForce reports whether the law is in force on day (in force, or else
// enacted, on or before day, and not repealed on or before day), with the
// reason in words. Partial dates count from their latest day.
func lawInForce(l *Law, day Date) (bool, string) {
	start, what := l.InForce, "in force"
	if start.IsZero() {
		start, what = l.Enacted, "enacted"
	}
	if start.IsZero() {
		return false, "it has no enactment or entry-into-force date"
	}
	if start.Compare(day) > 0 {
		if !l.InForce.IsZero() && !l.Enacted.IsZero() && l.Enacted.Compare(day) <= 0 {
			return false, fmt.Sprintf("it was enacted %s and is in force only from %s, after %s", l.Enacted, l.InForce, day)
		}
		return false, fmt.Sprintf("it is %s %s, after %s", what, start, day)
	}
	taken := ""
	if start.Precision() != PrecisionDay {
		taken = fmt.Sprintf(" (known only to %s; taken as %s)", start, start.Last())
	}
	if !l.Repealed.IsZero() && l.Repealed.Compare(day) <= 0 {
		return false, fmt.Sprintf("it was repealed %s, on or before %s", l.Repealed, day)
	}
	return true, fmt.Sprintf("%s %s%s", what, start, taken)
}

// practice sets the record's practice status from the state's evidence dated
// on or before day that bears on the obligation, directly or by theme: the
// latest finding decides, and findings of the same date that disagree are
// MIXED.
func (s *session) practice(r *ComplianceRecord, sd *stateData, ob *Obligation, day Date, n *notes) {
	type item struct {
		ev  *Evidence
		via string
	}
	var items []item
	seen := map[string]bool{}
	addAll := func(evs []*Evidence, via string) {
		for _, e := range evs {
			if seen[e.ID] || e.Date.IsZero() || e.Date.Compare(day) > 0 {
				continue
			}
			seen[e.ID] = true
			items = append(items, item{e, via})
		}
	}
	addAll(sd.byObl[ob.ID], "directly")
	for _, t := range ob.Themes {
		addAll(sd.byTheme[t], "through theme "+string(t))
	}
	if len(items) == 0 {
		r.Practice = PracticeNoEvidence
		n.add("practice NO_EVIDENCE: no evidence of %s dated on or before %s bears on it", s.stateName(sd.state.Code), day)
		return
	}
	slices.SortFunc(items, func(a, b item) int {
		return cmp.Or(b.ev.Date.Compare(a.ev.Date), strings.Compare(a.ev.ID, b.ev.ID))
	})
	r.EvidenceIDs = make([]string, len(items))
	for i, it := range items {
		r.EvidenceIDs[i] = it.ev.ID
	}
	latest := items[0]
	same := 1
	for same < len(items) && items[same].ev.Date.Compare(latest.ev.Date) == 0 {
		same++
	}
	finding := latest.ev.Finding
	for _, it := range items[1:same] {
		if it.ev.Finding != finding {
			finding = FindingMixed
		}
	}
	switch finding {
	case FindingEffective:
		r.Practice = PracticeEffective
	case FindingGap:
		r.Practice = PracticeGap
	default:
		r.Practice = PracticeMixed
	}
	if !n.on {
		return
	}
	dated := func(e *Evidence) string {
		if e.Date.Precision() != PrecisionDay {
			return fmt.Sprintf("%s, taken as %s", e.Date, e.Date.Last())
		}
		return e.Date.String()
	}
	if same == 1 {
		n.add("practice %s: the latest evidence, %s (%s, %s, bearing on it %s), finds %s", r.Practice, latest.ev.ID, strings.ToLower(string(latest.ev.Kind)), dated(latest.ev), latest.via, latest.ev.Finding)
	} else {
		parts := make([]string, same)
		for i, it := range items[:same] {
			parts[i] = fmt.Sprintf("%s finds %s", it.ev.ID, it.ev.Finding)
		}
		verb := "agree"
		for _, it := range items[1:same] {
			if it.ev.Finding != latest.ev.Finding {
				verb = "disagree"
			}
		}
		n.add("practice %s: the %d latest items of evidence, of the same date %s, %s: %s", r.Practice, same, dated(latest.ev), verb, strings.Join(parts, "; "))
	}
	if len(items) > same {
		n.add("%d earlier item(s) of evidence also weighed, not deciding", len(items)-same)
	}
}

// row builds the ratification-table row of one state.
func (s *session) row(sd *stateData, inst *Instrument, sg *standing, day Date, note string) *RatificationRow {
	row := &RatificationRow{StateCode: sd.state.Code, InstrumentID: inst.ID, AsOf: day, Party: sg.bound, Withdrawn: sg.withdrawn}
	if sg.bound && sg.by != nil {
		row.ActionID = sg.by.ID
	}
	var consent *StateAction
	for _, a := range sd.actions[inst.ID] {
		switch {
		case a.Kind == ActionSignature && !a.Date.IsZero() && a.Date.Compare(day) <= 0:
			if row.Signed.IsZero() || a.Date.Compare(row.Signed) < 0 {
				row.Signed = a.Date
			}
		case a.Kind.ConsentsToBeBound():
			if sg.by == a || (consent == nil && sg.by == nil) {
				consent = a
			}
		}
	}
	if consent != nil {
		if !consent.Date.IsZero() && consent.Date.Compare(day) <= 0 {
			row.Ratified = consent.Date
		}
		if !consent.Deposited.IsZero() && consent.Deposited.Compare(day) <= 0 {
			row.Deposited = consent.Deposited
		}
		if row.ActionID == "" && (!row.Ratified.IsZero() || !row.Deposited.IsZero()) {
			row.ActionID = consent.ID
		}
	}
	if sg.bound {
		row.InForce = sg.since
	}
	if note != "" {
		row.Reasons = append(row.Reasons, note)
	}
	row.Reasons = append(row.Reasons, sg.reasons...)
	return row
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
