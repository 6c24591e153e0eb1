package ingest

import (
	"regexp"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/pactwatch/pactwatch/graph"
)

var (
	stateFileFields      = []string{"state", "actions", "laws", "evidence", "reviews"}
	stateFields          = fields("code", "name", "aseanSince")
	actionFields         = fields("id", "instrument", "kind", "date", "deposited", "depositedBefore", "inForce", "inForceSources", "domesticAct", "domesticActText", "reservations")
	reservationFields    = []string{"provisions", "text", "textKind", "sources"}
	lawFields            = fields("id", "title", "localTitle", "number", "kind", "enacted", "inForce", "repealed", "repealedBy", "amends", "summary", "implements")
	implementationFields = []string{"id", "obligation", "extent", "articles", "provisions", "note", "sources", "claims", "unverified"}
	evidenceFields       = fields("id", "kind", "date", "periodFrom", "periodTo", "obligations", "themes", "finding", "summary", "figures", "tier", "reportYear")
	reviewFields         = fields("id", "instrument", "scope", "provisions", "obligations", "date", "read", "method", "reviewer", "laws", "articles", "summary")
	figureFields         = []string{"name", "unit", "points"}
	pointFields          = []string{"period", "value"}
)

var stateCode = regexp.MustCompile(`^[A-Z]{3}$`)

// stateFile reads states/<code>.yaml: the state, its actions on
// instruments, its laws with the obligations they implement, and the
// evidence of its practice.
func (p *parsed) stateFile(r *yamlReader, top *yamlMap) {
	if !top.has("state") {
		top.problem("state", "is empty: want the state's fields (code, name, sources, ...)")
		return
	}
	sm := r.mapping(top.value("state"), "state", stateFields)
	if sm == nil {
		return
	}
	st := &graph.State{
		Code:       sm.text("code", true),
		Name:       sm.text("name", true),
		ASEANSince: sm.date("aseanSince", false),
		Record:     sm.record(false, nil),
	}
	if st.Code == "" {
		return
	}
	if !stateCode.MatchString(st.Code) {
		sm.problem("code", "invalid state code %q: want an ISO 3166-1 alpha-3 code in capitals, e.g. IDN", st.Code)
		return
	}
	p.mark(st, "id", "", sm, "code")
	sm.checkFileName("code", "state", "states", strings.ToLower(st.Code))
	p.nodes = append(p.nodes, st)

	for i, item := range top.list("actions") {
		p.action(r, st.Code, index("actions", i), item)
	}
	for i, item := range top.list("laws") {
		p.law(r, st.Code, index("laws", i), item)
	}
	for i, item := range top.list("evidence") {
		p.evidence(r, st.Code, index("evidence", i), item)
	}
	for i, item := range top.list("reviews") {
		p.review(r, st.Code, index("reviews", i), item)
	}
}

// review reads one review: a record that the state's law was examined
// against a scope as of a day.
func (p *parsed) review(r *yamlReader, code, path string, item ast.Node) {
	rm := r.mapping(item, path, reviewFields)
	if rm == nil {
		return
	}
	rv := &graph.Review{
		ID:            rm.text("id", true),
		StateCode:     code,
		InstrumentID:  rm.text("instrument", true),
		Scope:         enum(rm, "scope", "review scope", graph.ReviewScopes, true),
		ProvisionIDs:  rm.texts("provisions"),
		ObligationIDs: rm.texts("obligations"),
		Date:          rm.date("date", true),
		Read:          rm.date("read", false),
		Method:        enum(rm, "method", "review method", graph.ReviewMethods, true),
		Reviewer:      rm.text("reviewer", true),
		LawIDs:        rm.texts("laws"),
		Articles:      rm.texts("articles"),
		Summary:       rm.text("summary", true),
		Record:        rm.record(false, nil),
	}
	if rv.Scope == graph.ReviewAllHeld {
		// Through the API, a review is recorded when it is written, and the
		// obligations held then are the store's (graph.Widened keeps them
		// so). A file cannot say what was held when it was written: loaded
		// into a fresh store beside an obligation added later, an ALL_HELD
		// review would cover it.
		rm.problem("scope", "scope ALL_HELD is not written in files: it would come to cover obligations added after the review, which it never read; write scope LISTED and list the obligations (or provisions) the law was read against")
	}
	reviewChecks(rm, rv)
	if rv.ID == "" {
		return
	}
	p.mark(rv, "id", "", rm, "id")
	p.mark(rv, "state", code, rm, "id")
	if rv.InstrumentID != "" {
		p.mark(rv, "instrument", rv.InstrumentID, rm, "instrument")
	}
	for _, ref := range []struct {
		key, field string
		ids        []string
	}{{"provisions", "provisions", rv.ProvisionIDs}, {"obligations", "obligations", rv.ObligationIDs}, {"laws", "laws", rv.LawIDs}} {
		for j, id := range ref.ids {
			p.markAt(rv, ref.field, id, r, listItem(rm, ref.key, j), index(join(path, ref.key), j))
		}
	}
	p.nodes = append(p.nodes, rv)
}

