package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func TestBadInputsCoded(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	big := strings.Repeat("x", 20000)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
	}{
		{"ErrGETMutation", "GET", `/graphql?query=mutation%7BdiscardDraft(id:%22x%22)%7D`, "", http.StatusMethodNotAllowed},
		{"ErrBadUTF8Root", "GET", "/%ff", "", http.StatusBadRequest},
		{"ErrBadUTF8GraphQL", "GET", "/graphql/%ff%fe", "", http.StatusBadRequest},
		{"ErrBadUTF8Health", "GET", "/healthz/%ff", "", http.StatusBadRequest},
		{"ErrBadUTF8Export", "GET", "/export/%c3%28.csv", "", http.StatusBadRequest},
		{"ErrInvalidJSON", "POST", "/graphql", `{"query": "{ states { code } }", "variables": ` + strings.Repeat(`"`, 20000) + `}`, http.StatusBadRequest},
		{"ErrNotJSON", "POST", "/graphql", strings.Repeat(`"`, 20000), http.StatusBadRequest},
		{"ErrNoQuery", "POST", "/graphql", `{"variables": {}}`, http.StatusBadRequest},
		{"ErrEmptyQuery", "POST", "/graphql", `{"query": ""}`, http.StatusBadRequest},
		{"ErrNullQuery", "POST", "/graphql", `{"query": null}`, http.StatusBadRequest},
		{"ErrUnknownPersistedQuery", "POST", "/graphql", `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "` + strings.Repeat("0", 64) + `"}}}`, http.StatusOK},
		{"ErrLongState", "POST", "/graphql", `{"query": "{ state(code: \"` + big + `\") { code } }"}`, http.StatusOK},
		{"ErrLongField", "POST", "/graphql", `{"query": "{ ` + big + ` }"}`, http.StatusOK},
		{"ErrLongOperationName", "POST", "/graphql", `{"query": "{ states { code } }", "operationName": "` + big + `"}`, 0},
		{"ErrLongDate", "POST", "/graphql", `{"query": "{ records(state: \"IDN\", asOf: \"` + big + `\") { bound } }"}`, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
			if tc.method == "POST" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if tc.status != 0 && resp.StatusCode != tc.status {
				t.Errorf("got %d, want %d: %.300s", resp.StatusCode, tc.status, b)
			}
			if resp.StatusCode >= 500 || resp.StatusCode == http.StatusNotAcceptable {
				t.Errorf("got %d, want a 4xx or 200 with a code", resp.StatusCode)
			}
			var r servertest.Response
			if err := json.Unmarshal(b, &r); err != nil || r.Code() == "" {
				t.Errorf("got %.300s, want a JSON error with a code", b)
			}
			if len(b) > 2000 {
				t.Errorf("got an answer of %d bytes to an input of %d, want at most 2,000", len(b), len(tc.body)+len(tc.path))
			}
		})
	}
}
