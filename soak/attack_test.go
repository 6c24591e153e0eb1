package soak_test

// TestAttack replays the known attacks on the write path against 'pactwatch serve' on
// the fixtures, on loopback, skipped unless asked for:
//
//	PACTWATCH_ATTACK=1 go test ./soak -run Attack -v -timeout 10m
//
// It reports what held: bare WebSockets against --max-conns 64, a revoked
// key on an open socket, 400 aliased writes, eight floods of 40 aliased
// compare(knownAt:) beside cheap queries, key guesses, and bad inputs.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

type attackServer struct {
	base                   string
	curator, editor, admin string
	client                 *http.Client
	cmd                    *exec.Cmd
	logMu                  sync.Mutex
	serveLog               strings.Builder
}

func startAttackServer(t *testing.T) *attackServer {
	t.Helper()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "pactwatch")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pactwatch").CombinedOutput(); err != nil {
		t.Fatalf("building pactwatch: %v: %s", err, out)
	}
	db := filepath.Join(tmp, "db")
	env := append(os.Environ(), "HOME="+tmp)
	a := &attackServer{client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
	if out, err := exec.Command(bin, "ingest", "--db", db, "../fixtures").CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v: %s", err, out)
	}
	for _, k := range []struct {
		dst        *string
		name, role string
	}{{&a.curator, "carol", "curator"}, {&a.editor, "ed", "editor"}, {&a.admin, "ada", "admin"}} {
		cmd := exec.Command(bin, "keys", "create", "--db", db, "--role", k.role, "--name", k.name)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("keys create %s: %v", k.name, err)
		}
		*k.dst = strings.TrimSpace(string(out))
	}
	a.cmd = exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--max-conns", "64")
	a.cmd.Env = env
	stderr, err := a.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.cmd.Process.Kill(); a.cmd.Wait() })
	addrc := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=listening addr=([0-9.]+:[0-9]+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			a.logMu.Lock()
			a.serveLog.WriteString(sc.Text() + "\n")
			a.logMu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
		}
	}()
	select {
	case addr := <-addrc:
		a.base = "http://" + addr
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not start")
	}
	return a
}

type gqlAnswer struct {
	status  int
	code    string
	raw     []byte
	elapsed time.Duration
	err     error
}

func (a *attackServer) post(key, query string, vars map[string]any) gqlAnswer {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	return a.do(req)
}

