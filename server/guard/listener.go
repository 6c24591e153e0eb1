package guard

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/net/netutil"
)

// HTTPConfig sets the limits of the HTTP server around the handler: how long
// a client may take and how many connections may be open at once.
type HTTPConfig struct {
	// ReadHeaderTimeout bounds reading a request's headers, and how long a
	// new connection may stay silent.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout bounds a request from the end of its headers to the end
	// of its response; it is longer than the GraphQL timeout.
	WriteTimeout time.Duration
	// IdleTimeout is how long a keep-alive connection may wait for its
	// next request.
	IdleTimeout time.Duration
	// MaxHeaderBytes is the largest request head.
	MaxHeaderBytes int
	// MaxConns caps the connections open at once (0: no cap). At the cap
	// the oldest idle connection is closed for a new one, so that idle
	// clients cannot lock out /healthz. Hijacked connections (WebSockets)
	// count until they close, and may take at most half of the cap: one
	// over it is closed at once (server/guard/sockets.go keeps sockets well
	// below that).
	MaxConns int
}

// DefaultHTTPConfig returns timeouts for a GraphQL timeout of requestTimeout
// and a connection cap below the process's open-file limit.
func DefaultHTTPConfig(requestTimeout time.Duration) HTTPConfig {
	return HTTPConfig{
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      max(30*time.Second, requestTimeout+10*time.Second),
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		MaxConns:          DefaultMaxConns(),
	}
}

// DefaultMaxConns is half the process's open-file limit, between 16 and
// 4096: 512 under the usual limit of 1,024, leaving the rest for the store's
// files and the process's own.
func DefaultMaxConns() int {
	n := openFileLimit()
	if n <= 0 {
		return 512
	}
	return min(4096, max(16, n/2))
}

// NewHTTPServer returns an http.Server for h with the limits of c. The
// server must serve a listener made by Listen with the same c.
func NewHTTPServer(ctx context.Context, h http.Handler, c HTTPConfig, log *slog.Logger) (*http.Server, *ConnLimiter) {
	limiter := &ConnLimiter{max: c.MaxConns, conns: map[net.Conn]connInfo{}}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		ReadTimeout:       c.ReadTimeout,
		WriteTimeout:      c.WriteTimeout,
		IdleTimeout:       c.IdleTimeout,
		MaxHeaderBytes:    c.MaxHeaderBytes,
		ConnState:         limiter.track,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if log != nil {
		srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	}
	return srv, limiter
}

// ConnLimiter caps a server's open connections: Listen stops accepting at
// the cap (netutil.LimitListener), and the server's ConnState hook closes
// the oldest idle connection whenever a new one fills the last slot, so that
// a new client gets in.
type ConnLimiter struct {
	max   int
	mu    sync.Mutex
	conns map[net.Conn]connInfo
}

type connInfo struct {
	state http.ConnState
	since time.Time
}

// Listen listens on addr, accepting at most the limiter's cap of
// connections at once.
func (l *ConnLimiter) Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if l.max > 0 {
		ln = netutil.LimitListener(ln, l.max)
	}
	return trackingListener{ln, l}, nil
}

// trackingListener tells the limiter when a connection closes, hijacked or
// not: the server reports no state for a hijacked connection after it.
type trackingListener struct {
	net.Listener
	l *ConnLimiter
}

func (t trackingListener) Accept() (net.Conn, error) {
	c, err := t.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &trackedConn{Conn: c, l: t.l}, nil
}

type trackedConn struct {
	net.Conn
	l    *ConnLimiter
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c)
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// Open returns how many connections are open.
func (l *ConnLimiter) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns)
}

func (l *ConnLimiter) hijackedLocked() int {
	n := 0
	for _, info := range l.conns {
		if info.state == http.StateHijacked {
			n++
		}
	}
	return n
}

func (l *ConnLimiter) track(c net.Conn, state http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch state {
	case http.StateClosed:
		delete(l.conns, c)
		return
	case http.StateHijacked:
		if _, ok := c.(*trackedConn); !ok {
			delete(l.conns, c) // not from Listen: nothing tells its close
			return
		}
		l.conns[c] = connInfo{state: state, since: time.Now()}
		if l.max > 0 && l.hijackedLocked() > l.max/2 {
			// Sockets may not take the connections HTTP needs.
			delete(l.conns, c)
			go c.Close()
		}
		return
	}
	l.conns[c] = connInfo{state: state, since: time.Now()}
	if state != http.StateNew || l.max <= 0 || len(l.conns) < l.max {
		return
	}
	// The last slot is taken: free one by closing the connection idle the
	// longest (a keep-alive one, or a new one that has sent nothing yet).
	var oldest net.Conn
	var since time.Time
	for other, info := range l.conns {
		if other == c || (info.state != http.StateIdle && info.state != http.StateNew) {
			continue
		}
		if oldest == nil || info.since.Before(since) {
			oldest, since = other, info.since
		}
	}
	if oldest != nil {
		delete(l.conns, oldest)
		go oldest.Close() // Close takes l.mu

	}
}
