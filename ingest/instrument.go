package ingest

import (
	"fmt"
	"slices"

	"github.com/goccy/go-yaml/ast"

	"github.com/pactwatch/pactwatch/graph"
)

var (
	instrumentFileFields = []string{"instrument", "provisions"}
	instrumentFields     = fields("id", "title", "shortTitle", "kind", "binding", "adopted", "place", "summary", "entryIntoForce", "coverage", "statusStatements")
	coverageFields       = []string{"complete", "notHeld"}
	knownProvisionFields = []string{"label", "id", "note", "sources"}
	statusFields         = []string{"asOf", "parties", "notParties", "complete", "summary", "sources"}
	correspondenceFields = []string{"provision", "note", "basis", "similarity", "sources"}
	entryRuleFields      = []string{"ratifications", "daysAfter", "laterPartyDaysAfter", "consentsComplete", "article", "date", "sources"}
	provisionFields      = fields("id", "label", "heading", "text", "textKind", "obligations", "incomplete", "correspondsTo")
	obligationFields     = fields("id", "modality", "themes", "summary", "nature")
)

// instrumentFile reads instruments/<id>.yaml: the instrument, its provisions
// in order, and the obligations nested in each provision.
func (p *parsed) instrumentFile(r *yamlReader, top *yamlMap) {
	if !top.has("instrument") {
		top.problem("instrument", "is empty: want the instrument's fields (id, title, kind, adopted, sources, ...)")
		return
	}
	im := r.mapping(top.value("instrument"), "instrument", instrumentFields)
	if im == nil {
		return
	}
	in := &graph.Instrument{
		ID:         im.text("id", true),
		Title:      im.text("title", true),
		ShortTitle: im.text("shortTitle", false),
		Kind:       enum(im, "kind", "instrument kind", graph.InstrumentKinds, true),
		Binding:    im.boolean("binding"),
		Adopted:    im.date("adopted", true),
		Place:      im.text("place", false),
		Summary:    im.text("summary", false),
		Record:     im.record(false, nil),
	}
	if im.has("entryIntoForce") {
		em := r.mapping(im.value("entryIntoForce"), "instrument.entryIntoForce", entryRuleFields)
		if em != nil {
			ratifications, ok := em.integer("ratifications")
			in.Rule.Ratifications = ratifications
			in.Rule.DaysAfter, _ = em.integer("daysAfter")
			in.Rule.LaterPartyDaysAfter, _ = em.integer("laterPartyDaysAfter")
			in.Rule.Article = em.text("article", false)
			in.Rule.ConsentsComplete = em.boolean("consentsComplete")
			if ok && ratifications == 0 {
				em.problem("ratifications", "want at least 1 consent to be bound; leave entryIntoForce out for an instrument that never enters into force")
			}
			in.EntryIntoForce = em.date("date", false)
			in.EntryIntoForceSources = em.sources("sources", false)
			if !in.EntryIntoForce.IsZero() && len(in.EntryIntoForceSources) == 0 {
				em.problem("date", "an explicit entry-into-force date needs its own sources (entryIntoForce.sources)")
			}
			if !in.EntryIntoForce.IsZero() && !in.Adopted.IsZero() && before(in.EntryIntoForce, in.Adopted) {
				em.problem("date", "entry into force %s is before the instrument's adoption %s", in.EntryIntoForce, in.Adopted)
			}
		}
	}
	if im.has("coverage") {
		if cm := r.mapping(im.value("coverage"), "instrument.coverage", coverageFields); cm != nil {
			in.Coverage.Complete = cm.boolean("complete")
			for i, item := range cm.list("notHeld") {
				km := r.mapping(item, index("instrument.coverage.notHeld", i), knownProvisionFields)
				if km == nil {
					continue
				}
				in.Coverage.NotHeld = append(in.Coverage.NotHeld, graph.KnownProvision{
					Label: km.text("label", true), ID: km.text("id", false), Note: km.text("note", false), Sources: km.sources("sources", true),
				})
			}
			if in.Coverage.Complete && len(in.Coverage.NotHeld) > 0 {
				cm.problem("complete", "a complete record holds every provision; notHeld lists %d it does not", len(in.Coverage.NotHeld))
			}
		}
	}
	for i, item := range im.list("statusStatements") {
		sm := r.mapping(item, index("instrument.statusStatements", i), statusFields)
		if sm == nil {
			continue
		}
		st := graph.StatusStatement{
			AsOf: sm.date("asOf", true), Parties: sm.texts("parties"), NotParties: sm.texts("notParties"),
			Complete: sm.boolean("complete"), Summary: sm.text("summary", true), Sources: sm.sources("sources", true),
		}
		for _, c := range append(slices.Clone(st.Parties), st.NotParties...) {
			if !stateCode.MatchString(c) {
				sm.problem("parties", "invalid state code %q: want an ISO 3166-1 alpha-3 code in capitals, e.g. IDN", c)
			}
		}
		if len(st.Parties) == 0 && len(st.NotParties) == 0 && !st.Complete {
			sm.missing("notParties", "the states the source names as parties or not (parties, notParties), or complete: true for a list with no party")
		}
		in.StatusStatements = append(in.StatusStatements, st)
	}
	if in.ID == "" {
		return
	}
	p.mark(in, "id", "", im, "id")
	im.checkFileName("id", "instrument", "instruments", in.ID)
	p.mark(in, "adopted", "", im, "adopted")
	p.nodes = append(p.nodes, in)

	for i, item := range top.list("provisions") {
		p.provision(r, in, i, item)
	}
}

