// Package suggest proposes what a curator would otherwise read for by hand:
// the obligations a provision's words state (a deontic reading), the
// statute provisions of a state that may implement an obligation (ranked
// by full-text retrieval), and the provisions of other instruments a
// provision corresponds to (word similarity). Everything here is a pure
// function of the records it is given: nothing is written, and a
// suggestion counts for nothing until a curator makes it a record.
package suggest

import (
	"regexp"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// ProposedObligation is one duty (or faculty) a provision's words state.
type ProposedObligation struct {
	Addressee string         // "Each State Party", "States Parties"
	Modality  graph.Modality // by the rule of fixtures/README.md
	// Conditions are the qualifiers of the duty ("where appropriate",
	// "subject to its domestic law"): they condition it, never soften it.
	Conditions []string
	// Nature is a hint: INTER_STATE for a duty owed between Parties,
	// PROCEDURAL for a final clause's, else DOMESTIC_MEASURE.
	Nature graph.ObligationNature
	// Cues are the words that decided the modality and the nature.
	Cues []string
	// Sentence is the words the duty was read in.
	Sentence string
}

var (
	reSentence  = regexp.MustCompile(`[^.;]+(?:[.;]|$)`)
	reAddressee = regexp.MustCompile(`\b(?:(?:Each|each|A|a|The|the|Any|any)\s+(?:requested\s+|requesting\s+|receiving\s+|sending\s+|other\s+)?(?:State Party|Party|ASEAN Member State|Member State|State)|(?:States Parties|the Parties|The Parties|Parties|ASEAN Member States|Member States))\b`)
	// reModal finds a modal verb; "as may be", "which may" and the like
	// are not duties.
	reModal = regexp.MustCompile(`\b(shall|must|should|may|are encouraged to|is encouraged to|are recommended to)\b`)
	// reSoft is a duty to consider or to endeavour, after "shall" and
	// any words set off by commas ("shall, subject to ..., consider").
	reSoft = regexp.MustCompile(`^(?:also\s+|further\s+)?(consider|give\s+(?:due\s+|appropriate\s+)?consideration|endeavou?r|make\s+every\s+effort|seek\s+to|strive|use\s+(?:its|their)\s+best\s+efforts)\b`)
	// reNotDuty is a sentence that asks nothing of a state: a definition,
	// a purpose, a scope, a saving clause, a final clause.
	reNotDuty    = regexp.MustCompile(`(?i)shall mean|"[^"]*"\s+means\b|purposes? of this|shall apply|shall be interpreted|shall be regarded|shall be considered|shall be irrelevant|without prejudice to any|nothing in this .{0,40}shall|shall (?:not )?affect|enter(?:s)? into force|open for (?:signature|accession)|subject to ratification|shall be deposited|designated depositary|equally authentic|shall not be counted|shall be binding|shall cease to|denounce|shall take effect\b|shall include, at a minimum|shall supplement|shall become a party`)
	reFaculty    = regexp.MustCompile(`(?i)may,? at the time of signature|may denounce|may withdraw|may propose an amendment|not consider itself bound`)
	reRelative   = regexp.MustCompile(`(?:\bas|\bwhich|\bthat|\bwho|\bwhom|\bthey|\bit|\bthis|\bvictims?|\bpersons?|\bdocuments?|\bmeasures?)\s+$`)
	reQualifier  = regexp.MustCompile(`(?i)\b(in appropriate cases|where appropriate|as appropriate|to the extent possible(?: under (?:its|their) domestic law)?|within (?:its |their )?available means|within (?:its|their) means|subject to (?:its|their) (?:domestic|national) laws?(?: and policies)?|subject to the basic concepts of (?:its|their) legal systems?|consistent with (?:its|their) (?:domestic|national) (?:laws?|legal systems?)|in accordance with (?:its|their) (?:domestic|national) (?:laws?|legal systems?)(?: and (?:administrative )?policies)?|where necessary|as necessary|if necessary|without (?:undue or )?unreasonable delay|in accordance with (?:the )?(?:principles|provisions) of [^,;.]+)\b`)
	reInterState = regexp.MustCompile(`(?i)\b((?:cooperat\w*|co-operat\w*|collaborat\w*) (?:among|between|with) (?:States|Parties|the Parties|other|another|one another|each other|the requesting|the requested|States Parties)|international cooperation|cooperat\w* (?:bilaterally|internationally)|request\w*|exchange\w* (?:of )?information|information exchange|mutual legal assistance|extradit\w*|other Part(?:y|ies)|another (?:State )?Party|among (?:States )?Parties|between (?:the )?Parties|bilateral|multilateral|settle (?:any )?disputes?|with one another|receiving State|requested State|consult\w* with|notify|inform the)\b`)
	reProcedural = regexp.MustCompile(`(?i)\b(amendment|consensus|conference of the parties|depositary|instrument of ratification)\b`)
)

// ProposeObligations reads a provision's text and returns the duties and
// faculties it states, in the order of the text. A sentence that asks
// nothing of a state (a definition, a purpose, a saving or final clause)
// gives none, even when it says "shall".
func ProposeObligations(text string) []ProposedObligation {
	var out []ProposedObligation
	for _, s := range sentences(text) {
		if reNotDuty.MatchString(s) || reFaculty.MatchString(s) {
			continue
		}
		for _, m := range reModal.FindAllStringSubmatchIndex(s, -1) {
			verb := s[m[2]:m[3]]
			before, after := s[:m[0]], s[m[1]:]
			addr := lastAddressee(before)
			passive := false
			if addr == "" {
				// A duty in the passive names its Party after the verb
				// ("shall be notified ... by the receiving Party"), or none.
				addr, passive = firstAddressee(after), true
			}
			if verb == "may" && (passive || reRelative.MatchString(before)) {
				continue // not a faculty of a Party: "victims may", "as may be necessary"
			}
			p := ProposedObligation{Addressee: addr, Sentence: strings.TrimSpace(s)}
			if passive {
				p.Cues = append(p.Cues, "passive: no Party before the verb")
			}
			switch verb {
			case "shall", "must":
				rest := skipAsides(after)
				switch {
				case strings.HasPrefix(rest, "not "):
					p.Modality, p.Cues = graph.ModalityObligation, append([]string{verb + " not"}, p.Cues...)
				case reSoft.MatchString(rest):
					p.Modality, p.Cues = graph.ModalitySoftObligation, append([]string{verb + " " + reSoft.FindStringSubmatch(rest)[1]}, p.Cues...)
				case reSoftAfterAside.MatchString(after):
					p.Modality, p.Cues = graph.ModalitySoftObligation, append([]string{verb + ", ..., " + reSoftAfterAside.FindStringSubmatch(after)[1]}, p.Cues...)
				default:
					p.Modality, p.Cues = graph.ModalityObligation, append([]string{verb}, p.Cues...)
				}
			case "should", "are encouraged to", "is encouraged to", "are recommended to":
				p.Modality, p.Cues = graph.ModalityRecommendation, append([]string{verb}, p.Cues...)
			case "may":
				p.Modality, p.Cues = graph.ModalityPermission, append([]string{verb}, p.Cues...)
			}
			p.Conditions = append(p.Conditions, reQualifier.FindAllString(s, -1)...)
			p.Nature = graph.NatureDomesticMeasure
			if c := reProcedural.FindString(s); c != "" {
				p.Nature, p.Cues = graph.NatureProcedural, append(p.Cues, c)
			} else if c := reInterState.FindString(s); c != "" {
				p.Nature, p.Cues = graph.NatureInterState, append(p.Cues, c)
			}
			out = append(out, p)
		}
	}
	return dedupe(out)
}

// dedupe keeps one proposal per sentence and modality: "shall adopt ...
// and shall ensure" is one duty of the provision, as curators record it.
func dedupe(ps []ProposedObligation) []ProposedObligation {
	var out []ProposedObligation
	for _, p := range ps {
		dup := false
		for i := range out {
			if out[i].Sentence == p.Sentence && out[i].Modality == p.Modality {
				dup = true
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

func sentences(text string) []string {
	// A point's letter "(a)" or "a)" is no sentence end; a full stop after
	// an abbreviation ("Art.", "No.") is taken as one, which is harmless.
	return reSentence.FindAllString(text, -1)
}

// lastAddressee is the Party named last before the modal verb, in the
// same sentence.
func lastAddressee(before string) string {
	all := reAddressee.FindAllString(before, -1)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1]
}

// firstAddressee is the Party a verb in the passive names after it: the
// agent ("by the receiving Party"), else the first named, or "".
func firstAddressee(after string) string {
	for _, ix := range reAddressee.FindAllStringIndex(after, -1) {
		if strings.HasSuffix(strings.TrimSpace(after[:ix[0]]), " by") {
			return after[ix[0]:ix[1]]
		}
	}
	return reAddressee.FindString(after)
}

// skipAsides drops the words set off by commas right after the modal verb
// ("shall, subject to its domestic laws, consider") and leading adverbs.
func skipAsides(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, ",") {
		i := strings.Index(s[1:], ",")
		if i < 0 {
			break
		}
		s = strings.TrimSpace(s[i+2:])
	}
	for _, adv := range []string{"also ", "further ", "in particular ", "promptly ", "therefore "} {
		s = strings.TrimPrefix(s, adv)
	}
	return s
}

// ProposeForProvision proposes the obligations of a held provision of
// inst. Its text is read first (ProposeObligations). When the text states
// no duty and is a SUMMARY, the verb a source reports is read from the
// provision's note (a quotation such as "shall adopt such legislative and
// other measures"); and a commitment of an instrument that binds no one
// whose verb was not read is a SOFT_OBLIGATION pending its words, as
// fixtures/README.md ("Modality") keeps such commitments.
func ProposeForProvision(p *graph.Provision, inst *graph.Instrument) []ProposedObligation {
	out := ProposeObligations(p.Text)
	if len(out) > 0 {
		return out
	}
	if p.TextKind == graph.TextSummary {
		for _, q := range reQuoted.FindAllStringSubmatch(p.Note, -1) {
			for _, o := range ProposeObligations("Each Party " + q[1]) {
				o.Cues = append(o.Cues, "the verb a source reports, quoted in the note")
				out = append(out, o)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if inst != nil && !inst.Binding && !reNotDuty.MatchString(p.Text) && strings.TrimSpace(p.Text) != "" {
		out = append(out, ProposedObligation{Modality: graph.ModalitySoftObligation, Nature: graph.NatureDomesticMeasure,
			Cues: []string{"a commitment of an instrument that binds no one, its verb not read: kept as SOFT_OBLIGATION pending its words"}, Sentence: p.Text})
	}
	return out
}

// reSoftAfterAside is "shall" and words set off by commas, then a verb
// of considering: "shall, subject to its domestic laws, rules ..., and
// in appropriate cases, consider not holding victims ... liable".
var reSoftAfterAside = regexp.MustCompile(`^\s*,[^;.]*,\s+(?:also\s+)?(consider|give\s+(?:due\s+|appropriate\s+)?consideration|endeavou?r|make\s+every\s+effort|seek\s+to)\b`)

var reQuoted = regexp.MustCompile(`"((?:shall|must|should|may)\b[^"]*)"`)
