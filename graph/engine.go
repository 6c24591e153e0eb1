package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Engine answers compliance questions over a Reader: when an instrument
// entered into force, whether a state is bound by it on a date, and whether
// the state has implemented each obligation in law and in practice. Every
// record carries the reasons a legal researcher needs to check it. Safe for
// concurrent use.
//
// The engine reads only what the question touches: a state's answers come
// from the state's actions, laws, implementation links and evidence, the
// obligations of the instruments it acted on, the deposits of those
// instruments (for their entry into force) and, for commitments by ASEAN
// membership, the list of instruments. Within one call each instrument's
// entry into force is derived once. Over a Reader that is also a Versioner,
// the engine keeps what it derived (instruments, obligations, entries into
// force, each state's facts for summaries, and the full data, standings and
// reason lines of the states explained last) until the version changes, so
// that comparing every state does not read the whole graph again and asking
// a state's gaps again reads nothing.
type Engine struct {
	r     Reader
	today Date
	cache *engineCache // nil unless r is a Versioner
}

// Versioner is implemented by a Reader that can tell when its graph changed:
// Version returns a number that is different after every write. The engine
// caches derived data per version over such a Reader.
type Versioner interface {
	Version() uint64
}

type engineCache struct {
	v   Versioner
	cur atomic.Pointer[snapshot]
}

// NewEngine returns an engine that reads r.
func NewEngine(r Reader) *Engine {
	e := &Engine{r: r}
	if v, ok := r.(Versioner); ok {
		e.cache = &engineCache{v: v}
	}
	return e
}

// WithToday returns a copy of the engine for which d replaces the current day
// when a call is given a zero asOf (for tests and reproducible reports). The
// copy shares the engine's cache.
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
	return s.record(sd, inst, ob, sg, day, asOfNote, nil), nil
}

// Records returns one record per obligation of every instrument the state is
// bound by or committed to on asOf (zero: today); instrumentID, when not
// empty, restricts them to one instrument. Records are sorted by instrument
// id, then obligation id. A record's EvidenceIDs may be shared with the
// engine's cache and other records: read it, do not change it in place.
func (e *Engine) Records(ctx context.Context, stateCode string, asOf Date, instrumentID string) ([]*ComplianceRecord, error) {
	s := e.session(ctx, true)
	day, note := e.day(asOf)
	return s.records(stateCode, day, note, instrumentID, false, "")
}

// Gaps returns the state's ratified-but-not-implemented records on asOf
// (zero: today): records of instruments that bind the state whose status
// fails under basis. Under LAW a record fails when its legal status is not
// IMPLEMENTED; under PRACTICE when its practice status is not EFFECTIVE;
// under EITHER when either fails. A RESERVED obligation never fails, and
// commitments under non-binding instruments are never gaps. As with
// Records, a record's EvidenceIDs must not be changed in place.
func (e *Engine) Gaps(ctx context.Context, stateCode string, asOf Date, basis Basis, instrumentID string) ([]*ComplianceRecord, error) {
	if err := checkBasis(basis); err != nil {
		return nil, err
	}
	s := e.session(ctx, true)
	day, note := e.day(asOf)
	return s.records(stateCode, day, note, instrumentID, true, basis)
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
	day, _ := e.day(asOf)
	if instrumentID != "" {
		if _, err := s.instrument(instrumentID); err != nil {
			return nil, err
		}
	}
	return s.summary(stateCode, instrumentID, day, basis)
}

// Compare returns one summary per state, in the order given, or for every
// state in code order when stateCodes is empty. States are summarised on up
// to two goroutines.
func (e *Engine) Compare(ctx context.Context, stateCodes []string, instrumentID string, asOf Date, basis Basis) ([]*StateSummary, error) {
	if err := checkBasis(basis); err != nil {
		return nil, err
	}
	s := e.session(ctx, false)
	day, _ := e.day(asOf)
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
	}
	if err := s.preloadStates(stateCodes); err != nil {
		return nil, err
	}
	out := make([]*StateSummary, len(stateCodes))
	errs := make([]error, len(stateCodes))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(2, len(stateCodes)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(stateCodes) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					return
				}
				out[i], errs[i] = s.summary(stateCodes[i], instrumentID, day, basis)
				if errs[i] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
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
	acts, err := s.instrumentActions(instrumentID)
	if err != nil {
		return nil, err
	}
	byState := map[string][]*StateAction{}
	for _, a := range acts {
		byState[a.StateCode] = append(byState[a.StateCode], a)
	}
	rows := make([]*RatificationRow, 0, len(states))
	for _, st := range states {
		s.snap.putState(st)
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
		if e.today.IsZero() {
			return Today(), ""
		}
		asOf = e.today
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

// fails reports whether a status fails under basis. RESERVED never fails.
func fails(legal LegalStatus, practice PracticeStatus, b Basis) bool {
	if legal == LegalReserved {
		return false
	}
	law := legal != LegalImplemented
	prac := practice != PracticeEffective
	switch b {
	case BasisLaw:
		return law
	case BasisPractice:
		return prac
	}
	return law || prac
}

// partial reports whether a failing status counts as partly implemented.
func partial(legal LegalStatus, practice PracticeStatus, b Basis) bool {
	switch b {
	case BasisLaw:
		return legal == LegalPartial
	case BasisPractice:
		return practice == PracticeMixed
	}
	return (legal == LegalPartial || legal == LegalImplemented) &&
		(practice == PracticeMixed || practice == PracticeEffective)
}

// dayKey is a day as an ordered number (20170308): the latest day the date
// allows, or 0 for an unknown date. Rules compare days through it.
type dayKey int32

func keyOf(d Date) dayKey {
	if d.IsZero() {
		return 0
	}
	l := d.Last()
	return dayKey(l.Year*10000 + l.Month*100 + l.Day)
}

// snapshot holds what the engine derived from one version of the graph.
// Without a Versioner every call has its own. Values put in it are never
// changed afterwards.
type snapshot struct {
	version uint64
	shared  bool // kept across calls: states' facts are cached too

	mu          sync.Mutex
	instruments map[string]*Instrument
	all         []*Instrument // nil until listed
	obligations map[string][]*Obligation
	oblCounts   map[string]int
	eifs        map[string]*eif
	states      map[string]*State
	facts       map[string]*stateData // compact state data, for summaries
	// explained holds the full state data (with nodes, for reasons) of
	// the states asked about most recently, at most maxExplained of them,
	// oldest first in explainedOrder: a state's full data is as large as
	// its laws and evidence, so not every state's is kept.
	explained      map[string]*stateData
	explainedOrder []string
}

// maxExplained is how many states' full data a snapshot keeps for records
// and gaps.
const maxExplained = 16

func newSnapshot(version uint64, shared bool) *snapshot {
	return &snapshot{
		version: version, shared: shared,
		instruments: map[string]*Instrument{},
		obligations: map[string][]*Obligation{},
		oblCounts:   map[string]int{},
		eifs:        map[string]*eif{},
		states:      map[string]*State{},
		facts:       map[string]*stateData{},
		explained:   map[string]*stateData{},
	}
}

func get[K comparable, V any](s *snapshot, m map[K]V, k K) (V, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := m[k]
	return v, ok
}

func put[K comparable, V any](s *snapshot, m map[K]V, k K, v V) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m[k] = v
}

