package resolvers_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/servertest"
)

const searchQuery = `query($text: String!, $kinds: [SearchKind!], $state: String, $first: Int, $after: String) {
  search(text: $text, kinds: $kinds, state: $state, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets { kind { value count } state { value count } }
    edges { cursor node {
      __typename id kind title score highlights { field fragments }
      ... on ProvisionHit { provision { label instrument { id } } }
      ... on LawHit { law { state { code } } }
      ... on SourceHit { source { citation url } record { id } }
    } }
  }
}`

type searchData struct {
	Search struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   string
		}
		Facets struct {
			Kind, State []struct {
				Value string
				Count int
			}
		}
		Edges []struct {
			Cursor string
			Node   struct {
				Typename   string `json:"__typename"`
				ID         string
				Kind       string
				Title      string
				Score      float64
				Highlights []struct {
					Field     string
					Fragments []string
				}
				Provision *struct {
					Label      string
					Instrument struct{ ID string }
				}
				Law *struct {
					State struct{ Code string }
				}
				Source *struct{ Citation, URL string }
				Record *struct{ ID string }
			}
		}
	}
}

func decodeSearch(t *testing.T, r *servertest.Response) searchData {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("got errors %s", r.Raw)
	}
	var d searchData
	if err := json.Unmarshal(r.Data, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSearchOverHTTP(t *testing.T) {
	srv, _ := servertest.NewSearchServer(t)
	ts := servertest.NewHTTP(t, srv)

	t.Run("OK", func(t *testing.T) {
		d := decodeSearch(t, servertest.Post(t, ts, searchQuery, map[string]any{"text": "non-punishment", "kinds": []string{"PROVISION"}, "first": 3}))
		if d.Search.TotalCount == 0 || len(d.Search.Edges) == 0 {
			t.Fatalf("got no hits")
		}
		top := d.Search.Edges[0].Node
		if top.Typename != "ProvisionHit" || top.ID != "actip-2015/art_14/para_7" || top.Provision == nil || top.Provision.Label != "Article 14(7)" || top.Provision.Instrument.ID != "actip-2015" {
			t.Fatalf("got top hit %+v, want the ProvisionHit actip-2015/art_14/para_7 (Article 14(7))", top)
		}
		if top.Score <= 0 || len(top.Highlights) == 0 || !strings.Contains(strings.Join(top.Highlights[len(top.Highlights)-1].Fragments, " "), "<mark>") {
			t.Errorf("got score %v and highlights %+v, want a positive score and marked fragments", top.Score, top.Highlights)
		}
		if len(d.Search.Facets.Kind) != 1 || d.Search.Facets.Kind[0].Value != "PROVISION" {
			t.Errorf("got kind facets %+v, want PROVISION only", d.Search.Facets.Kind)
		}
	})

	t.Run("OK/field query and paging", func(t *testing.T) {
		d := decodeSearch(t, servertest.Post(t, ts, searchQuery, map[string]any{"text": "kind:LAW state:idn", "first": 2}))
		if d.Search.TotalCount <= 2 || !d.Search.PageInfo.HasNextPage {
			t.Fatalf("got %d hits, hasNextPage %v; want more than a page of IDN laws", d.Search.TotalCount, d.Search.PageInfo.HasNextPage)
		}
		seen := map[string]bool{}
		for _, e := range d.Search.Edges {
			seen[e.Node.ID] = true
		}
		next := decodeSearch(t, servertest.Post(t, ts, searchQuery, map[string]any{"text": "kind:LAW state:idn", "first": 100, "after": d.Search.PageInfo.EndCursor}))
		if got, want := len(seen)+len(next.Search.Edges), d.Search.TotalCount; got != want {
			t.Errorf("two pages hold %d hits, want %d", got, want)
		}
		for _, e := range next.Search.Edges {
			if seen[e.Node.ID] {
				t.Errorf("hit %s is on both pages", e.Node.ID)
			}
			if e.Node.Typename != "LawHit" || e.Node.Law.State.Code != "IDN" {
				t.Errorf("got %s %s, want IDN's laws only", e.Node.Typename, e.Node.ID)
			}
		}
	})

	t.Run("OK/source hits name the citing record", func(t *testing.T) {
		d := decodeSearch(t, servertest.Post(t, ts, searchQuery, map[string]any{"text": `"Bali Process"`, "kinds": []string{"SOURCE"}, "first": 5}))
		if len(d.Search.Edges) == 0 {
			t.Fatal("got no source hits")
		}
		n := d.Search.Edges[0].Node
		if n.Source == nil || !strings.Contains(n.Source.Citation, "Bali Process") || n.Record == nil || n.Record.ID != n.ID {
			t.Errorf("got %+v, want a Bali Process source and its citing record", n)
		}
	})

	for _, tt := range []struct {
		name string
		vars map[string]any
		code string
	}{
		{"ErrFirstTooLarge", map[string]any{"text": "victims", "first": 101}, apierr.CodeBadUserInput},
		{"ErrTextTooLong", map[string]any{"text": strings.Repeat("victim ", 100)}, apierr.CodeBadUserInput},
		{"ErrUnclosedPhrase", map[string]any{"text": `"victims`}, apierr.CodeBadUserInput},
		{"ErrBadCursor", map[string]any{"text": "victims", "after": "nope"}, apierr.CodeBadUserInput},
		{"ErrUnknownState", map[string]any{"text": "victims", "state": "XYZ"}, apierr.CodeNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := servertest.Post(t, ts, searchQuery, tt.vars)
			if r.Status != 200 || r.Code() != tt.code {
				t.Fatalf("got status %d, code %q (%s); want 200, %s", r.Status, r.Code(), r.Raw, tt.code)
			}
		})
	}
}

func TestSearchIndexBuilding(t *testing.T) {
	s := servertest.MustOpenFixtures(t)
	cfg := server.DefaultConfig()
	cfg.Search = search.NewMemory() // never built
	ts := servertest.NewHTTP(t, server.New(s, cfg))

	r := servertest.Post(t, ts, `{ search(text: "victims") { totalCount } searchIndex { ready } }`, nil)
	if r.Code() != apierr.CodeIndexBuilding {
		t.Fatalf("got %s, want the code %s", r.Raw, apierr.CodeIndexBuilding)
	}
	// The rest of the API answers meanwhile.
	r = servertest.Post(t, ts, `{ states { code } searchIndex { ready building } }`, nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"IDN"`) || !strings.Contains(string(r.Data), `"ready":false`) {
		t.Fatalf("got %s, want the states and an index that is not ready", r.Raw)
	}
}
