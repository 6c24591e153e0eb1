package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// knownAtDB loads a copy of the fixtures, then loads them again with an
// evidence item that finds Indonesia's criminalisation effective, and
// returns the store and a moment between the two loads.
func knownAtDB(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	fx := filepath.Join(dir, "fixtures")
	if out, err := exec.Command("cp", "-r", fixturesDir, fx).CombinedOutput(); err != nil {
		t.Fatalf("copying the fixtures: %v: %s", err, out)
	}
	db := filepath.Join(dir, "db")
	mustRun(t, "ingest", "--db", db, fx)
	known := time.Now().UTC().Format(time.RFC3339Nano)
	time.Sleep(10 * time.Millisecond)
	idn := filepath.Join(fx, "states", "idn.yaml")
	b, err := os.ReadFile(idn)
	if err != nil {
		t.Fatal(err)
	}
	const item = `
evidence:
- id: idn/ev/cli-known
  kind: COURT_CASE
  date: '2019-06-01'
  obligations:
  - actip-2015/art_5/obl_1
  finding: EFFECTIVE
  summary: A test conviction before a quillwort bench.
  sources:
  - citation: Test court, case 1/2019
    url: https://example.org/case
`
	text := strings.Replace(string(b), "\nevidence:\n", item, 1)
	if text == string(b) {
		t.Fatal("idn.yaml holds no evidence list")
	}
	if err := os.WriteFile(idn, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "ingest", "--db", db, fx)
	return db, known
}

func TestKnownAt(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	db, known := knownAtDB(t)
	const obl = "actip-2015/art_5/obl_1"
	args := func(cmd string, extra ...string) []string {
		a := []string{cmd}
		if cmd == "gaps" {
			a = append(a, "IDN")
		}
		return append(append(a, "--db", db, "--as-of", "2020-01-01", "--basis", "practice", "--instrument", "actip-2015"), extra...)
	}

	t.Run("OKGaps", func(t *testing.T) {
		old := mustRun(t, args("gaps", "--known-at", known)...).stdout
		now := mustRun(t, args("gaps")...).stdout
		if !strings.Contains(old, obl) || strings.Contains(now, obl) {
			t.Errorf("%s a practice gap: known before the change %v, now %v; want before only", obl, strings.Contains(old, obl), strings.Contains(now, obl))
		}
		if !strings.Contains(firstLine(old), "as the graph knew it at "+known) {
			t.Errorf("first line: got %q, want the moment", firstLine(old))
		}
		if strings.Contains(firstLine(now), "knew it") {
			t.Errorf("first line now: got %q, want no moment", firstLine(now))
		}
		js := mustRun(t, args("gaps", "--known-at", known, "--format", "json")...).stdout
		if !strings.Contains(js, `"obligation": "`+obl+`"`) {
			t.Errorf("json known before the change: got no %s", obl)
		}
	})

	t.Run("OKCompareXLSX", func(t *testing.T) {
		implemented := func(extra ...string) (string, map[string]string) {
			r := mustRun(t, args("compare", append([]string{"IDN", "--format", "xlsx"}, extra...)...)...)
			f, err := excelize.OpenReader(bytes.NewReader([]byte(r.stdout)))
			if err != nil {
				t.Fatalf("the workbook does not open: %v", err)
			}
			defer f.Close()
			rows, _ := f.GetRows("compare")
			about, _ := f.GetRows("About")
			meta := map[string]string{}
			for _, a := range about {
				if len(a) == 2 {
					meta[a[0]] = a[1]
				}
			}
			if len(rows) != 2 {
				t.Fatalf("got %d rows, want a header and IDN", len(rows))
			}
			return rows[1][slices.Index(rows[0], "implemented")], meta
		}
		old, meta := implemented("--known-at", known)
		now, _ := implemented()
		if old == now {
			t.Errorf("IDN implemented in practice: got %s both known before the change and now, want them to differ", old)
		}
		if meta["known at"] != known || !strings.Contains(meta["cite this"], "as the graph knew it at "+known) {
			t.Errorf("About: got %v, want the moment in its known-at and cite-this lines", meta)
		}
	})

	t.Run("OKSearch", func(t *testing.T) {
		old := mustRun(t, "search", "quillwort", "--db", db, "--known-at", known).stdout
		now := mustRun(t, "search", "quillwort", "--db", db).stdout
		if !strings.HasPrefix(old, "0 hits") || !strings.Contains(now, "idn/ev/cli-known") {
			t.Errorf("search known before the change:\n%s\nnow:\n%s\nwant no hit before, the evidence now", old, now)
		}
		csv := mustRun(t, "search", "quillwort", "--db", db, "--known-at", known, "--format", "csv").stdout
		if !strings.Contains(csv, "# known at: "+known+"\n") || strings.Contains(csv, "idn/ev/cli-known") {
			t.Errorf("search csv known before the change: got\n%s\nwant the moment and no hit", csv)
		}
	})

	t.Run("ErrBadKnownAt", func(t *testing.T) {
		r := pactwatch(t, nil, "gaps", "IDN", "--db", db, "--known-at", "yesterday")
		checkOneLineError(t, r, 2, "--known-at: invalid time \"yesterday\": want a day or a time")
		r = pactwatch(t, nil, "search", "x", "--db", db, "--known-at", "2026-13-01")
		checkOneLineError(t, r, 2, "--known-at: invalid time \"2026-13-01\"")
	})
}
