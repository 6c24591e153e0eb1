package resolvers_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph/suggest"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestSuggestionEvaluation asks for the evaluation over HTTP and holds it
// to the evaluation the CLI prints (suggest.Evaluate over the same store).
func TestSuggestionEvaluation(t *testing.T) {
	store := servertest.MustOpenFixtures(t)
	ts := servertest.NewHTTP(t, server.New(store, server.DefaultConfig()))
	want, err := suggest.Evaluate(context.Background(), store, []string{"IDN", "THA"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		type agreement struct {
			Total, Agreed, Verbatim, NoReading int
			Errors                             []struct {
				Obligation, Want string
				Got              *string
				Cues             []string
			}
		}
		var data struct {
			SuggestionEvaluation struct {
				Before, Protocol agreement
				Links            []struct {
					State    string
					Language *string
					Links    int
					Hits     int
					Recall5  float64
					Mrr      float64
					Misses   []struct {
						Link  string
						Rank  *int
						Kinds []string
					}
				}
				ErrorCounts []struct {
					Kind    string
					N       int
					ByState []struct {
						State string
						N     int
					}
				}
				Correspondence struct {
					Source, TextComparison int
					PrecisionAt1           *float64
				}
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{ suggestionEvaluation(states: ["idn", "THA", "IDN"]) {
  before { total agreed verbatim noReading errors { obligation want got cues } }
  protocol { total agreed verbatim noReading errors { obligation want got cues } }
  links { state language links hits recall5 mrr misses { link rank kinds } }
  errorCounts { kind n byState { state n } }
  correspondence { source textComparison precisionAt1 }
} }`, nil), &data)
		ev := data.SuggestionEvaluation
		if ev.Before.Total != want.Before.Total || ev.Before.Agreed != want.Before.Agreed || ev.Protocol.Agreed != want.Protocol.Agreed || len(ev.Before.Errors) != len(want.Before.Errors) {
			t.Errorf("modality agreement: got %+v / %+v, want %+v / %+v", ev.Before, ev.Protocol, want.Before, want.Protocol)
		}
		for i, e := range ev.Before.Errors {
			w := want.Before.Errors[i]
			if e.Obligation != w.Obligation || e.Want != string(w.Want) || (e.Got == nil) != (w.Got == "") || len(e.Cues) != len(w.Cues) {
				t.Errorf("modality error %d: got %+v, want %+v", i, e, w)
			}
		}
		if len(ev.Links) != len(want.Links) {
			t.Fatalf("links: got %d scores, want %d", len(ev.Links), len(want.Links))
		}
		states := map[string]bool{}
		for i, l := range ev.Links {
			w := want.Links[i]
			states[l.State] = true
			if l.State != w.State || (l.Language == nil) != (w.Language == "") || l.Links != w.Links || l.Hits != w.Hits ||
				math.Abs(l.Recall5-w.Recall5) > 1e-9 || math.Abs(l.Mrr-w.MRR) > 1e-9 || len(l.Misses) != len(w.Misses) {
				t.Errorf("links[%d]: got %+v, want %+v", i, l, w)
			}
			for j, m := range l.Misses {
				if m.Link != w.Misses[j].Link || (m.Rank == nil) != (w.Misses[j].Rank == 0) || len(m.Kinds) != len(w.Misses[j].Kinds) {
					t.Errorf("links[%d].misses[%d]: got %+v, want %+v", i, j, m, w.Misses[j])
				}
			}
		}
		if len(states) != 2 || !states["IDN"] || !states["THA"] {
			t.Errorf("states: got %v, want IDN and THA once each (codes normalised, repeats dropped)", states)
		}
		counts := want.ErrorCounts()
		if len(ev.ErrorCounts) != len(counts) {
			t.Fatalf("errorCounts: got %d kinds, want %d", len(ev.ErrorCounts), len(counts))
		}
		for i, c := range ev.ErrorCounts {
			sum := 0
			for _, s := range c.ByState {
				sum += s.N
				if s.N != counts[i].ByState[s.State] {
					t.Errorf("errorCounts[%d] %s: got %d, want %d", i, s.State, s.N, counts[i].ByState[s.State])
				}
			}
			if c.Kind != string(counts[i].Kind) || c.N != counts[i].N || sum != c.N {
				t.Errorf("errorCounts[%d]: got %+v, want %+v", i, c, counts[i])
			}
		}
		cs := ev.Correspondence
		if cs.Source != want.Correspondence.Source || cs.TextComparison != want.Correspondence.TextComparison || (cs.PrecisionAt1 == nil) != (want.Correspondence.Source == 0) {
			t.Errorf("correspondence: got %+v, want %+v (precisionAt1 null exactly when nothing has a source basis)", cs, want.Correspondence)
		}
	})
	for _, c := range []struct{ name, query, code string }{
		{"ErrNoState", `{ suggestionEvaluation(states: ["XXX"]) { links { hits } } }`, "NOT_FOUND"},
		{"ErrTooMany", `{ suggestionEvaluation(states: [` + strings.Repeat(`"IDN",`, 11) + `]) { links { hits } } }`, "BAD_USER_INPUT"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := servertest.Post(t, ts, c.query, nil).Code(); got != c.code {
				t.Errorf("code: got %q, want %q", got, c.code)
			}
		})
	}
}
