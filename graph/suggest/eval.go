package suggest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// ProtocolID is the instrument whose obligations were curated after the
// proposer existed; modality agreement reports them apart.
const ProtocolID = "untoc-tip-protocol-2000"

// EvalStates are the states evaluated when none is named: those whose
// statute provisions are held.
var EvalStates = []string{"IDN", "MYS", "THA"}

// Evaluation measures the suggestions against what curators made.
type Evaluation struct {
	// Modality agreement: Before are the obligations curated before the
	// proposer existed (every instrument's but the Protocol's), Protocol
	// the Protocol's.
	Before, Protocol ModalityAgreement
	// Links is leave-one-out link suggestion, per state and language.
	Links []LinkScore
	// Correspondence is precision at 1 against SOURCE correspondences.
	Correspondence CorrespondenceScore
}

// ModalityAgreement counts obligations whose curated modality the proposer
// gives.
type ModalityAgreement struct {
	Total, Agreed int
	// Verbatim counts those whose provision's text is the instrument's
	// words, of which VerbatimAgreed agree.
	Verbatim, VerbatimAgreed int
	NoReading                int // no proposal at all from the text
	Errors                   []ModalityError
	// NatureAgreed counts the obligations with a proposal whose nature
	// hint is the curated nature (an empty one is DOMESTIC_MEASURE), of
	// NatureTotal; NatureErrors lists the others.
	NatureAgreed, NatureTotal int
	NatureErrors              []ModalityError
}

// ModalityError is one obligation the proposer reads otherwise.
type ModalityError struct {
	Obligation string
	Want       graph.Modality
	Got        graph.Modality // "" when nothing was proposed
	// WantNature and GotNature are set for a nature hint's error.
	WantNature, GotNature graph.ObligationNature
	Cues                  []string
	TextKind              graph.TextKind
}

// LinkScore is leave-one-out recall@5 and mean reciprocal rank over the
// curated links of a state whose provisions are held, over all its texts
// (Language "") or its texts in one language.
type LinkScore struct {
	State    string
	Language string
	Links    int
	Hits     int     // a provision of the link in the first 5
	Recall5  float64 // Hits / Links
	MRR      float64 // mean of 1/rank of the link's first provision (0 past 50)
	Misses   []LinkMiss
}

// LinkMiss is a link none of whose provisions was in the first 5.
type LinkMiss struct {
	Link     string
	Rank     int // of its first provision, 0 past 50
	Top      string
	Provided []string
	// Kinds are what went wrong, as far as the ranking tells: always
	// how far it ranked (ErrNear, ErrFar, ErrPast50), and any others.
	Kinds []LinkErrorKind
}

// LinkErrorKind is one way a link suggestion misses.
type LinkErrorKind string

// The kinds of miss, in the order the evaluation reports them.
const (
	// ErrBroadFirst: the first suggestion is a broad provision, one
	// ranked first for at least BroadFirsts of the state's links'
	// obligations (a chapter's purpose, a scope or a list of every kind of
	// assistance) rather than the specific one.
	ErrBroadFirst LinkErrorKind = "broad provision ranked first"
	// ErrNested: a provision of the first 5 contains a linked one or is
	// part of one (Pasal 17 for Pasal 17 ayat (1)).
	ErrNested LinkErrorKind = "the whole or a part of a linked provision ranked instead"
	// ErrDefinitionFirst: the first suggestion defines a term.
	ErrDefinitionFirst LinkErrorKind = "definition ranked first"
	// ErrOtherLaw: none of the first 5 is of the link's law.
	ErrOtherLaw LinkErrorKind = "no provision of the link's law in the first 5"
	// ErrNear: ranked 6 to 10.
	ErrNear LinkErrorKind = "ranked 6 to 10"
	// ErrFar: ranked 11 to 50.
	ErrFar LinkErrorKind = "ranked 11 to 50"
	// ErrPast50: not among the first 50 (no words shared, as a rule).
	ErrPast50 LinkErrorKind = "not in the first 50"
)

