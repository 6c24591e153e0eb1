package server_test

import (
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestStatuteLinkQuotes: for an implementation link, one query returns the
// obligation's text and the text of the statute provision it rests on, in
// the version in force on asOf, each with its sources; on a day no version
// is held for, the version is null and a note says so.
func TestStatuteLinkQuotes(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	const q = `query Quote($id: ID!, $asOf: Date) {
  node(id: $id) {
    ... on Implementation {
      id
      extent
      articles
      obligation {
        id
        summary
        provision { id label text textKind sources { citation url } }
      }
      provisions(asOf: $asOf) {
        asOf
        note
        provision { id label law { id } }
        version { text textKind madeBy from until language edition terms locator sources { citation url locator } }
      }
      unresolvedArticles { article reason }
    }
  }
}`
	type quoted struct {
		Note      string
		Provision struct{ ID string }
		Version   *struct {
			Text    string
			Sources []struct{ URL string }
		}
	}
	type link struct {
		Obligation struct {
			Provision struct {
				Text    string
				Sources []struct{ Citation string }
			}
		}
		Provisions []quoted
	}
	const id = "idn/law-21-2007/implements/actip-2015/art_14/para_7/obl_1"
	t.Run("OK", func(t *testing.T) {
		r := servertest.Post(t, ts, q, map[string]any{"id": id, "asOf": "2020-01-01"})
		var data struct{ Node link }
		servertest.MustData(t, r, &data)
		l := data.Node
		if l.Obligation.Provision.Text == "" || len(l.Obligation.Provision.Sources) == 0 {
			t.Errorf("got obligation text %q with %d sources, want the text and its sources", l.Obligation.Provision.Text, len(l.Obligation.Provision.Sources))
		}
		if len(l.Provisions) != 1 || l.Provisions[0].Provision.ID != "idn/law-21-2007/art_18" || l.Provisions[0].Version == nil {
			t.Fatalf("got %+v, want Pasal 18 with a version", l.Provisions)
		}
		if v := l.Provisions[0].Version; !strings.HasPrefix(v.Text, "Korban yang melakukan tindak pidana karena dipaksa") || len(v.Sources) == 0 || v.Sources[0].URL == "" {
			t.Errorf("got version %+v, want Pasal 18's text with its source", v)
		}
		golden(t, "statute_link_idn_14_7_2020", r.Data)
	})
	t.Run("OKNoVersionHeld", func(t *testing.T) {
		r := servertest.Post(t, ts, q, map[string]any{"id": id, "asOf": "2006-01-01"})
		var data struct{ Node link }
		servertest.MustData(t, r, &data)
		if p := data.Node.Provisions; len(p) != 1 || p[0].Version != nil || p[0].Note != graph.NoVersionNote {
			t.Errorf("got %+v, want Pasal 18 with no version and the note %q", p, graph.NoVersionNote)
		}
	})
	t.Run("OKLawProvisions", func(t *testing.T) {
		r := servertest.Post(t, ts, `{ node(id: "idn/law-21-2007") { ... on Law { provisions { id label text(asOf: "2020-01-01") { language edition } versions { from } } } } }`, nil)
		var data struct {
			Node struct {
				Provisions []struct {
					ID, Label string
					Text      *struct{ Language, Edition string }
				}
			}
		}
		servertest.MustData(t, r, &data)
		ps := data.Node.Provisions
		if len(ps) < 2 || ps[0].ID != "idn/law-21-2007/art_1" || ps[0].Label != "Pasal 1" || ps[0].Text == nil || ps[0].Text.Language != "id" || ps[0].Text.Edition != "OFFICIAL" {
			t.Errorf("got %+v, want Pasal 1 first, in Indonesian, official", ps)
		}
	})
}
