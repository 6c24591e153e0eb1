package main_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyFixtures copies the repository's fixtures to a temporary directory,
// with replace applied to the named files' text.
func copyFixtures(t *testing.T, replace map[string][2]string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "fixtures")
	err := filepath.Walk(fixturesDir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fixturesDir, path)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if r, ok := replace[filepath.ToSlash(rel)]; ok {
			if !strings.Contains(string(b), r[0]) {
				t.Fatalf("%s has no %q", rel, r[0])
			}
			b = []byte(strings.Replace(string(b), r[0], r[1], 1))
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestCSVFormulaInjection(t *testing.T) {
	const formula = `=HYPERLINK("https://evil.example","click")`
	fixtures := copyFixtures(t, map[string][2]string{
		"states/idn.yaml": {"  name: Indonesia\n", "  name: '" + formula + "'\n"},
		"instruments/actip-2015.yaml": {`summary: "Make trafficking in persons, as the Convention defines it, a criminal offence in national law."`,
			`summary: '@SUM(1+1) Make trafficking in persons a criminal offence.'`},
	})
	db := filepath.Join(t.TempDir(), "db")
	mustRun(t, "ingest", "--db", db, fixtures)
	tests := []struct {
		name string
		args []string
		want string // a cell of the output
	}{
		{"OKGapsSummary", []string{"gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "csv"}, "'@SUM(1+1) Make trafficking in persons a criminal offence."},
		{"OKCompareName", []string{"compare", "--db", db, "--format", "csv"}, "'" + formula},
		{"OKSearchTextInHeaderLines", []string{"search", "--db", db, "--format", "csv", "x,=cmd|' /C calc'!A0"}, "'=cmd|' /C calc'!A0\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRun(t, tt.args...)
			// Read every line as a spreadsheet does, the "# " lines too.
			cr := csv.NewReader(strings.NewReader(r.stdout))
			cr.FieldsPerRecord = -1
			cr.LazyQuotes = true
			rows, err := cr.ReadAll()
			if err != nil {
				t.Fatalf("output is not CSV: %v", err)
			}
			found := false
			for _, row := range rows {
				for _, cell := range row {
					cell = strings.TrimLeft(cell, ` "`)
					if len(cell) > 0 && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("got cell %q, which a spreadsheet runs as a formula", cell)
					}
					found = found || cell == tt.want
				}
			}
			if !found {
				t.Errorf("got no cell %q in\n%s", tt.want, r.stdout)
			}
		})
	}
}
