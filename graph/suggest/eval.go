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
			}
			got, err := ix.Suggest(ctx, q)
			if err != nil {
				return nil, err
			}
			sc.Links++
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
				sc.Misses = append(sc.Misses, m)
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