func (s *snapshot) putState(st *State) { put(s, s.states, st.Code, st) }

// putExplained keeps a state's full data, forgetting the oldest when more
// than maxExplained are kept.
func (s *snapshot) putExplained(code string, sd *stateData) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.explained[code]; ok {
		return
	}
	if len(s.explainedOrder) >= maxExplained {
		delete(s.explained, s.explainedOrder[0])
		s.explainedOrder = slices.Delete(s.explainedOrder, 0, 1)
	}
	s.explained[code] = sd
	s.explainedOrder = append(s.explainedOrder, code)
}

// session is one call: its context, whether it explains, and the snapshot it
// reads through.
type session struct {
	ctx     context.Context
	r       Reader
	explain bool // build Reasons, Warnings and the id lists
	snap    *snapshot

	// lines holds the reason lines of the state and day the records being
	// built are about; see dayLines.
	lines   *dayLines
	linesOf *stateData
}

// dayLines holds reason lines of one state on one day that records repeat
// (a law's standing on the day, a status line), so that each is written
// once: per call, or across calls for the state data a snapshot keeps.
type dayLines struct {
	day       dayKey
	mu        sync.Mutex
	lines     map[lineKey]string
	standings map[standingsKey]*standingsOn // see standings
}

// standingsKey names a question standings answers for a state on a day.
type standingsKey struct {
	instrumentID       string
	boundOnly, explain bool
}

// standingsOn is the answer of standings.
type standingsOn struct {
	insts []*Instrument
	sgs   []*standing
}

// maxLineDays is how many days' lines a state's data keeps.
const maxLineDays = 4

// linesOn returns the state's reason lines of day, forgetting the oldest
// day's when more than maxLineDays are kept.
func (sd *stateData) linesOn(day dayKey) *dayLines {
	sd.mu.Lock()
	defer sd.mu.Unlock()
	for _, d := range sd.days {
		if d.day == day {
			return d
		}
	}
	d := &dayLines{day: day, lines: map[lineKey]string{}, standings: map[standingsKey]*standingsOn{}}
	if len(sd.days) >= maxLineDays {
		sd.days = slices.Delete(sd.days, 0, 1)
	}
	sd.days = append(sd.days, d)
	return d
}

// lineKey names a reason line of a session: its kind, and the link it is
// about and whether the link's law predates the state's being bound.
type lineKey struct {
	kind  uint8
	impl  *Implementation
	early bool
}

const (
	lineLink uint8 = iota
	lineLegalImplemented
	lineLegalPartial
	lineLegalNoneLinked
	lineLegalNone
	linePracticeNone
)

// line returns the line for k of the state and day of the record being
// built, writing it with f the first time.
func (s *session) line(k lineKey, f func() string) string {
	d := s.lines
	d.mu.Lock()
	l, ok := d.lines[k]
	d.mu.Unlock()
	if ok {
		return l
	}
	l = f()
	d.mu.Lock()
	d.lines[k] = l
	d.mu.Unlock()
	return l
}

func (e *Engine) session(ctx context.Context, explain bool) *session {
	return &session{ctx: ctx, r: e.r, explain: explain, snap: e.snapshot()}
}

// snapshot returns the cache of the reader's current version, or a new
// snapshot for this call alone when the reader has no version.
func (e *Engine) snapshot() *snapshot {
	if e.cache == nil {
		return newSnapshot(0, false)
	}
	v := e.cache.v.Version()
	if cur := e.cache.cur.Load(); cur != nil && cur.version == v {
		return cur
	}
	s := newSnapshot(v, true)
	e.cache.cur.Store(s)
	return s
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
	if inst, ok := get(s.snap, s.snap.instruments, id); ok {
		return inst, nil
	}
	inst, err := Get[*Instrument](s.ctx, s.r, id)
	if err != nil {
		return nil, err
	}
	put(s.snap, s.snap.instruments, id, inst)
	return inst, nil
}

