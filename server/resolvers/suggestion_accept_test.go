package resolvers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

const (
	acceptMutation = `mutation($in: SuggestionInput!) { acceptSuggestion(input: $in) { published draft { id message records { id kind record version } } } }`
	rejectMutation = `mutation($in: SuggestionInput!) { rejectSuggestion(input: $in) { seq at actor act subject details } }`
	linkSuggestion = `query($id: ID!) { node(id: $id) { ... on Implementation { id extent version
  suggestion { kind score cues version acceptedBy acceptedAt } provisions { provision { id } } } } }`
)

type gotSuggestion struct {
	Kind       string
	Score      float64
	Cues       []string
	Version    string
	AcceptedBy string
	AcceptedAt string
}

// suggestedLink is a link suggested for obligation in state, other than
// the provision not; with free, the first whose law has none to the
// obligation yet. It gives the link's id and its score.
func suggestedLink(t *testing.T, c *servertest.CurationServer, obligation, state string, free bool, not string) (target, linkID string, score float64) {
	t.Helper()
	var data struct {
		SuggestLinks []struct {
			Provision struct {
				ID  string
				Law struct{ ID string }
			}
			Score float64
		}
		Node struct {
			Implementations []struct{ Law struct{ ID string } }
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `query($o: ID!, $s: String!) { suggestLinks(obligation: $o, state: $s, first: 30) { provision { id law { id } } score }
  node(id: $o) { ... on Obligation { implementations { law { id } } } } }`,
		map[string]any{"o": obligation, "s": state}), &data)
	linked := map[string]bool{}
	for _, l := range data.Node.Implementations {
		linked[l.Law.ID] = true
	}
	for _, l := range data.SuggestLinks {
		if free && linked[l.Provision.Law.ID] || l.Provision.ID == not {
			continue
		}
		return l.Provision.ID, l.Provision.Law.ID + "/implements/" + obligation, l.Score
	}
	t.Fatalf("no suggestion for %s in %s (free %v)", obligation, state, free)
	return "", "", 0
}

