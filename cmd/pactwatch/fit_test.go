package main_test

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// onTerminal runs the binary with a terminal for its standard output
// (script(1) gives it one) and $COLUMNS set, and returns what it printed.
func onTerminal(t *testing.T, columns string, args ...string) string {
	t.Helper()
	quoted := []string{binary}
	for _, a := range args {
		quoted = append(quoted, "'"+strings.ReplaceAll(a, "'", `'\''`)+"'")
	}
	cmd := exec.Command("script", "-qec", strings.Join(quoted, " "), "/dev/null")
	cmd.Env = append(testEnv(t), "COLUMNS="+columns, "TERM=dumb")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pactwatch %v on a terminal: %v\n%s", args, err, out)
	}
	return strings.ReplaceAll(string(out), "\r\n", "\n")
}

// TestFittedToTerminal checks that summaries fit a terminal of $COLUMNS
// characters, and that piped output is the same whatever $COLUMNS says.
func TestFittedToTerminal(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("no script(1) here to give the command a terminal (util-linux)")
	}
	db := fixtureDB(t)
	gaps := []string{"gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--instrument", "actip-2015"}

	for _, tc := range []struct {
		name    string
		columns int
		args    []string
		keep    []string
	}{
		{"OKGaps", 100, gaps, []string{"actip-2015/art_5/obl_1", "actip-2015/art_14/para_7/obl_1", "reviewed, none found: IDN/review/"}},
		{"OKSearch", 90, []string{"search", "victim", "identification", "--db", db, "-n", "5"}, []string{"KIND", "MATCH"}},
		{"OKCompare", 160, []string{"compare", "--db", db, "--as-of", "2020-01-01", "--instrument", "actip-2015"}, []string{"Brunei", "RANGE", "caveat:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := onTerminal(t, strconv.Itoa(tc.columns), tc.args...)
			for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
				if n := utf8.RuneCountInString(line); n > tc.columns {
					t.Errorf("line of %d characters on a terminal of %d: %q", n, tc.columns, line)
				}
			}
			for _, k := range tc.keep {
				if !strings.Contains(out, k) {
					t.Errorf("got\n%s\nwant it to hold %q", out, k)
				}
			}
		})
	}

	t.Run("OKWideTerminalShowsSummariesInFull", func(t *testing.T) {
		var doc struct{ Rows []struct{ Summary string } }
		if err := json.Unmarshal([]byte(mustRun(t, append(gaps, "--format", "json")...).stdout), &doc); err != nil || len(doc.Rows) == 0 {
			t.Fatalf("gaps json: %v", err)
		}
		long := ""
		for _, r := range doc.Rows {
			if len(r.Summary) > len(long) {
				long = r.Summary
			}
		}
		if out := onTerminal(t, "400", gaps...); !strings.Contains(out, long) {
			t.Errorf("on a terminal of 400: got\n%s\nwant the summary %q in full", out, long)
		}
		if piped := mustRun(t, gaps...).stdout; strings.Contains(piped, long) && len([]rune(long)) > 60 {
			t.Errorf("piped: got the summary in full, want it cut at 60 as ever")
		}
	})

	t.Run("OKPipedIgnoresColumns", func(t *testing.T) {
		plain := mustRun(t, gaps...).stdout
		cmd := exec.Command(binary, gaps...)
		cmd.Env = append(testEnv(t), "COLUMNS=40")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != plain {
			t.Errorf("piped with COLUMNS=40: got\n%s\nwant it unchanged:\n%s", out, plain)
		}
	})
}
