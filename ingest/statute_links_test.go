package ingest_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
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

// TestCriminalCodeTakesOverPasal2 reads the Criminal Code (Law No. 1 of
// 2023) in the embedded corpus: from 2 January 2026 its Pasal 455 is the
// trafficking offence and Law 21/2007's Pasal 2 has no text in force, so an
// answer as of a day quotes the Code's words only from that day.
func TestCriminalCodeTakesOverPasal2(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		t.Fatal(err)
	}
	quote := func(t *testing.T, linkID, asOf string) map[string]*graph.QuotedStatuteProvision {
		t.Helper()
		link, err := graph.Get[*graph.Implementation](ctx, s, linkID)
		if err != nil {
			t.Fatal(err)
		}
		ps, res, err := graph.LinkProvisions(ctx, s, link)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Resolved() {
			t.Fatalf("%s: unresolved %+v, want every article resolved", linkID, res.Unresolved)
		}
		out := map[string]*graph.QuotedStatuteProvision{}
		for _, q := range graph.Quote(ps, graph.MustDate(asOf)) {
			out[q.Provision.ID] = q
		}
		return out
	}
	const code = "idn/law-1-2023/implements/actip-2015/art_5/obl_1"
	const old = "idn/law-21-2007/implements/actip-2015/art_5/obl_1"

	t.Run("OKPasal455From2026", func(t *testing.T) {
		q := quote(t, code, "2026-06-01")
		for _, id := range []string{"idn/law-1-2023/art_455", "idn/law-1-2023/art_622/para_1/point_q", "idn/law-1-2023/art_622/para_9"} {
			if q[id] == nil {
				t.Fatalf("got provisions %v, want %s among them", slices.Collect(maps.Keys(q)), id)
			}
		}
		v := q["idn/law-1-2023/art_455"].Version
		if v == nil || v.TextKind != graph.TextVerbatim || !strings.Contains(v.Text, "untuk tujuan mengeksploitasi orang tersebut") {
			t.Errorf("got Pasal 455 as of 2026-06-01 %+v, want its verbatim words", v)
		}
		if v := q["idn/law-1-2023/art_622/para_9"].Version; v == nil || !strings.Contains(v.Text, "diganti dengan Pasal 455") {
			t.Errorf("got Pasal 622(9) as of 2026-06-01 %+v, want the words that redirect to Pasal 455", v)
		}
	})

	t.Run("OKNoCodeTextBefore2026", func(t *testing.T) {
		for id, q := range quote(t, code, "2026-01-01") {
			if q.Version != nil || q.Note != graph.NoVersionNote {
				t.Errorf("%s as of 2026-01-01: got version %+v, note %q, want none held", id, q.Version, q.Note)
			}
		}
	})

	t.Run("OKPasal2EndsOnTheCodesDay", func(t *testing.T) {
		const pasal2 = "idn/law-21-2007/art_2"
		if q := quote(t, old, "2026-01-01")[pasal2]; q == nil || q.Version == nil {
			t.Errorf("got Pasal 2 as of 2026-01-01 %+v, want its summary", q)
		}
		if q := quote(t, old, "2026-01-02")[pasal2]; q == nil || q.Version != nil {
			t.Errorf("got Pasal 2 as of 2026-01-02 %+v, want no version in force", q)
		}
	})
}

// TestMalaysiaCouncilFunctionsSpanA1385 reads a link that spans Act
// A1385's substitution of s. 7 of Act 670 (in force 2010-11-15): before it
// the link quotes the 2007 paragraphs of s. 7(2) in English, after it the
// paragraphs of the substituted s. 7(1) in Malay, never the other period's.
func TestMalaysiaCouncilFunctionsSpanA1385(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		t.Fatal(err)
	}
	link, err := graph.Get[*graph.Implementation](ctx, s, "mys/act-670/implements/actip-2015/art_14/para_1/obl_2")
	if err != nil {
		t.Fatal(err)
	}
	ps, res, err := graph.LinkProvisions(ctx, s, link)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resolved() {
		t.Fatalf("got unresolved %+v, want the link's provisions held", res.Unresolved)
	}
	old := []string{"mys/act-670/sec_7/subsec_2/para_c", "mys/act-670/sec_7/subsec_2/para_d"}
	substituted := []string{"mys/act-670/sec_7/subsec_1/para_e", "mys/act-670/sec_7/subsec_1/para_h"}
	for _, tc := range []struct {
		name, asOf, lang string
		quoted, none     []string
	}{
		{"OK2007TextBeforeA1385", "2010-11-14", "en", old, substituted},
		{"OKSubstitutedTextFromA1385", "2010-11-15", "ms", substituted, old},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := map[string]*graph.QuotedStatuteProvision{}
			for _, p := range graph.Quote(ps, graph.MustDate(tc.asOf)) {
				q[p.Provision.ID] = p
			}
			for _, id := range tc.quoted {
				if q[id] == nil || q[id].Version == nil || q[id].Version.Language != tc.lang {
					t.Errorf("%s as of %s: got %+v, want a version in %q", id, tc.asOf, q[id], tc.lang)
				}
			}
			for _, id := range tc.none {
				if q[id] == nil || q[id].Version != nil {
					t.Errorf("%s as of %s: got %+v, want the provision listed with no version", id, tc.asOf, q[id])
				}
			}
		})
	}
}

// TestMalaysiaA1644SubstitutesSection13 reads Act 670's s. 13 in the
// embedded corpus across Act A1644 (in force 2022-02-22), which
// substituted it: each day gets the text in force that day.
func TestMalaysiaA1644SubstitutesSection13(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		t.Fatal(err)
	}
	p, err := graph.Get[*graph.StatuteProvision](ctx, s, "mys/act-670/sec_13")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ asOf, madeBy, words string }{
		{"2022-02-21", "as enacted", "by one or more of the following means"},
		{"2022-02-22", "as amended by Act A1644", "imprisonment for life"},
	} {
		v := p.VersionOn(graph.MustDate(tc.asOf))
		if v == nil || v.MadeBy != tc.madeBy || !strings.Contains(v.Text, tc.words) {
			t.Errorf("s. 13 as of %s: got %+v, want the version %s with %q", tc.asOf, v, tc.madeBy, tc.words)
		}
	}
	law, err := graph.Get[*graph.Law](ctx, s, "mys/act-a1644")
	if err != nil {
		t.Fatal(err)
	}
	if want := graph.MustDate("2022-02-22"); law.InForce != want || !slices.Contains(law.AmendsIDs, "mys/act-670") {
		t.Errorf("got Act A1644 in force %s amending %v, want %s amending mys/act-670", law.InForce, law.AmendsIDs, want)
	}
}