// instrumentsOf returns the instruments with the given ids, in id order,
// reading those not yet known in one pass.
func (s *session) instrumentsOf(ids []string) ([]*Instrument, error) {
	var need []string
	for _, id := range ids {
		if _, ok := get(s.snap, s.snap.instruments, id); !ok {
			need = append(need, id)
		}
	}
	if len(need) > 0 {
		got, err := GetMany[*Instrument](s.ctx, s.r, need)
		if err != nil {
			return nil, err
		}
		for _, inst := range got {
			if inst != nil {
				put(s.snap, s.snap.instruments, inst.ID, inst)
			}
		}
	}
	out := make([]*Instrument, 0, len(ids))
	for _, id := range ids {
		if inst, ok := get(s.snap, s.snap.instruments, id); ok {
			out = append(out, inst)
		}
	}
	slices.SortFunc(out, func(a, b *Instrument) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// everyInstrument lists the instruments. Instruments are few (the regional
// instruments themselves); the list is needed because an ASEAN member is
// committed to a non-binding instrument adopted while it was a member,
// without any action of its own.
func (s *session) everyInstrument() ([]*Instrument, error) {
	s.snap.mu.Lock()
	all := s.snap.all
	s.snap.mu.Unlock()
	if all != nil {
		return all, nil
	}
	all, err := All[*Instrument](s.ctx, s.r)
	if err != nil {
		return nil, err
	}
	s.snap.mu.Lock()
	defer s.snap.mu.Unlock()
	for _, inst := range all {
		s.snap.instruments[inst.ID] = inst
	}
	s.snap.all = all
	return all, nil
}

// obligationsOf returns the obligations of the given instruments, in id
// order, reading those not yet known in one pass.
func (s *session) obligationsOf(ids []string) (map[string][]*Obligation, error) {
	out := make(map[string][]*Obligation, len(ids))
	var need []string
	for _, id := range ids {
		if obs, ok := get(s.snap, s.snap.obligations, id); ok {
			out[id] = obs
		} else {
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return out, nil
	}
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
		put(s.snap, s.snap.obligations, id, list)
		out[id] = list
	}
	return out, nil
}

// obligationCount returns how many obligations an instrument has, by a
// key-only neighbour scan when they have not been read.
func (s *session) obligationCount(id string) (int, error) {
	if obs, ok := get(s.snap, s.snap.obligations, id); ok {
		return len(obs), nil
	}
	if n, ok := get(s.snap, s.snap.oblCounts, id); ok {
		return n, nil
	}
	nbrs, err := s.r.Neighbors(s.ctx, RelInstrumentObligations, []string{id})
	if err != nil {
		return 0, err
	}
	put(s.snap, s.snap.oblCounts, id, len(nbrs[0]))
	return len(nbrs[0]), nil
}

// state returns the state with the given code, or ENOTFOUND listing the
// valid codes.
func (s *session) state(code string) (*State, error) {
	if st, ok := get(s.snap, s.snap.states, code); ok {
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
	s.snap.putState(st)
	return st, nil
}

func (s *session) preloadStates(codes []string) error {
	var need []string
	for _, c := range codes {
		if _, ok := get(s.snap, s.snap.states, c); !ok {
			need = append(need, c)
		}
	}
	if len(need) == 0 {
		return nil
	}
	ns, err := s.r.Nodes(s.ctx, need)
	if err != nil {
		return err
	}
	for i, n := range ns {
		st, ok := n.(*State)
		if !ok {
			return s.unknownState(need[i])
		}
		s.snap.putState(st)
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
	if st, ok := get(s.snap, s.snap.states, code); ok && st.Name != "" {
		return st.Name
	}
	return code
}

// instrumentActions returns every action on an instrument.
func (s *session) instrumentActions(id string) ([]*StateAction, error) {
	ids, err := s.r.Neighbors(s.ctx, RelInstrumentActions, []string{id})
	if err != nil {
		return nil, err
	}
	acts, err := GetMany[*StateAction](s.ctx, s.r, ids[0])
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(acts, func(a *StateAction) bool { return a == nil }), nil
}

// stateData is what the engine knows of one state: its actions by
// instrument, the implementation links of its laws by obligation, and its
// dated evidence by obligation and by theme, latest first. In an
// explaining call the facts keep their nodes for the reasons; the compact
// form kept for summaries does not.
type stateData struct {
	state   *State
	actions map[string][]*StateAction
	links   map[string][]linkFact
	byObl   map[string][]evFact
	byTheme map[Theme][]evFact

	// perInst holds, for the instruments summaries count, each
	// obligation's links and evidence lists in the instrument's obligation
	// order, so that counting looks nothing up by id. The compact data of
	// a summary has it for every instrument the state consented to, and
	// drops links, byObl and byTheme.
	mu      sync.Mutex
	perInst map[string][]oblFacts
	// weighed holds, in an explaining call's data, the evidence each
	// obligation's reasons list, by obligation id.
	weighed map[string]*weighedList
	// days holds the reason lines of the latest days asked, see linesOn.
	days []*dayLines
}

// oblFacts is what the legal and practice rules weigh for one obligation.
type oblFacts struct {
	links []linkFact
	lists [][]evFact
}

// factsOf returns the facts of the instrument's obligations, obs, in order.
func (sd *stateData) factsOf(instrumentID string, obs []*Obligation) []oblFacts {
	sd.mu.Lock()
	defer sd.mu.Unlock()
	if f, ok := sd.perInst[instrumentID]; ok {
		return f
	}
	f := make([]oblFacts, len(obs))
	for i, ob := range obs {
		f[i].links = sd.links[ob.ID]
		f[i].lists, _ = evidenceLists(sd, ob, false)
	}
	if sd.perInst == nil {
		sd.perInst = map[string][]oblFacts{}
	}
	sd.perInst[instrumentID] = f
	return f
}

// linkFact is an implementation link as the legal rule needs it: from when
// to when its law counts, and whether it implements fully.
type linkFact struct {
	start    dayKey // in force, or else enacted; 0 when neither is known
	repealed dayKey // 0 while the law stands
	full     bool
	*link    // the nodes, in an explaining call
}

// link is an implementation link and its law.
type link struct {
	law  *Law
	impl *Implementation
}

// counts reports whether the link's law is in force on day.
func (l linkFact) counts(day dayKey) bool {
	return l.start != 0 && l.start <= day && (l.repealed == 0 || l.repealed > day)
}

func newLinkFact(im *Implementation, l *Law, keep bool) linkFact {
	f := linkFact{start: keyOf(cmp.Or(l.InForce, l.Enacted)), repealed: keyOf(l.Repealed), full: im.Extent == ExtentFull}
	if keep {
		f.link = &link{law: l, impl: im}
	}
	return f
}

// evFact is an item of evidence as the practice rule needs it: its day and
// its finding, and in an explaining call the evidence itself.
type evFact struct {
	day     dayKey
	finding findingCode
	ev      *Evidence
}

// findingCode is a Finding in one byte, to keep cached facts small.
type findingCode uint8

func codeOf(f Finding) findingCode {
	switch f {
	case FindingEffective:
		return 1
	case FindingGap:
		return 2
	}
	return 3
}

// laterFirst orders evidence latest first, then by id when the nodes are
// kept.
func laterFirst(a, b evFact) int {
	if c := cmp.Compare(b.day, a.day); c != 0 || a.ev == nil || b.ev == nil {
		return c
	}
	return strings.Compare(a.ev.ID, b.ev.ID)
}

// stateData reads the state's actions, laws, implementation links and
// evidence through its reverse edges: the state's own data, in three rounds
// of neighbour lookups and one of nodes. In a shared snapshot a summary's
// compact data is kept, and so is the full data (withLinks) of the states
// explained most recently. Data without links (Status fills the links of
// one obligation into it) is never kept.
func (s *session) stateData(st *State, withLinks bool) (*stateData, error) {
	compact := !s.explain
	if compact {
		if sd, ok := get(s.snap, s.snap.facts, st.Code); ok {
			return sd, nil
		}
		withLinks = true
	} else if withLinks && s.snap.shared {
		if sd, ok := get(s.snap, s.snap.explained, st.Code); ok {
			return sd, nil
		}
	}
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
	if withLinks {
		l, err := s.r.Neighbors(s.ctx, RelStateLaws, from)
		if err != nil {
			return nil, err
		}
		lawIDs := l[0]
		ids = append(ids, lawIDs...)
		if len(lawIDs) > 0 {
			nb, err := s.r.Neighbors(s.ctx, RelLawImplementations, lawIDs)
			if err != nil {
				return nil, err
			}
			for _, n := range nb {
				ids = append(ids, n...)
			}
		}
	}
	nodes, err := s.r.Nodes(s.ctx, ids)
	if err != nil {
		return nil, err
	}
	sd := &stateData{
		state:   st,
		actions: map[string][]*StateAction{},
		links:   map[string][]linkFact{},
		byObl:   map[string][]evFact{},
		byTheme: map[Theme][]evFact{},
	}
	laws := map[string]*Law{}
	var impls []*Implementation
	for _, n := range nodes {
		switch n := n.(type) {
		case *StateAction:
			sd.actions[n.InstrumentID] = append(sd.actions[n.InstrumentID], n)
		case *Evidence:
			if n.Date.IsZero() {
				continue // an undated observation cannot be placed before or after a day
			}
			f := evFact{day: keyOf(n.Date), finding: codeOf(n.Finding)}
			if !compact {
				f.ev = n
			}
			for _, o := range n.ObligationIDs {
				sd.byObl[o] = append(sd.byObl[o], f)
			}
			for _, t := range n.Themes {
				sd.byTheme[t] = append(sd.byTheme[t], f)
			}
		case *Law:
			laws[n.ID] = n
		case *Implementation:
			impls = append(impls, n)
		}
	}
	for _, im := range impls {
		if l := laws[im.LawID]; l != nil {
			sd.links[im.ObligationID] = append(sd.links[im.ObligationID], newLinkFact(im, l, !compact))
		}
	}
	if !compact {
		for _, list := range sd.links {
			slices.SortFunc(list, byLawThenImpl)
		}
	}
	for _, list := range sd.byObl {
		slices.SortFunc(list, laterFirst)
	}
	for _, list := range sd.byTheme {
		slices.SortFunc(list, laterFirst)
	}
	if compact {
		// Only instruments the state consented to can bind it, and only
		// bound obligations are weighed when counting: keep their facts in
		// obligation order and drop the rest.
		var ids []string
		for id, acts := range sd.actions {
			if slices.ContainsFunc(acts, func(a *StateAction) bool { return a.Kind.ConsentsToBeBound() }) {
				ids = append(ids, id)
			}
		}
		obs, err := s.obligationsOf(ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			sd.factsOf(id, obs[id])
		}
		sd.links, sd.byObl, sd.byTheme = nil, nil, nil
		if s.snap.shared {
			put(s.snap, s.snap.facts, st.Code, sd)
		}
	} else if withLinks && s.snap.shared {
		s.snap.putExplained(st.Code, sd)
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
			sd.links[obligationID] = append(sd.links[obligationID], newLinkFact(im, laws[i], true))
		}
	}
	return nil
}

// standings returns, in instrument id order, the instruments the state is
// bound by or committed to on day (only bound ones with boundOnly), with its
// standing towards each.
//
// An explaining call's answer is kept with the state's lines of day:
// standings are not changed once made. A summary's is not: summaries are
// asked of every state over many days, and count little per standing.
func (s *session) standings(sd *stateData, day Date, instrumentID string, boundOnly bool) ([]*Instrument, []*standing, error) {
	if !s.explain {
		return s.standingsOf(sd, day, instrumentID, boundOnly)
	}
	d := sd.linesOn(keyOf(day))
	k := standingsKey{instrumentID, boundOnly, s.explain}
	d.mu.Lock()
	got, ok := d.standings[k]
	d.mu.Unlock()
	if ok {
		return got.insts, got.sgs, nil
	}
	insts, sgs, err := s.standingsOf(sd, day, instrumentID, boundOnly)
	if err != nil {
		return nil, nil, err
	}
	d.mu.Lock()
	d.standings[k] = &standingsOn{insts, sgs}
	d.mu.Unlock()
	return insts, sgs, nil
}

// standingsOf answers standings.
func (s *session) standingsOf(sd *stateData, day Date, instrumentID string, boundOnly bool) ([]*Instrument, []*standing, error) {
	var insts []*Instrument
	switch {
	case instrumentID != "":
		inst, err := s.instrument(instrumentID)
		if err != nil {
			return nil, nil, err
		}
		insts = []*Instrument{inst}
	case boundOnly:
		// Only instruments the state consented to can bind it.
		var ids []string
		for id, acts := range sd.actions {
			if slices.ContainsFunc(acts, func(a *StateAction) bool { return a.Kind.ConsentsToBeBound() }) {
				ids = append(ids, id)
			}
		}
		var err error
		if insts, err = s.instrumentsOf(ids); err != nil {
			return nil, nil, err
		}
	default:
		all, err := s.everyInstrument()
		if err != nil {
			return nil, nil, err
		}
		for _, inst := range all {
			if _, acted := sd.actions[inst.ID]; acted || (!inst.Binding && !sd.state.ASEANSince.IsZero()) {
				insts = append(insts, inst)
			}
		}
	}
	var keep []*Instrument
	var sgs []*standing
	for _, inst := range insts {
		if boundOnly && !inst.Binding {
			continue
		}
		sg, err := s.standing(sd, inst, day)
		if err != nil {
			return nil, nil, err
		}
		if sg.bound || (sg.committed && !boundOnly) {
			keep = append(keep, inst)
			sgs = append(sgs, sg)
		}
	}
	return keep, sgs, nil
}

// records answers Records and, with boundOnly and a basis, Gaps for one
// state. Gaps weighs each bound obligation by its facts first and builds,
// with its reasons, only the record of one that fails under basis.
func (s *session) records(stateCode string, day Date, asOfNote, instrumentID string, boundOnly bool, gapsUnder Basis) ([]*ComplianceRecord, error) {
	st, err := s.state(stateCode)
	if err != nil {
		return nil, err
	}
	if instrumentID != "" {
		if _, err := s.instrument(instrumentID); err != nil {
			return nil, err
		}
	}
	sd, err := s.stateData(st, true)
	if err != nil {
		return nil, err
	}
	insts, sgs, err := s.standings(sd, day, instrumentID, boundOnly)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(insts))
	for i, inst := range insts {
		ids[i] = inst.ID
	}
	obs, err := s.obligationsOf(ids)
	if err != nil {
		return nil, err
	}
	var out []*ComplianceRecord
	dk := keyOf(day)
	for i, inst := range insts {
		list := obs[inst.ID]
		var facts []oblFacts
		if gapsUnder != "" {
			if !sgs[i].bound {
				continue
			}
			facts = sd.factsOf(inst.ID, list)
			if out == nil && len(list) > 0 {
				out = []*ComplianceRecord{} // some records, maybe no gaps
			}
		}
		for j, ob := range list {
			var pre *statuses
			if facts != nil {
				st := statuses{legal: LegalReserved, practice: practiceStatus(facts[j].lists, dk)}
				if len(sgs[i].reservations) == 0 || sgs[i].reservationFor(ob) == nil {
					st.legal = legalStatus(facts[j].links, dk)
				}
				if !fails(st.legal, st.practice, gapsUnder) {
					continue
				}
				pre = &st
			}
			out = append(out, s.record(sd, inst, ob, sgs[i], day, asOfNote, pre))
		}
	}
	return out, nil
}

// summary counts one state's records by the same rules as records, without
// building them.
func (s *session) summary(stateCode, instrumentID string, day Date, basis Basis) (*StateSummary, error) {
	st, err := s.state(stateCode)
	if err != nil {
		return nil, err
	}
	sd, err := s.stateData(st, true)
	if err != nil {
		return nil, err
	}
	insts, sgs, err := s.standings(sd, day, instrumentID, false)
	if err != nil {
		return nil, err
	}
	sum := &StateSummary{StateCode: stateCode, InstrumentID: instrumentID, AsOf: day, Basis: basis}
	var bound []string
	for i, inst := range insts {
		if sgs[i].committed {
			n, err := s.obligationCount(inst.ID)
			if err != nil {
				return nil, err
			}
			sum.Committed += n
		} else {
			bound = append(bound, inst.ID)
		}
	}
	obs, err := s.obligationsOf(bound)
	if err != nil {
		return nil, err
	}
	dk := keyOf(day)
	for i, inst := range insts {
		if !sgs[i].bound {
			continue
		}
		list := obs[inst.ID]
		facts := sd.factsOf(inst.ID, list)
		for j, ob := range list {
			sum.Bound++
			legal := LegalReserved
			if len(sgs[i].reservations) == 0 || sgs[i].reservationFor(ob) == nil {
				legal = legalStatus(facts[j].links, dk)
			}
			practice := practiceStatus(facts[j].lists, dk)
			switch {
			case legal == LegalReserved:
				sum.Reserved++
			case !fails(legal, practice, basis):
				sum.Implemented++
			case partial(legal, practice, basis):
				sum.Partial++
			default:
				sum.NotImplemented++
			}
		}
	}
	if d := sum.Bound - sum.Reserved; d > 0 {
		sum.ImplementationRate = float64(sum.Implemented) / float64(d)
	}
	return sum, nil
}

// deposit is a consent to be bound and the day counted as its deposit,
// with how that day was taken when it is not simply the recorded deposit.
type deposit struct {
	action *StateAction
	day    Date
	shown  string // the date as recorded (notes say how it was taken)
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
	dep := deposit{action: a, day: d.Last()}
	if d.Precision() != PrecisionDay {
		n.add("deposit known only to %s; taken as %s", d, dep.day)
	}
	dep.notes = n.lines
	if explain {
		dep.shown = d.String()
	}
	return dep, true
}

// effectiveDay is the day a non-deposit action (signature, endorsement,
// withdrawal) takes effect: a withdrawal's notification when recorded, else
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

// eif is an instrument's entry into force as the engine derived it.
type eif struct {
	inst *Instrument
	out  *EntryIntoForce
	nth  *deposit // the deposit that completed the rule; nil if none
	// trigger describes the rule and the deposit that completed it, e.g.
	// "Article 29: 30th day after the 6th deposit, Philippines 2017-02-07".
	trigger string
}

// entryIntoForce derives an instrument's entry into force from its rule and
// the earliest deposit of each state, once per snapshot.
func (s *session) entryIntoForce(id string) (*eif, error) {
	if ef, ok := get(s.snap, s.snap.eifs, id); ok {
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
		acts, err := s.instrumentActions(id)
		if err != nil {
			return nil, err
		}
		first := map[string]deposit{}
		for _, a := range acts {
			if !a.Kind.ConsentsToBeBound() {
				continue
			}
			d, ok := depositOf(a, false)
			if !ok {
				warn.add("%s %s has neither a deposit nor an act date; it is not counted", kindWord(a.Kind), a.ID)
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
			nth, _ := depositOf(deps[rule.Ratifications-1].action, true)
			ef.nth = &nth
			ef.out.Derived = nth.day.AddDays(rule.DaysAfter)
			ef.out.TriggerActionID = nth.action.ID
			if _, err := s.state(nth.action.StateCode); err != nil && ErrorCode(err) != ENOTFOUND {
				return nil, err
			}
			ef.trigger = fmt.Sprintf("%s: %s day after the %s deposit, %s %s",
				article, ordinal(rule.DaysAfter), ordinal(rule.Ratifications), s.stateName(nth.action.StateCode), nth.shown)
			n.add("derived %s (%s)", ef.out.Derived, ef.trigger)
			n.lines = append(n.lines, nth.notes...)
		} else {
			n.add("%s needs %d deposit(s) of consent to be bound; %d recorded, so no date can be derived", article, rule.Ratifications, len(deps))
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
	switch {
	case !ef.out.Date.IsZero():
		n.add("%s entered into force on %s", name(inst), ef.out.Date)
	case rule.Ratifications == 0:
		n.add("%s has no entry-into-force rule and no sourced date: it never enters into force", name(inst))
	default:
		n.add("%s has not entered into force", name(inst))
	}
	ef.out.Reasons = n.lines
	ef.out.Warnings = warn.lines
	put(s.snap, s.snap.eifs, id, ef)
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
	withdrawn        Date
	reservations     []reservationRef
	reasons          []string
	warnings         []string
}

// reservationFor returns the reservation covering the obligation's
// provision, or nil.
func (sg *standing) reservationFor(ob *Obligation) *reservationRef {
	for i := range sg.reservations {
		for _, p := range sg.reservations[i].res.ProvisionIDs {
			if covers(p, ob.ProvisionID) {
				return &sg.reservations[i]
			}
		}
	}
	return nil
}

// covers reports whether a reservation to provision p covers provision q:
// the same provision or one inside it ("art_14" covers "art_14/para_1").
func covers(p, q string) bool {
	return p == q || (strings.HasPrefix(q, p) && q[len(p)] == '/')
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
	// Reservations made with any action of the state on the instrument by
	// day; those made before a withdrawal lapsed with the consent it ended.
	for _, a := range acts {
		if a.Kind == ActionWithdrawal || len(a.Reservations) == 0 {
			continue
		}
		d := effectiveDay(a)
		if withdrawal != nil && !d.IsZero() && d.Compare(sg.withdrawn) <= 0 {
			continue
		}
		if d.IsZero() || d.Compare(day) <= 0 {
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
	var undated []*StateAction
	for _, a := range acts {
		if !a.Kind.ConsentsToBeBound() {
			continue
		}
		d, ok := depositOf(a, s.explain)
		if !ok {
			warn.lines = append(warn.lines, d.notes...)
			undated = append(undated, a)
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
			if n.on {
				n.add("not bound on %s: %s withdrew (%s, effective %s)", day, s.stateName(code), withdrawal.ID, sg.withdrawn)
			}
		case len(later) > 0:
			if n.on {
				n.add("not bound on %s: %s %s deposited %s, after that day", day, kindWord(later[0].action.Kind), later[0].action.ID, later[0].shown)
			}
		case len(undated) > 0:
			if n.on {
				n.add("not bound on %s: %s %s is recorded with neither a deposit nor an act date, so it cannot be placed on or before that day", day, kindWord(undated[0].Kind), undated[0].ID)
			}
		default:
			if n.on {
				n.add("not bound on %s: no ratification, accession, acceptance or approval by %s deposited by that day", day, s.stateName(code))
			}
		}
		for _, a := range acts {
			if a.Kind == ActionSignature && !a.Date.IsZero() && a.Date.Compare(day) <= 0 {
				if n.on {
					n.add("signed on %s (%s); a signature does not bind", a.Date, a.ID)
				}
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
	inForce, how := s.inForceFor(ef, *consent, warn)
	a := consent.action
	switch {
	case inForce.IsZero():
		if n.on {
			n.add("not bound on %s: %s %s deposited %s, but %s", day, kindWord(a.Kind), a.ID, consent.shown, how)
		}
	case inForce.Compare(day) > 0:
		if n.on {
			n.add("not bound on %s: %s %s deposited %s; %s enters into force for %s on %s (%s)", day, kindWord(a.Kind), a.ID, consent.shown, name(inst), s.stateName(code), inForce, how)
		}
	default:
		sg.bound, sg.since, sg.by = true, inForce, a
		if n.on {
			n.add("bound since %s: %s deposited %s; %s", inForce, kindWord(a.Kind), consent.shown, how)
		}
	}
	if n.on {
		n.lines = append(n.lines, consent.notes...)
	}
	sg.reasons, sg.warnings = n.lines, warn.lines
	return sg, nil
}

// inForceFor returns the day the instrument enters into force for the state
// whose consent is dep, and the reason in words (only when explaining); zero
// when it does not.
func (s *session) inForceFor(ef *eif, dep deposit, warn *notes) (Date, string) {
	inst, a := ef.inst, dep.action
	rule := inst.Rule
	explain := s.explain
	var day Date
	var how string
	switch {
	case ef.out.Date.IsZero():
		if !explain {
			break
		}
		if rule.Ratifications == 0 {
			how = fmt.Sprintf("%s has no entry-into-force rule and no sourced date, so it never enters into force", name(inst))
		} else {
			how = fmt.Sprintf("%s has not entered into force (%s needs %d deposit(s))", name(inst), cmp.Or(rule.Article, "its rule"), rule.Ratifications)
		}
	case ef.nth != nil && dep.day.Compare(ef.nth.day) <= 0:
		// One of the deposits that brought the instrument into force.
		day = ef.out.Date.Last()
		if !explain {
			break
		}
		how = fmt.Sprintf("%s entered into force %s (%s)", name(inst), ef.out.Date, ef.trigger)
		if ef.out.Date != ef.out.Derived {
			how = fmt.Sprintf("%s entered into force %s as its sources state (derived: %s, %s)", name(inst), ef.out.Date, ef.out.Derived, ef.trigger)
		}
	case rule.Ratifications > 0:
		// A later party: its own deposit plus the later-party delay, never
		// before the instrument itself is in force.
		day = dep.day.AddDays(rule.LaterPartyDaysAfter)
		if explain {
			after := ""
			if ef.nth != nil {
				after = fmt.Sprintf(" (%s %s)", s.stateName(ef.nth.action.StateCode), ef.nth.shown)
			}
			how = fmt.Sprintf("deposited after the %s deposit%s; %s: in force for a later party on the %s day after its deposit",
				ordinal(rule.Ratifications), after, cmp.Or(rule.Article, "its rule"), ordinal(rule.LaterPartyDaysAfter))
		}
		if eifDay := ef.out.Date.Last(); day.Compare(eifDay) < 0 {
			day = eifDay
			if explain {
				how = fmt.Sprintf("%s entered into force %s", name(inst), ef.out.Date)
			}
		}
	default:
		// No rule but a sourced date: in force from that date, or from the
		// deposit if later.
		day = ef.out.Date.Last()
		if explain {
			how = fmt.Sprintf("%s entered into force %s (stated with sources)", name(inst), ef.out.Date)
		}
		if dep.day.Compare(day) > 0 {
			day = dep.day
			if explain {
				how = fmt.Sprintf("%s entered into force %s (stated with sources), before the deposit", name(inst), ef.out.Date)
			}
		}
	}
	if !a.InForce.IsZero() {
		if len(a.InForceSources) == 0 {
			warn.add("stated entry into force for %s, %s, has no sources; it is not used", a.StateCode, a.InForce)
			return day, how
		}
		if !day.IsZero() && !within(day, a.InForce) {
			warn.add("stated entry into force for %s, %s, disagrees with %s derived from the deposits", a.StateCode, a.InForce, day)
		}
		day = a.InForce.Last()
		if explain {
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
	if n.on {
		if n.on {
			n.add("%s is a %s and binds no state", name(inst), strings.ToLower(strings.ReplaceAll(string(inst.Kind), "_", " ")))
		}
	}
	adopted := inst.Adopted
	if !adopted.IsZero() && adopted.Compare(day) > 0 {
		if n.on {
			n.add("not committed on %s: adopted %s, after that day", day, adopted)
		}
		return
	}
	var endorsed *StateAction
	for _, a := range acts {
		if a.Kind == ActionEndorsement {
			d := effectiveDay(a)
			if withdrawal != nil && d.Compare(sg.withdrawn) <= 0 {
				continue // ended by the withdrawal
			}
			if !d.IsZero() && d.Compare(day) <= 0 && (endorsed == nil || d.Compare(effectiveDay(endorsed)) < 0) {
				endorsed = a
			}
		}
	}
	member := withdrawal == nil && !st.ASEANSince.IsZero() && !adopted.IsZero() && st.ASEANSince.Compare(adopted) <= 0
	switch {
	case withdrawal != nil && endorsed == nil:
		if n.on {
			n.add("not committed on %s: %s withdrew (%s, effective %s)", day, s.stateName(st.Code), withdrawal.ID, sg.withdrawn)
		}
	case member:
		sg.committed, sg.since = true, adopted.Last()
		if n.on {
			n.add("committed since %s: ASEAN member since %s, on or before the adoption on %s", adopted, st.ASEANSince, adopted)
		}
	case endorsed != nil:
		sg.committed, sg.by = true, endorsed
		sg.since = effectiveDay(endorsed)
		if !adopted.IsZero() && adopted.Last().Compare(sg.since) > 0 {
			sg.since = adopted.Last()
		}
		if n.on {
			n.add("committed since %s: endorsed (%s, %s)", sg.since, endorsed.ID, cmp.Or(endorsed.Date, endorsed.Deposited))
		}
	case adopted.IsZero():
		if n.on {
			n.add("not committed on %s: the adoption date is unknown and %s has not endorsed it", day, s.stateName(st.Code))
		}
	default:
		if n.on {
			n.add("not committed on %s: not an ASEAN member on the adoption date %s (member since %s) and no endorsement by that day", day, adopted, cmp.Or(st.ASEANSince.String(), "unknown"))
		}
	}
}

// statuses are an obligation's legal and practice status, when the caller
// has weighed them already.
type statuses struct {
	legal    LegalStatus
	practice PracticeStatus
}

// record builds the compliance record of one obligation; pre, when not nil,
// is its statuses as weighed by the same rules.
func (s *session) record(sd *stateData, inst *Instrument, ob *Obligation, sg *standing, day Date, asOfNote string, pre *statuses) *ComplianceRecord {
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
	if s.explain && (s.linesOf != sd || s.lines.day != keyOf(day)) {
		s.lines, s.linesOf = sd.linesOn(keyOf(day)), sd
	}
	s.legal(r, sd, ob, sg, day, n, pre)
	s.practice(r, sd, ob, day, n, pre)
	r.Reasons = n.lines
	return r
}

// legalStatus is the legal rule without its reasons: IMPLEMENTED when a
// full link's law is in force on day, else PARTIAL when a partial one's is,
// else NONE.
func legalStatus(links []linkFact, day dayKey) LegalStatus {
	status := LegalNone
	for _, l := range links {
		if l.counts(day) {
			if l.full {
				return LegalImplemented
			}
			status = LegalPartial
		}
	}
	return status
}

// legal sets the record's legal status from the state's laws in force on
// day, with a reason for every linked law, counted or not.
func (s *session) legal(r *ComplianceRecord, sd *stateData, ob *Obligation, sg *standing, day Date, n *notes, pre *statuses) {
	dk := keyOf(day)
	links := sd.links[ob.ID]
	var reserved *reservationRef
	if pre == nil || pre.legal == LegalReserved {
		reserved = sg.reservationFor(ob)
	}
	switch {
	case reserved != nil:
		r.Legal = LegalReserved
		res := *reserved.res
		r.Reservation = &res
	case pre != nil:
		r.Legal = pre.legal
	default:
		r.Legal = legalStatus(links, dk)
	}
	if !n.on {
		return
	}
	if !slices.IsSortedFunc(links, byLawThenImpl) {
		links = slices.Clone(links)
		slices.SortFunc(links, byLawThenImpl)
	}
	for _, l := range links {
		if !slices.Contains(r.LawIDs, l.law.ID) {
			r.LawIDs = append(r.LawIDs, l.law.ID)
		}
		r.ImplementationIDs = append(r.ImplementationIDs, l.impl.ID)
		early := l.counts(dk) && r.Bound && l.start < keyOf(r.BoundSince)
		n.lines = append(n.lines, s.line(lineKey{lineLink, l.impl, early}, func() string {
			extent := "fully"
			if !l.full {
				extent = "in part"
			}
			arts := ""
			if len(l.impl.Articles) > 0 {
				arts = " (" + strings.Join(l.impl.Articles, ", ") + ")"
			}
			why := lawInForce(l.law, day)
			if early {
				why += ", before the state was bound (a law need not postdate the ratification)"
			}
			if l.counts(dk) {
				return fmt.Sprintf("counts: %s implements it %s%s; %s", lawName(l.law), extent, arts, why)
			}
			return fmt.Sprintf("does not count: %s would implement it %s%s, but %s", lawName(l.law), extent, arts, why)
		}))
	}
	switch r.Legal {
	case LegalReserved:
		n.add("legal RESERVED: the reservation made with %s (%s) covers %s; a reserved obligation is never a gap", kindWord(reserved.action.Kind), reserved.action.ID, ob.ProvisionID)
	case LegalImplemented:
		n.lines = append(n.lines, s.line(lineKey{kind: lineLegalImplemented}, func() string {
			return fmt.Sprintf("legal IMPLEMENTED: a law in force on %s implements it fully", day)
		}))
	case LegalPartial:
		n.lines = append(n.lines, s.line(lineKey{kind: lineLegalPartial}, func() string {
			return fmt.Sprintf("legal PARTIAL: laws in force on %s implement it only in part", day)
		}))
	default:
		if len(links) > 0 {
			n.lines = append(n.lines, s.line(lineKey{kind: lineLegalNoneLinked}, func() string {
				return fmt.Sprintf("legal NONE: no law of %s linked to it is in force on %s", s.stateName(sd.state.Code), day)
			}))
		} else {
			n.lines = append(n.lines, s.line(lineKey{kind: lineLegalNone}, func() string {
				return fmt.Sprintf("legal NONE: no law of %s is linked to it", s.stateName(sd.state.Code))
			}))
		}
	}
}

// byLawThenImpl orders an explaining call's links by law id, then
// implementation id.
func byLawThenImpl(a, b linkFact) int {
	return cmp.Or(strings.Compare(a.law.ID, b.law.ID), strings.Compare(a.impl.ID, b.impl.ID))
}

// lawInForce says in words whether the law is in force on day (in force, or
// else enacted, on or before day, and not repealed on or before day), by
// the same rule as linkFact.counts. Partial dates count from their latest
// day.
func lawInForce(l *Law, day Date) string {
	start, what := l.InForce, "in force"
	if start.IsZero() {
		start, what = l.Enacted, "enacted"
	}
	if start.IsZero() {
		return "it has no enactment or entry-into-force date"
	}
	if start.Compare(day) > 0 {
		if !l.InForce.IsZero() && !l.Enacted.IsZero() && l.Enacted.Compare(day) <= 0 {
			return fmt.Sprintf("it was enacted %s and is in force only from %s, after %s", l.Enacted, l.InForce, day)
		}
		return fmt.Sprintf("it is %s %s, after %s", what, start, day)
	}
	if !l.Repealed.IsZero() && l.Repealed.Compare(day) <= 0 {
		return fmt.Sprintf("it was repealed %s, on or before %s", l.Repealed, day)
	}
	if start.Precision() != PrecisionDay {
		return fmt.Sprintf("%s %s (known only to %s; taken as %s)", what, start, start, start.Last())
	}
	return fmt.Sprintf("%s %s", what, start)
}

// evidenceLists returns the lists of evidence that bear on the obligation:
// directly, then through each of its themes.
func evidenceLists(sd *stateData, ob *Obligation, withVia bool) ([][]evFact, []string) {
	lists := make([][]evFact, 0, 1+len(ob.Themes))
	var vias []string
	if l := sd.byObl[ob.ID]; len(l) > 0 {
		lists = append(lists, l)
		if withVia {
			vias = append(vias, "directly")
		}
	}
	for _, t := range ob.Themes {
		if l := sd.byTheme[t]; len(l) > 0 {
			lists = append(lists, l)
			if withVia {
				vias = append(vias, "through theme "+string(t))
			}
		}
	}
	return lists, vias
}

// practiceFrom is the practice rule: among the evidence dated on or before
// day that bears on the obligation, the latest finding decides, and findings
// of the same day that differ are MIXED (pre, when not nil, has the status
// already). With all and some evidence, it also returns the obligation's
// weighed list and the index of its first item dated on or before day (the
// list is nil otherwise).
func practiceFrom(sd *stateData, ob *Obligation, day dayKey, all bool, pre *statuses) (PracticeStatus, *weighedList, int) {
	var status PracticeStatus
	if pre != nil {
		status = pre.practice
	} else {
		lists, _ := evidenceLists(sd, ob, false)
		status = practiceStatus(lists, day)
	}
	if status == PracticeNoEvidence || !all {
		return status, nil, 0
	}
	w := sd.weighedOf(ob)
	// Items are latest first: skip what is dated after day.
	start := sort.Search(len(w.items), func(k int) bool { return w.items[k].day <= day })
	if start == len(w.items) {
		return PracticeNoEvidence, nil, 0
	}
	return status, w, start
}

// at returns the deciding items (those of the latest day) and every item
// from start.
func (w *weighedList) at(start int) (top, items []weighed) {
	items = w.items[start:]
	end := 1
	for end < len(items) && items[end].day == items[0].day {
		end++
	}
	return items[:end], items
}

// reasons returns the practice reason lines for the items from start,
// written once per start: they depend on nothing else (status follows from
// the deciding items).
func (w *weighedList) reasons(start int, status PracticeStatus) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if l, ok := w.lines[start]; ok {
		return l
	}
	top, items := w.at(start)
	n := &notes{on: true}
	dated := func(e *Evidence) string {
		if e.Date.Precision() != PrecisionDay {
			return fmt.Sprintf("%s, taken as %s", e.Date, e.Date.Last())
		}
		return e.Date.String()
	}
	if len(top) == 1 {
		e := top[0].ev
		n.add("practice %s: the latest evidence, %s (%s, %s, bearing on it %s), finds %s", status, e.ID, strings.ToLower(string(e.Kind)), dated(e), top[0].via, e.Finding)
	} else {
		parts := make([]string, len(top))
		verb := "agree"
		for i, f := range top {
			parts[i] = fmt.Sprintf("%s finds %s", f.ev.ID, f.ev.Finding)
			if f.finding != top[0].finding {
				verb = "disagree"
			}
		}
		n.add("practice %s: the %d latest items of evidence, of the same date %s, %s: %s", status, len(top), dated(top[0].ev), verb, strings.Join(parts, "; "))
	}
	if rest := len(items) - len(top); rest > 0 {
		n.add("%d earlier item(s) of evidence also weighed, not deciding", rest)
	}
	if w.lines == nil {
		w.lines = map[int][]string{}
	}
	w.lines[start] = slices.Clip(n.lines)
	return w.lines[start]
}

// weighedList is every dated item of evidence bearing on an obligation, each
// once with how it bears on it (through the first list that has it), latest
// first then by id, with their ids in the same order.
type weighedList struct {
	items []weighed
	ids   []string

	mu    sync.Mutex
	lines map[int][]string // reason lines by start index, see reasons
}

// weighedOf returns the obligation's weighedList, made once per state data
// (the state data of an explaining call keeps the evidence nodes).
func (sd *stateData) weighedOf(ob *Obligation) *weighedList {
	sd.mu.Lock()
	w, ok := sd.weighed[ob.ID]
	sd.mu.Unlock()
	if ok {
		return w
	}
	lists, vias := evidenceLists(sd, ob, true)
	w = &weighedList{}
	seen := map[string]bool{}
	for i, l := range lists {
		for _, f := range l {
			if !seen[f.ev.ID] {
				seen[f.ev.ID] = true
				w.items = append(w.items, weighed{f, vias[i]})
			}
		}
	}
	slices.SortFunc(w.items, func(a, b weighed) int { return laterFirst(a.evFact, b.evFact) })
	w.ids = make([]string, len(w.items))
	for i, it := range w.items {
		w.ids[i] = it.ev.ID
	}
	sd.mu.Lock()
	defer sd.mu.Unlock()
	if sd.weighed == nil {
		sd.weighed = map[string]*weighedList{}
	}
	if prev, ok := sd.weighed[ob.ID]; ok {
		return prev
	}
	sd.weighed[ob.ID] = w
	return w
}

// practiceStatus is the practice rule without its reasons, over lists of
// evidence sorted latest first: the latest finding dated on or before day
// decides, and findings of that same day that differ make it MIXED.
func practiceStatus(lists [][]evFact, day dayKey) PracticeStatus {
	var latest dayKey
	for _, l := range lists {
		j := sort.Search(len(l), func(k int) bool { return l[k].day <= day })
		if j < len(l) && l[j].day > latest {
			latest = l[j].day
		}
	}
	if latest == 0 {
		return PracticeNoEvidence
	}
	var finding findingCode
	for _, l := range lists {
		j := sort.Search(len(l), func(k int) bool { return l[k].day <= latest })
		for ; j < len(l) && l[j].day == latest; j++ {
			switch {
			case finding == 0:
				finding = l[j].finding
			case l[j].finding != finding:
				return PracticeMixed
			}
		}
	}
	switch finding {
	case codeOf(FindingEffective):
		return PracticeEffective
	case codeOf(FindingGap):
		return PracticeGap
	}
	return PracticeMixed
}

// weighed is an item of evidence and how it bears on an obligation.
type weighed struct {
	evFact
	via string
}

// practice sets the record's practice status and evidence, with reasons.
func (s *session) practice(r *ComplianceRecord, sd *stateData, ob *Obligation, day Date, n *notes, pre *statuses) {
	status, w, start := practiceFrom(sd, ob, keyOf(day), n.on, pre)
	r.Practice = status
	if !n.on {
		return
	}
	if status == PracticeNoEvidence {
		n.lines = append(n.lines, s.line(lineKey{kind: linePracticeNone}, func() string {
			return fmt.Sprintf("practice NO_EVIDENCE: no evidence of %s dated on or before %s bears on it", s.stateName(sd.state.Code), day)
		}))
		return
	}
	// Shared with the cache, clipped so that an append copies.
	r.EvidenceIDs = w.ids[start:len(w.ids):len(w.ids)]
	n.lines = append(n.lines, w.reasons(start, status)...)
}

// row builds the ratification-table row of one state.
func (s *session) row(sd *stateData, inst *Instrument, sg *standing, day Date, note string) *RatificationRow {
	row := &RatificationRow{StateCode: sd.state.Code, InstrumentID: inst.ID, AsOf: day, Party: sg.bound, Withdrawn: sg.withdrawn}
	if sg.bound {
		row.InForce = sg.since
		if sg.by != nil {
			row.ActionID = sg.by.ID
		}
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
