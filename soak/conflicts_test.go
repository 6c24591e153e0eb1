package soak_test

// TestKillConflicts kills 'pactwatch serve' with SIGKILL, again and again,
// while clients make conditional writes, skipped unless asked for:
//
//	PACTWATCH_KILLS=100 go test ./soak -run KillConflicts -v -timeout 30m
//
// Four writers append sources to two shared records by read-modify-write:
// each reads a record and its version, adds a token, and writes the record
// back stating the version it read. A CONFLICT sends the writer back to
// read; an answer that never came (the process died) leaves the write's
// fate unknown. Each round ends with a kill -9 once the writers have made a
// varying number of attempts, and serve starts again on the same store.
// At the end every acknowledged token must be in its record (no
// acknowledged write lost), no token refused with CONFLICT may be in it,
// and each acknowledged write must have been based on the version just
// before it in the record's change log (no lost update).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	killWriters = 4
	killRecords = 2
)

// killServer runs serve on a store, for one round.
type killServer struct {
	cmd  *exec.Cmd
	base string
}

func startKillServer(t *testing.T, bin, db, tmp string) *killServer {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--write-rate", "0")
	cmd.Env = append(os.Environ(), "HOME="+tmp)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addrc := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=listening addr=([0-9.]+:[0-9]+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case addr := <-addrc:
		return &killServer{cmd: cmd, base: "http://" + addr}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("serve did not start listening")
	}
	return nil
}

func (s *killServer) kill() {
	s.cmd.Process.Signal(os.Kill)
	s.cmd.Wait()
}

// gql posts a query; ok is false when no answer came.
func gql(c *http.Client, base, key, query string, vars map[string]any, dst any) (code string, ok bool) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", false
	}
	var r struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Sprintf("HTTP %d: %.200s", resp.StatusCode, raw), true
	}
	if len(r.Errors) > 0 {
		code, _ := r.Errors[0].Extensions["code"].(string)
		return code + ": " + r.Errors[0].Message, true
	}
	if dst != nil {
		json.Unmarshal(r.Data, dst)
	}
	return "", true
}

const readSources = `query($id: ID!) { node(id: $id) { ... on Evidence { version sources { citation } } } }`
const writeRecord = `mutation($input: ChangesInput!) { applyChanges(input: $input) { version } }`

func soakEvidence(id string, citations []string) map[string]any {
	sources := []map[string]any{}
	for _, c := range citations {
		sources = append(sources, map[string]any{"Citation": c, "URL": "https://example.org/soak"})
	}
	return map[string]any{
		"ID": id, "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01",
		"ObligationIDs": []string{"actip-2015/art_5/obl_1"}, "Finding": "EFFECTIVE",
		"Summary": "A soak record.", "Sources": sources,
	}
}

func writeInput(rec map[string]any, version string) map[string]any {
	in := map[string]any{"kind": "EVIDENCE", "record": rec}
	if version != "" {
		in["version"] = version
	}
	return map[string]any{"input": map[string]any{"message": "soak", "publish": true, "put": []any{in}}}
}

// ackedWrite is a write the server acknowledged: its token, the version it
// was based on and the one it made.
type ackedWrite struct {
	record, token string
	based, made   uint64
}

