package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIAsksTheRunningServe: while serve holds a store, the CLI's read
// commands pointed at it answer from that server's API, the same answer as
// from the store itself, and say so in one line; a command that writes says
// which serve holds the store and what to do.
func TestCLIAsksTheRunningServe(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	db := filepath.Join(t.TempDir(), "db")
	// The answers from the store itself, before serve holds it.
	localGaps := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "csv")
	localQuery := mustRun(t, "query", "--db", db, `{ states { code } }`)

	base := startServeDB(t, db)

	t.Run("OKGapsFromTheAPI", func(t *testing.T) {
		r := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "csv")
		if !strings.Contains(r.stderr, "held by a running 'pactwatch serve'") || !strings.Contains(r.stderr, base) {
			t.Errorf("stderr: got %q, want one line naming the running serve at %s", r.stderr, base)
		}
		if got, want := dataRows(r.stdout), dataRows(localGaps.stdout); got != want {
			t.Errorf("gaps from the API:\n%s\nwant the store's own rows:\n%s", got, want)
		}
	})
	t.Run("OKQueryFromTheAPI", func(t *testing.T) {
		r := mustRun(t, "query", "--db", db, `{ states { code } }`)
		if r.stdout != localQuery.stdout {
			t.Errorf("query from the API: got %s, want %s", r.stdout, localQuery.stdout)
		}
	})
	t.Run("OKSearchAndCompare", func(t *testing.T) {
		mustRun(t, "compare", "--db", db, "--instrument", "actip-2015", "--format", "json")
		if r := mustRun(t, "search", "--db", db, "trafficking"); !strings.Contains(r.stdout, "hits for") {
			t.Errorf("search from the API: got %q", r.stdout)
		}
	})
	// The keys commands reach the running serve over the socket beside
	// the store, with no key: a new installation makes its first admin.
	t.Run("OKKeysOverTheSocket", func(t *testing.T) {
		addr := strings.TrimPrefix(base, "http://")
		var rec struct{ Socket string }
		if b, err := os.ReadFile(filepath.Join(db, "serve.json")); err != nil || json.Unmarshal(b, &rec) != nil || rec.Socket != filepath.Join(db, "keys.sock") {
			t.Fatalf("serve.json: got %+v (%v), want it to name the keys socket beside the store", rec, err)
		}
		if fi, err := os.Stat(rec.Socket); err != nil || fi.Mode().Perm() != 0o600 || fi.Mode()&os.ModeSocket == 0 {
			t.Fatalf("keys socket: got %v (%v), want a socket of mode 0600", fi, err)
		}
		admin := strings.TrimSpace(mustRun(t, "keys", "create", "--role", "admin", "--name", "ada", "--db", db).stdout)
		curator := strings.TrimSpace(mustRun(t, "keys", "create", "--role", "curator", "--name", "cora", "--db", db).stdout)
		v := gql(t, addr, admin, `{ viewer { name role } }`, nil)
		if vw, _ := v["data"].(map[string]any)["viewer"].(map[string]any); vw["name"] != "ada" || vw["role"] != "ADMIN" {
			t.Fatalf("the new admin key: got %v, want ada ADMIN", v)
		}
		if r := pactwatch(t, nil, "keys", "create", "--role", "editor", "--name", "cora", "--db", db); r.code == 0 || !strings.Contains(r.stderr, "exists already") {
			t.Errorf("a second key named cora: got exit %d, stderr %q, want a refusal", r.code, r.stderr)
		}
		if r := mustRun(t, "keys", "list", "--db", db); !strings.Contains(r.stdout, "ada") || !strings.Contains(r.stdout, "cora") {
			t.Errorf("keys list over the socket: got %q, want ada and cora", r.stdout)
		}
		// Audited as every key act is: by the operator (actor null).
		acts := gql(t, addr, admin, `{ acts(first: 10) { act subject actor details } }`, nil)
		created := map[string]bool{}
		for _, a := range acts["data"].(map[string]any)["acts"].([]any) {
			a := a.(map[string]any)
			if a["act"] == "KEY_CREATED" && a["actor"] == nil {
				created[a["subject"].(string)] = true
			}
		}
		if !created["ada"] || !created["cora"] {
			t.Errorf("audit log: got %v, want KEY_CREATED for ada and cora by the operator", acts)
		}
		mustRun(t, "keys", "revoke", "cora", "--db", db)
		if c := errCode(gql(t, addr, curator, `{ drafts { id } }`, nil)); c != "UNAUTHENTICATED" {
			t.Errorf("the revoked key: got %q, want UNAUTHENTICATED", c)
		}
	})
	t.Run("ErrIngestSaysWhatToDo", func(t *testing.T) {
		r := pactwatch(t, nil, "ingest", "--db", db, filepath.Join("..", "..", "fixtures"))
		if r.code == 0 || !strings.Contains(r.stderr, "held by a running 'pactwatch serve' at "+base) || !strings.Contains(r.stderr, "stop it") {
			t.Errorf("ingest on a held store: exit %d, stderr %q, want it to name the serve and what to do", r.code, r.stderr)
		}
	})
}

// dataRows is a CSV export without its "# " lines (they name the URL and
// the moment, which differ between the two paths), so that two answers
// compare by their rows.
func dataRows(csv string) string {
	var out []string
	for _, l := range strings.Split(csv, "\n") {
		if !strings.HasPrefix(l, "# ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
