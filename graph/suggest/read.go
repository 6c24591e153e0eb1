package suggest

import (
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// The answers of the suggestion queries, read from a graph: each builds
// its query from the records once and hands it to the pure functions
// above. Every surface (GraphQL, the CLI, the evaluation) calls these.

// ObligationsFor proposes the obligations of the held provision
// provisionID, or of text when provisionID is empty. Exactly one must be
// given.
func ObligationsFor(ctx context.Context, r graph.Reader, provisionID, text string) ([]*ProposedObligation, error) {
	switch {
	case provisionID != "" && text != "":
		return nil, graph.Errorf(graph.EINVALID, "give a provision or a text, not both")
	case provisionID == "" && strings.TrimSpace(text) == "":
		return nil, graph.Errorf(graph.EINVALID, "give a provision or a text")
	case provisionID == "":
		return pointers(ProposeObligations(text)), nil
	}
	p, err := getProvision(ctx, r, provisionID)
	if err != nil {
		return nil, err
	}
	inst, err := graph.Get[*graph.Instrument](ctx, r, p.InstrumentID)
	if err != nil {
		inst = nil
	}
	return pointers(ProposeForProvision(p, inst)), nil
}

func getProvision(ctx context.Context, r graph.Reader, id string) (*graph.Provision, error) {
	p, err := graph.Get[*graph.Provision](ctx, r, id)
	if err != nil || p == nil {
		return nil, graph.Errorf(graph.ENOTFOUND, "no provision %q", id)
	}
	return p, nil
}

// MaxFirst is the most suggestions one question returns.
const MaxFirst = 50

func clampFirst(first int) (int, error) {
	if first < 0 || first > MaxFirst {
		return 0, graph.Errorf(graph.EINVALID, "invalid first %d: want 1 to %d", first, MaxFirst)
	}
	if first == 0 {
		return 5, nil
	}
	return first, nil
}

// LinkOptions are the choices of LinksFor.
type LinkOptions struct {
	First int // how many suggestions, 1 to MaxFirst; 5 when 0
	// IncludeDecided keeps the provisions curators have decided on for
	// the obligation and state, each marked (SuggestedLink.Decided);
	// without it they are left out.
	IncludeDecided bool
}

// LinksFor suggests the statute provisions of state that may implement
// the obligation obligationID, the first best. The provisions curators
// have decided on (Decisions) are left out unless opt.IncludeDecided.
func LinksFor(ctx context.Context, r graph.Reader, obligationID, state string, opt LinkOptions) ([]*SuggestedLink, error) {
	first, err := clampFirst(opt.First)
	if err != nil {
		return nil, err
	}
	o, err := graph.Get[*graph.Obligation](ctx, r, obligationID)
	if err != nil || o == nil {
		return nil, graph.Errorf(graph.ENOTFOUND, "no obligation %q", obligationID)
	}
	state = strings.ToUpper(strings.TrimSpace(state))
	if st, err := graph.Get[*graph.State](ctx, r, state); err != nil || st == nil {
		return nil, graph.Errorf(graph.ENOTFOUND, "no state %q", state)
	}
	held, err := StatuteProvisionsOf(ctx, r, state)
	if err != nil {
		return nil, err
	}
	if len(held) == 0 {
		return nil, nil
	}
	decided, err := Decisions(ctx, r, obligationID, state)
	if err != nil {
		return nil, err
	}
	ix, err := NewStatuteIndex(held)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	q := LinkQuery{Obligation: o, First: first}
	if !opt.IncludeDecided {
		q.First += len(decided) // as many left once they are
	}
	if p, err := graph.Get[*graph.Provision](ctx, r, o.ProvisionID); err == nil && p != nil {
		q.Provision = p
		all, err := graph.All[*graph.Provision](ctx, r)
		if err != nil {
			return nil, err
		}
		q.Corresponding = Corresponding(p, all)
		q.Defining = DefiningProvisions(p, all)
	}
	got, err := ix.Suggest(ctx, q)
	if err != nil {
		return nil, err
	}
	out := got[:0]
	for _, s := range got {
		if d, ok := decided[s.Provision.ID]; ok {
			if !opt.IncludeDecided {
				continue
			}
			s.Decided = &d
		}
		out = append(out, s)
	}
	if len(out) > first {
		out = out[:first]
	}
	return pointers(out), nil
}

// LinkDecision is what curators decided on a statute provision for one
// obligation and state.
type LinkDecision string

// The decisions, strongest first: a provision a held link names is
// LINKED whatever was said of it as a suggestion.
const (
	LinkLinked   LinkDecision = "LINKED"   // a held link names it
	LinkAccepted LinkDecision = "ACCEPTED" // accepted as a draft link (SUGGESTION_ACCEPTED)
	LinkRejected LinkDecision = "REJECTED" // rejected (SUGGESTION_REJECTED)
)

// LinkDecisions lists every LinkDecision.
var LinkDecisions = []LinkDecision{LinkLinked, LinkAccepted, LinkRejected}

func (v LinkDecision) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(v))) }
func (v *LinkDecision) UnmarshalGQL(x any) error {
	s, _ := x.(string)
	d, err := graph.ParseEnum("LinkDecision", LinkDecisions, s)
	if err != nil {
		return err
	}
	*v = d
	return nil
}