// TestAcceptSuggestion accepts a suggested link, obligation and
// correspondence over HTTP as a curator, and rejects one: each accepted
// suggestion is a draft (shown nowhere), carried through publication onto
// the record's suggestion field and through a later edit; a rejection is
// an audit entry.
func TestAcceptSuggestion(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	const ob = "untoc-tip-protocol-2000/art_6/para_3/obl_1"
	target, linkID, score := suggestedLink(t, c, ob, "MYS", true, "")

	var acc struct {
		AcceptSuggestion struct {
			Published bool
			Draft     struct {
				ID, Message string
				Records     []struct {
					ID, Kind string
					Record   map[string]any
					Version  *string
				}
			}
		}
	}
	in := map[string]any{"kind": "LINK", "obligation": ob, "state": "mys", "target": target, "extent": "PARTIAL", "message": "Reads as the victims' assistance the Protocol asks"}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, acceptMutation, map[string]any{"in": in}), &acc)
	d := acc.AcceptSuggestion.Draft
	if acc.AcceptSuggestion.Published || len(d.Records) != 1 || d.Records[0].ID != linkID || d.Records[0].Kind != "IMPLEMENTATION" {
		t.Fatalf("accept: got %+v, want a draft of %s", acc.AcceptSuggestion, linkID)
	}
	rec := d.Records[0].Record
	if s, _ := rec["Suggestion"].(map[string]any); s == nil || s["Kind"] != "LINK" || s["AcceptedBy"] != "carol" {
		t.Errorf("draft record's Suggestion: got %v, want LINK accepted by carol", rec["Suggestion"])
	}
	if rec["Origin"] != "" {
		t.Errorf("draft record's Origin: got %v, want none: a suggestion is not a file", rec["Origin"])
	}

	// Nothing suggested is shown until an editor publishes it.
	if v := servertest.Version(t, c.TS, linkID); v != "" {
		t.Fatalf("%s is shown before publication (version %s)", linkID, v)
	}
	var impls struct {
		Node struct{ Implementations []struct{ ID string } }
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `query($id: ID!) { node(id: $id) { ... on Obligation { implementations { id } } } }`, map[string]any{"id": ob}), &impls)
	for _, l := range impls.Node.Implementations {
		if l.ID == linkID {
			t.Errorf("the obligation lists the draft's link %s before publication", linkID)
		}
	}

	// A client cannot write a suggestion itself.
	forged := map[string]any{"ID": linkID, "LawID": strings.SplitN(linkID, "/implements/", 2)[0], "ObligationID": ob, "Extent": "FULL",
		"ProvisionIDs": []string{target}, "Sources": []map[string]any{{"Citation": "x"}},
		"Suggestion": map[string]any{"Kind": "LINK", "Score": 1}}
	r := servertest.PostKey(t, c.TS, c.Curator, servertest.ApplyMutation, map[string]any{"input": map[string]any{"message": "forged", "put": []map[string]any{{"kind": "IMPLEMENTATION", "record": forged}}}})
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(string(r.Raw), "input.put[0].record.suggestion") {
		t.Errorf("a forged suggestion: got %s, want BAD_USER_INPUT at input.put[0].record.suggestion", r.Raw)
	}

	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { publishDraft(id: $id) { published } }`, map[string]any{"id": d.ID}), &struct{}{})
	var pub struct {
		Node struct {
			ID, Extent, Version string
			Suggestion          *gotSuggestion
			Provisions          []struct{ Provision struct{ ID string } }
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, linkSuggestion, map[string]any{"id": linkID}), &pub)
	s := pub.Node.Suggestion
	if s == nil || s.Kind != "LINK" || s.Score != score || len(s.Cues) == 0 || s.Version == "" || s.AcceptedBy != "carol" || s.AcceptedAt == "" {
		t.Fatalf("published link's suggestion: got %+v, want LINK of score %v accepted by carol", s, score)
	}
	if len(pub.Node.Provisions) != 1 || pub.Node.Provisions[0].Provision.ID != target || pub.Node.Extent != "PARTIAL" {
		t.Errorf("published link: got %+v, want PARTIAL on %s", pub.Node, target)
	}

	// An editor's edit, which sends no suggestion, keeps it.
	edit := map[string]any{"ID": linkID, "LawID": strings.SplitN(linkID, "/implements/", 2)[0], "ObligationID": ob, "Extent": "FULL",
		"ProvisionIDs": []string{target}, "Sources": []map[string]any{{"Citation": "Read again", "URL": "https://example.org/read"}}}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, map[string]any{"input": map[string]any{"message": "read in full", "publish": true,
		"put": []map[string]any{{"kind": "IMPLEMENTATION", "record": edit, "version": pub.Node.Version}}}}), &struct{}{})
	servertest.MustData(t, servertest.Post(t, c.TS, linkSuggestion, map[string]any{"id": linkID}), &pub)
	if pub.Node.Extent != "FULL" || pub.Node.Suggestion == nil || pub.Node.Suggestion.Score != score {
		t.Errorf("after an edit: got %+v, want FULL with the suggestion kept", pub.Node)
	}

	// Accepting it again is refused: the link is held.
	if got := servertest.PostKey(t, c.TS, c.Curator, acceptMutation, map[string]any{"in": in}).Code(); got != "BAD_USER_INPUT" {
		t.Errorf("accepting a held link again: got %q, want BAD_USER_INPUT", got)
	}

	// Rejecting one is an audit entry, and nothing else.
	other, otherID, _ := suggestedLink(t, c, ob, "MYS", false, target)
	written := func() string { // the changes to the record it would touch, and the drafts
		var v struct {
			Changes struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Drafts []struct{ ID string }
		}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `query($id: ID!) { changes(record: $id, first: 500) { edges { node { id } } } drafts(first: 100) { id } }`, map[string]any{"id": otherID}), &v)
		return fmt.Sprintf("%d changes, %d drafts", len(v.Changes.Edges), len(v.Drafts))
	}
	before := written()
	var rej struct {
		RejectSuggestion struct {
			Seq, At, Actor, Act, Subject string
			Details                      map[string]string
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, rejectMutation, map[string]any{"in": map[string]any{
		"kind": "LINK", "obligation": ob, "state": "MYS", "target": other, "message": "a definition, not a duty"}}), &rej)
	e := rej.RejectSuggestion
	if e.Act != "SUGGESTION_REJECTED" || e.Actor != "carol" || e.Subject != otherID || e.At == "" ||
		e.Details["target"] != other || e.Details["reason"] != "a definition, not a duty" || e.Details["score"] == "" {
		t.Errorf("reject: got %+v", e)
	}
	if after := written(); after != before {
		t.Errorf("a rejection wrote: %s, then %s", before, after)
	}
	var acts struct {
		Acts []struct{ Actor, Act, Subject string }
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, `{ acts(first: 2) { actor act subject } }`, nil), &acts)
	if len(acts.Acts) != 2 || acts.Acts[0].Act != "SUGGESTION_REJECTED" || acts.Acts[1].Act != "SUGGESTION_ACCEPTED" || acts.Acts[1].Subject != linkID || acts.Acts[1].Actor != "carol" {
		t.Errorf("acts: got %+v, want the rejection, then the acceptance of %s by carol", acts.Acts, linkID)
	}

	t.Run("Obligation", func(t *testing.T) {
		const pid = "untoc-tip-protocol-2000/art_6/para_3"
		var props struct {
			ProposeObligations []struct{ Modality string }
		}
		servertest.MustData(t, servertest.Post(t, c.TS, `{ proposeObligations(provision: "`+pid+`") { modality } }`, nil), &props)
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, acceptMutation, map[string]any{"in": map[string]any{"kind": "OBLIGATION", "provision": pid, "proposal": 1, "message": "the duty read"}}), &acc)
		recs := acc.AcceptSuggestion.Draft.Records
		if len(recs) != 1 || recs[0].Kind != "OBLIGATION" || !strings.HasPrefix(recs[0].ID, pid+"/obl_") || recs[0].ID == ob ||
			recs[0].Record["Modality"] != props.ProposeObligations[0].Modality {
			t.Errorf("got %+v, want a new obligation of %s, %s", recs, pid, props.ProposeObligations[0].Modality)
		}
	})
	t.Run("Correspondence", func(t *testing.T) {
		const pid = "actip-2015/art_14/para_1"
		var sc struct {
			SuggestCorrespondences []struct{ Provision struct{ ID string } }
		}
		servertest.MustData(t, servertest.Post(t, c.TS, `{ suggestCorrespondences(provision: "`+pid+`", first: 1) { provision { id } } }`, nil), &sc)
		to := sc.SuggestCorrespondences[0].Provision.ID
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, acceptMutation, map[string]any{"in": map[string]any{"kind": "CORRESPONDENCE", "provision": pid, "target": to, "message": "same words"}}), &acc)
		recs := acc.AcceptSuggestion.Draft.Records
		if len(recs) != 1 || recs[0].ID != pid || recs[0].Version == nil || *recs[0].Version != servertest.Version(t, c.TS, pid) {
			t.Fatalf("got %+v, want %s at its version", recs, pid)
		}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { publishDraft(id: $id) { published } }`, map[string]any{"id": acc.AcceptSuggestion.Draft.ID}), &struct{}{})
		var got struct {
			Node struct {
				CorrespondsTo []struct {
					Provision  struct{ ID string }
					Suggestion *gotSuggestion
				}
			}
		}
		servertest.MustData(t, servertest.Post(t, c.TS, `query($id: ID!) { node(id: $id) { ... on Provision { correspondsTo { provision { id } suggestion { kind score cues } } } } }`, map[string]any{"id": pid}), &got)
		found := false
		for _, x := range got.Node.CorrespondsTo {
			if x.Provision.ID == to {
				found = x.Suggestion != nil && x.Suggestion.Kind == "CORRESPONDENCE" && x.Suggestion.Score > 0
			} else if x.Suggestion != nil {
				t.Errorf("%s's correspondence to %s got a suggestion: %+v", pid, x.Provision.ID, x.Suggestion)
			}
		}
		if !found {
			t.Errorf("published correspondence %s → %s: got %+v, want it with its suggestion", pid, to, got.Node.CorrespondsTo)
		}
	})

	for _, x := range []struct {
		name, key string
		in        map[string]any
		code      string
	}{
		{"ErrNoKey", "", in, "UNAUTHENTICATED"},
		{"ErrNotSuggested", c.Curator, map[string]any{"kind": "LINK", "obligation": ob, "state": "IDN", "target": "idn/law-21-2007/art_999", "message": "x"}, "BAD_USER_INPUT"},
		{"ErrNoTarget", c.Curator, map[string]any{"kind": "LINK", "obligation": ob, "state": "IDN", "message": "x"}, "BAD_USER_INPUT"},
		{"ErrNoMessage", c.Curator, map[string]any{"kind": "LINK", "obligation": ob, "state": "MYS", "target": other, "message": " "}, "BAD_USER_INPUT"},
		{"ErrProposal", c.Curator, map[string]any{"kind": "OBLIGATION", "provision": "untoc-tip-protocol-2000/art_6/para_3", "proposal": 99, "message": "x"}, "BAD_USER_INPUT"},
		{"ErrNoObligation", c.Curator, map[string]any{"kind": "LINK", "obligation": "nope", "state": "IDN", "target": other, "message": "x"}, "NOT_FOUND"},
	} {
		t.Run(x.name, func(t *testing.T) {
			for _, m := range []string{acceptMutation, rejectMutation} {
				if got := servertest.PostKey(t, c.TS, x.key, m, map[string]any{"in": x.in}).Code(); got != x.code {
					t.Errorf("%.30s: got %q, want %q", m, got, x.code)
				}
			}
		})
	}
}
