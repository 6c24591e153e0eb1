package search_test

import (
	"context"
	"slices"
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
	res, err = ix.Search(ctx, search.Query{Text: "data-peraturan", Kinds: []string{search.KindSource}, State: "IDN", Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	if got := records(res); !slices.Contains(got, "SOURCE idn/law-21-2007/art_18") {
		t.Errorf("got %v, want the source of Pasal 18", got)
	}
}
