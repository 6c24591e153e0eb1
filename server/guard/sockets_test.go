package guard_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/guard"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// serveSockets serves a server of cfg over a real listener with the limits
// of c.
func serveSockets(t *testing.T, cfg server.Config, c guard.HTTPConfig) string {
	t.Helper()
	h := server.New(graphtest.MustOpenStore(t), cfg)
	srv, limiter := guard.NewHTTPServer(context.Background(), h, c, nil)
	ln, err := limiter.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); h.Close() })
	return ln.Addr().String()
}

// wsClient is a graphql-transport-ws client for the tests.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
	ctx  context.Context
}

// dialSocket opens a socket to the server at base (http://host:port) with
// the API key (none when ""); it sends nothing.
func dialSocket(t *testing.T, base, key string) (*wsClient, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // a guard against hanging
	t.Cleanup(cancel)
	o := &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: http.Header{}}
	if key != "" {
		o.HTTPHeader.Set("Authorization", "Bearer "+key)
	}
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", o)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { conn.CloseNow() })
	return &wsClient{t: t, conn: conn, ctx: ctx}, nil
}

func (c *wsClient) send(v any) error {
	b, _ := json.Marshal(v)
	return c.conn.Write(c.ctx, websocket.MessageText, b)
}

// next reads the next message that is not a ping or pong.
func (c *wsClient) next() (map[string]any, error) {
	for {
		_, b, err := c.conn.Read(c.ctx)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		json.Unmarshal(b, &m)
		switch m["type"] {
		case "ping":
			c.send(map[string]any{"type": "pong"})
		case "pong", "ka":
		default:
			return m, nil
		}
	}
}

func (c *wsClient) init() {
	c.t.Helper()
	c.send(map[string]any{"type": "connection_init"})
	if m, err := c.next(); err != nil || m["type"] != "connection_ack" {
		c.t.Fatalf("got %v (%v), want connection_ack", m, err)
	}
}

// do runs one operation and returns its first answer: a "next" message's
// payload, or an "error" message's.
func (c *wsClient) do(id, query string, vars map[string]any) (map[string]any, error) {
	if err := c.send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}}); err != nil {
		return nil, err
	}
	for {
		m, err := c.next()
		if err != nil {
			return nil, err
		}
		if m["id"] != id {
			continue
		}
		switch p := m["payload"].(type) {
		case map[string]any:
			return p, nil
		case []any:
			return map[string]any{"errors": p}, nil
		}
		return m, nil
	}
}

func firstCode(p map[string]any) string {
	errs, _ := p["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	e, _ := errs[0].(map[string]any)
	ext, _ := e["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}

func TestBareSocketsDoNotLockOut(t *testing.T) {
	c := guard.DefaultHTTPConfig(time.Second)
	c.MaxConns = 8
	c.ReadHeaderTimeout, c.IdleTimeout = time.Hour, time.Hour
	cfg := server.DefaultConfig()
	cfg.Sockets = guard.DefaultSocketLimits(c.MaxConns)
	cfg.Sockets.InitTimeout = time.Hour // no timeout rescues the server here
	addr := serveSockets(t, cfg, c)

	// Twice the connection cap of bare upgrades, none sending
	// connection_init. Some are refused or evicted: that is the point.
	var wg sync.WaitGroup
	for range 2 * c.MaxConns {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(ctx, "ws://"+addr+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
			if err == nil {
				t.Cleanup(func() { conn.CloseNow() })
			}
		})
	}
	wg.Wait()
	for range 3 {
		if got := getWithin(t, "http://"+addr+"/healthz"); got != http.StatusOK {
			t.Errorf("got /healthz %d with bare sockets held, want 200", got)
		}
		if got := getWithin(t, "http://"+addr+"/graphql?query=%7B__typename%7D"); got != http.StatusOK {
			t.Errorf("got /graphql %d with bare sockets held, want 200", got)
		}
	}
	// A client that initialises still gets a socket: it evicts a bare one.
	// (An upgrade the server reads late from its backlog may evict it in
	// turn before it initialises: it tries again, as a client would.)
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		var ws *wsClient
		if ws, err = dialSocket(t, "http://"+addr, ""); err != nil {
			continue
		}
		ws.send(map[string]any{"type": "connection_init"})
		var m map[string]any
		if m, err = ws.next(); err == nil && m["type"] == "connection_ack" {
			return
		}
	}
	t.Fatalf("got %v, want a socket", err)
}

func TestSocketInitTimeout(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.Sockets.InitTimeout = 50 * time.Millisecond
	addr := serveSockets(t, cfg, guard.DefaultHTTPConfig(time.Second))
	ws, err := dialSocket(t, "http://"+addr, "")
	if err != nil {
		t.Fatal(err)
	}
	// Send nothing: the server closes the socket (the read ends with an
	// error long before the test's 20 s guard).
	_, err = ws.next()
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the socket closed by the server", err)
	}
}