// LinkErrorKinds lists every LinkErrorKind in report order.
var LinkErrorKinds = []LinkErrorKind{ErrBroadFirst, ErrNested, ErrDefinitionFirst, ErrOtherLaw, ErrNear, ErrFar, ErrPast50}

// BroadFirsts is how many of a state's links' obligations a provision must
// rank first for to count as broad.
const BroadFirsts = 3

// ErrorCounts counts the misses (over all texts) by kind, per state and
// in all, the most common first; kinds with none are left out.
func (ev *Evaluation) ErrorCounts() []ErrorCount {
	n := map[LinkErrorKind]*ErrorCount{}
	for _, l := range ev.Links {
		if l.Language != "" {
			continue
		}
		for _, m := range l.Misses {
			for _, k := range m.Kinds {
				if n[k] == nil {
					n[k] = &ErrorCount{Kind: k, ByState: map[string]int{}}
				}
				n[k].N++
				n[k].ByState[l.State]++
			}
		}
	}
	var out []ErrorCount
	for _, k := range LinkErrorKinds {
		if n[k] != nil {
			out = append(out, *n[k])
		}
	}
	slices.SortStableFunc(out, func(a, b ErrorCount) int { return cmp.Compare(b.N, a.N) })
	return out
}

// ErrorCount is how many misses are of a kind, in all and by state.
type ErrorCount struct {
	Kind    LinkErrorKind
	N       int
	ByState map[string]int
}

// CorrespondenceScore is precision at 1 of suggested correspondences.
type CorrespondenceScore struct {
	Source  int // correspondences whose basis is SOURCE
	Correct int // whose top suggestion is the one the source states
	// TextComparison counts the others, which are not scored: their
	// similarity was measured by the same function.
	TextComparison int
	// Accepted counts the correspondences held that a curator accepted
	// from a suggestion (acceptSuggestion) and an editor published.
	Accepted int
}

// Evaluate measures modality proposals, link suggestions (leave-one-out
// over the curated links of states, whose statutes' provisions are held)
// and correspondence suggestions over r.
func Evaluate(ctx context.Context, r graph.Reader, states []string) (*Evaluation, error) {
	provs, err := graph.All[*graph.Provision](ctx, r)
	if err != nil {
		return nil, err
	}
	obls, err := graph.All[*graph.Obligation](ctx, r)
	if err != nil {
		return nil, err
	}
	insts, err := graph.All[*graph.Instrument](ctx, r)
	if err != nil {
		return nil, err
	}
	instByID := map[string]*graph.Instrument{}
	for _, i := range insts {
		instByID[i.ID] = i
	}
	byID := map[string]*graph.Provision{}
	for _, p := range provs {
		byID[p.ID] = p
	}
	ev := &Evaluation{}
	evalModality(ev, obls, byID, instByID)
	for _, s := range states {
		scores, err := evalLinks(ctx, r, s, byID, provs, obls)
		if err != nil {
			return nil, fmt.Errorf("suggest.Evaluate %s: %w", s, err)
		}
		ev.Links = append(ev.Links, scores...)
	}
	for _, p := range provs {
		for _, c := range p.CorrespondsTo {
			if c.Suggestion != nil {
				ev.Correspondence.Accepted++
			}
			if c.Basis == graph.BasisTextComparison {
				ev.Correspondence.TextComparison++
				continue
			}
			ev.Correspondence.Source++
			if top := SuggestCorrespondences(p, provs, 1); len(top) == 1 && top[0].Provision.ID == c.ProvisionID {
				ev.Correspondence.Correct++
			}
		}
	}
	return ev, nil
}