func (p *parsed) provision(r *yamlReader, in *graph.Instrument, i int, item ast.Node) {
	path := index("provisions", i)
	pm := r.mapping(item, path, provisionFields)
	if pm == nil {
		return
	}
	pr := &graph.Provision{
		ID:           pm.text("id", true),
		InstrumentID: in.ID,
		Label:        pm.text("label", false),
		Heading:      pm.text("heading", false),
		Order:        i + 1,
		Incomplete:   pm.boolean("incomplete"),
		Record:       pm.record(false, nil),
	}
	pr.Text, pr.TextKind = pm.textWithKind("text", "textKind")
	for k, item := range pm.list("correspondsTo") {
		cm := r.mapping(item, index(join(path, "correspondsTo"), k), correspondenceFields)
		if cm == nil {
			continue
		}
		c := graph.Correspondence{ProvisionID: cm.text("provision", true), Note: cm.text("note", false), Sources: cm.sources("sources", true)}
		c.Basis = enum(cm, "basis", "correspondence basis", graph.CorrespondenceBases, false)
		if c.Basis == "" {
			c.Basis = graph.BasisSource
		}
		if cm.has("similarity") {
			c.Similarity = cm.number("similarity", false)
			if c.Basis != graph.BasisTextComparison {
				cm.problem("similarity", "a similarity is measured only by comparing texts: want basis: TEXT_COMPARISON, or no similarity")
			} else if c.Similarity <= 0 || c.Similarity > 1 {
				cm.problem("similarity", "want a number above 0 and at most 1, got %g", c.Similarity)
			}
		} else if c.Basis == graph.BasisTextComparison {
			cm.missing("similarity", "the two texts' similarity, e.g. 0.97, measured as fixtures/README.md says")
		}
		if c.Basis == graph.BasisTextComparison && pr.TextKind != graph.TextVerbatim {
			cm.problem("basis", "texts are compared only where both are held VERBATIM; this provision's text is %s", pr.TextKind)
		}
		if c.ProvisionID == "" {
			continue
		}
		pr.CorrespondsTo = append(pr.CorrespondsTo, c)
		p.mark(pr, "correspondsTo.provision", c.ProvisionID, cm, "provision")
	}
	if pr.ID == "" {
		return
	}
	if !hasPrefix(pr.ID, in.ID) {
		pm.problem("id", "provision id %q must start with its instrument's id %q, e.g. %s/art_1", pr.ID, in.ID+"/", in.ID)
	}
	p.mark(pr, "id", "", pm, "id")
	p.mark(pr, "instrument", in.ID, pm, "id")
	p.nodes = append(p.nodes, pr)

	for j, item := range pm.list("obligations") {
		om := r.mapping(item, index(join(path, "obligations"), j), obligationFields)
		if om == nil {
			continue
		}
		ob := &graph.Obligation{
			ID:           om.text("id", true),
			InstrumentID: in.ID,
			ProvisionID:  pr.ID,
			Modality:     enum(om, "modality", "modality", graph.Modalities, true),
			Themes:       enums(om, "themes", "theme", graph.Themes),
			Summary:      om.text("summary", true),
			Nature:       enum(om, "nature", "obligation nature", graph.ObligationNatures, false),
			Record:       om.record(true, pr.Sources),
		}
		if ob.ID == "" {
			continue
		}
		if !hasPrefix(ob.ID, pr.ID) {
			om.problem("id", "obligation id %q must extend its provision's id, e.g. %s", ob.ID, fmt.Sprintf("%s/obl_%d", pr.ID, j+1))
		}
		p.mark(ob, "id", "", om, "id")
		p.mark(ob, "instrument", in.ID, om, "id")
		p.mark(ob, "provision", pr.ID, om, "id")
		p.nodes = append(p.nodes, ob)
	}
}

// before reports whether a is certainly before b: a's latest possible day
// comes before b's earliest, so that dates known only to the month or year
// are never called impossible on a guess.
func before(a, b graph.Date) bool {
	if a.IsZero() || b.IsZero() {
		return false
	}
	return a.Last().Compare(b.First()) < 0
}
