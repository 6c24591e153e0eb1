package suggest

import (
	"context"
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

// LinksFor suggests the statute provisions of state that may implement
// the obligation obligationID, the first best.
func LinksFor(ctx context.Context, r graph.Reader, obligationID, state string, first int) ([]*SuggestedLink, error) {
	first, err := clampFirst(first)
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
	ix, err := NewStatuteIndex(held)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	q := LinkQuery{Obligation: o, First: first}
	if p, err := graph.Get[*graph.Provision](ctx, r, o.ProvisionID); err == nil && p != nil {
		q.Provision = p
		all, err := graph.All[*graph.Provision](ctx, r)
		if err != nil {
			return nil, err
		}
		q.Corresponding = Corresponding(p, all)
	}
	got, err := ix.Suggest(ctx, q)
	return pointers(got), err
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
