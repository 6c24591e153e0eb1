package main_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
)

// apiNote changes IDN's note as the write API would: by a key's name, at
// the version it read.
func apiNote(t *testing.T, db, note string) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ns, err := s.Nodes(ctx, []string{"IDN"})
	if err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(ctx, []string{"IDN"})
	if err != nil {
		t.Fatal(err)
	}
	graph.RecordOf(ns[0]).Note = note
	if _, err := s.Apply(ctx, &graph.Batch{Put: ns, Author: "ed", Message: "a curator's note", Expect: map[string]uint64{"IDN": vs[0].Seq}}); err != nil {
		t.Fatal(err)
	}
}

// lastChange returns the author, message and forced mark of IDN's newest
// change.
func lastChange(t *testing.T, db string) *graph.RecordChange {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.Changes(ctx, graph.ChangeQuery{Record: "IDN"})
	if err != nil || len(cs) == 0 {
		t.Fatalf("IDN's changes: %v, %v", cs, err)
	}
	return cs[len(cs)-1]
}

// TestIngestOverAPIChanges: a load of a file refuses to undo what the API
// wrote since the file was last loaded: it lists it (the dry run too) and
// keeps it as the API wrote it, and loads over it with --force, which the
// change log records.
func TestIngestOverAPIChanges(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	db := filepath.Join(t.TempDir(), "db")
	paths := []string{filepath.Join(fixturesDir, "instruments"), filepath.Join(fixturesDir, "states"), filepath.Join(fixturesDir, "statutes")}
	mustRun(t, append([]string{"ingest", "--db", db}, paths...)...)
	apiNote(t, db, "checked against the gazette")
	const listed = "  refused   state IDN: written through the API since the file was loaded, by ed at version "

	t.Run("DryRunListsThem", func(t *testing.T) {
		r := mustRun(t, append([]string{"ingest", "--dry-run", "--db", db}, paths...)...)
		if !strings.Contains(r.stdout, listed) || !strings.Contains(r.stdout, "--force overwrites") {
			t.Errorf("got %q, want IDN listed and --force named", r.stdout)
		}
	})
	t.Run("OKRefusedAndKept", func(t *testing.T) {
		r := mustRun(t, append([]string{"ingest", "--db", db}, paths...)...)
		if !strings.Contains(r.stdout, listed) || !strings.Contains(r.stdout, "refused 1 record written through the API since its file was loaded, kept as the API wrote it") {
			t.Errorf("got stdout %q, want IDN listed as refused and kept", r.stdout)
		}
		if c := lastChange(t, db); c.Author != "ed" {
			t.Errorf("IDN's last change: got %s's, want the API's (ed) to stand", c.Author)
		}
	})
	t.Run("OKUnchangedRecordLoads", func(t *testing.T) {
		// Loading the other files again changes nothing the API wrote.
		mustRun(t, "ingest", "--db", db, paths[0])
	})
	t.Run("OKForce", func(t *testing.T) {
		mustRun(t, append([]string{"ingest", "--force", "--db", db}, paths...)...)
		c := lastChange(t, db)
		if c.Author != "ingest" || !c.Forced || !strings.Contains(c.Message, "--force over 1 records changed through the API: IDN") {
			t.Errorf("IDN's last change: got %s %q forced %v, want a forced ingest naming IDN", c.Author, c.Message, c.Forced)
		}
		// Loaded again, the file is the last writer: no refusal.
		mustRun(t, append([]string{"ingest", "--db", db}, paths...)...)
	})
}
