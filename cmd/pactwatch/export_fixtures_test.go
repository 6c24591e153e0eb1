package main_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
)

// readTree reads every file under dir by its slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExportFixtures: a store with an edit made through the API, written
// as fixture files, holds the edit in its file; ingesting the files into
// the same store changes nothing (dry run and load); a file written over
// keeps its leading comments; and a running serve's store writes the same
// files.
func TestExportFixtures(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	tmp := t.TempDir()
	db := filepath.Join(tmp, "db")
	n := loadedRecords(t, mustRun(t, "ingest", "--db", db, fixturesDir))
	files, _ := filepath.Glob(filepath.Join(fixturesDir, "*", "*.yaml"))
	apiEdit(t, db, "cora", map[string]func(graph.Node){"tha/ev/tip-2018-tier": tierLocator("p. 412, Thailand narrative")})

	out := filepath.Join(tmp, "fixtures")
	os.MkdirAll(filepath.Join(out, "states"), 0o755)
	os.WriteFile(filepath.Join(out, "states", "tha.yaml"), []byte("# Thailand: a curator's heading.\n# Second line.\nstate:\n  code: THA\n"), 0o644)
	r := mustRun(t, "export", "--db", db, "--fixtures", out)
	if !strings.Contains(r.stdout, fmt.Sprintf("wrote %s records as %d fixture files to %s", n, len(files), out)) {
		t.Errorf("export --fixtures: got %q", r.stdout)
	}
	tha, _ := os.ReadFile(filepath.Join(out, "states", "tha.yaml"))
	if !bytes.HasPrefix(tha, []byte("# Thailand: a curator's heading.\n# Second line.\nstate:\n  code: THA\n  name: Thailand\n")) {
		t.Errorf("tha.yaml starts:\n%s", tha[:min(len(tha), 200)])
	}
	if !bytes.Contains(tha, []byte("locator: p. 412, Thailand narrative")) {
		t.Error("tha.yaml does not hold the API's edit")
	}
	for _, name := range []string{"instruments/actip-2015.yaml", "statutes/idn-law-21-2007.yaml", "states/idn.yaml"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("no %s: %v", name, err)
		}
	}

	dry := mustRun(t, "ingest", "--dry-run", "--db", db, out)
	if !strings.Contains(dry.stdout, "the load would make 0 added, 0 changed, 0 removed, "+n+" unchanged, and refuse 0") {
		t.Errorf("dry run of the written files: got\n%s", dry.stdout)
	}
	load := mustRun(t, "ingest", "--db", db, out)
	if !strings.Contains(load.stdout, ": 0 added, 0 changed, 0 removed, "+n+" unchanged\n") {
		t.Errorf("loading the written files: got\n%s", load.stdout)
	}

	t.Run("OKFromTheRunningServe", func(t *testing.T) {
		startServeDB(t, db)
		remote := filepath.Join(tmp, "remote")
		mustRun(t, "export", "--db", db, "--fixtures", remote)
		local, got := readTree(t, out), readTree(t, remote)
		local["states/tha.yaml"] = bytes.TrimPrefix(local["states/tha.yaml"], []byte("# Thailand: a curator's heading.\n# Second line.\n"))
		if len(got) != len(local) {
			t.Errorf("got %d files from the serve, want %d", len(got), len(local))
		}
		for name, want := range local {
			if !bytes.Equal(got[name], want) {
				t.Errorf("%s differs when written from the running serve", name)
			}
		}
	})
}
