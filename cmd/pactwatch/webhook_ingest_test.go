package main_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A CLI ingest writes while no server holds the store, so no server hears
// of it; its changes wait in the store's webhook queue, and the next
// `pactwatch serve` delivers them, signed.
func TestIngestQueuesWebhooks(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	type delivery struct {
		signature string
		body      []byte
	}
	got := make(chan delivery, 16)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- delivery{r.Header.Get("X-Pactwatch-Signature"), b}
	}))
	defer receiver.Close()

	db := filepath.Join(t.TempDir(), "db")
	mustRun(t, "ingest", "--db", db, fixturesDir)
	editor := strings.TrimSpace(mustRun(t, "keys", "create", "--role", "editor", "--name", "ed", "--db", db).stdout)
	env := testEnv(t)
	s := launchServe(t, env, "--db", db, "--webhook-allow-private")
	resp := gql(t, s.addr, editor, `mutation($url: String!) { registerWebhook(url: $url, state: "IDN") { id secret } }`,
		map[string]any{"url": receiver.URL + "/hook"})
	reg, _ := resp["data"].(map[string]any)["registerWebhook"].(map[string]any)
	secret, _ := reg["secret"].(string)
	if secret == "" {
		t.Fatalf("registerWebhook: got %v", resp)
	}
	if err := s.stop(t); err != nil {
		t.Fatalf("serve: %v", err)
	}

	changed := copyFixtures(t, map[string][2]string{"states/idn.yaml": {"\nevidence:\n", `
evidence:
- id: idn/ev/queued-by-ingest
  kind: REPORT
  date: '2025-11-01'
  obligations: [actip-2015/art_5/obl_1]
  finding: EFFECTIVE
  summary: A report loaded by the CLI, for this test.
  sources:
  - citation: a test source
    url: https://example.org/test
`}})
	mustRun(t, "ingest", "--db", db, changed)
	select {
	case d := <-got:
		t.Fatalf("a delivery with no server running: %s", d.body)
	case <-time.After(200 * time.Millisecond):
	}

	s = launchServe(t, env, "--db", db, "--webhook-allow-private")
	defer s.stop(t)
	select {
	case d := <-got:
		m := hmac.New(sha256.New, []byte(secret))
		m.Write(d.body)
		if want := "sha256=" + hex.EncodeToString(m.Sum(nil)); d.signature != want {
			t.Errorf("signature %q, want %q", d.signature, want)
		}
		var body struct {
			Changes []struct {
				Record, Action, Author, Message string
				Instruments                     []string
			}
		}
		if err := json.Unmarshal(d.body, &body); err != nil {
			t.Fatal(err)
		}
		// The records after the new one moved down the file: they changed
		// too (their line), in the same batch.
		var added int
		for _, c := range body.Changes {
			if c.Author != "ingest" || !strings.Contains(c.Message, "states/idn.yaml") {
				t.Errorf("change %+v: want ingest's, of states/idn.yaml", c)
			}
			if c.Record == "idn/ev/queued-by-ingest" {
				added++
				if c.Action != "ADDED" || len(c.Instruments) != 1 || c.Instruments[0] != "actip-2015" {
					t.Errorf("change %+v: want the evidence added, on actip-2015", c)
				}
			}
		}
		if added != 1 {
			t.Errorf("delivery %.400s…: want the evidence the ingest added, once", d.body)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("no delivery within 15s of the server's start; log:\n%s", s.log.String())
	}
}
