package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
)

// planLines are the record lines of an ingest's output: added, changed
// (with their field lines), removed, refused.
func planLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  ") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestIngestDryRunSaysWhatTheRunDoes: on a fresh store, tha/ev/tip-2018-tier's
// source locator changed over the API and one evidence finding edited in
// tha.yaml: the dry run shows 1 change (with its field) and 1 refusal, and
// the data version; the real run does exactly that; --if-version refuses a
// store that moved; and --force makes 2 changes.
func TestIngestDryRunSaysWhatTheRunDoes(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	tmp := t.TempDir()
	src, err := os.ReadFile(filepath.Join(fixturesDir, "states", "tha.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(string(src), "- id: tha/ev/tip-2017-tier")
	end := at + strings.Index(string(src[at:]), "finding: GAP") + len("finding: GAP")
	if at < 0 || end < at+len("finding: GAP") {
		t.Fatal("tha.yaml no longer holds tha/ev/tip-2017-tier with finding GAP")
	}
	edited := string(src[:end-len("GAP")]) + "MIXED" + string(src[end:])
	file := filepath.Join(tmp, "edit", "states", "tha.yaml")
	os.MkdirAll(filepath.Dir(file), 0o755)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := func(name string) string {
		db := filepath.Join(tmp, name)
		mustRun(t, "ingest", "--db", db, fixturesDir)
		apiEdit(t, db, "cora", map[string]func(graph.Node){"tha/ev/tip-2018-tier": tierLocator("p. 412, Thailand narrative")})
		return db
	}
	db := fresh("db")

	dry := mustRun(t, "ingest", "--dry-run", "--db", db, file)
	for _, want := range []string{
		"the load would make 0 added, 1 changed, 0 removed, 62 unchanged, and refuse 1\n",
		"  changed   evidence tha/ev/tip-2017-tier\n              finding: \"GAP\" → \"MIXED\"\n",
		"  refused   evidence tha/ev/tip-2018-tier: written through the API since the file was loaded, by cora at version ",
		"the load would refuse 1 record written through the API since its file was loaded; --force overwrites\n",
		"compliance records would change as of ",
	} {
		if !strings.Contains(dry.stdout, want) {
			t.Errorf("dry run: got\n%s\nwant %q", dry.stdout, want)
		}
	}
	m := regexp.MustCompile(`at data version (\d+); nothing written`).FindStringSubmatch(dry.stdout)
	if m == nil {
		t.Fatalf("dry run: no data version in %q", dry.stdout)
	}
	version, _ := strconv.ParseUint(m[1], 10, 64)
	if !strings.Contains(dry.stdout, "--if-version "+m[1]) {
		t.Errorf("dry run: got %q, want it to say how to load exactly this", dry.stdout)
	}

	t.Run("ErrIfVersionMoved", func(t *testing.T) {
		r := pactwatch(t, nil, "ingest", "--if-version", strconv.FormatUint(version-1, 10), "--db", db, file)
		if r.code != 1 || !strings.Contains(r.stderr, "the store has moved since data version "+strconv.FormatUint(version-1, 10)+": it is at "+m[1]) {
			t.Errorf("got exit %d, stderr %q", r.code, r.stderr)
		}
		if r := pactwatch(t, nil, "ingest", "--if-version", "v7", "--db", db, file); r.code != 2 {
			t.Errorf("--if-version v7: got exit %d, stderr %q, want a usage error", r.code, r.stderr)
		}
	})
	t.Run("OKRunDoesWhatTheDryRunSaid", func(t *testing.T) {
		r := mustRun(t, "ingest", "--if-version", m[1], "--db", db, file)
		if !strings.Contains(r.stdout, ": 0 added, 1 changed, 0 removed, 62 unchanged, 1 refused\n") ||
			!strings.Contains(r.stdout, "refused 1 record written through the API since its file was loaded, kept as the API wrote it; --force overwrites") {
			t.Errorf("the load: got\n%s", r.stdout)
		}
		if got, want := planLines(r.stdout), planLines(dry.stdout); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("the load's lines:\n%s\nthe dry run's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		q := mustRun(t, "query", "--db", db, `{ a: node(id: "tha/ev/tip-2018-tier") { ... on Evidence { sources { locator } } } b: node(id: "tha/ev/tip-2017-tier") { ... on Evidence { finding } } }`)
		if !strings.Contains(q.stdout, "p. 412, Thailand narrative") || !strings.Contains(q.stdout, `"MIXED"`) {
			t.Errorf("after the load: got %s, want the API's locator kept and the file's finding loaded", q.stdout)
		}
		// The store moved: the old version no longer holds.
		if r := pactwatch(t, nil, "ingest", "--dry-run", "--if-version", m[1], "--db", db, file); r.code != 1 {
			t.Errorf("a dry run at the old version: exit %d, want 1", r.code)
		}
	})
	t.Run("OKForceMakesTwoChanges", func(t *testing.T) {
		db := fresh("forced")
		r := mustRun(t, "ingest", "--force", "--db", db, file)
		if !strings.Contains(r.stdout, ": 0 added, 2 changed, 0 removed, 62 unchanged\n") ||
			!strings.Contains(r.stdout, "  forced    evidence tha/ev/tip-2018-tier: written through the API") {
			t.Errorf("the forced load: got\n%s", r.stdout)
		}
	})
}
