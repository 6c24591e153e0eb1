package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// historySeen is what one reader saw of a change's author and message on
// one surface.
type historySeen struct{ author, message string }

// readHistory reads, with key (none when ""), the authors and messages of
// the change log's entries for record on every surface that shows the
// history: the changes query (which the desk's History panel asks), the
// corpus.json changelog and the corpus.zip's changelog.csv.
func readHistory(t *testing.T, c *servertest.CurationServer, key, record string) map[string]historySeen {
	t.Helper()
	out := map[string]historySeen{}
	var data struct {
		Changes struct {
			Edges []struct {
				Node struct{ Author, Message string }
			}
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, key, `query($r: ID) { changes(record: $r) { edges { node { author message } } } }`, map[string]any{"r": record}), &data)
	for _, e := range data.Changes.Edges {
		out["changes query"] = historySeen{e.Node.Author, e.Node.Message}
	}
	get := func(path string) []byte {
		req, _ := http.NewRequest(http.MethodGet, c.TS.URL+path, nil)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: got %d %.300s", path, resp.StatusCode, b)
		}
		return b
	}
	var doc struct {
		Changelog []struct{ Author, Message, ID string }
	}
	if err := json.Unmarshal(get("/export/corpus.json"), &doc); err != nil {
		t.Fatal(err)
	}
	for _, ch := range doc.Changelog {
		if ch.ID == record {
			out["corpus.json"] = historySeen{ch.Author, ch.Message}
		}
	}
	b := get("/export/corpus.zip")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "changelog.csv") {
			continue
		}
		rc, _ := f.Open()
		cr := csv.NewReader(rc)
		cr.FieldsPerRecord = -1
		cr.Comment = '#'
		rows, err := cr.ReadAll()
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, r := range rows[1:] {
			if r[col["id"]] == record {
				out["changelog.csv"] = historySeen{r[col["author"]], r[col["message"]]}
			}
		}
	}
	return out
}

// TestHistoryVisibility: one setting decides what readers without an
// editor's key see of who wrote the history, on every surface: by default
// the author's role, in the author and in the message alike; an editor
// sees the keys' names; --history-visibility full shows them to everyone.
func TestHistoryVisibility(t *testing.T) {
	for _, vis := range []graph.HistoryVisibility{graph.HistoryRoles, graph.HistoryFull} {
		t.Run(string(vis), func(t *testing.T) {
			cfg := server.DefaultConfig()
			cfg.HistoryVisibility = vis
			c := servertest.NewCurationServer(t, cfg)
			// carol the curator drafts, ed the editor publishes.
			var draft struct {
				ApplyChanges struct{ Draft struct{ ID string } }
			}
			servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, servertest.ApplyMutation,
				servertest.Batch("a drafted conviction", false, servertest.NewEvidence("idn/ev/visibility"))), &draft)
			servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { publishDraft(id: $id) { published } }`,
				map[string]any{"id": draft.ApplyChanges.Draft.ID}), &struct{}{})

			readers := map[string]string{"anonymous": "", "curator": c.Curator, "editor": c.Editor, "admin": c.Admin}
			for reader, key := range readers {
				full := vis == graph.HistoryFull || reader == "editor" || reader == "admin"
				seen := readHistory(t, c, key, "idn/ev/visibility")
				for _, surface := range []string{"changes query", "corpus.json", "changelog.csv"} {
					got, ok := seen[surface]
					switch {
					case !ok:
						t.Errorf("%s, %s: the change is not shown", reader, surface)
					case full && (got.author != "ed" || !strings.Contains(got.message, "by carol]")):
						t.Errorf("%s, %s: got author %q message %q, want the keys' names (ed, carol)", reader, surface, got.author, got.message)
					case !full && (got.author != "editor" || !strings.Contains(got.message, "by curator]") || strings.Contains(got.message, "carol")):
						t.Errorf("%s, %s: got author %q message %q, want the roles only (editor, curator)", reader, surface, got.author, got.message)
					}
				}
			}

			// The subscription: a change published while subscribed.
			for reader, key := range map[string]string{"anonymous": "", "editor": c.Editor} {
				full := vis == graph.HistoryFull || reader == "editor"
				got := servertest.SubscribeKey(t, c, key, `subscription { changes(state: "IDN") { author record } }`)
				ch := servertest.AwaitChange(t, c, got, func(i int) map[string]any {
					return servertest.NewEvidence("idn/ev/visibility-sub-" + reader + "-" + string(rune('a'+i)))
				})
				if want := map[bool]string{true: "ed", false: "editor"}[full]; ch["author"] != want {
					t.Errorf("%s, subscription: got author %v, want %q", reader, ch["author"], want)
				}
			}
		})
	}
}
