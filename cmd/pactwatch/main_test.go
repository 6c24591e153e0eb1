package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/cmd/pactwatch/internal/clitest"
)

// binary is the pactwatch binary TestMain builds once for every test, in
// tmpRoot, which TestMain removes at the end.
var binary, tmpRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pactwatch-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpRoot = dir
	binary, err = clitest.Build(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	closeShared() // shared_test.go
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary printed and its exit status.
type result struct {
	stdout, stderr string
	code           int
}

// pactwatch runs the binary with args, with $HOME and $XDG_DATA_HOME pointed
// at a temporary directory so that no test touches the user's store.
func pactwatch(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	return runBinary(t, binary, stdin, args...)
}

// runBinary runs bin (the package's binary or another release of it) as
// pactwatch does.
func runBinary(t *testing.T, bin string, stdin io.Reader, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = testEnv(t)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running pactwatch %v: %v", args, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

func testEnv(t *testing.T) []string { return clitest.Env(t.TempDir()) }

// mustRun runs the binary and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) result {
	t.Helper()
	r := pactwatch(t, nil, args...)
	if r.code != 0 {
		t.Fatalf("pactwatch %s: exit %d, want 0\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

var (
	fixtureDBOnce sync.Once
	fixtureDBDir  string
)

// fixtureDB returns a store loaded with the repository's fixtures, shared by
// the tests that only read. A command opens it for writing when it can, so
// the tests that use it run one at a time: none calls t.Parallel. Those
// that call it use stores of their own only, and run two at a time once
// the others have ended.
func fixtureDB(t *testing.T) string {
	t.Helper()
	fixtureDBOnce.Do(func() {
		dir := filepath.Join(tmpRoot, "fixture-db")
		r := pactwatch(t, nil, "ingest", "--db", dir, fixturesDir)
		if r.code != 0 {
			t.Fatalf("loading the fixtures: exit %d: %s", r.code, r.stderr)
		}
		fixtureDBDir = dir
	})
	if fixtureDBDir == "" {
		t.Fatal("no fixture store")
	}
	return fixtureDBDir
}

// fixturesDir is the repository's fixture corpus.
const fixturesDir = "../../fixtures"

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "ingest", "validate", "query", "gaps", "compare", "backup", "restore", "version"} {
		t.Run(cmd, func(t *testing.T) {
			for _, flag := range []string{"--help", "-h"} {
				r := pactwatch(t, nil, cmd, flag)
				if r.code != 0 {
					t.Fatalf("pactwatch %s %s: exit %d, want 0 (stderr %q)", cmd, flag, r.code, r.stderr)
				}
				if want := "Usage: pactwatch " + cmd; !strings.HasPrefix(r.stdout, want) {
					t.Errorf("pactwatch %s %s: got %q, want it to start with %q", cmd, flag, firstLine(r.stdout), want)
				}
				if !strings.Contains(r.stdout, "\nExample:\n  pactwatch "+cmd) {
					t.Errorf("pactwatch %s %s: got no example of the command in\n%s", cmd, flag, r.stdout)
				}
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		r := mustRun(t, "help")
		for _, cmd := range []string{"serve", "ingest", "validate", "query", "gaps", "compare", "backup", "restore", "version"} {
			if !strings.Contains(r.stdout, "\n  "+cmd+" ") {
				t.Errorf("pactwatch help: got no line for %s in\n%s", cmd, r.stdout)
			}
		}
	})
}

func TestVersion(t *testing.T) {
	r := mustRun(t, "version")
	if !regexp.MustCompile(`^pactwatch \S+.* go1\.\d+`).MatchString(r.stdout) {
		t.Errorf("pactwatch version: got %q, want \"pactwatch VERSION ... goX.Y\"", r.stdout)
	}
}

// server is a running `pactwatch serve`, and its log read line by line.
type server struct {
	cmd   *exec.Cmd
	lines chan string // closed when the process closes stderr
	log   strings.Builder
	addr  string
}

// launchServe runs pactwatch serve with args on a free loopback port and
// waits until it logs where it listens.
func launchServe(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := s.waitLog(t, "listening")
	m := regexp.MustCompile(`addr"?[=:]"?([0-9.]+:[0-9]+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("serve: got %q, want the address it listens on", line)
	}
	s.addr = m[1]
	return s
}

// waitLog reads the log until a line contains substr, and returns it.
func (s *server) waitLog(t *testing.T, substr string) string {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				t.Fatalf("serve exited before logging %q; log:\n%s", substr, s.log.String())
			}
			s.log.WriteString(line + "\n")
			if strings.Contains(line, substr) {
				return line
			}
		case <-timeout:
			t.Fatalf("serve did not log %q within 30s; log:\n%s", substr, s.log.String())
		}
	}
}

// stop sends SIGTERM, reads the rest of the log and returns how the process
// exited.
func (s *server) stop(t *testing.T) error {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	return s.wait(t)
}

func (s *server) wait(t *testing.T) error {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				return s.cmd.Wait()
			}
			s.log.WriteString(line + "\n")
		case <-timeout:
			t.Fatalf("serve did not exit within 30s of SIGTERM; log:\n%s", s.log.String())
		}
	}
}

func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	s := launchServe(t, testEnv(t), "--db", db)
	if !strings.Contains(s.log.String(), "loaded the embedded fixtures") {
		t.Errorf("serve on an empty store: got log\n%s\nwant it to say it loaded the embedded fixtures", s.log.String())
	}

	body := `{"query":"{ instruments { id } }"}`
	resp, err := http.Post("http://"+s.addr+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	checkInstruments(t, resp)

	// A request in flight when SIGTERM arrives is finished: send its
	// headers and half its body, signal, then send the rest.
	conn, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		s.addr, len(body), body[:len(body)/2])
	time.Sleep(200 * time.Millisecond) // let the server start reading the request
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s.waitLog(t, "shutting down")
	if _, err := io.WriteString(conn, body[len(body)/2:]); err != nil {
		t.Fatal(err)
	}
	resp, err = http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight at SIGTERM: %v; log:\n%s", err, s.log.String())
	}
	checkInstruments(t, resp)

	if err := s.wait(t); err != nil {
		t.Errorf("serve after SIGTERM: got %v, want exit status 0; log:\n%s", err, s.log.String())
	}
	for _, want := range []string{"msg=request method=POST path=/graphql status=200", "store closed"} {
		if !strings.Contains(s.log.String(), want) {
			t.Errorf("serve: got log\n%s\nwant a line with %q", s.log.String(), want)
		}
	}

	// The store was closed cleanly and keeps its data: opening it again
	// loads nothing.
	r := mustRun(t, "query", "--db", db, "{ states { code } }")
	if strings.Contains(r.stderr, "loaded the embedded fixtures") {
		t.Errorf("query after serve: got %q, want the store to be loaded already", r.stderr)
	}
}

func TestServeLimits(t *testing.T) {
	// The limits are on by default and each is set by a flag.
	s := launchServe(t, testEnv(t), "--db", filepath.Join(t.TempDir(), "db"), "--max-depth", "2", "--max-body", "512")
	for _, tc := range []struct {
		name, body, wantCode string
	}{
		{"ErrTooDeep", `{"query":"{ states { laws { id } } }"}`, "DEPTH_LIMIT_EXCEEDED"},
		{"ErrBodyTooLarge", `{"query":"{ states { code } }` + strings.Repeat(" ", 600) + `"}`, "REQUEST_TOO_LARGE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post("http://"+s.addr+"/graphql", "application/json", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var got struct {
				Errors []struct {
					Extensions struct{ Code string }
				}
			}
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatalf("got %s (%v), want a GraphQL error response", raw, err)
			}
			if len(got.Errors) == 0 || got.Errors[0].Extensions.Code != tc.wantCode {
				t.Errorf("got %s, want an error with code %s", raw, tc.wantCode)
			}
		})
	}
	resp, err := http.Post("http://"+s.addr+"/graphql", "application/json", strings.NewReader(`{"query":"{ instruments { id } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	checkInstruments(t, resp)
}

func checkInstruments(t *testing.T, resp *http.Response) {
	t.Helper()
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /graphql: got status %d, want 200 (%s)", resp.StatusCode, raw)
	}
	var got struct {
		Data struct {
			Instruments []struct{ ID string }
		}
		Errors []any
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("POST /graphql: %v in %s", err, raw)
	}
	if len(got.Errors) > 0 || len(got.Data.Instruments) == 0 {
		t.Errorf("POST /graphql { instruments }: got %s, want the fixture instruments and no errors", raw)
	}
}

func TestServeDefaultDB(t *testing.T) {
	// With no --db, serve keeps its store under $PACTWATCH_DB; with
	// --log-json it logs JSON lines.
	db := filepath.Join(t.TempDir(), "from-env")
	s := launchServe(t, append(testEnv(t), "PACTWATCH_DB="+db), "--log-json")
	if err := s.stop(t); err != nil {
		t.Errorf("serve: got %v, want exit status 0", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(s.log.String()), "\n") {
		var entry struct{ Msg string }
		if err := json.Unmarshal([]byte(line), &entry); err != nil || entry.Msg == "" {
			t.Errorf("serve --log-json: got log line %q, want a JSON object with a msg", line)
		}
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("serve with PACTWATCH_DB=%s: got %v, want the store there", db, err)
	}
}

func TestIngest(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	t.Run("OK", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "db")
		first := mustRun(t, "ingest", "--db", db, fixturesDir)
		m := regexp.MustCompile(`(\d+) added, (\d+) changed, (\d+) removed`).FindStringSubmatch(first.stdout)
		if m == nil || m[1] == "0" {
			t.Fatalf("first ingest: got %q, want a summary with records added", first.stdout)
		}
		second := mustRun(t, "ingest", "--db", db, fixturesDir)
		if !strings.Contains(second.stdout, " 0 added, 0 changed, 0 removed, "+m[1]+" unchanged") {
			t.Errorf("second ingest of the same files: got %q, want 0 added, 0 changed, 0 removed, %s unchanged", second.stdout, m[1])
		}
	})
	t.Run("DryRun", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "db")
		r := mustRun(t, "ingest", "--dry-run", "--db", db, fixturesDir)
		if !strings.Contains(r.stdout, "nothing written") {
			t.Errorf("ingest --dry-run: got %q, want it to say nothing was written", r.stdout)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("ingest --dry-run into a new directory: got %v, want no store created", err)
		}
	})
	t.Run("ErrBrokenFixture", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "db")
		mustRun(t, "ingest", "--db", db, fixturesDir)
		before := mustRun(t, "compare", "--db", db, "--format", "json", "--as-of", "2020-01-01")
		r := pactwatch(t, nil, "ingest", "--db", db, brokenFixture(t))
		if r.code != 1 {
			t.Errorf("ingest of a broken file: got exit %d, want 1", r.code)
		}
		if !problemRE.MatchString(r.stderr) {
			t.Errorf("ingest of a broken file: got %q, want file:line:col: field: message lines", r.stderr)
		}
		after := mustRun(t, "compare", "--db", db, "--format", "json", "--as-of", "2020-01-01")
		if exportRowsOf(t, after.stdout) != exportRowsOf(t, before.stdout) {
			t.Errorf("a rejected ingest changed the store: got\n%s\nwant\n%s", after.stdout, before.stdout)
		}
	})
}

