package main_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// gql posts a GraphQL operation to a running serve with a key.
func gql(t *testing.T, addr, key, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func errCode(resp map[string]any) string {
	errs, _ := resp["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	c, _ := ext["code"].(string)
	return c
}

func TestKeys(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	create := mustRun(t, "keys", "create", "--role", "editor", "--name", "ed", "--db", db)
	secret := create.stdout
	if !strings.HasPrefix(secret, "pwk_") || strings.Count(secret, "\n") != 1 {
		t.Fatalf("keys create: got stdout %q, want the secret alone on one line", secret)
	}
	secret = strings.TrimSpace(secret)
	if r := pactwatch(t, nil, "keys", "create", "--role", "editor", "--name", "ed", "--db", db); r.code == 0 {
		t.Errorf("a second key named ed: got exit 0")
	}
	if r := pactwatch(t, nil, "keys", "create", "--role", "boss", "--name", "x", "--db", db); r.code != 2 {
		t.Errorf("--role boss: got exit %d, want 2", r.code)
	}
	list := mustRun(t, "keys", "list", "--db", db)
	if !strings.Contains(list.stdout, "ed") || strings.Contains(list.stdout, secret) {
		t.Errorf("keys list: got %q, want ed without its secret", list.stdout)
	}

	env := testEnv(t)
	s := launchServe(t, env, "--db", db)
	ev := map[string]any{
		"ID": "idn/ev/cli-test", "StateCode": "IDN", "Kind": "NEWS", "Date": "2021-03-01", "Finding": "MIXED",
		"Summary": "A test report.", "Themes": []string{"PROSECUTION"},
		"Sources": []any{map[string]any{"Citation": "Test news, 2021", "URL": "https://example.org/news"}},
	}
	mutation := `mutation($input: ChangesInput!) { applyChanges(input: $input) { published added } }`
	vars := map[string]any{"input": map[string]any{"message": "from the CLI test", "publish": true, "put": []any{map[string]any{"kind": "EVIDENCE", "record": ev}}}}
	if got := errCode(gql(t, s.addr, "", mutation, vars)); got != "UNAUTHENTICATED" {
		t.Errorf("anonymous: got %q, want UNAUTHENTICATED", got)
	}
	resp := gql(t, s.addr, secret, mutation, vars)
	if errCode(resp) != "" {
		t.Fatalf("editor: got %v", resp)
	}
	first, _ := json.Marshal(gql(t, s.addr, "", `{ changes(first: 1) { edges { node { author } } } }`, nil))
	if !strings.Contains(string(first), `"author":"ingest"`) {
		t.Errorf("first change: got %s, want the embedded load, by ingest", first)
	}
	// An anonymous reader sees the author's role, the editor its name.
	mine, _ := json.Marshal(gql(t, s.addr, "", `{ changes(record: "idn/ev/cli-test") { edges { node { author message } } } }`, nil))
	if !strings.Contains(string(mine), `{"author":"editor","message":"from the CLI test"}`) {
		t.Errorf("the test's change, read anonymously: got %s", mine)
	}
	mine, _ = json.Marshal(gql(t, s.addr, secret, `{ changes(record: "idn/ev/cli-test") { edges { node { author message } } } }`, nil))
	if !strings.Contains(string(mine), `{"author":"ed","message":"from the CLI test"}`) {
		t.Errorf("the test's change, read by its editor: got %s", mine)
	}
	if err := s.stop(t); err != nil {
		t.Fatalf("serve: %v", err)
	}

	mustRun(t, "keys", "revoke", "ed", "--db", db)
	if list := mustRun(t, "keys", "list", "--db", db); !strings.Contains(list.stdout, "revoked") {
		t.Errorf("keys list after revoke: got %q", list.stdout)
	}
	s = launchServe(t, env, "--db", db)
	if got := errCode(gql(t, s.addr, secret, mutation, vars)); got != "UNAUTHENTICATED" {
		t.Errorf("revoked key: got %q, want UNAUTHENTICATED", got)
	}
}