// reviewChecks checks what one review says of itself: its scope against
// the provisions and obligations it lists, the day it was read (not before
// the day the law was read as of), what it read, and its id.
func reviewChecks(m fieldReporter, rv *graph.Review) {
	switch {
	case rv.Scope == graph.ReviewListed && len(rv.ProvisionIDs) == 0 && len(rv.ObligationIDs) == 0:
		m.problem("scope", "a LISTED review names the provisions or obligations it read the law against (provisions, obligations)")
	case rv.Scope == graph.ReviewAllHeld && (len(rv.ProvisionIDs) > 0 || len(rv.ObligationIDs) > 0):
		m.problem("scope", "an ALL_HELD review covers every obligation of the instrument held when it is recorded; list provisions or obligations only with scope LISTED")
	}
	// A read day after today is refused by the date span (date_span.go).
	switch {
	case rv.Read.IsZero():
	case !rv.Date.IsZero() && rv.Read.Last().Compare(rv.Date.First()) < 0:
		m.problem("read", "read %s is before date %s: the law as of a day can only be read on or after that day", rv.Read, rv.Date)
	}
	if len(rv.LawIDs) == 0 && len(rv.Articles) == 0 {
		m.problem("laws", "missing required field %q (%s)", "laws", "the laws (ids) or articles the review read")
	}
	code := rv.StateCode
	if rv.ID != "" && code != "" && !hasPrefix(rv.ID, code) && !hasPrefix(rv.ID, strings.ToLower(code)) {
		m.problem("id", "review id %q must start with the state's code, e.g. %s/review/%s", rv.ID, code, orExample(rv.InstrumentID, "actip-2015"))
	}
}

// listItem returns the node of the j-th item of a list field, or the field
// itself when it was given as one text value.
func listItem(m *yamlMap, key string, j int) ast.Node {
	if seq, ok := m.value(key).(*ast.SequenceNode); ok && j < len(seq.Values) {
		return seq.Values[j]
	}
	return m.at(key)
}

func (p *parsed) action(r *yamlReader, code, path string, item ast.Node) {
	am := r.mapping(item, path, actionFields)
	if am == nil {
		return
	}
	a := &graph.StateAction{
		ID:              am.text("id", true),
		StateCode:       code,
		InstrumentID:    am.text("instrument", true),
		Kind:            enum(am, "kind", "action kind", graph.ActionKinds, true),
		Date:            am.date("date", false),
		Deposited:       am.date("deposited", false),
		DepositedBefore: am.date("depositedBefore", false),
		InForce:         am.date("inForce", false),
		InForceSources:  am.sources("inForceSources", false),
		DomesticActID:   am.text("domesticAct", false),
		DomesticAct:     am.text("domesticActText", false),
		Record:          am.record(false, nil),
	}
	for i, item := range am.list("reservations") {
		rm := r.mapping(item, index(join(path, "reservations"), i), reservationFields)
		if rm == nil {
			continue
		}
		res := graph.Reservation{ProvisionIDs: rm.texts("provisions"), Sources: rm.sources("sources", true)}
		if len(res.ProvisionIDs) == 0 {
			rm.missing("provisions", "the ids of the provisions the reservation covers")
		}
		res.Text, res.TextKind = rm.textWithKind("text", "textKind")
		if a.ID != "" {
			for j, pid := range res.ProvisionIDs {
				p.markAt(a, "reservations.provisions", pid, r, provisionItem(rm, j), index(join(rm.path, "provisions"), j))
			}
		}
		a.Reservations = append(a.Reservations, res)
	}
	p.actionDates(am, a)
	if a.ID == "" {
		return
	}
	if !hasPrefix(a.ID, code) {
		am.problem("id", "action id %q must start with the state's code, e.g. %s/%s/%s", a.ID, code, orExample(a.InstrumentID, "actip-2015"), strings.ToLower(orExample(string(a.Kind), "ratification")))
	}
	p.mark(a, "id", "", am, "id")
	p.mark(a, "state", code, am, "id")
	p.mark(a, "date", "", am, "date")
	p.mark(a, "deposited", "", am, "deposited")
	if a.InstrumentID != "" {
		p.mark(a, "instrument", a.InstrumentID, am, "instrument")
	}
	if a.DomesticActID != "" {
		p.mark(a, "domesticAct", a.DomesticActID, am, "domesticAct")
	}
	p.nodes = append(p.nodes, a)
}

