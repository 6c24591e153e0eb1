package suggest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/suggest"
)

func TestProposeObligations(t *testing.T) {
	tests := []struct {
		name, text string
		want       []graph.Modality
		addressee  string
		nature     graph.ObligationNature
		conditions []string
	}{
		{"OKShall", "Each Party shall adopt such legislative and other measures as may be necessary to establish as criminal offences the conduct.",
			[]graph.Modality{graph.ModalityObligation}, "Each Party", graph.NatureDomesticMeasure, nil},
		{"OKShallNot", "States Parties shall not refuse a request on the sole ground that the offence involves fiscal matters.",
			[]graph.Modality{graph.ModalityObligation}, "States Parties", graph.NatureInterState, nil},
		{"OKQualified", "In appropriate cases and to the extent possible under its domestic law, each State Party shall protect the privacy of victims.",
			[]graph.Modality{graph.ModalityObligation}, "each State Party", graph.NatureDomesticMeasure, []string{"In appropriate cases", "to the extent possible under its domestic law"}},
		{"OKConsiderAfterAside", "Each Party shall, subject to its domestic laws, rules, regulations and policies, and in appropriate cases, consider not holding victims liable.",
			[]graph.Modality{graph.ModalitySoftObligation}, "Each Party", graph.NatureDomesticMeasure, []string{"subject to its domestic laws", "in appropriate cases"}},
		{"OKEndeavour", "States Parties shall endeavour to undertake measures such as research.", []graph.Modality{graph.ModalitySoftObligation}, "States Parties", graph.NatureDomesticMeasure, nil},
		{"OKShouldAndMay", "States Parties should cooperate with one another. Each Party may collaborate with NGOs.",
			[]graph.Modality{graph.ModalityRecommendation, graph.ModalityPermission}, "States Parties", graph.NatureInterState, nil},
		{"OKPassive", "Such identification shall be notified to the sending Party without unreasonable delay by the receiving Party.",
			[]graph.Modality{graph.ModalityObligation}, "the receiving Party", graph.NatureDomesticMeasure, []string{"without unreasonable delay"}},
		{"OKDefinition", `"Child" shall mean any person under eighteen years of age.`, nil, "", "", nil},
		{"OKSavingClause", "Nothing in this Protocol shall affect the rights, obligations and responsibilities of States.", nil, "", "", nil},
		{"OKFinalClause", "This Protocol shall enter into force on the ninetieth day after the deposit.", nil, "", "", nil},
		{"OKAsMayBe", "Each Party shall take such measures as may be necessary.", []graph.Modality{graph.ModalityObligation}, "Each Party", graph.NatureDomesticMeasure, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := suggest.ProposeObligations(tt.text)
			var mods []graph.Modality
			for _, p := range got {
				mods = append(mods, p.Modality)
			}
			if !slices.Equal(mods, tt.want) {
				t.Fatalf("modalities: got %v, want %v (%+v)", mods, tt.want, got)
			}
			if len(got) == 0 {
				return
			}
			if got[0].Addressee != tt.addressee {
				t.Errorf("addressee: got %q, want %q", got[0].Addressee, tt.addressee)
			}
			if got[0].Nature != tt.nature {
				t.Errorf("nature: got %s, want %s (cues %v)", got[0].Nature, tt.nature, got[0].Cues)
			}
			if tt.conditions != nil && !slices.Equal(got[0].Conditions, tt.conditions) {
				t.Errorf("conditions: got %q, want %q", got[0].Conditions, tt.conditions)
			}
			if len(got[0].Cues) == 0 {
				t.Error("no cues")
			}
		})
	}
}

// The similarity is the one the fixtures record for TEXT_COMPARISON
// correspondences: every recorded value is reproduced.
func TestWordSimilarityReproducesFixtures(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	provs, err := graph.All[*graph.Provision](ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*graph.Provision{}
	for _, p := range provs {
		byID[p.ID] = p
	}
	n := 0
	for _, p := range provs {
		for _, c := range p.CorrespondsTo {
			if c.Basis != graph.BasisTextComparison {
				continue
			}
			n++
			if got := suggest.WordSimilarity(p.Text, byID[c.ProvisionID].Text); got != c.Similarity {
				t.Errorf("%s ~ %s: got %.2f, want %.2f", p.ID, c.ProvisionID, got, c.Similarity)
			}
			top := suggest.SuggestCorrespondences(p, provs, 1)
			if len(top) != 1 || top[0].Provision.ID != c.ProvisionID {
				t.Logf("%s: first suggestion %v, recorded %s", p.ID, top, c.ProvisionID)
			}
		}
	}
	if n == 0 {
		t.Fatal("no TEXT_COMPARISON correspondence in the fixtures")
	}
}