// evalModality compares each curated obligation with the proposal in the
// same place among its provision's: the i-th obligation of a provision
// with the i-th proposal, or the last when there are fewer.
func evalModality(ev *Evaluation, obls []*graph.Obligation, provs map[string]*graph.Provision, insts map[string]*graph.Instrument) {
	byProv := map[string][]*graph.Obligation{}
	for _, o := range obls {
		byProv[o.ProvisionID] = append(byProv[o.ProvisionID], o)
	}
	for pid, os := range byProv {
		p := provs[pid]
		if p == nil {
			continue
		}
		slices.SortFunc(os, func(a, b *graph.Obligation) int { return cmp.Compare(oblNumber(a.ID), oblNumber(b.ID)) })
		props := ProposeForProvision(p, insts[p.InstrumentID])
		for i, o := range os {
			a := &ev.Before
			if o.InstrumentID == ProtocolID {
				a = &ev.Protocol
			}
			a.Total++
			verbatim := p.TextKind == graph.TextVerbatim
			if verbatim {
				a.Verbatim++
			}
			var got ProposedObligation
			if len(props) > 0 {
				got = props[min(i, len(props)-1)]
			} else {
				a.NoReading++
			}
			if got.Modality != "" {
				want := o.Nature
				if want == "" {
					want = graph.NatureDomesticMeasure
				}
				a.NatureTotal++
				if got.Nature == want {
					a.NatureAgreed++
				} else {
					a.NatureErrors = append(a.NatureErrors, ModalityError{Obligation: o.ID, WantNature: want, GotNature: got.Nature, Cues: got.Cues, TextKind: p.TextKind})
				}
			}
			if got.Modality == o.Modality {
				a.Agreed++
				if verbatim {
					a.VerbatimAgreed++
				}
				continue
			}
			a.Errors = append(a.Errors, ModalityError{Obligation: o.ID, Want: o.Modality, Got: got.Modality, Cues: got.Cues, TextKind: p.TextKind})
		}
	}
	for _, a := range []*ModalityAgreement{&ev.Before, &ev.Protocol} {
		slices.SortFunc(a.Errors, func(x, y ModalityError) int { return strings.Compare(x.Obligation, y.Obligation) })
		slices.SortFunc(a.NatureErrors, func(x, y ModalityError) int { return strings.Compare(x.Obligation, y.Obligation) })
	}
}

func oblNumber(id string) int {
	i := strings.LastIndex(id, "/obl_")
	n := 0
	fmt.Sscan(id[i+5:], &n)
	return n
}