// actionDates checks the dates of one action against each other; the
// check against the instrument's adoption is made with the whole corpus.
func (p *parsed) actionDates(m fieldReporter, a *graph.StateAction) {
	if !a.InForce.IsZero() && len(a.InForceSources) == 0 {
		m.problem("inForce", "an explicit in-force date needs its own sources (inForceSources in YAML, in_force_source_citation in CSV)")
	}
	if !a.Deposited.IsZero() && a.Kind != "" && !a.Kind.ConsentsToBeBound() {
		m.problem("deposited", "a %s is not deposited; only a ratification, accession, acceptance or approval is", a.Kind)
	}
	if before(a.Deposited, a.Date) {
		m.problem("deposited", "deposit %s is before the act itself (date %s)", a.Deposited, a.Date)
	}
	if !a.DepositedBefore.IsZero() && !a.Deposited.IsZero() {
		m.problem("depositedBefore", "give either the deposit or a day it is known to precede, not both")
	}
	if !a.DepositedBefore.IsZero() && a.Kind != "" && !a.Kind.ConsentsToBeBound() {
		m.problem("depositedBefore", "a %s is not deposited; only a ratification, accession, acceptance or approval is", a.Kind)
	}
	if before(a.InForce, a.Deposited) {
		m.problem("inForce", "in force %s is before the deposit %s", a.InForce, a.Deposited)
	}
}

// fieldReporter is what the checks shared by the YAML and CSV readers need:
// a way to report a problem on a named field of the current record.
type fieldReporter interface {
	problem(key, format string, args ...any)
}

// provisionItem returns the node of the j-th item of a reservation's
// provisions, or the field itself when it was given as one text value.
func provisionItem(rm *yamlMap, j int) ast.Node {
	if seq, ok := rm.value("provisions").(*ast.SequenceNode); ok && j < len(seq.Values) {
		return seq.Values[j]
	}
	return rm.at("provisions")
}

func orExample(s, example string) string {
	if s == "" {
		return example
	}
	return s
}

func (p *parsed) law(r *yamlReader, code, path string, item ast.Node) {
	lm := r.mapping(item, path, lawFields)
	if lm == nil {
		return
	}
	l := &graph.Law{
		ID:           lm.text("id", true),
		StateCode:    code,
		Title:        lm.text("title", true),
		LocalTitle:   lm.text("localTitle", false),
		Number:       lm.text("number", false),
		Kind:         enum(lm, "kind", "law kind", graph.LawKinds, true),
		Enacted:      lm.date("enacted", false),
		InForce:      lm.date("inForce", false),
		Repealed:     lm.date("repealed", false),
		RepealedByID: lm.text("repealedBy", false),
		AmendsIDs:    lm.texts("amends"),
		Summary:      lm.text("summary", false),
		Record:       lm.record(false, nil),
	}
	if before(l.Repealed, l.Enacted) {
		lm.problem("repealed", "repealed %s is before the law was enacted (%s)", l.Repealed, l.Enacted)
	}
	if before(l.InForce, l.Enacted) {
		lm.problem("inForce", "in force %s is before the law was enacted (%s)", l.InForce, l.Enacted)
	}
	if l.ID == "" {
		return
	}
	prefix := strings.ToLower(code)
	if !hasPrefix(l.ID, prefix) {
		lm.problem("id", "law id %q must start with the state's code in lower case, e.g. %s/law-21-2007", l.ID, prefix)
	}
	p.mark(l, "id", "", lm, "id")
	p.mark(l, "state", code, lm, "id")
	if l.RepealedByID != "" {
		p.mark(l, "repealedBy", l.RepealedByID, lm, "repealedBy")
	}
	for j, a := range l.AmendsIDs {
		n := lm.at("amends")
		if seq, ok := lm.value("amends").(*ast.SequenceNode); ok && j < len(seq.Values) {
			n = seq.Values[j]
		}
		p.markAt(l, "amends", a, r, n, index(join(path, "amends"), j))
	}
	p.nodes = append(p.nodes, l)

	for i, item := range lm.list("implements") {
		ipath := index(join(path, "implements"), i)
		im := r.mapping(item, ipath, implementationFields)
		if im == nil {
			continue
		}
		impl := &graph.Implementation{
			ID:           im.text("id", false),
			LawID:        l.ID,
			ObligationID: im.text("obligation", true),
			Extent:       enum(im, "extent", "extent", graph.Extents, true),
			Articles:     im.texts("articles"),
			ProvisionIDs: im.texts("provisions"),
			Note:         im.text("note", false),
		}
		impl.Record = im.record(false, nil)
		impl.Record.Note = ""
		if impl.ObligationID == "" {
			continue
		}
		idKey := "id"
		if impl.ID == "" {
			impl.ID = l.ID + "/implements/" + impl.ObligationID
			idKey = "obligation"
		}
		p.mark(impl, "id", "", im, idKey)
		p.mark(impl, "law", l.ID, im, idKey)
		p.mark(impl, "obligation", impl.ObligationID, im, "obligation")
		for j, id := range impl.ProvisionIDs {
			p.markAt(impl, "provisions", id, r, listItem(im, "provisions", j), index(join(ipath, "provisions"), j))
		}
		p.nodes = append(p.nodes, impl)
	}
}

