package resolvers_test

import (
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestStatuteProvisionWrites writes a statute provision through the write
// API: a new one is a draft an editor publishes and the statute's reader
// quotes; a malformed one is refused at each field, with nothing written.
func TestStatuteProvisionWrites(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	src := []map[string]any{{"Citation": "Act 670, test copy", "URL": "https://example.org/act-670"}}
	good := map[string]any{"ID": "mys/act-670/sec_99Z", "LawID": "mys/act-670", "Label": "Section 99Z", "Sources": src,
		"Versions": []map[string]any{{"Text": "A test section.", "TextKind": "VERBATIM", "MadeBy": "as enacted", "From": "2007-07-26",
			"Language": "en", "Edition": "UNOFFICIAL_TRANSLATION", "Sources": src}}}
	put := func(key string, rec map[string]any, publish bool) *servertest.Response {
		return servertest.PostKey(t, c.TS, key, servertest.ApplyMutation, map[string]any{"input": map[string]any{
			"message": "a section", "publish": publish, "put": []map[string]any{{"kind": "STATUTE_PROVISION", "record": rec}}}})
	}
	var data struct {
		ApplyChanges struct {
			Draft struct {
				ID      string
				Records []struct{ ID, Kind string }
			}
		}
	}
	servertest.MustData(t, put(c.Curator, good, false), &data)
	if r := data.ApplyChanges.Draft.Records; len(r) != 1 || r[0].Kind != "STATUTE_PROVISION" {
		t.Fatalf("draft: got %+v", data.ApplyChanges.Draft)
	}
	if v := servertest.Version(t, c.TS, "mys/act-670/sec_99Z"); v != "" {
		t.Fatalf("a draft's statute provision is shown (version %s)", v)
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { publishDraft(id: $id) { published } }`, map[string]any{"id": data.ApplyChanges.Draft.ID}), &struct{}{})
	var law struct {
		Node struct {
			Provisions []struct {
				ID      string
				Version *string
				Text    *struct{ Text string }
			}
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `{ node(id: "mys/act-670") { ... on Law { provisions { id version text(asOf: "2020-01-01") { text } } } } }`, nil), &law)
	found := false
	for _, p := range law.Node.Provisions {
		found = found || p.ID == "mys/act-670/sec_99Z" && p.Version != nil && p.Text != nil && p.Text.Text == "A test section."
	}
	if !found {
		t.Errorf("the law's provisions after publication lack sec_99Z with its version and text")
	}

	bad := map[string]any{"ID": "mys/act-670/clause 9", "LawID": "mys/act-670", "Label": "", "Sources": src,
		"Versions": []map[string]any{{"Text": " ", "From": "2007-07-26", "Until": "2007-01-01", "Language": "English", "Sources": src}}}
	r := put(c.Editor, bad, true)
	for _, field := range []string{".record.id", ".record.label", ".record.versions[0].text", ".record.versions[0].textKind", ".record.versions[0].madeBy",
		".record.versions[0].language", ".record.versions[0].edition", ".record.versions[0].until"} {
		if !strings.Contains(string(r.Raw), `"field":"input.put[0]`+field+`"`) {
			t.Errorf("want a problem at input.put[0]%s; got %s", field, r.Raw)
		}
	}
	if r.Code() != "BAD_USER_INPUT" {
		t.Errorf("code: got %q, want BAD_USER_INPUT", r.Code())
	}
	noLaw := map[string]any{"ID": "mys/act-9999/sec_1", "LawID": "mys/act-9999", "Label": "Section 1", "Sources": src, "Versions": good["Versions"]}
	if r := put(c.Editor, noLaw, true); r.Code() != "BAD_USER_INPUT" || !strings.Contains(string(r.Raw), "mys/act-9999") {
		t.Errorf("a provision of no held law: got %s", r.Raw)
	}
}
