package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// TestGraphQLHTTPAudit runs the graphql-http audit suite (the npm package's
// serverAudits) against the server and requires every audit to pass, with no
// warning. It needs Node and graphql-http on NODE_PATH, which .ci/run
// installs; without them it is skipped.
func TestGraphQLHTTPAudit(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	if exec.Command(node, "-e", "require.resolve('graphql-http')").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("graphql-http is not on NODE_PATH; .ci/run installs it")
		}
		t.Skip("graphql-http is not on NODE_PATH (npm install graphql-http, then set NODE_PATH)")
	}
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	var stderr bytes.Buffer
	cmd := exec.Command(node, "testdata/graphql-http-audit.js", ts.URL+"/graphql")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, stderr.String())
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r struct{ ID, Name, Status, Reason string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit printed %q: %v", sc.Text(), err)
		}
		n++
		if r.Status != "ok" {
			t.Errorf("audit %s %s: got %s: %s", r.ID, r.Name, r.Status, r.Reason)
		}
	}
	if n == 0 {
		t.Fatal("the audit ran no audit")
	}
}

func TestGraphQLOverHTTP(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	tests := []struct {
		name       string
		accept     string
		body       string
		wantStatus int
		wantData   bool // whether the body has a "data" entry
	}{
		{"ErrMissingQuery", "application/json", `{"qeury": "{ __typename }"}`, 400, false},
		{"ErrParseJSON", "application/json", `{"query": "{"}`, 200, true},
		{"ErrValidationJSON", "application/json", `{"query": "{ nope }"}`, 200, true},
		{"ErrVariableJSON", "application/json", `{"query": "query($b: Basis) { compare(basis: $b) { bound } }", "variables": {"b": "VIBES"}}`, 200, true},
		{"ErrParseGraphQLResponse", "application/graphql-response+json", `{"query": "{"}`, 400, false},
		{"ErrValidationGraphQLResponse", "application/graphql-response+json", `{"query": "{ nope }"}`, 400, false},
		{"OKGraphQLResponse", "application/graphql-response+json", `{"query": "{ __typename }"}`, 200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", tt.accept)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]json.RawMessage
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("got status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if _, ok := body["data"]; ok != tt.wantData {
				t.Errorf("got data entry %v, want %v: %v", ok, tt.wantData, body)
			}
			if _, ok := body["errors"]; !ok && tt.wantStatus != 200 {
				t.Errorf("got no errors: %v", body)
			}
		})
	}
}
