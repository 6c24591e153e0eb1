package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph/store"
)

// variantBinary builds pactwatch with one edit (old replaced by new in
// file, relative to the module's root), as another release of pactwatch
// would be, and returns its path. The edited file is given to the build as
// an overlay (go build -overlay), so that only the packages it changes are
// compiled again, and only the first time: the build cache keeps them.
func variantBinary(t *testing.T, file, old, new string) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, filepath.FromSlash(file))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not hold %q", file, old)
	}
	dir := t.TempDir()
	edited := filepath.Join(dir, filepath.Base(path))
	if err := os.WriteFile(edited, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {path: edited}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "overlay.json"), overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "pactwatch-variant")
	build := exec.Command("go", "build", "-overlay", filepath.Join(dir, "overlay.json"), "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the variant: %v: %s", err, out)
	}
	return bin
}

// runWith runs another pactwatch binary and returns its result.
func runWith(t *testing.T, bin string, args ...string) result {
	t.Helper()
	return runBinary(t, bin, nil, args...)
}

const statesQuery = `{ states { code name } }`

func TestEmbeddedCorpusUpgrade(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	// The release before this one carried another name for Indonesia.
	older := variantBinary(t, "fixtures/states/idn.yaml", "  name: Indonesia\n", "  name: Indonesia (old)\n")

	t.Run("OKReloadsAStoreOfNothingElse", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "db")
		if r := runWith(t, older, "query", "--db", db, statesQuery); r.code != 0 || !strings.Contains(r.stdout, "Indonesia (old)") {
			t.Fatalf("older release: exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
		}
		s := launchServe(t, testEnv(t), "--db", db)
		s.stop(t)
		if !strings.Contains(s.log.String(), "the embedded corpus differs") || !strings.Contains(s.log.String(), "reloaded the embedded corpus") {
			t.Errorf("serve log: got\n%s\nwant it to say the corpus changed and was reloaded", s.log.String())
		}
		r := mustRun(t, "query", "--db", db, statesQuery)
		if strings.Contains(r.stdout, "Indonesia (old)") || !strings.Contains(r.stdout, `"Indonesia"`) {
			t.Errorf("after the upgrade: got %s, want this release's name for IDN", r.stdout)
		}
		// A second start finds the store current and changes nothing.
		s = launchServe(t, testEnv(t), "--db", db)
		s.stop(t)
		if !strings.Contains(s.log.String(), "holds the embedded corpus of this binary") {
			t.Errorf("second start: got\n%s\nwant the store found current", s.log.String())
		}
	})

	t.Run("OKWarnsOverOwnWrites", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "db")
		if r := runWith(t, older, "query", "--db", db, statesQuery); r.code != 0 {
			t.Fatalf("older release: exit %d, stderr %s", r.code, r.stderr)
		}
		// A researcher's own load: a file of the corpus, edited.
		dir := filepath.Join(t.TempDir(), "mine", "states")
		os.MkdirAll(dir, 0o755)
		b, err := os.ReadFile(filepath.Join(fixturesDir, "states", "idn.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "idn.yaml"), []byte(strings.Replace(string(b), "  name: Indonesia\n", "  name: Indonesia (mine)\n", 1)), 0o644)
		mustRun(t, "ingest", "--db", db, dir)

		s := launchServe(t, testEnv(t), "--db", db)
		s.stop(t)
		if !strings.Contains(s.log.String(), "not reloading it") || strings.Contains(s.log.String(), "reloaded the embedded corpus") {
			t.Errorf("serve log: got\n%s\nwant a warning and no reload", s.log.String())
		}
		if r := mustRun(t, "query", "--db", db, statesQuery); !strings.Contains(r.stdout, "Indonesia (mine)") {
			t.Errorf("after serve: got %s, want the researcher's record kept", r.stdout)
		}
	})
}

func TestStoreFormat(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	cur, next := store.FormatVersion, store.FormatVersion+1
	newer := variantBinary(t, "graph/store/format.go", fmt.Sprintf("const FormatVersion uint32 = %d", cur), fmt.Sprintf("const FormatVersion uint32 = %d", next))
	db := filepath.Join(t.TempDir(), "db")
	if r := runWith(t, newer, "ingest", "--db", db, fixturesDir); r.code != 0 {
		t.Fatalf("newer release: exit %d, stderr %s", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"query", "--db", db, statesQuery},
		{"serve", "--addr", "127.0.0.1:0", "--db", db},
		{"ingest", "--db", db, fixturesDir},
	} {
		r := pactwatch(t, nil, args...)
		checkOneLineError(t, r, 1, fmt.Sprintf("has format %d, newer than this pactwatch reads (format %d)", next, cur))
	}
	// A backup of it is refused by restore too.
	file := filepath.Join(t.TempDir(), "newer.bak")
	if r := runWith(t, newer, "backup", "--db", db, file); r.code != 0 {
		t.Fatalf("newer backup: exit %d, stderr %s", r.code, r.stderr)
	}
	r := pactwatch(t, nil, "restore", "--db", filepath.Join(t.TempDir(), "r"), file)
	checkOneLineError(t, r, 1, "newer than this pactwatch reads")
}
