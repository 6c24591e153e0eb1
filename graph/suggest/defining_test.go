package suggest_test

import (
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/suggest"
)

// TestDefiningProvisions: an obligation to criminalise "the conduct set
// forth in article 3" is read with its instrument's article 3, not another
// instrument's, and a provision without such a reference gets none.
func TestDefiningProvisions(t *testing.T) {
	def := &graph.Provision{ID: "p/art_3", InstrumentID: "p", Text: "\"Trafficking in persons\" shall mean the recruitment ..."}
	other := &graph.Provision{ID: "q/art_3", InstrumentID: "q", Text: "Another instrument's article 3."}
	crim := &graph.Provision{ID: "p/art_5/para_1", InstrumentID: "p", Text: "Each State Party shall establish as criminal offences the conduct set forth in article 3 of this Protocol."}
	plain := &graph.Provision{ID: "p/art_6/para_1", InstrumentID: "p", Text: "Each State Party shall protect the privacy of victims."}
	all := []*graph.Provision{def, other, crim, plain}
	if got := suggest.DefiningProvisions(crim, all); len(got) != 1 || got[0] != def {
		t.Errorf("DefiningProvisions(art 5(1)) = %v, want only p/art_3", got)
	}
	if got := suggest.DefiningProvisions(plain, all); len(got) != 0 {
		t.Errorf("DefiningProvisions(art 6(1)) = %v, want none", got)
	}
	if got := suggest.DefiningProvisions(nil, all); got != nil {
		t.Errorf("DefiningProvisions(nil) = %v, want nil", got)
	}
}