func (p *parsed) evidence(r *yamlReader, code, path string, item ast.Node) {
	em := r.mapping(item, path, evidenceFields)
	if em == nil {
		return
	}
	ev := &graph.Evidence{
		ID:            em.text("id", true),
		StateCode:     code,
		Kind:          enum(em, "kind", "evidence kind", graph.EvidenceKinds, true),
		Date:          em.date("date", true),
		PeriodFrom:    em.date("periodFrom", false),
		PeriodTo:      em.date("periodTo", false),
		ObligationIDs: em.texts("obligations"),
		Themes:        enums(em, "themes", "theme", graph.Themes),
		Finding:       enum(em, "finding", "finding", graph.Findings, true),
		Summary:       em.text("summary", true),
		Tier:          enum(em, "tier", "tier", graph.Tiers, false),
		Record:        em.record(false, nil),
	}
	if em.has("reportYear") {
		ev.ReportYear, _ = em.integer("reportYear")
	}
	if ev.Tier != "" && ev.ReportYear == 0 {
		em.missing("reportYear", "the year of the report that gives the tier")
	}
	for i, item := range em.list("figures") {
		fpath := index(join(path, "figures"), i)
		fm := r.mapping(item, fpath, figureFields)
		if fm == nil {
			continue
		}
		fig := graph.Figure{Name: fm.text("name", true), Unit: fm.text("unit", false)}
		for j, item := range fm.list("points") {
			pm := r.mapping(item, index(join(fpath, "points"), j), pointFields)
			if pm == nil {
				continue
			}
			fig.Points = append(fig.Points, graph.FigurePoint{Period: pm.text("period", true), Value: pm.number("value", true)})
		}
		ev.Figures = append(ev.Figures, fig)
	}
	p.evidenceChecks(em, ev)
	if ev.ID == "" {
		return
	}
	prefix := strings.ToLower(code)
	if !hasPrefix(ev.ID, prefix) {
		em.problem("id", "evidence id %q must start with the state's code in lower case, e.g. %s/ev/police-cases-2013-2017", ev.ID, prefix)
	}
	p.mark(ev, "id", "", em, "id")
	p.mark(ev, "state", code, em, "id")
	for j, o := range ev.ObligationIDs {
		n := em.at("obligations")
		if seq, ok := em.value("obligations").(*ast.SequenceNode); ok && j < len(seq.Values) {
			n = seq.Values[j]
		}
		p.markAt(ev, "obligations", o, r, n, index(join(path, "obligations"), j))
	}
	p.nodes = append(p.nodes, ev)
}

// evidenceChecks checks what one evidence item says of itself.
func (p *parsed) evidenceChecks(m fieldReporter, ev *graph.Evidence) {
	if before(ev.PeriodTo, ev.PeriodFrom) {
		m.problem("periodTo", "periodTo %s is before periodFrom %s", ev.PeriodTo, ev.PeriodFrom)
	}
	if len(ev.ObligationIDs) == 0 && len(ev.Themes) == 0 {
		m.problem("obligations", "say what the evidence bears on: obligations (ids), themes, or both")
	}
}
