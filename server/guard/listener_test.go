package guard_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/guard"
)

// serveHTTP serves a server over a real listener with the limits of c.
func serveHTTP(t *testing.T, c guard.HTTPConfig) (string, *guard.ConnLimiter) {
	t.Helper()
	h := server.New(graphtest.MustOpenStore(t), server.DefaultConfig())
	srv, limiter := guard.NewHTTPServer(context.Background(), h, c, nil)
	ln, err := limiter.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), limiter
}

// getWithin GETs url on a new connection, failing the test instead of
// hanging if the server never answers.
func getWithin(t *testing.T, url string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func TestConnectionCap(t *testing.T) {
	c := guard.DefaultHTTPConfig(time.Second)
	c.MaxConns = 8
	c.ReadHeaderTimeout = time.Hour // idle clients are not dropped by time here
	c.IdleTimeout = time.Hour
	addr, limiter := serveHTTP(t, c)
	var idle []net.Conn
	for range 40 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, conn)
	}
	t.Cleanup(func() {
		for _, c := range idle {
			c.Close()
		}
	})
	for range 3 {
		if got := getWithin(t, "http://"+addr+"/healthz"); got != http.StatusOK {
			t.Errorf("got /healthz %d with 40 idle connections, want 200", got)
		}
	}
	if open := limiter.Open(); open > c.MaxConns {
		t.Errorf("got %d connections open, want at most %d", open, c.MaxConns)
	}
}

func TestSlowBodyDropped(t *testing.T) {
	c := guard.DefaultHTTPConfig(time.Second)
	c.ReadTimeout = 200 * time.Millisecond
	addr, _ := serveHTTP(t, c)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Promise a body and never send it.
	io.WriteString(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	conn.SetReadDeadline(time.Now().Add(20 * time.Second)) // a guard against hanging, not an assertion
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("got %v, want a response", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "BAD_REQUEST") {
		t.Errorf("got %d %s, want 400 BAD_REQUEST", resp.StatusCode, body)
	}
}

func TestHeaderTooLarge(t *testing.T) {
	addr, _ := serveHTTP(t, guard.DefaultHTTPConfig(time.Second))
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/healthz", nil)
	req.Header.Set("X-Padding", strings.Repeat("a", 128<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("got %d, want 431", resp.StatusCode)
	}
}
