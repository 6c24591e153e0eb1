package direct_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestDirectReasonsFollowWrites: reasons are worded from the facts a state's
// block carries (an item of evidence's kind and date), not from the nodes;
// after a write through the API the direct answer words the new evidence,
// as gqlgen's does, and an answer as known before the write still words the
// old one.
func TestDirectReasonsFollowWrites(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	cfg := server.DefaultConfig()
	cfg.NoDirectLists = true
	generic := servertest.NewHTTP(t, server.New(c.Store, cfg))
	const q = `query($k: Time) { ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01", basis: LAW, instrument: "actip-2015", knownAt: $k,
  include: [UNREVIEWED, NONE, PARTIAL, IMPLEMENTED, RESERVED, NOT_DOMESTIC]) { obligation { id } practice reasons evidence { id } } }`
	answer := func(knownAt any) string {
		t.Helper()
		body := gapBody(q, map[string]any{"k": knownAt})
		return string(bothWays(t, c.TS.URL+"/graphql", generic.URL+"/graphql", body))
	}
	const id = "idn/ev/direct-reasons"
	before := answer(nil)
	if strings.Contains(before, id) {
		t.Fatalf("the evidence is in the answer before it is written: %.300s", before)
	}

	put := func(kind, date string) time.Time {
		t.Helper()
		ev := servertest.NewEvidence(id)
		ev["Kind"], ev["Date"], ev["ObligationIDs"] = kind, date, []string{"actip-2015/art_14/para_1/obl_1"}
		var applied struct{ ApplyChanges struct{ Published bool } }
		batch := servertest.Batch("direct reasons", true, ev)
		batch["input"].(map[string]any)["force"] = true // over the record written before
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, batch), &applied)
		if !applied.ApplyChanges.Published {
			t.Fatal("the write was not published")
		}
		var log struct {
			Changes struct {
				Edges []struct{ Node struct{ Time time.Time } }
			}
		}
		servertest.MustData(t, servertest.Post(t, c.TS, `query($id: ID!) { changes(record: $id) { edges { node { time } } } }`, map[string]any{"id": id}), &log)
		if len(log.Changes.Edges) == 0 {
			t.Fatal("the write is not in the change log")
		}
		latest := log.Changes.Edges[0].Node.Time
		for _, e := range log.Changes.Edges {
			if e.Node.Time.After(latest) {
				latest = e.Node.Time
			}
		}
		return latest
	}
	wantCourt := id + " (court_case, 2019-07-01, bearing on it directly), finds EFFECTIVE"
	first := put("COURT_CASE", "2019-07-01")
	afterFirst := answer(nil)
	if !strings.Contains(afterFirst, wantCourt) {
		t.Fatalf("after the write, got %.600s, want reasons naming %q", afterFirst, wantCourt)
	}

	wantNews := id + " (news, 2019-08, taken as 2019-08-31, bearing on it directly), finds EFFECTIVE"
	put("NEWS", "2019-08")
	afterSecond := answer(nil)
	if !strings.Contains(afterSecond, wantNews) || strings.Contains(afterSecond, wantCourt) {
		t.Fatalf("after the second write, got %.600s, want reasons naming %q only", afterSecond, wantNews)
	}

	// As known just after the first write: its words, not the second's.
	asKnown := answer(first.UTC().Format(time.RFC3339Nano))
	if !strings.Contains(asKnown, wantCourt) || strings.Contains(asKnown, wantNews) {
		t.Fatalf("as known after the first write, got %.600s, want reasons naming %q only", asKnown, wantCourt)
	}
	if !bytes.Equal([]byte(asKnown), []byte(afterFirst)) {
		t.Errorf("as known after the first write, the answer differs from the one given then:\nthen: %.600s\nnow:  %.600s", afterFirst, asKnown)
	}
}
