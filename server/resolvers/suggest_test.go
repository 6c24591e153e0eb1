package resolvers_test

import (
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestSuggest asks the three suggestion queries over HTTP, of the fixtures.
func TestSuggest(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	t.Run("OK", func(t *testing.T) {
		var data struct {
			ByID []struct {
				Addressee, Modality, Nature string
				Conditions, Cues            []string
			}
			ByText []struct {
				Modality string
				Cues     []string
			}
			Links []struct {
				Provision struct{ ID string }
				Score     float64
				Language  string
				Passages  []string
			}
			Corr []struct {
				Provision  struct{ ID string }
				Similarity float64
			}
		}
		servertest.MustData(t, servertest.Post(t, ts, `{
  byID: proposeObligations(provision: "untoc-tip-protocol-2000/art_6/para_3") { addressee modality nature conditions cues }
  byText: proposeObligations(text: "Each Party shall, subject to its domestic laws, consider not holding victims liable.") { modality cues }
  links: suggestLinks(obligation: "actip-2015/art_14/para_8/obl_1", state: "THA", first: 3) { provision { id } score language passages }
  corr: suggestCorrespondences(provision: "actip-2015/art_14/para_1", first: 2) { provision { id } similarity }
}`, nil), &data)
		if len(data.ByID) == 0 || data.ByID[0].Modality != "SOFT_OBLIGATION" || data.ByID[0].Addressee != "Each State Party" {
			t.Errorf("proposeObligations(provision): got %+v, want a SOFT_OBLIGATION of Each State Party", data.ByID)
		}
		if len(data.ByText) != 1 || data.ByText[0].Modality != "SOFT_OBLIGATION" {
			t.Errorf("proposeObligations(text): got %+v, want one SOFT_OBLIGATION", data.ByText)
		}
		if len(data.Links) != 3 {
			t.Fatalf("suggestLinks: got %d, want 3", len(data.Links))
		}
		for i, l := range data.Links {
			if !strings.HasPrefix(l.Provision.ID, "tha/") || l.Score <= 0 || len(l.Passages) == 0 {
				t.Errorf("suggestLinks[%d]: got %+v, want a THA provision with a score and passages", i, l)
			}
			if i > 0 && l.Score > data.Links[i-1].Score {
				t.Errorf("suggestLinks: not ranked: %v after %v", l.Score, data.Links[i-1].Score)
			}
		}
		if len(data.Corr) != 2 || !strings.HasPrefix(data.Corr[0].Provision.ID, "untoc-tip-protocol-2000/") || data.Corr[0].Similarity <= 0 {
			t.Errorf("suggestCorrespondences: got %+v, want the Protocol's provisions first", data.Corr)
		}
	})
	for _, c := range []struct{ name, query, code string }{
		{"ErrBoth", `{ proposeObligations(provision: "actip-2015/art_5", text: "x") { modality } }`, "BAD_USER_INPUT"},
		{"ErrNeither", `{ proposeObligations { modality } }`, "BAD_USER_INPUT"},
		{"ErrNoObligation", `{ suggestLinks(obligation: "nope", state: "IDN") { score } }`, "NOT_FOUND"},
		{"ErrNoState", `{ suggestLinks(obligation: "actip-2015/art_5/obl_1", state: "XXX") { score } }`, "NOT_FOUND"},
		{"ErrFirst", `{ suggestCorrespondences(provision: "actip-2015/art_5", first: 500) { similarity } }`, "BAD_USER_INPUT"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := servertest.Post(t, ts, c.query, nil).Code(); got != c.code {
				t.Errorf("code: got %q, want %q", got, c.code)
			}
		})
	}
}
