package resolvers_test

import (
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestCorrespondenceBothWays: a provision that names the one of another
// instrument it corresponds to is found from either side.
func TestCorrespondenceBothWays(t *testing.T) {
	w := graphtest.NewWorld(t)
	w.Convention("protocol", graph.MustDate("2000-11-15"), 1, 90, 2)
	w.Convention("regional", graph.MustDate("2015-11-21"), 1, 30, 2)
	p := graphtest.Get[*graph.Provision](w, "regional/art_1")
	p.CorrespondsTo = []graph.Correspondence{{ProvisionID: "protocol/art_2", Note: "the same duty", Sources: []graph.Source{{Citation: "a test source"}}}}
	w.Put(p)
	ts := servertest.NewHTTP(t, server.New(w.Store, server.DefaultConfig()))
	var data struct {
		From struct {
			CorrespondsTo []struct{ Provision struct{ ID string } }
		}
		To struct{ CorrespondedBy []struct{ ID string } }
	}
	servertest.MustData(t, servertest.Post(t, ts, `{
  from: node(id: "regional/art_1") { ... on Provision { correspondsTo { provision { id } } } }
  to: node(id: "protocol/art_2") { ... on Provision { correspondedBy { id } } }
}`, nil), &data)
	if c := data.From.CorrespondsTo; len(c) != 1 || c[0].Provision.ID != "protocol/art_2" {
		t.Errorf("correspondsTo: got %+v, want protocol/art_2", c)
	}
	if c := data.To.CorrespondedBy; len(c) != 1 || c[0].ID != "regional/art_1" {
		t.Errorf("correspondedBy: got %+v, want regional/art_1", c)
	}
}
