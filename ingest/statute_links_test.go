package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// TestLinkProvisionsResolved lists, for each state of the embedded corpus,
// how many of its implementation links rest on held statute provisions
// (N of M), and each link that does not, with the article and the reason
// (run with -v to read it). It holds the counts to what every link says
// of itself: resolved links name provisions and no unresolved article.
func TestLinkProvisionsResolved(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		t.Fatal(err)
	}
	states, err := graph.All[*graph.State](ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, st := range states {
		r, err := graph.ResolveStateLinks(ctx, s, st.Code)
		if err != nil {
			t.Fatal(err)
		}
		total += r.Resolved
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %d of %d links resolved to held statute provisions (%d partly)", r.State, r.Resolved, r.Links, r.Partly)
		for _, u := range r.Unresolved {
			var why []string
			for _, a := range u.Unresolved {
				why = append(why, strings.TrimPrefix(a.Article+": "+a.Reason, ": "))
			}
			fmt.Fprintf(&b, "\n  %s: %s", u.LinkID, strings.Join(why, "; "))
		}
		t.Log(b.String())
		if r.Resolved+len(r.Unresolved) != r.Links {
			t.Errorf("%s: got %d resolved and %d not, want %d links in all", r.State, r.Resolved, len(r.Unresolved), r.Links)
		}
	}
	// Law 21/2007's Pasal 18 is held: the non-punishment link rests on it.
	link, err := graph.Get[*graph.Implementation](ctx, s, "idn/law-21-2007/implements/actip-2015/art_14/para_7/obl_1")
	if err != nil {
		t.Fatal(err)
	}
	ps, res, err := graph.LinkProvisions(ctx, s, link)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resolved() || len(ps) != 1 || ps[0].ID != "idn/law-21-2007/art_18" {
		t.Errorf("got %v, unresolved %+v, want idn/law-21-2007/art_18 alone", ps, res.Unresolved)
	}
	if total == 0 {
		t.Error("got no link resolved in the corpus, want some")
	}
}
