package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateTooLarge: files valid one by one but too many records for
// ingest's one transaction are refused by validate, with the numbers.
func TestValidateTooLarge(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	dir := t.TempDir()
	const files, rows = 3, 12_000
	for f := range files {
		var b strings.Builder
		b.WriteString("id,state,kind,date,obligations,finding,summary,source_citation,source_url\n")
		for i := range rows {
			fmt.Fprintf(&b, "idn/ev/bulk-%d-%d,IDN,REPORT,2018-06,actip-2015/art_5/obl_1,GAP,A report of the bulk test number %d of file %d.,Bulk source %d,https://example.org/bulk/%d\n", f, i, i, f, i, i)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("bulk-%d-evidence.csv", f)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("ErrTooLarge", func(t *testing.T) {
		r := pactwatch(t, nil, "validate", dir)
		checkOneLineError(t, r, 1, "too large for one transaction")
		for _, want := range []string{fmt.Sprintf("%d records to write", files*rows), "at most", "keys"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("got %q, want it to contain %q", r.stderr, want)
			}
		}
	})
	t.Run("OKOneFile", func(t *testing.T) {
		r := mustRun(t, "validate", filepath.Join(dir, "bulk-0-evidence.csv"))
		if !strings.Contains(r.stdout, "1 file valid") {
			t.Errorf("got %q, want one file valid", r.stdout)
		}
	})
}