// evalLinks scores link suggestion for one state. Leaving a link out
// hides its note and articles, the review summaries naming its sections
// and the state's links for corresponding obligations: the suggester
// reads none of them (only the obligation, its provision, the
// corresponding provisions and the statutes' texts), so each link's
// ranking is its leave-one-out ranking.
func evalLinks(ctx context.Context, r graph.Reader, state string, provs map[string]*graph.Provision, all []*graph.Provision, obls []*graph.Obligation) ([]LinkScore, error) {
	laws, err := graph.Related[*graph.Law](ctx, r, graph.RelStateLaws, state)
	if err != nil {
		return nil, err
	}
	oblByID := map[string]*graph.Obligation{}
	for _, o := range obls {
		oblByID[o.ID] = o
	}
	var held []*graph.StatuteProvision
	type link struct {
		impl  *graph.Implementation
		provs []*graph.StatuteProvision
	}
	var links []link
	for _, l := range laws {
		ps, err := graph.Related[*graph.StatuteProvision](ctx, r, graph.RelLawStatuteProvisions, l.ID)
		if err != nil {
			return nil, err
		}
		held = append(held, ps...)
		impls, err := graph.Related[*graph.Implementation](ctx, r, graph.RelLawImplementations, l.ID)
		if err != nil {
			return nil, err
		}
		for _, im := range impls {
			if len(ps) == 0 || oblByID[im.ObligationID] == nil {
				continue
			}
			lp := ProvisionsOf(graph.ResolveArticles(im, ps), ps)
			if len(lp) > 0 {
				links = append(links, link{im, lp})
			}
		}
	}
	if len(held) == 0 {
		return []LinkScore{{State: state}}, nil
	}
	ix, err := NewStatuteIndex(held)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	slices.SortFunc(links, func(a, b link) int { return strings.Compare(a.impl.ID, b.impl.ID) })
	// firsts counts, by provision, the obligations it is ranked first for
	// (over all texts), for ErrBroadFirst.
	firsts := map[string]map[string]bool{}
	var out []LinkScore
	for _, lang := range append([]string{""}, ix.Languages()...) {
		sc := LinkScore{State: state, Language: lang}
		var rr float64
		for _, l := range links {
			if lang != "" && !hasLanguage(l.provs, lang) {
				continue
			}
			o := oblByID[l.impl.ObligationID]
			p := provs[o.ProvisionID]
			q := LinkQuery{Obligation: o, Provision: p, Language: lang, First: 50}
			if p != nil {
				q.Corresponding = Corresponding(p, all)
				q.Defining = DefiningProvisions(p, all)
			}
			got, err := ix.Suggest(ctx, q)
			if err != nil {
				return nil, err
			}
			sc.Links++
			if lang == "" && len(got) > 0 {
				top := got[0].Provision.ID
				if firsts[top] == nil {
					firsts[top] = map[string]bool{}
				}
				firsts[top][o.ID] = true
			}
			rank := 0
			for i, s := range got {
				if slices.ContainsFunc(l.provs, func(x *graph.StatuteProvision) bool { return x.ID == s.Provision.ID }) {
					rank = i + 1
					break
				}
			}
			if rank > 0 {
				rr += 1 / float64(rank)
			}
			if rank >= 1 && rank <= 5 {
				sc.Hits++
			} else {
				m := LinkMiss{Link: l.impl.ID, Rank: rank}
				if len(got) > 0 {
					m.Top = got[0].Provision.ID
				}
				for _, p := range l.provs {
					m.Provided = append(m.Provided, p.ID)
				}
				m.Kinds = missKinds(ix, rank, got, l.provs, l.impl.LawID)
				sc.Misses = append(sc.Misses, m)
			}
		}
		for i, m := range sc.Misses {
			if len(firsts[m.Top]) >= BroadFirsts {
				sc.Misses[i].Kinds = append([]LinkErrorKind{ErrBroadFirst}, m.Kinds...)
			}
		}
		if sc.Links > 0 {
			sc.Recall5 = float64(sc.Hits) / float64(sc.Links)
			sc.MRR = rr / float64(sc.Links)
		}
		out = append(out, sc)
	}
	return out, nil
}

// ProvisionsOf is graph.ProvisionsOf: the provisions of held a resolution names.
func ProvisionsOf(res graph.ArticleResolution, held []*graph.StatuteProvision) []*graph.StatuteProvision {
	return graph.ProvisionsOf(res, held)
}

func hasLanguage(ps []*graph.StatuteProvision, lang string) bool {
	for _, p := range ps {
		for _, v := range p.Versions {
			if v.Language == lang && v.Text != "" {
				return true
			}
		}
	}
	return false
}

// missKinds are the kinds of a miss ranked rank (0 past 50) by got, of a
// link of law naming want; ErrBroadFirst is told once every link is ranked.
func missKinds(ix *StatuteIndex, rank int, got []SuggestedLink, want []*graph.StatuteProvision, law string) []LinkErrorKind {
	var out []LinkErrorKind
	top5 := got[:min(5, len(got))]
	if slices.ContainsFunc(top5, func(s SuggestedLink) bool {
		return slices.ContainsFunc(want, func(w *graph.StatuteProvision) bool { return nestedIn(s.Provision.ID, w.ID) })
	}) {
		out = append(out, ErrNested)
	}
	if len(got) > 0 && ix.defs[got[0].Provision.ID] {
		out = append(out, ErrDefinitionFirst)
	}
	if !slices.ContainsFunc(top5, func(s SuggestedLink) bool { return s.Provision.LawID == law }) {
		out = append(out, ErrOtherLaw)
	}
	switch {
	case rank == 0:
		out = append(out, ErrPast50)
	case rank <= 10:
		out = append(out, ErrNear)
	default:
		out = append(out, ErrFar)
	}
	return out
}

// nestedIn reports whether a is part of b or b of a.
func nestedIn(a, b string) bool {
	return strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}