func (a *attackServer) do(req *http.Request) gqlAnswer {
	t0 := time.Now()
	resp, err := a.client.Do(req)
	if err != nil {
		return gqlAnswer{err: err, elapsed: time.Since(t0)}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	ans := gqlAnswer{status: resp.StatusCode, raw: b, elapsed: time.Since(t0)}
	var r struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(b, &r) == nil && len(r.Errors) > 0 {
		ans.code, _ = r.Errors[0].Extensions["code"].(string)
	}
	return ans
}

func quantiles(ds []time.Duration) string {
	if len(ds) == 0 {
		return "none"
	}
	slices.Sort(ds)
	return fmt.Sprintf("median %v, max %v (n=%d)", ds[len(ds)/2].Round(time.Millisecond), ds[len(ds)-1].Round(time.Millisecond), len(ds))
}

func TestAttack(t *testing.T) {
	if os.Getenv("PACTWATCH_ATTACK") == "" {
		t.Skip("set PACTWATCH_ATTACK=1 to run the attacks on the write path")
	}
	a := startAttackServer(t)
	cheap := `{ states { code name } }`
	wsURL := "ws" + strings.TrimPrefix(a.base, "http") + "/graphql"

	t.Run("BareSockets", func(t *testing.T) {
		var open atomic.Int32
		var conns sync.Map
		var wg sync.WaitGroup
		t0 := time.Now()
		for i := range 200 {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				defer cancel()
				// From 20 loopback addresses, 10 each: past the per-address cap.
				local := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i%20))}
				hc := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: local}).DialContext}}
				c, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{HTTPClient: hc, Subprotocols: []string{"graphql-transport-ws"}})
				if err == nil {
					open.Add(1)
					conns.Store(i, c)
				}
			})
		}
		wg.Wait()
		t.Logf("200 bare upgrades from 20 addresses against --max-conns 64 in %v: %d upgraded (then evicted or timed out)", time.Since(t0).Round(time.Millisecond), open.Load())
		var health, gql []time.Duration
		failed := 0
		for range 20 {
			req, _ := http.NewRequest(http.MethodGet, a.base+"/healthz", nil)
			if r := a.do(req); r.err != nil || r.status != 200 {
				failed++
			} else {
				health = append(health, r.elapsed)
			}
			if r := a.post("", cheap, nil); r.err != nil || r.code != "" {
				failed++
			} else {
				gql = append(gql, r.elapsed)
			}
		}
		t.Logf("with them held: /healthz %s; /graphql %s; %d failed", quantiles(health), quantiles(gql), failed)
		if failed > 0 {
			t.Errorf("%d requests failed behind bare sockets", failed)
		}
		// The server closes every bare socket after the init timeout (10 s).
		closed := 0
		deadline := time.Now().Add(30 * time.Second)
		conns.Range(func(_, v any) bool {
			ctx, cancel := context.WithDeadline(context.Background(), deadline)
			defer cancel()
			if _, _, err := v.(*websocket.Conn).Read(ctx); err != nil && ctx.Err() == nil {
				closed++
			}
			v.(*websocket.Conn).CloseNow()
			return true
		})
		t.Logf("%d of %d upgraded bare sockets closed by the server within %v", closed, open.Load(), time.Since(t0).Round(time.Second))
		if int32(closed) != open.Load() {
			t.Errorf("%d bare sockets outlived the init timeout", open.Load()-int32(closed))
		}
	})

	t.Run("RevokedKeyOnSocket", func(t *testing.T) {
		r := a.post(a.admin, `mutation { createAPIKey(name: "eve", role: EDITOR) { secret } }`, nil)
		var created struct {
			Data struct{ CreateAPIKey struct{ Secret string } }
		}
		json.Unmarshal(r.raw, &created)
		secret := created.Data.CreateAPIKey.Secret
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		c, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: http.Header{"Authorization": {"Bearer " + secret}}})
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		send := func(v any) { b, _ := json.Marshal(v); c.Write(ctx, websocket.MessageText, b) }
		send(map[string]any{"type": "connection_init"})
		c.Read(ctx)
		a.post(a.admin, `mutation { revokeAPIKey(name: "eve") { revoked } }`, nil)
		send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": `mutation { registerWebhook(url: "https://example.org/hook") { id } }`}})
		var msgs []string
		for {
			_, b, err := c.Read(ctx)
			if err != nil {
				msgs = append(msgs, "closed: "+err.Error())
				break
			}
			msgs = append(msgs, string(b))
		}
		t.Logf("revoked key's socket got: %v", msgs)
		var hooks struct {
			Data struct{ Webhooks []struct{ Author string } }
		}
		json.Unmarshal(a.post(a.admin, `{ webhooks { author } }`, nil).raw, &hooks)
		for _, h := range hooks.Data.Webhooks {
			if h.Author == "eve" {
				t.Error("the revoked key registered a webhook over its socket")
			}
		}
	})

	t.Run("AliasedWrites", func(t *testing.T) {
		var q strings.Builder
		q.WriteString("mutation($in: ChangesInput!) {")
		for i := range 200 {
			fmt.Fprintf(&q, ` a%d: applyChanges(input: $in) { draft { id } }`, i)
		}
		q.WriteString(" }")
		var put []map[string]any
		for i := range 100 {
			put = append(put, map[string]any{"kind": "EVIDENCE", "record": map[string]any{"ID": fmt.Sprintf("idn/ev/alias-%d", i), "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01",
				"ObligationIDs": []string{"actip-2015/art_5/obl_1"}, "Finding": "EFFECTIVE", "Summary": "x", "Sources": []map[string]any{{"Citation": "c", "URL": "https://example.org"}}}})
		}
		r := a.post(a.curator, q.String(), map[string]any{"in": map[string]any{"message": "x", "put": put}})
		var drafts struct {
			Data struct{ Drafts []struct{ ID string } }
		}
		json.Unmarshal(a.post(a.curator, `{ drafts(first: 100) { id } }`, nil).raw, &drafts)
		t.Logf("200 aliased applyChanges of 100 records each (%d KB of query): %d %s; drafts written: %d", q.Len()/1024, r.status, r.code, len(drafts.Data.Drafts))
		if len(drafts.Data.Drafts) != 0 {
			t.Errorf("200 aliases wrote %d drafts", len(drafts.Data.Drafts))
		}
	})

	t.Run("KnownAtFlood", func(t *testing.T) {
		var q strings.Builder
		q.WriteString("{")
		for i := range 40 {
			fmt.Fprintf(&q, ` a%d: compare(knownAt: "2026-01-01T00:00:%02dZ") { state { code } implemented bound }`, i, i%60)
		}
		q.WriteString(" }")
		var mu sync.Mutex
		codes := map[string]int{}
		var heavy []time.Duration
		stop := make(chan struct{})
		var cheapTimes []time.Duration
		var wg sync.WaitGroup
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if r := a.post("", cheap, nil); r.err == nil {
					mu.Lock()
					cheapTimes = append(cheapTimes, r.elapsed)
					mu.Unlock()
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
		var hw sync.WaitGroup
		for range 8 {
			hw.Go(func() {
				r := a.post("", q.String(), nil)
				mu.Lock()
				codes[fmt.Sprintf("%d %s", r.status, r.code)]++
				heavy = append(heavy, r.elapsed)
				mu.Unlock()
			})
		}
		hw.Wait()
		close(stop)
		wg.Wait()
		t.Logf("8 floods of 40 aliased compare(knownAt:): %v, %s; cheap query beside them: %s", codes, quantiles(heavy), quantiles(cheapTimes))
	})

	t.Run("KeyGuesses", func(t *testing.T) {
		var guesses atomic.Int32
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				for ctx.Err() == nil {
					body := strings.NewReader(`{"query":"{ viewer { name } }"}`)
					req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/graphql", body)
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer pwk_guess")
					if resp, err := a.client.Do(req); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						guesses.Add(1)
					}
				}
			})
		}
		// A valid key from the same address meanwhile.
		time.Sleep(2 * time.Second)
		var valid []time.Duration
		for range 5 {
			r := a.post(a.editor, `{ viewer { name } }`, nil)
			if r.code != "" || r.err != nil {
				t.Errorf("a valid key behind the guesser's address: %v %s", r.err, r.code)
			}
			valid = append(valid, r.elapsed)
		}
		wg.Wait()
		t.Logf("20 parallel guessers for 5 s: %d guesses answered (%.0f/s); a valid key meanwhile: %s", guesses.Load(), float64(guesses.Load())/5, quantiles(valid))
	})

	t.Run("BadInputs", func(t *testing.T) {
		big := strings.Repeat(`"`, 100000)
		var sa strings.Builder
		for i := range 50 {
			fmt.Fprintf(&sa, "s%d: __schema { types { name } } ", i)
		}
		schemaAliases := sa.String()
		cases := []struct {
			name, method, path, body string
		}{
			{"GET mutation", "GET", "/graphql?query=" + url.QueryEscape(`mutation { discardDraft(id: "x") }`), ""},
			{"invalid UTF-8 path", "GET", "/%ff%fe", ""},
			{"invalid UTF-8 under /graphql", "GET", "/graphql/%ff", ""},
			{"invalid UTF-8 export", "GET", "/export/%ff.csv", ""},
			{"100 KB invalid JSON", "POST", "/graphql", `{"query": "{ states { code } }", "variables": ` + big + `}`},
			{"100 KB of quotes", "POST", "/graphql", big},
			{"100 KB state code", "POST", "/graphql", `{"query": "{ state(code: \"` + strings.Repeat("x", 100000) + `\") { code } }"}`},
			{"100 KB field name", "POST", "/graphql", `{"query": "{ ` + strings.Repeat("x", 100000) + ` }"}`},
			{"2 MB body", "POST", "/graphql", `{"query": "` + strings.Repeat(" ", 2<<20) + `{ states { code } }"}`},
			{"50 aliased __schema", "POST", "/graphql", `{"query": "{ ` + schemaAliases + `}"}`},
		}
		var rows []string
		for _, c := range cases {
			req, _ := http.NewRequest(c.method, a.base+c.path, strings.NewReader(c.body))
			if c.method == "POST" {
				req.Header.Set("Content-Type", "application/json")
			}
			r := a.do(req)
			rows = append(rows, fmt.Sprintf("%s: %d %s, %d bytes back for %d in", c.name, r.status, r.code, len(r.raw), len(c.body)+len(c.path)))
			if r.status >= 500 || r.status == 406 || (r.status >= 400 && r.code == "") {
				t.Errorf("%s: got %d %q: %.200s", c.name, r.status, r.code, r.raw)
			}
		}
		t.Logf("bad inputs:\n%s", strings.Join(rows, "\n"))
	})
}
