package resolvers_test

import (
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

type decidedLink struct {
	Provision struct {
		ID  string
		Law struct{ ID string }
	}
	Score   float64
	Decided *string
}

// suggestLinksOf asks suggestLinks for ob in state over HTTP.
func suggestLinksOf(t *testing.T, c *servertest.CurationServer, ob, state string, first int, include bool) []decidedLink {
	t.Helper()
	var data struct{ SuggestLinks []decidedLink }
	servertest.MustData(t, servertest.Post(t, c.TS, `query($o: ID!, $s: String!, $n: Int, $d: Boolean) {
  suggestLinks(obligation: $o, state: $s, first: $n, includeDecided: $d) { provision { id law { id } } score decided } }`,
		map[string]any{"o": ob, "s": state, "n": first, "d": include}), &data)
	return data.SuggestLinks
}

// TestSuggestLinksDecided: suggestLinks leaves out the provisions a held
// link names for the obligation and state, and those a curator accepted or
// rejected as suggestions; includeDecided keeps them where they rank,
// marked LINKED, ACCEPTED or REJECTED.
func TestSuggestLinksDecided(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	// Malaysia links Act 670's ss. 42, 43, 45 and 46 to the Protocol's
	// recovery duty; several rank among the first 50.
	const ob, state = "untoc-tip-protocol-2000/art_6/para_3/obl_1", "MYS"
	var held struct {
		Node struct {
			Implementations []struct {
				Law        struct{ ID string }
				Provisions []struct{ Provision struct{ ID string } }
			}
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `query($id: ID!) { node(id: $id) { ... on Obligation { implementations { law { id } provisions { provision { id } } } } } }`,
		map[string]any{"id": ob}), &held)
	linked, linkedLaw := map[string]bool{}, map[string]bool{}
	for _, l := range held.Node.Implementations {
		linkedLaw[l.Law.ID] = true
		for _, p := range l.Provisions {
			linked[p.Provision.ID] = true
		}
	}
	all := suggestLinksOf(t, c, ob, state, 50, true)
	marked := 0
	for _, l := range all {
		switch {
		case linked[l.Provision.ID] && (l.Decided == nil || *l.Decided != "LINKED"):
			t.Errorf("includeDecided: %s is linked, marked %v, want LINKED", l.Provision.ID, l.Decided)
		case !linked[l.Provision.ID] && l.Decided != nil:
			t.Errorf("includeDecided: %s marked %s, want nothing: nobody decided on it", l.Provision.ID, *l.Decided)
		case linked[l.Provision.ID]:
			marked++
		}
	}
	if marked == 0 {
		t.Fatalf("includeDecided: none of the linked %v among %d suggestions; the test needs one", linked, len(all))
	}
	def := suggestLinksOf(t, c, ob, state, 50, false)
	if len(def) != 50 {
		t.Errorf("default: got %d suggestions, want 50 once the decided are left out", len(def))
	}
	for _, l := range def {
		if linked[l.Provision.ID] || l.Decided != nil {
			t.Errorf("default: got %s (decided %v), want the linked left out", l.Provision.ID, l.Decided)
		}
	}

	// A curator rejects the first suggestion and accepts the next of a
	// law with no link to the obligation yet (one link per law).
	five := suggestLinksOf(t, c, ob, state, 5, false)
	if len(five) != 5 {
		t.Fatalf("first 5: got %d", len(five))
	}
	rejected, accepted, next := five[0].Provision.ID, "", ""
	for _, l := range five[1:] {
		switch {
		case accepted == "" && !linkedLaw[l.Provision.Law.ID]:
			accepted = l.Provision.ID
		case next == "":
			next = l.Provision.ID
		}
	}
	if accepted == "" {
		t.Fatalf("no suggestion of a law without a link among %+v", five)
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, rejectMutation, map[string]any{"in": map[string]any{
		"kind": "LINK", "obligation": ob, "state": state, "target": rejected, "message": "not about recovery"}}), &struct{}{})
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, acceptMutation, map[string]any{"in": map[string]any{
		"kind": "LINK", "obligation": ob, "state": state, "target": accepted, "extent": "PARTIAL", "message": "reads as the duty"}}), &struct{}{})

	after := suggestLinksOf(t, c, ob, state, 5, false)
	if len(after) != 5 {
		t.Fatalf("after deciding: got %d suggestions, want 5", len(after))
	}
	for _, l := range after {
		if l.Provision.ID == rejected || l.Provision.ID == accepted {
			t.Errorf("after deciding: %s is still suggested", l.Provision.ID)
		}
	}
	if after[0].Provision.ID != next {
		t.Errorf("after deciding: first %s, want the first undecided before, %s", after[0].Provision.ID, next)
	}
	withDecided := suggestLinksOf(t, c, ob, state, 50, true)
	want := map[string]string{rejected: "REJECTED", accepted: "ACCEPTED"}
	for _, l := range withDecided {
		if w, ok := want[l.Provision.ID]; ok {
			if l.Decided == nil || *l.Decided != w {
				t.Errorf("includeDecided: %s marked %v, want %s", l.Provision.ID, l.Decided, w)
			}
			delete(want, l.Provision.ID)
		}
	}
	if len(want) != 0 {
		t.Errorf("includeDecided: missing %v", want)
	}
	// Rejected first, it is still the suggester's first: marked in its place.
	if withDecided[0].Provision.ID != rejected && !linked[withDecided[0].Provision.ID] {
		t.Errorf("includeDecided: first %s, want %s (rejected) or a linked one", withDecided[0].Provision.ID, rejected)
	}
}
