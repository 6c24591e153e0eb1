package graph

import (
	"context"
	"slices"
	"strings"
)

// LinkProvisions returns the statute provisions an implementation link
// rests on (ResolveArticles), read from r, in the order the resolution
// gives them, with the resolution.
func LinkProvisions(ctx context.Context, r Reader, link *Implementation) ([]*StatuteProvision, ArticleResolution, error) {
	held, err := Related[*StatuteProvision](ctx, r, RelLawStatuteProvisions, link.LawID)
	if err != nil {
		return nil, ArticleResolution{}, err
	}
	res := ResolveArticles(link, held)
	return ProvisionsOf(res, held), res, nil
}

// ProvisionsOf returns the provisions of held that res names, in its order.
func ProvisionsOf(res ArticleResolution, held []*StatuteProvision) []*StatuteProvision {
	out := make([]*StatuteProvision, 0, len(res.ProvisionIDs))
	for _, id := range res.ProvisionIDs {
		if i := slices.IndexFunc(held, func(p *StatuteProvision) bool { return p.ID == id }); i >= 0 {
			out = append(out, held[i])
		}
	}
	return out
}

// LinkResolutions says, for one state, how many of its implementation
// links rest on held statute provisions, and why the rest do not.
type LinkResolutions struct {
	State    string
	Links    int
	Resolved int // every article resolved, or provisions named
	Partly   int // some articles resolved, not all
	// Unresolved lists every link not fully resolved, by id, with the
	// articles that did not resolve and why.
	Unresolved []LinkResolution
}

// LinkResolution is one link's resolution.
type LinkResolution struct {
	LinkID string
	ArticleResolution
}

// ResolveStateLinks resolves every implementation link of the state's laws
// against the statute provisions held.
func ResolveStateLinks(ctx context.Context, r Reader, state string) (*LinkResolutions, error) {
	laws, err := Related[*Law](ctx, r, RelStateLaws, state)
	if err != nil {
		return nil, err
	}
	out := &LinkResolutions{State: state}
	for _, l := range laws {
		links, err := Related[*Implementation](ctx, r, RelLawImplementations, l.ID)
		if err != nil {
			return nil, err
		}
		held, err := Related[*StatuteProvision](ctx, r, RelLawStatuteProvisions, l.ID)
		if err != nil {
			return nil, err
		}
		for _, link := range links {
			out.Links++
			res := ResolveArticles(link, held)
			switch {
			case res.Resolved():
				out.Resolved++
				continue
			case len(res.ProvisionIDs) > 0:
				out.Partly++
			}
			out.Unresolved = append(out.Unresolved, LinkResolution{LinkID: link.ID, ArticleResolution: res})
		}
	}
	slices.SortFunc(out.Unresolved, func(a, b LinkResolution) int { return strings.Compare(a.LinkID, b.LinkID) })
	return out, nil
}

// QuoteLink returns the provisions link rests on, among held (its law's
// statute provisions), as quoted on asOf; a zero asOf means today.
func QuoteLink(link *Implementation, held []*StatuteProvision, asOf Date) []*QuotedStatuteProvision {
	return Quote(ProvisionsOf(ResolveArticles(link, held), held), DayOrToday(asOf))
}

// DayOrToday returns d, or today when d is zero: the day an as-of
// question without a day asks about.
func DayOrToday(d Date) Date {
	if d.IsZero() {
		return Today()
	}
	return d
}
