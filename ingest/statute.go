package ingest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

var (
	statuteFileFields       = []string{"statute", "provisions"}
	statuteFields           = []string{"law", "sources"}
	statuteProvisionFields  = fields("id", "label", "heading", "versions")
	statuteVersionFields    = []string{"text", "textKind", "madeBy", "from", "until", "language", "edition", "terms", "locator", "sources"}
	statuteProvisionPartsRE = regexp.MustCompile(`^(part|chp|art|sec|subsec|para|subpara|point|item)_[0-9A-Za-z]+$`)
	// languageTag is the shape of a BCP 47 tag: a language, then subtags.
	languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// statuteFile reads statutes/<file>.yaml: one law's provisions, each with
// the versions of its text (fixtures/README.md, "Statutes").
func (p *parsed) statuteFile(r *yamlReader, top *yamlMap) {
	if !top.has("statute") {
		top.problem("statute", "is empty: want the statute's fields (law, sources)")
		return
	}
	sm := r.mapping(top.value("statute"), "statute", statuteFields)
	if sm == nil {
		return
	}
	lawID := sm.text("law", true)
	sources := sm.sources("sources", true)
	for i, item := range top.list("provisions") {
		path := index("provisions", i)
		pm := r.mapping(item, path, statuteProvisionFields)
		if pm == nil {
			continue
		}
		sp := &graph.StatuteProvision{
			ID:      pm.text("id", true),
			LawID:   lawID,
			Label:   pm.text("label", true),
			Heading: pm.text("heading", false),
			Order:   i,
			Record:  pm.record(true, sources),
		}
		for j, item := range pm.list("versions") {
			vm := r.mapping(item, index(join(path, "versions"), j), statuteVersionFields)
			if vm == nil {
				continue
			}
			v := graph.StatuteProvisionVersion{
				Text:     vm.text("text", true),
				TextKind: enum(vm, "textKind", "textKind", graph.TextKinds, true),
				MadeBy:   vm.textOr("madeBy", true, `the act that made this text: "as enacted", "as amended by A1500"`),
				From:     vm.date("from", true),
				Until:    vm.date("until", false),
				Language: vm.textOr("language", true, "a BCP 47 language tag: id, en, ms, th"),
				Edition:  enum(vm, "edition", "edition", graph.StatuteEditions, true),
				Terms:    vm.text("terms", false),
				Locator:  vm.text("locator", false),
				Sources:  vm.sources("sources", true),
			}
			if v.Language != "" && !languageTag.MatchString(v.Language) {
				vm.problem("language", "language %q: want a BCP 47 tag such as id, en, ms or th", v.Language)
			}
			if before(v.Until, v.From) || (!v.Until.IsZero() && v.Until == v.From) {
				vm.problem("until", "until %s is not after from %s: a version is replaced after it takes effect", v.Until, v.From)
			}
			sp.Versions = append(sp.Versions, v)
		}
		if len(sp.Versions) == 0 {
			pm.missing("versions", "at least one version of the provision's text, with its sources")
		} else if a, b, overlap := graph.Overlap(sp.Versions); overlap {
			vs := pm.list("versions")
			line, col := pos(vs[b])
			r.add(line, col, index(join(path, "versions"), b), fmt.Sprintf("this version is in force on days version %d also is (%s to %s): give the earlier one an until on or before the later one's from", a+1, sp.Versions[a].From, orText(sp.Versions[a].Until.String(), "now")))
		}
		if sp.ID == "" || lawID == "" {
			continue
		}
		if !hasPrefix(sp.ID, lawID) || !provisionPath(strings.TrimPrefix(sp.ID, lawID+"/")) {
			pm.problem("id", "statute provision id %q must be the law's id, then parts such as art_2, sec_51A, art_5/para_2/point_c: e.g. %s/art_2", sp.ID, lawID)
		}
		p.mark(sp, "id", "", pm, "id")
		p.mark(sp, "law", lawID, sm, "law")
		for j, item := range pm.list("versions") {
			if vm := r.mapping(item, index(join(path, "versions"), j), statuteVersionFields); vm != nil {
				p.mark(sp, versionFrom(j), "", vm, "from")
			}
		}
		p.nodes = append(p.nodes, sp)
	}
	if len(top.list("provisions")) == 0 && lawID != "" {
		top.missing("provisions", "the law's provisions whose text is held")
	}
}

// provisionPath reports whether s is a provision path below a law's id:
// parts such as art_2, sec_51A, para_2, point_c, joined by '/'.
func provisionPath(s string) bool {
	for part := range strings.SplitSeq(s, "/") {
		if !statuteProvisionPartsRE.MatchString(part) {
			return false
		}
	}
	return s != ""
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// versionFrom names the place of a version's from, for checks against the
// law made with the whole corpus.
func versionFrom(j int) string { return fmt.Sprintf("versions[%d].from", j) }
