package suggest_test

import (
	"context"
	"strings"
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

func statuteProvision(id, text string) *graph.StatuteProvision {
	return &graph.StatuteProvision{ID: id, LawID: "xyz/law-1-2000", Versions: []graph.StatuteProvisionVersion{
		{Text: text, TextKind: graph.TextVerbatim, Language: "en", Edition: graph.EditionOfficial},
	}}
}

// TestSuggestNearSameNested: a section whose one subsection says what it
// says is suggested once, not again as its subsection, and the place goes
// to the next provision.
func TestSuggestNearSameNested(t *testing.T) {
	ps := []*graph.StatuteProvision{
		statuteProvision("xyz/law-1-2000/sec_20", "The Minister shall facilitate the return of a trafficked person to the country of origin."),
		statuteProvision("xyz/law-1-2000/sec_20/subsec_1", "The Minister shall facilitate the return of a trafficked person to the country of origin."),
		statuteProvision("xyz/law-1-2000/sec_21", "The return of a victim shall have due regard for the safety of that person."),
		statuteProvision("xyz/law-1-2000/sec_22", "Any person who traffics in persons commits an offence."),
	}
	ix, err := suggest.NewStatuteIndex(ps)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	o := &graph.Obligation{ID: "i/art_8/para_1/obl_1", Summary: "The Minister shall facilitate the return of a trafficked person to the country of origin."}
	got, err := ix.Suggest(context.Background(), suggest.LinkQuery{Obligation: o, First: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range got {
		ids = append(ids, s.Provision.ID)
	}
	if len(ids) != 2 || ids[1] != "xyz/law-1-2000/sec_21" || !strings.HasPrefix(ids[0], "xyz/law-1-2000/sec_20") {
		t.Errorf("suggested %v, want section 20 (or its subsection) once, then section 21", ids)
	}
}
