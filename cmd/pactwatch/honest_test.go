package main_test

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGapsSaysWhatIsNotKnown: an empty answer says why, and a list says
// how many obligations nothing is known of rather than counting them.
func TestGapsSaysWhatIsNotKnown(t *testing.T) {
	db := fixtureDB(t)
	t.Run("OKEmptyAnswerSaysWhy", func(t *testing.T) {
		r := mustRun(t, "gaps", "IDN", "--db", db, "--instrument", "actip-2015", "--as-of", "2018-01-01")
		// Indonesia's deposit is known only as "2018": the day it became bound
		// is a bound, never a padded day.
		if !strings.Contains(r.stdout, "IDN is bound by ACTIP no later than 2019-01-30") || !strings.Contains(r.stdout, "not bound on 2018-01-01") || strings.Contains(r.stdout, "from 2019-01-30") {
			t.Errorf("got\n%s\nwant it to say IDN is bound no later than 2019-01-30 and not on the day", r.stdout)
		}
	})
	t.Run("OKUnreviewedCountedApart", func(t *testing.T) {
		r := mustRun(t, "gaps", "LAO", "--db", db, "--as-of", "2020-01-01")
		if !strings.Contains(r.stdout, "not reviewed: nothing is known of them") || !strings.Contains(r.stdout, "caveat: ACTIP") {
			t.Errorf("got\n%s\nwant the unreviewed obligations counted apart and the ACTIP caveat", r.stdout)
		}
		all := mustRun(t, "gaps", "LAO", "--db", db, "--as-of", "2020-01-01", "--include-unreviewed", "--format", "json")
		var doc struct{ Rows []struct{ Legal string } }
		if err := json.Unmarshal([]byte(all.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		gaps := doc.Rows
		n := 0
		for _, g := range gaps {
			if g.Legal == "UNREVIEWED" {
				n++
			}
		}
		if n == 0 {
			t.Errorf("--include-unreviewed: got no UNREVIEWED records among %d, want some", len(gaps))
		}
	})
	t.Run("OKNoneNamesTheReview", func(t *testing.T) {
		r := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--instrument", "actip-2015")
		if !strings.Contains(r.stdout, "reviewed, none found: IDN/review/") {
			t.Errorf("got\n%s\nwant each NONE gap to name the review and what it read", r.stdout)
		}
	})
}

// TestIngestReportsChangedRecords: one evidence row bearing on a theme
// turns many records; ingest says so in the dry run and after the load,
// per state, not only "1 added".
func TestIngestReportsChangedRecords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	mustRun(t, "ingest", "--db", db, fixturesDir)
	changed := copyFixtures(t, map[string][2]string{"states/idn.yaml": {"\nevidence:\n", `
evidence:
- id: idn/ev/test-protection
  kind: REPORT
  date: '2025-11-01'
  themes: [PROTECTION]
  finding: EFFECTIVE
  summary: A report on protection, for this test.
  sources:
  - citation: a test source
    url: https://example.org/test
`}})
	dry := mustRun(t, "ingest", "--dry-run", "--db", db, changed)
	re := regexp.MustCompile(`compliance records would change as of \S+: (\d+) \(IDN (\d+)\)`)
	m := re.FindStringSubmatch(dry.stdout)
	if m == nil || m[1] == "0" || m[1] != m[2] {
		t.Fatalf("dry run: got\n%s\nwant a count of changed records, all of them Indonesia's", dry.stdout)
	}
	real := mustRun(t, "ingest", "--db", db, changed)
	if want := "compliance records changed as of"; !strings.Contains(real.stdout, want+" ") || !strings.Contains(real.stdout, ": "+m[1]+" (IDN "+m[1]+")") {
		t.Errorf("load: got\n%s\nwant the %s records the dry run announced", real.stdout, m[1])
	}
}