// actLog is a store that keeps the audit log of acts.
type actLog interface {
	Acts(ctx context.Context, limit int) ([]*graph.AuditEntry, error)
}

// Decisions returns, by statute provision, what curators decided on it
// for the obligation obligationID and state: LINKED for the provisions the
// held links of the state's laws to the obligation name; else the latest
// of the audit log's SUGGESTION_ACCEPTED and SUGGESTION_REJECTED of a
// LINK suggestion for them (none when r keeps no audit log).
func Decisions(ctx context.Context, r graph.Reader, obligationID, state string) (map[string]LinkDecision, error) {
	out := map[string]LinkDecision{}
	if log, ok := r.(actLog); ok {
		acts, err := log.Acts(ctx, 0)
		if err != nil {
			return nil, err
		}
		for _, a := range acts { // newest first: the first said of a target stands
			d := a.Details
			if d["kind"] != string(graph.SuggestionLink) || d["obligation"] != obligationID || d["state"] != state || d["target"] == "" {
				continue
			}
			if _, seen := out[d["target"]]; seen {
				continue
			}
			switch a.Act {
			case graph.ActSuggestionAccepted:
				out[d["target"]] = LinkAccepted
			case graph.ActSuggestionRejected:
				out[d["target"]] = LinkRejected
			}
		}
	}
	laws, err := graph.Related[*graph.Law](ctx, r, graph.RelStateLaws, state)
	if err != nil {
		return nil, err
	}
	for _, l := range laws {
		impls, err := graph.Related[*graph.Implementation](ctx, r, graph.RelLawImplementations, l.ID)
		if err != nil {
			return nil, err
		}
		var ps []*graph.StatuteProvision
		for _, im := range impls {
			if im.ObligationID != obligationID {
				continue
			}
			if ps == nil {
				if ps, err = graph.Related[*graph.StatuteProvision](ctx, r, graph.RelLawStatuteProvisions, l.ID); err != nil {
					return nil, err
				}
			}
			for _, p := range ProvisionsOf(graph.ResolveArticles(im, ps), ps) {
				out[p.ID] = LinkLinked
			}
		}
	}
	return out, nil
}

// StatuteProvisionsOf returns the statute provisions held for every law
// of state.
func StatuteProvisionsOf(ctx context.Context, r graph.Reader, state string) ([]*graph.StatuteProvision, error) {
	laws, err := graph.Related[*graph.Law](ctx, r, graph.RelStateLaws, state)
	if err != nil {
		return nil, err
	}
	var out []*graph.StatuteProvision
	for _, l := range laws {
		ps, err := graph.Related[*graph.StatuteProvision](ctx, r, graph.RelLawStatuteProvisions, l.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// CorrespondencesFor suggests the provisions of other instruments most
// like the provision provisionID, the first most similar.
func CorrespondencesFor(ctx context.Context, r graph.Reader, provisionID string, first int) ([]*SuggestedCorrespondence, error) {
	first, err := clampFirst(first)
	if err != nil {
		return nil, err
	}
	p, err := getProvision(ctx, r, provisionID)
	if err != nil {
		return nil, err
	}
	all, err := graph.All[*graph.Provision](ctx, r)
	if err != nil {
		return nil, err
	}
	return pointers(SuggestCorrespondences(p, all, first)), nil
}

func pointers[T any](xs []T) []*T {
	out := make([]*T, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}
