package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// stateOnly writes states/idn.yaml holding Indonesia's state record alone,
// without its actions, laws and evidence, and returns its path.
func stateOnly(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(fixturesDir, "states", "idn.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	head, _, ok := strings.Cut(string(src), "\nactions:")
	if !ok {
		t.Fatal("idn.yaml has no actions")
	}
	dir := filepath.Join(t.TempDir(), "states")
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, "idn.yaml")
	if err := os.WriteFile(path, []byte(head+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIngestRemovals(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	db := filepath.Join(t.TempDir(), "db")
	// Without IDN's statutes: their provisions reference IDN's laws, which
	// the cut file removes, and a load never leaves a stored record
	// dangling. Malaysia's are loaded: its links name their provisions.
	mys, err := filepath.Glob(filepath.Join(fixturesDir, "statutes", "mys-*.yaml"))
	if err != nil || len(mys) == 0 {
		t.Fatalf("Malaysia's statute files: %v %v", mys, err)
	}
	mustRun(t, append([]string{"ingest", "--db", db, filepath.Join(fixturesDir, "instruments"), filepath.Join(fixturesDir, "states")}, mys...)...)
	before := mustRun(t, "compare", "--db", db, "--format", "json", "--as-of", "2020-01-01")
	idn := stateOnly(t)
	perKind := regexp.MustCompile(`(?m)^  would remove \d+ laws: idn/`)

	t.Run("ErrEmptyFile", func(t *testing.T) {
		empty := filepath.Join(t.TempDir(), "states", "idn.yaml")
		os.MkdirAll(filepath.Dir(empty), 0o755)
		os.WriteFile(empty, []byte("\n"), 0o644)
		r := pactwatch(t, nil, "ingest", "--db", db, empty)
		if r.code != 1 || !strings.Contains(r.stderr, "states/idn.yaml:1:1: the file is empty") {
			t.Errorf("got exit %d, stderr %q, want 1 and the empty file named", r.code, r.stderr)
		}
	})
	t.Run("DryRunListsRemovals", func(t *testing.T) {
		r := mustRun(t, "ingest", "--dry-run", "--db", db, idn)
		if !perKind.MatchString(r.stdout) || !strings.Contains(r.stdout, "needs --allow-removals") {
			t.Errorf("got %q, want the removals per kind and the flag named", r.stdout)
		}
	})
	t.Run("ErrRemovalsRefused", func(t *testing.T) {
		r := pactwatch(t, nil, "ingest", "--db", db, idn)
		if r.code != 1 || !perKind.MatchString(r.stderr) || !strings.Contains(r.stderr, "nothing was written; run with --allow-removals") {
			t.Errorf("got exit %d, stderr %q, want 1 with the removals per kind", r.code, r.stderr)
		}
		after := mustRun(t, "compare", "--db", db, "--format", "json", "--as-of", "2020-01-01")
		if exportRowsOf(t, after.stdout) != exportRowsOf(t, before.stdout) {
			t.Error("a refused ingest changed the store")
		}
	})
	t.Run("OKAllowRemovals", func(t *testing.T) {
		r := mustRun(t, "ingest", "--allow-removals", "--db", db, idn)
		if m := regexp.MustCompile(` (\d+) removed`).FindStringSubmatch(r.stdout); m == nil || m[1] == "0" {
			t.Errorf("got %q, want records removed", r.stdout)
		}
	})
}
