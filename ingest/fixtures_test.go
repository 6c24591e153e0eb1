package ingest_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// TestLoadEmbedded loads the real, embedded fixtures and checks sourced
// facts through the graph API and the engine.
func TestLoadEmbedded(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	res, err := ingest.LoadEmbedded(ctx, s)
	if err != nil {
		t.Fatalf("LoadEmbedded: %v", err)
	}
	if len(res.Added) == 0 {
		t.Fatal("got no nodes added, want the corpus")
	}

	t.Run("OKIdempotent", func(t *testing.T) {
		res, err := ingest.LoadEmbedded(ctx, s)
		if err != nil {
			t.Fatalf("LoadEmbedded: %v", err)
		}
		if n := len(res.Added) + len(res.Changed) + len(res.Removed); n != 0 {
			t.Errorf("got %d nodes added, changed or removed by a second load, want 0", n)
		}
	})

	t.Run("OKActipStatedEntryIntoForce", func(t *testing.T) {
		in, err := graph.Get[*graph.Instrument](ctx, s, "actip-2015")
		if err != nil {
			t.Fatal(err)
		}
		if want := graph.MustDate("2017-03-08"); in.EntryIntoForce != want || len(in.EntryIntoForceSources) == 0 {
			t.Errorf("got stated entry into force %s with %d sources, want %s with sources", in.EntryIntoForce, len(in.EntryIntoForceSources), want)
		}
		if in.Rule.Ratifications != 6 {
			t.Errorf("got %d ratifications in the rule, want 6", in.Rule.Ratifications)
		}
	})

	t.Run("OKPhilippinesDeposit", func(t *testing.T) {
		acts, err := graph.Related[*graph.StateAction](ctx, s, graph.RelInstrumentActions, "actip-2015")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(acts, func(a *graph.StateAction) bool {
			return a.StateCode == "PHL" && a.Kind == graph.ActionRatification
		})
		if i < 0 {
			t.Fatalf("got no Philippine ratification among %d actions on actip-2015, want one", len(acts))
		}
		if got, want := acts[i].Deposited, graph.MustDate("2017-02-07"); got != want {
			t.Errorf("got PHL deposit %s, want %s", got, want)
		}
	})

	t.Run("OKIndonesiaCriminalises", func(t *testing.T) {
		impls, err := graph.Related[*graph.Implementation](ctx, s, graph.RelLawImplementations, "idn/law-21-2007")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, impl := range impls {
			ob, err := graph.Get[*graph.Obligation](ctx, s, impl.ObligationID)
			if err != nil {
				t.Fatal(err)
			}
			if ob.InstrumentID == "actip-2015" && slices.Contains(ob.Themes, graph.ThemeCriminalisation) {
				found = true
			}
		}
		if !found {
			t.Errorf("got %d implementations by idn/law-21-2007 and none of an ACTIP criminalisation obligation, want one", len(impls))
		}
	})

	t.Run("OKCorrespondencesByTextComparison", func(t *testing.T) {
		provs, err := graph.All[*graph.Provision](ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]*graph.Provision{}
		for _, p := range provs {
			byID[p.ID] = p
		}
		for _, p := range provs {
			for _, c := range p.CorrespondsTo {
				if c.Basis != graph.BasisTextComparison {
					continue
				}
				q := byID[c.ProvisionID]
				if q == nil || q.TextKind != graph.TextVerbatim || p.TextKind != graph.TextVerbatim {
					t.Errorf("%s -> %s: texts compared, want both held VERBATIM", p.ID, c.ProvisionID)
					continue
				}
				if got := math.Round(wordSimilarity(p.Text, q.Text)*100) / 100; got != c.Similarity {
					t.Errorf("%s -> %s: got similarity %.2f from the texts, the fixture says %.2f", p.ID, c.ProvisionID, got, c.Similarity)
				}
			}
		}
	})

	t.Run("OKEngine", func(t *testing.T) {
		e := graph.NewEngine(s)
		ef, err := e.EntryIntoForce(ctx, "actip-2015")
		if err != nil {
			t.Fatal(err)
		}
		if want := graph.MustDate("2017-03-08"); ef.Date != want {
			t.Errorf("got ACTIP in force %s, want %s (reasons %q)", ef.Date, want, ef.Reasons)
		}
		rows, err := e.RatificationTable(ctx, "actip-2015", graph.MustDate("2016-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		var ratified []string
		for _, r := range rows {
			if !r.Ratified.IsZero() || !r.Deposited.IsZero() {
				ratified = append(ratified, r.StateCode)
			}
		}
		if want := []string{"KHM", "SGP", "THA"}; !slices.Equal(ratified, want) {
			t.Errorf("got ratified by 2016-12-31 %q, want %q", ratified, want)
		}
	})
}

// wordSimilarity is the similarity fixtures/README.md defines for a
// correspondence by comparison of texts: 1 minus the word-level Levenshtein
// distance between a and b divided by the longer one's length in words,
// where words are runs of letters and digits, lower-cased.
func wordSimilarity(a, b string) float64 {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	x, y := words(a), words(b)
	if len(x) == 0 && len(y) == 0 {
		return 1
	}
	prev := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur := make([]int, len(y)+1)
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			sub := prev[j-1]
			if x[i-1] != y[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev = cur
	}
	return 1 - float64(prev[len(y)])/float64(max(len(x), len(y)))
}
