package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph/search"
)

// TestSearchStatuteProvisions: a statute provision is found by the words
// of its text, in its state, and its version's source is a SOURCE hit.
func TestSearchStatuteProvisions(t *testing.T) {
	ix := mustBuild(t, fixtureStore(t))
	ctx := context.Background()
	res, err := ix.Search(ctx, search.Query{Text: "dipaksa", Kinds: []string{search.KindStatuteProvision}, State: "IDN", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := records(res); !slices.Contains(got, "STATUTE_PROVISION idn/law-21-2007/art_18") {
		t.Errorf("got %v, want Pasal 18 of Law 21/2007", got)
	}
	res, err = ix.Search(ctx, search.Query{Text: "\"Eradication of the Criminal Act of Trafficking in Persons\" \"Pasal 18\"", Kinds: []string{search.KindSource}, State: "IDN", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	// Every provision of the law cites the same copy, so the hits are
	// the law's provisions; any of them shows its version's source indexed.
	if got := records(res); !slices.ContainsFunc(got, func(r string) bool { return strings.HasPrefix(r, "SOURCE idn/law-21-2007/art_") }) {
		t.Errorf("got %v, want the sources of Law 21/2007's provisions", got)
	}
}
