package main_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestServeMaxConnsCapsSockets: --max-conns sets the WebSocket cap (a
// quarter of it), not only the listener's: with --max-conns 8 two
// initialised sockets are the most, and a third is refused with OVERLOADED.
func TestServeMaxConnsCapsSockets(t *testing.T) {
	s := launchServe(t, testEnv(t), "--db", filepath.Join(t.TempDir(), "db"), "--max-conns", "8")
	defer s.stop(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dial := func() (*websocket.Conn, *http.Response, error) {
		return websocket.Dial(ctx, "ws://"+s.addr+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	}
	for i := range 2 {
		c, _, err := dial()
		if err != nil {
			t.Fatalf("socket %d: %v", i+1, err)
		}
		defer c.CloseNow()
		// An initialised socket is never evicted for a new one.
		if err := c.Write(ctx, websocket.MessageText, []byte(`{"type":"connection_init"}`)); err != nil {
			t.Fatal(err)
		}
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatalf("socket %d: %v", i+1, err)
		}
		var m struct{ Type string }
		if json.Unmarshal(b, &m); m.Type != "connection_ack" {
			t.Fatalf("socket %d: got %s, want connection_ack", i+1, b)
		}
	}
	c, resp, err := dial()
	if err == nil {
		c.CloseNow()
		t.Fatal("a third socket was admitted, want the cap of a quarter of --max-conns 8 (2)")
	}
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("got %v (%v), want 503 OVERLOADED", resp, err)
	}
	b, _ := io.ReadAll(resp.Body)
	var body struct {
		Errors []struct{ Extensions struct{ Code string } }
	}
	if err := json.Unmarshal(b, &body); err != nil || len(body.Errors) == 0 || body.Errors[0].Extensions.Code != "OVERLOADED" {
		t.Errorf("got %s (%v), want the code OVERLOADED", b, err)
	}
}
