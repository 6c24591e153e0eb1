package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDidYouMean(t *testing.T) {
	r := pactwatch(t, nil, "gpas", "IDN")
	checkOneLineError(t, r, 2, "did you mean 'pactwatch gaps'?")
	r = pactwatch(t, nil, "xyzzy")
	if r.code != 2 || strings.Contains(r.stderr, "did you mean") {
		t.Errorf("got %d %q, want exit 2 and no suggestion for a word like no command", r.code, r.stderr)
	}
	db := fixtureDB(t)
	r = pactwatch(t, nil, "gaps", "Indoneisa", "--db", db)
	checkOneLineError(t, r, 1, "did you mean Indonesia?")
	r = pactwatch(t, nil, "compare", "IDN", "--instrument", "ACTOP", "--db", db)
	checkOneLineError(t, r, 1, "did you mean ACTIP?")
}

func TestStateAndInstrumentAliases(t *testing.T) {
	db := fixtureDB(t)
	want := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--instrument", "actip-2015", "--format", "csv").stdout
	for _, args := range [][]string{
		{"ID", "--instrument", "ACTIP"},
		{"Indonesia", "--instrument", "actip"},
		{"indonesia", "--instrument", "Actip-2015"},
	} {
		got := mustRun(t, append([]string{"gaps", "--db", db, "--as-of", "2020-01-01", "--format", "csv"}, args...)...).stdout
		if got != want {
			t.Errorf("gaps %v: got another answer than gaps IDN --instrument actip-2015", args)
		}
	}
	r := mustRun(t, "compare", "viet nam", "LA", "Philippines", "--db", db, "--instrument", "ACTIP", "--format", "csv")
	for _, code := range []string{"VNM", "LAO", "PHL"} {
		if !strings.Contains(r.stdout, "\n"+code+",") {
			t.Errorf("compare: no row for %s in\n%s", code, r.stdout)
		}
	}
	r = mustRun(t, "search", "--db", db, "--state", "Thailand", "--instrument", "ACTIP", "--format", "json", "victim")
	if strings.Contains(r.stdout, `"state": "IDN"`) || !strings.Contains(r.stdout, "tha/") {
		t.Errorf("search --state Thailand: got\n%s", r.stdout)
	}
}

func TestNaturalSort(t *testing.T) {
	db := fixtureDB(t)
	r := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--instrument", "actip-2015")
	art5, art14 := strings.Index(r.stdout, "ACTIP Article 5 "), strings.Index(r.stdout, "ACTIP Article 14(1)")
	if art5 < 0 || art14 < 0 || art5 > art14 {
		t.Errorf("want Article 5 listed before Article 14 in\n%s", r.stdout)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh"} {
		r := mustRun(t, "completion", shell)
		for _, want := range []string{"_pactwatch", "gaps", "--include-unreviewed", "export", "IDN"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("completion %s: no %q in the script", shell, want)
			}
		}
		sh, err := exec.LookPath(shell)
		if err != nil {
			t.Logf("%s not installed: the %s script's syntax is not checked", shell, shell)
			continue
		}
		file := filepath.Join(t.TempDir(), "c."+shell)
		os.WriteFile(file, []byte(r.stdout), 0o644)
		if out, err := exec.Command(sh, "-n", file).CombinedOutput(); err != nil {
			t.Errorf("%s -n: %v\n%s", shell, err, out)
		}
	}
	if _, err := exec.LookPath("bash"); err == nil {
		file := filepath.Join(t.TempDir(), "c.bash")
		os.WriteFile(file, []byte(mustRun(t, "completion", "bash").stdout), 0o644)
		for words, want := range map[string]string{"pactwatch ga": "gaps", "pactwatch gaps --inc": "--include-unreviewed", "pactwatch gaps i": "IDN"} {
			w := strings.Fields(words)
			script := `complete() { :; }; source "$1"; COMP_WORDS=(` + words + `); COMP_CWORD=` + strings.Repeat("x", 0) + itoa(len(w)-1) + `; _pactwatch; echo "${COMPREPLY[@]}"`
			out, err := exec.Command("bash", "-c", script, "bash", file).Output()
			if err != nil || strings.TrimSpace(string(out)) != want {
				t.Errorf("completing %q: got %q (%v), want %q", words, out, err, want)
			}
		}
	}
	r := pactwatch(t, nil, "completion", "fish")
	checkOneLineError(t, r, 2, "bash or zsh")
}