func TestKillConflicts(t *testing.T) {
	spec := os.Getenv("PACTWATCH_KILLS")
	if spec == "" {
		t.Skip("set PACTWATCH_KILLS=100 to run the kill soak")
	}
	kills, err := strconv.Atoi(spec)
	if err != nil || kills < 1 {
		t.Fatalf("PACTWATCH_KILLS=%q: want a number of kills", spec)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "pactwatch")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pactwatch").CombinedOutput(); err != nil {
		t.Fatalf("building pactwatch: %v: %s", err, out)
	}
	db := filepath.Join(tmp, "db")
	if out, err := exec.Command(bin, "ingest", "--db", db, "../fixtures").CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v: %s", err, out)
	}
	keyCmd := exec.Command(bin, "keys", "create", "--db", db, "--role", "editor", "--name", "ed")
	keyCmd.Env = append(os.Environ(), "HOME="+tmp)
	out, err := keyCmd.Output()
	if err != nil {
		t.Fatalf("keys create: %v", err)
	}
	key := strings.TrimSpace(string(out))
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: killWriters}}

	ids := make([]string, killRecords)
	s := startKillServer(t, bin, db, tmp)
	for i := range ids {
		ids[i] = fmt.Sprintf("idn/ev/soak-%d", i)
		if code, ok := gql(client, s.base, key, writeRecord, writeInput(soakEvidence(ids[i], []string{"created"}), ""), nil); !ok || code != "" {
			t.Fatalf("creating %s: %q (answered %v)", ids[i], code, ok)
		}
	}

	var (
		mu                         sync.Mutex
		acked                      []ackedWrite
		refused                    = map[string]string{} // token → record
		conflicts, unknown, others int
		firstOther                 string
		nextToken                  atomic.Int64
	)
	rng := rand.New(rand.NewPCG(21, 5))
	start := time.Now()
	for round := range kills {
		if round > 0 {
			s = startKillServer(t, bin, db, tmp)
		}
		// The round ends, with a kill -9, after target attempts.
		target := int64(4 + rng.IntN(24))
		var attempts atomic.Int64
		reached := make(chan struct{})
		var once sync.Once
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range killWriters {
			wg.Go(func() {
				id := ids[w%killRecords]
				for {
					select {
					case <-stop:
						return
					default:
					}
					var read struct {
						Node struct {
							Version string
							Sources []struct{ Citation string }
						}
					}
					if code, ok := gql(client, s.base, "", readSources, map[string]any{"id": id}, &read); !ok || code != "" || read.Node.Version == "" {
						if !ok {
							<-stop // the server is gone: wait for the round to end
							return
						}
						continue
					}
					token := fmt.Sprintf("token-%d", nextToken.Add(1))
					var cites []string
					for _, c := range read.Node.Sources {
						cites = append(cites, c.Citation)
					}
					var res struct{ ApplyChanges struct{ Version string } }
					if attempts.Add(1) >= target {
						once.Do(func() { close(reached) })
					}
					code, ok := gql(client, s.base, key, writeRecord, writeInput(soakEvidence(id, append(cites, token)), read.Node.Version), &res)
					mu.Lock()
					switch {
					case !ok:
						unknown++
					case code == "":
						based, _ := strconv.ParseUint(read.Node.Version, 10, 64)
						made, _ := strconv.ParseUint(res.ApplyChanges.Version, 10, 64)
						acked = append(acked, ackedWrite{record: id, token: token, based: based, made: made})
					case strings.HasPrefix(code, "CONFLICT:"):
						conflicts++
						refused[token] = id
					default:
						others++
						if firstOther == "" {
							firstOther = code
						}
					}
					mu.Unlock()
				}
			})
		}
		<-reached
		s.kill()
		close(stop)
		wg.Wait()
	}
	s = startKillServer(t, bin, db, tmp)
	defer s.kill()

	// What the records hold, and their change logs.
	present := map[string]map[string]bool{}
	logs := map[string][]uint64{}
	for _, id := range ids {
		var read struct {
			Node struct{ Sources []struct{ Citation string } }
		}
		if code, ok := gql(client, s.base, "", readSources, map[string]any{"id": id}, &read); !ok || code != "" {
			t.Fatalf("reading %s: %q", id, code)
		}
		present[id] = map[string]bool{}
		for _, c := range read.Node.Sources {
			present[id][c.Citation] = true
		}
		after := ""
		for {
			var page struct {
				Changes struct {
					Edges []struct {
						Cursor string
						Node   struct{ Version string }
					}
					PageInfo struct{ HasNextPage bool }
				}
			}
			vars := map[string]any{"id": id}
			if after != "" {
				vars["after"] = after
			}
			if code, ok := gql(client, s.base, "", `query($id: ID!, $after: String) { changes(record: $id, first: 500, after: $after) { edges { cursor node { version } } pageInfo { hasNextPage } } }`, vars, &page); !ok || code != "" {
				t.Fatalf("reading %s's changes: %q", id, code)
			}
			for _, e := range page.Changes.Edges {
				v, _ := strconv.ParseUint(e.Node.Version, 10, 64)
				logs[id] = append(logs[id], v)
				after = e.Cursor
			}
			if !page.Changes.PageInfo.HasNextPage {
				break
			}
		}
	}
	lost, lostUpdates, refusedPresent := 0, 0, 0
	for _, w := range acked {
		if !present[w.record][w.token] {
			lost++
		}
		log := logs[w.record]
		i := 0
		for i < len(log) && log[i] != w.made {
			i++
		}
		if i == 0 || i == len(log) || log[i-1] != w.based {
			lostUpdates++
		}
	}
	for token, id := range refused {
		if present[id][token] {
			refusedPresent++
		}
	}
	t.Logf("%d kill -9s in %v; %d writes acknowledged, %d refused with CONFLICT, %d unanswered (killed in flight), %d other errors",
		kills, time.Since(start).Round(time.Second), len(acked), conflicts, unknown, others)
	t.Logf("acknowledged writes lost: %d; lost updates (acknowledged writes not based on the version before them): %d; refused writes present: %d",
		lost, lostUpdates, refusedPresent)
	if lost != 0 || lostUpdates != 0 || refusedPresent != 0 || others != 0 {
		t.Errorf("want 0 lost, 0 lost updates, 0 refused present, 0 other errors (first: %s)", firstOther)
	}
	if len(acked) == 0 || conflicts == 0 {
		t.Errorf("got %d acknowledged and %d conflicts, want some of each", len(acked), conflicts)
	}
}