// problemRE matches one problem line: file:line:col: field: message.
var problemRE = regexp.MustCompile(`(?m)^\S+\.yaml:\d+:\d+: \S+: .+$`)

// brokenFixture writes a state file with an impossible date and a value of
// the wrong kind, and returns its path.
func brokenFixture(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "states")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "zzz.yaml")
	src := `state:
  code: ZZZ
  name: Nowhere
  aseanSince: 2017-02-30
  sources:
    - citation: "A test source"
actions:
  - id: ZZZ/actip-2015/ratification
    instrument: actip-2015
    kind: RATIFY
    date: 2017
    sources:
      - citation: "A test source"
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidate(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	t.Run("OK", func(t *testing.T) {
		r := mustRun(t, "validate", fixturesDir)
		if !strings.Contains(r.stdout, "files valid") {
			t.Errorf("validate fixtures: got %q, want \"N files valid\"", r.stdout)
		}
	})
	t.Run("OneFile", func(t *testing.T) {
		// A state file alone: its references resolve against the embedded
		// instruments.
		r := mustRun(t, "validate", fixturesDir+"/states/idn.yaml")
		if r.stdout != "1 file valid\n" {
			t.Errorf("validate states/idn.yaml: got %q, want \"1 file valid\"", r.stdout)
		}
	})
	t.Run("ErrBrokenFixture", func(t *testing.T) {
		r := pactwatch(t, nil, "validate", brokenFixture(t))
		if r.code != 1 {
			t.Errorf("validate a broken file: got exit %d, want 1", r.code)
		}
		problems := problemRE.FindAllString(r.stderr, -1)
		if len(problems) < 2 {
			t.Errorf("validate a broken file: got %q, want every problem (the date and the kind) as file:line:col: field: message", r.stderr)
		}
		for _, want := range []string{"states/zzz.yaml:4:", "aseanSince", "kind"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("validate a broken file: got %q, want it to mention %q", r.stderr, want)
			}
		}
	})
	t.Run("ErrNoPath", func(t *testing.T) {
		r := pactwatch(t, nil, "validate")
		if r.code != 2 {
			t.Errorf("validate with no path: got exit %d, want 2", r.code)
		}
	})
}

func TestQuery(t *testing.T) {
	db := fixtureDB(t)
	t.Run("OK", func(t *testing.T) {
		r := mustRun(t, "query", "--db", db, "--var", "code=IDN",
			`query($code: String!) { state(code: $code) { code name } }`)
		var got struct {
			Data struct{ State struct{ Code, Name string } }
		}
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("query: %v in %s", err, r.stdout)
		}
		if got.Data.State.Code != "IDN" || got.Data.State.Name != "Indonesia" {
			t.Errorf("query state(code: IDN): got %+v, want IDN Indonesia", got.Data.State)
		}
	})
	t.Run("FromFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "q.graphql")
		os.WriteFile(path, []byte(`query($first: Int) { obligations(first: $first) { edges { node { id } } } }`), 0o644)
		r := mustRun(t, "query", "--db", db, "-f", path, "--var", "first=2")
		var got struct {
			Data struct{ Obligations struct{ Edges []any } }
		}
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("query -f: %v in %s", err, r.stdout)
		}
		if len(got.Data.Obligations.Edges) != 2 {
			t.Errorf("query -f with --var first=2: got %d edges, want 2", len(got.Data.Obligations.Edges))
		}
	})
	t.Run("FromStdin", func(t *testing.T) {
		r := pactwatch(t, strings.NewReader(`{ instruments(binding: true) { id binding } }`), "query", "--db", db, "-f", "-")
		if r.code != 0 {
			t.Fatalf("query -f -: exit %d: %s", r.code, r.stderr)
		}
		var got struct {
			Data struct {
				Instruments []struct {
					ID      string
					Binding bool
				}
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("query -f -: %v in %s", err, r.stdout)
		}
		if len(got.Data.Instruments) == 0 {
			t.Errorf("query -f - for binding instruments: got none, want ACTIP at least")
		}
		for _, in := range got.Data.Instruments {
			if !in.Binding {
				t.Errorf("query -f - with binding: true: got %s with binding false", in.ID)
			}
		}
	})
	t.Run("ErrInvalidQuery", func(t *testing.T) {
		r := pactwatch(t, nil, "query", "--db", db, "{ noSuchField }")
		if r.code != 1 {
			t.Errorf("query with an unknown field: got exit %d, want 1", r.code)
		}
		if !strings.Contains(r.stdout, `"errors"`) {
			t.Errorf("query with an unknown field: got stdout %q, want the GraphQL errors", r.stdout)
		}
	})
}

func TestGaps(t *testing.T) {
	db := fixtureDB(t)
	args := []string{"gaps", "IDN", "--db", db, "--as-of", "2020-01-01"}
	j := mustRun(t, append(args, "--format", "json")...)
	var doc struct {
		Rows []struct{ Obligation, Legal string }
	}
	if err := json.Unmarshal([]byte(j.stdout), &doc); err != nil {
		t.Fatalf("gaps --format json: %v in %s", err, j.stdout)
	}
	records := doc.Rows
	for _, r := range records {
		if r.Legal == "IMPLEMENTED" || r.Legal == "RESERVED" {
			t.Errorf("gaps IDN: got %s with legal %s, want only PARTIAL or NONE under basis LAW", r.Obligation, r.Legal)
		}
	}

	t.Run("Table", func(t *testing.T) {
		r := mustRun(t, args...)
		want := fmt.Sprintf("IDN (Indonesia) on 2020-01-01, basis LAW: %d ", len(records))
		if !strings.HasPrefix(r.stdout, want) {
			t.Errorf("gaps table: got first line %q, want it to start with %q", firstLine(r.stdout), want)
		}
		for _, rec := range records {
			if !strings.Contains(r.stdout, rec.Obligation) {
				t.Errorf("gaps table: got no row for %s", rec.Obligation)
			}
		}
	})
	t.Run("CSV", func(t *testing.T) {
		r := mustRun(t, append(args, "--format", "csv")...)
		rows := parseExportCSV(t, r.stdout)
		if len(rows) != len(records)+1 || rows[0][0] != "state" || rows[0][1] != "obligation" {
			t.Fatalf("gaps csv: got %d rows with header %v, want a header and %d records", len(rows), rows[0], len(records))
		}
		for i, rec := range records {
			if rows[i+1][1] != rec.Obligation {
				t.Errorf("gaps csv row %d: got %s, want %s", i+1, rows[i+1][1], rec.Obligation)
			}
		}
	})
	t.Run("ErrUnknownState", func(t *testing.T) {
		r := pactwatch(t, nil, "gaps", "XYZ", "--db", db)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "XYZ") {
			t.Errorf("gaps XYZ: got exit %d, stderr %q; want 1 and one line naming XYZ", r.code, r.stderr)
		}
	})
	t.Run("ErrBadBasis", func(t *testing.T) {
		r := pactwatch(t, nil, "gaps", "IDN", "--db", db, "--basis", "vibes")
		if r.code != 2 || !strings.Contains(r.stderr, "law, practice or either") {
			t.Errorf("gaps --basis vibes: got exit %d, stderr %q; want 2 and the allowed values", r.code, r.stderr)
		}
	})
}

func TestCompare(t *testing.T) {
	db := fixtureDB(t)
	j := mustRun(t, "compare", "--db", db, "--as-of", "2020-01-01", "--format", "json")
	var doc struct {
		Rows []struct {
			State          string
			Bound          int
			NotImplemented int `json:"not_implemented"`
			Partial        int
		}
	}
	if err := json.Unmarshal([]byte(j.stdout), &doc); err != nil {
		t.Fatalf("compare --format json: %v in %s", err, j.stdout)
	}
	rows := doc.Rows
	var idn *int
	for i, r := range rows {
		if r.State == "IDN" {
			idn = &i
		}
	}
	if idn == nil {
		t.Fatalf("compare: got %s, want a row for IDN", j.stdout)
	}

	// compare and gaps agree: IDN's partial + not implemented is its gaps.
	g := mustRun(t, "gaps", "IDN", "--db", db, "--as-of", "2020-01-01", "--format", "json")
	var gaps struct{ Rows []any }
	json.Unmarshal([]byte(g.stdout), &gaps)
	if r := rows[*idn]; r.Partial+r.NotImplemented != len(gaps.Rows) {
		t.Errorf("compare IDN: got partial %d + not implemented %d, want the %d gaps that gaps lists", r.Partial, r.NotImplemented, len(gaps.Rows))
	}

	t.Run("Table", func(t *testing.T) {
		r := mustRun(t, "compare", "--db", db, "--as-of", "2020-01-01")
		table, notes, _ := strings.Cut(r.stdout, "\n\nNOT IMPLEMENTED counts")
		lines := strings.Split(strings.TrimRight(table, "\n"), "\n")
		if len(lines) != len(rows)+3 {
			t.Errorf("compare table: got %d lines, want a title, a blank line, a header and %d rows:\n%s", len(lines), len(rows), r.stdout)
		}
		if !strings.Contains(notes, "NOT REVIEWED") || !strings.Contains(r.stdout, "caveat: ACTIP") {
			t.Errorf("compare table: got no note on unreviewed obligations or no ACTIP caveat in\n%s", r.stdout)
		}
		if !strings.Contains(r.stdout, "IDN") {
			t.Errorf("compare table: got no IDN row in\n%s", r.stdout)
		}
	})
	t.Run("States", func(t *testing.T) {
		r := mustRun(t, "compare", "idn", "--db", db, "--as-of", "2020-01-01", "--format", "csv")
		rows := parseExportCSV(t, r.stdout)
		if len(rows) != 2 || rows[1][0] != "IDN" {
			t.Errorf("compare idn --format csv: got %v, want a header and the IDN row", rows)
		}
	})
}

func TestBackupRestore(t *testing.T) {
	src := fixtureDB(t)
	file := filepath.Join(t.TempDir(), "pactwatch.bak")
	mustRun(t, "backup", "--db", src, file)

	dst := filepath.Join(t.TempDir(), "restored")
	r := mustRun(t, "restore", "--db", dst, file)
	if !strings.Contains(r.stdout, "restored") {
		t.Errorf("restore: got %q, want a summary", r.stdout)
	}
	for _, args := range [][]string{
		{"compare", "--as-of", "2020-01-01", "--format", "json"},
		{"gaps", "IDN", "--as-of", "2020-01-01", "--format", "json"},
		{"query", `{ states { code name actions { id kind date deposited } laws { id } evidence { id } } instruments { id provisions { id } obligations { id } } }`},
	} {
		want := mustRun(t, append(args, "--db", src)...)
		got := mustRun(t, append(args, "--db", dst)...)
		if strings.Contains(got.stderr, "loaded the embedded fixtures") {
			t.Errorf("%s after restore: the restored store was empty", args[0])
		}
		if got.stdout != want.stdout {
			t.Errorf("%s after restore: got\n%s\nwant\n%s", args[0], got.stdout, want.stdout)
		}
	}

	t.Run("ErrNotEmpty", func(t *testing.T) {
		r := pactwatch(t, nil, "restore", "--db", dst, file)
		if r.code != 1 || !strings.Contains(r.stderr, "not empty") {
			t.Errorf("restore into a loaded store: got exit %d, stderr %q; want 1 and \"not empty\"", r.code, r.stderr)
		}
	})
}

func TestErrors(t *testing.T) {
	backup := filepath.Join(t.TempDir(), "good.bak")
	mustRun(t, "backup", "--db", fixtureDB(t), backup)
	good, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(t.TempDir(), "garbage.bak")
	os.WriteFile(garbage, []byte("this is not a backup, just some text\n"), 0o644)
	truncated := filepath.Join(t.TempDir(), "truncated.bak")
	os.WriteFile(truncated, good[:len(good)/2], 0o644)

	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in the one line on stderr
	}{
		{"ErrBadFlag", []string{"gaps", "IDN", "--colour"}, 2, "flag provided but not defined: -colour"},
		{"ErrUnknownCommand", []string{"frobnicate"}, 2, "unknown command"},
		{"ErrNoState", []string{"gaps"}, 2, "give one STATE"},
		{"ErrTwoQueries", []string{"query", "{ states { code } }", "{ instruments { id } }"}, 2, "give one query"},
		{"ErrBadDate", []string{"compare", "--as-of", "2017-02-30"}, 2, "--as-of"},
		{"ErrBadFormat", []string{"compare", "--format", "xml"}, 2, "table, csv, json or xlsx"},
		{"ErrBadVar", []string{"query", "--var", "novalue", "{ states { code } }"}, 2, "name=value"},
		{"ErrNoBackupFile", []string{"restore", "--db", filepath.Join(t.TempDir(), "x"), filepath.Join(t.TempDir(), "missing.bak")}, 1, "cannot read the backup"},
		{"ErrGarbageBackup", []string{"restore", "--db", filepath.Join(t.TempDir(), "g"), garbage}, 1, "not a pactwatch backup"},
		{"ErrTruncatedBackup", []string{"restore", "--db", filepath.Join(t.TempDir(), "t"), truncated}, 1, "not a pactwatch backup"},
		{"ErrBackupNoStore", []string{"backup", "--db", filepath.Join(t.TempDir(), "none"), filepath.Join(t.TempDir(), "b.bak")}, 1, "no store in"},
		{"ErrBackupEmptyDir", []string{"backup", "--db", t.TempDir(), filepath.Join(t.TempDir(), "b.bak")}, 1, "no store in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := pactwatch(t, nil, tt.args...)
			checkOneLineError(t, r, tt.wantCode, tt.want)
		})
	}

	t.Run("ErrCorruptBackupLeavesNothing", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "db")
		r := pactwatch(t, nil, "restore", "--db", dir, truncated)
		checkOneLineError(t, r, 1, "nothing was restored")
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("a failed restore into a new directory: got %v, want the directory removed", err)
		}
	})

	t.Run("ErrLockedStore", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "db")
		s := launchServe(t, testEnv(t), "--db", db)
		defer s.stop(t)
		// A read command asks the serve that holds the store, in one line.
		r := pactwatch(t, nil, "query", "--db", db, "{ states { code } }")
		if r.code != 0 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "held by a running 'pactwatch serve'") || !strings.Contains(r.stdout, `"IDN"`) {
			t.Errorf("query on a held store: exit %d, stderr %q, stdout %.200q, want the answer from the serve and one line saying so", r.code, r.stderr, r.stdout)
		}
		// The others name the serve and say what to do.
		for _, args := range [][]string{
			{"ingest", "--db", db, fixturesDir},
			{"backup", "--db", db, filepath.Join(t.TempDir(), "b.bak")},
		} {
			r := pactwatch(t, nil, args...)
			checkOneLineError(t, r, 1, "held by a running 'pactwatch serve'")
		}
	})
}

func checkOneLineError(t *testing.T, r result, wantCode int, want string) {
	t.Helper()
	if r.code != wantCode {
		t.Errorf("got exit %d, want %d (stderr %q)", r.code, wantCode, r.stderr)
	}
	if n := strings.Count(r.stderr, "\n"); n != 1 || !strings.HasPrefix(r.stderr, "pactwatch: ") {
		t.Errorf("got stderr %q, want one line starting with \"pactwatch: \"", r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("got stderr %q, want it to contain %q", r.stderr, want)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