func TestSocketCaps(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.Sockets.Max, cfg.Sockets.PerAddr = 3, 2
	addr := serveSockets(t, cfg, guard.DefaultHTTPConfig(time.Second))
	for i := range 2 {
		ws, err := dialSocket(t, "http://"+addr, "")
		if err != nil {
			t.Fatalf("socket %d: %v", i, err)
		}
		ws.init()
	}
	_, err := dialSocket(t, "http://"+addr, "")
	if err == nil || !strings.Contains(err.Error(), "429") {
		t.Errorf("got %v, want the third socket of one address refused with 429", err)
	}
}

func TestSocketOperationTimeout(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.Sockets.OperationTimeout = time.Nanosecond // every query times out
	addr := serveSockets(t, cfg, guard.DefaultHTTPConfig(time.Second))
	ws, err := dialSocket(t, "http://"+addr, "")
	if err != nil {
		t.Fatal(err)
	}
	ws.init()
	p, err := ws.do("1", `{ states { code name } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := firstCode(p); got != "TIMEOUT" {
		t.Errorf("got %v, want TIMEOUT", p)
	}
}

func TestSocketIdleClosed(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.Sockets.Idle = 50 * time.Millisecond
	addr := serveSockets(t, cfg, guard.DefaultHTTPConfig(time.Second))
	ws, err := dialSocket(t, "http://"+addr, "")
	if err != nil {
		t.Fatal(err)
	}
	ws.init()
	if _, err := ws.next(); err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the idle socket closed by the server", err)
	}
}

func TestSocketRevokedKey(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	ws, err := dialSocket(t, c.TS.URL, c.Editor)
	if err != nil {
		t.Fatal(err)
	}
	ws.init()
	p, err := ws.do("1", servertest.ApplyMutation, servertest.Batch("before", true, servertest.NewEvidence("idn/ev/socket-1")))
	if err != nil || firstCode(p) != "" {
		t.Fatalf("got %v (%v), want the write applied", p, err)
	}
	r := servertest.PostKey(t, c.TS, c.Admin, `mutation { revokeAPIKey(name: "ed") { revoked } }`, nil)
	servertest.MustData(t, r, &struct{}{})

	p, err = ws.do("2", servertest.ApplyMutation, servertest.Batch("after", true, servertest.NewEvidence("idn/ev/socket-2")))
	if err == nil && firstCode(p) != "UNAUTHENTICATED" {
		t.Errorf("got %v, want UNAUTHENTICATED or the socket closed", p)
	}
	if ns, _ := c.Store.Nodes(context.Background(), []string{"idn/ev/socket-2"}); len(ns) == 1 && ns[0] != nil {
		t.Error("the revoked key wrote over its open socket")
	}
	// The socket is closed.
	for err == nil {
		_, err = ws.next()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the socket closed", err)
	}
}

// An expensive operation sent over a socket waits for admission as one sent
// over HTTP does, and is refused with OVERLOADED at its timeout.
func TestSocketAdmission(t *testing.T) {
	store := &gateStore{Store: servertest.MustOpenFixtures(t), gate: make(chan struct{})}
	cfg := server.DefaultConfig()
	cfg.MaxExpensive = 1
	cfg.ExpensiveCost = 100
	cfg.Timeout = 200 * time.Millisecond // over a socket too
	ts := servertest.NewHTTP(t, server.New(store, cfg))
	const expensive = `{ evidence { totalCount } }`
	held := make(chan *servertest.Response, 1)
	go func() { held <- servertest.Post(t, ts, expensive, nil) }()
	waitForMetric(t, ts.URL, "pactwatch_graphql_expensive_in_flight 1")

	ws, err := dialSocket(t, ts.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	ws.init()
	p, err := ws.do("1", expensive, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := firstCode(p); got != "OVERLOADED" {
		t.Errorf("got %v, want OVERLOADED", p)
	}
	close(store.gate)
	<-held
}
