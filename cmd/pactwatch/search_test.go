package main_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSearch(t *testing.T) {
	db := fixtureDB(t) // ingest built the index

	t.Run("OK", func(t *testing.T) {
		r := mustRun(t, "search", "--db", db, "non-punishment")
		if !strings.Contains(r.stdout, "PROVISION   actip-2015/art_14/para_7 ") || !strings.Contains(r.stdout, "[punishment]") {
			t.Errorf("got\n%s\nwant the provision actip-2015/art_14/para_7 with the match in brackets", r.stdout)
		}
		if strings.Contains(r.stderr, "building") {
			t.Errorf("got stderr %q: ingest should have left the index current", r.stderr)
		}
	})

	t.Run("OK/json and filters", func(t *testing.T) {
		r := mustRun(t, "search", "--db", db, "--format", "json", "--kind", "law", "--state", "IDN", "trafficking")
		var res struct {
			Rows []struct{ ID, Kind, State string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("got %q: %v", r.stdout, err)
		}
		if len(res.Rows) == 0 {
			t.Fatal("got no hits")
		}
		for _, h := range res.Rows {
			if h.Kind != "LAW" || h.State != "IDN" || !strings.HasPrefix(h.ID, "idn/") {
				t.Errorf("got hit %+v, want IDN's laws only", h)
			}
		}
	})

	t.Run("ErrBadQuery", func(t *testing.T) {
		r := pactwatch(t, nil, "search", "--db", db, `"unclosed`)
		checkOneLineError(t, r, 2, "unterminated quote")
	})
}

// TestSearchFollowsIngest changes a provision's text in a copy of the
// fixtures, ingests it, and finds the new words (and not the old) without a
// rebuild; a restored store gets its index built on first use.
func TestSearchFollowsIngest(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	fixtures := filepath.Join(t.TempDir(), "fixtures")
	if err := os.CopyFS(fixtures, os.DirFS(fixturesDir)); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "db")
	mustRun(t, "ingest", "--db", db, fixtures)

	file := filepath.Join(fixtures, "instruments", "actip-2015.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	const old = "for unlawful acts committed by them, if such acts are directly related"
	if !strings.Contains(string(src), old) {
		t.Fatalf("%s no longer holds %q", file, old)
	}
	changed := strings.Replace(string(src), old, "for unlawful acts of zanzibarian clemency, if such acts are directly related", 1)
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "ingest", "--db", db, fixtures)

	r := mustRun(t, "search", "--db", db, "--kind", "PROVISION", "zanzibarian")
	if !strings.Contains(r.stdout, "actip-2015/art_14/para_7 ") || strings.Contains(r.stderr, "building") {
		t.Errorf("after ingest: got stdout\n%s\nstderr %q; want the changed provision from the index ingest kept", r.stdout, r.stderr)
	}
	r = mustRun(t, "search", "--db", db, "--kind", "PROVISION", `"committed by them"`)
	if strings.Contains(r.stdout, "actip-2015/art_14/para_7 ") {
		t.Errorf("after ingest: the old words still find the provision:\n%s", r.stdout)
	}

	backup := filepath.Join(t.TempDir(), "db.bak")
	mustRun(t, "backup", "--db", db, backup)
	restored := filepath.Join(t.TempDir(), "restored")
	mustRun(t, "restore", "--db", restored, backup)
	r = mustRun(t, "search", "--db", restored, "--kind", "PROVISION", "zanzibarian")
	if !strings.Contains(r.stdout, "actip-2015/art_14/para_7 ") {
		t.Errorf("after restore: got\n%s\nwant the changed provision", r.stdout)
	}
}

// TestServeSearch serves a fresh store: the index is built in the
// background, and search answers once it is.
func TestServeSearch(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	db := filepath.Join(t.TempDir(), "db")
	s := launchServe(t, testEnv(t), "--db", db)
	s.waitLog(t, "search index built")

	body := `{"query":"{ search(text: \"non-punishment\", kinds: [PROVISION]) { totalCount edges { node { id } } } }"}`
	resp, err := http.Post("http://"+s.addr+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			Search struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) > 0 || len(out.Data.Search.Edges) == 0 || out.Data.Search.Edges[0].Node.ID != "actip-2015/art_14/para_7" {
		t.Fatalf("got %+v, want actip-2015/art_14/para_7 first", out)
	}
	if err := s.stop(t); err != nil {
		t.Fatalf("serve after SIGTERM: %v; log:\n%s", err, s.log.String())
	}

	// Served again, the index is current: nothing to build.
	s = launchServe(t, testEnv(t), "--db", db)
	if !strings.Contains(s.log.String(), "search index current") {
		t.Errorf("second serve: got log\n%s\nwant the index current", s.log.String())
	}
	s.stop(t)
}
