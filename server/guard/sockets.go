package guard

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/apierr"
)

// SocketLimits bound the GraphQL WebSockets (graphql-transport-ws and
// graphql-ws). A socket outlives the HTTP request that opened it, so none of
// the HTTP server's timeouts reach it: these do. A zero field is off.
type SocketLimits struct {
	// Max caps the sockets open at once. It must stay below the listener's
	// connection cap, so that sockets can never take every connection from
	// /healthz and /graphql. At the cap, a new socket closes the oldest one
	// that has not sent connection_init; when every socket has, it is
	// refused with OVERLOADED.
	Max int
	// PerKey caps the sockets of one API key, PerAddr those of one client
	// address; over either a new socket is refused with RATE_LIMITED.
	PerKey, PerAddr int
	// InitTimeout is how long a socket may wait before connection_init.
	InitTimeout time.Duration
	// KeepAlive is how often the server pings; a graphql-transport-ws
	// client that does not answer within two pings is closed.
	KeepAlive time.Duration
	// Idle closes a socket that has run no operation for this long. A
	// running subscription is not idle.
	Idle time.Duration
	// OperationTimeout bounds each query and mutation sent over a socket;
	// server.New sets it to the HTTP timeout (Config.Timeout) when it is
	// zero. Subscriptions run until the client stops them or the socket
	// closes.
	OperationTimeout time.Duration
}

// DefaultSocketLimits returns limits for a listener capped at maxConns
// connections: a quarter of the connections, 8 per key, 16 per client
// address, 10 s to initialise, a ping every 20 s and 5 minutes without an
// operation; operations get the HTTP timeout.
func DefaultSocketLimits(maxConns int) SocketLimits {
	return SocketLimits{
		Max:         max(1, maxConns/4),
		PerKey:      8,
		PerAddr:     16,
		InitTimeout: 10 * time.Second,
		KeepAlive:   20 * time.Second,
		Idle:        5 * time.Minute,
	}
}

// Sockets counts, bounds and closes the server's GraphQL WebSockets. Serve
// admits a socket; the Implementation, InitFunc and the Sockets extension
// (an OperationInterceptor) follow it through its life: the key is checked
// again before every operation, so that a revoked key stops at once, and
// Revoked closes every socket of a key.
type Sockets struct {
	lim  SocketLimits
	auth func(ctx context.Context, secret string) *AuthState
	log  *slog.Logger

	mu      sync.Mutex
	open    map[*Socket]struct{}
	perKey  map[string]int
	perAddr map[string]int
}

// NewSockets returns the socket bounds of lim. auth checks a socket's key
// again before each of its operations.
func NewSockets(lim SocketLimits, auth func(ctx context.Context, secret string) *AuthState, log *slog.Logger) *Sockets {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sockets{lim: lim, auth: auth, log: log, open: map[*Socket]struct{}{}, perKey: map[string]int{}, perAddr: map[string]int{}}
}

// Socket is one open GraphQL WebSocket.
type Socket struct {
	set    *Sockets
	key    string // the key's name, "" without a valid key
	secret string // the bearer secret, to check again per operation
	addr   string
	opened time.Time

	mu          sync.Mutex
	conn        transport.WebsocketConn
	initialised bool
	active      int
	lastEnd     time.Time
	closed      bool
	done        chan struct{}
	initDone    chan struct{}
	activity    chan struct{}
}

type socketKey struct{}

func socketFrom(ctx context.Context) *Socket {
	s, _ := ctx.Value(socketKey{}).(*Socket)
	return s
}

type socketsKey struct{}

// WithSockets returns ctx carrying s, so that a resolver that revokes a key
// can close its sockets (RevokedKey).
func WithSockets(ctx context.Context, s *Sockets) context.Context {
	return context.WithValue(ctx, socketsKey{}, s)
}

// RevokedKey closes every socket of the named key, if ctx carries Sockets.
func RevokedKey(ctx context.Context, name string) {
	if s, ok := ctx.Value(socketsKey{}).(*Sockets); ok && s != nil {
		s.CloseKey(name)
	}
}

// ClientAddr is the host of r's remote address: the client, or the proxy
// before it.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Open returns how many sockets are open.
func (s *Sockets) Open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.open)
}

// Serve admits the upgrade request r, whose key st and bearer secret tell,
// and hands it to next (the WebSocket transport) for as long as the socket
// lives. A socket over a cap is refused with a coded JSON error.
func (s *Sockets) Serve(w http.ResponseWriter, r *http.Request, st *AuthState, secret string, next http.Handler) {
	k := &Socket{set: s, addr: ClientAddr(r), opened: time.Now(), done: make(chan struct{}),
		initDone: make(chan struct{}), activity: make(chan struct{}, 1)}
	if key := st.Key(); key != nil {
		k.key, k.secret = key.Name, secret
	}
	if code, status, msg := s.admit(k); code != "" {
		b, _ := json.Marshal(map[string]any{"errors": []*gqlerror.Error{{Message: msg, Extensions: map[string]any{"code": code}}}})
		w.Header().Set("Content-Type", "application/json")
		if status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "1")
		}
		w.WriteHeader(status)
		w.Write(b)
		return
	}
	defer s.release(k)
	go k.watch()
	next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), socketKey{}, k)))
}

// admit counts k in, or returns why not.
func (s *Sockets) admit(k *Socket) (code string, status int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lim.PerAddr > 0 && s.perAddr[k.addr] >= s.lim.PerAddr {
		return apierr.CodeRateLimited, http.StatusTooManyRequests, fmt.Sprintf("this address has %d WebSockets open, the most it may", s.lim.PerAddr)
	}
	if k.key != "" && s.lim.PerKey > 0 && s.perKey[k.key] >= s.lim.PerKey {
		return apierr.CodeRateLimited, http.StatusTooManyRequests, fmt.Sprintf("key %q has %d WebSockets open, the most it may", k.key, s.lim.PerKey)
	}
	if s.lim.Max > 0 && len(s.open) >= s.lim.Max {
		var oldest *Socket
		for o := range s.open {
			o.mu.Lock()
			waiting := !o.initialised && !o.closed
			o.mu.Unlock()
			if waiting && (oldest == nil || o.opened.Before(oldest.opened)) {
				oldest = o
			}
		}
		if oldest == nil {
			return apierr.CodeOverloaded, http.StatusServiceUnavailable, fmt.Sprintf("the server has %d WebSockets open, the most it takes; retry later", s.lim.Max)
		}
		s.forgetLocked(oldest)
		oldest.close(closeNow, "")
	}
	s.open[k] = struct{}{}
	s.perAddr[k.addr]++
	if k.key != "" {
		s.perKey[k.key]++
	}
	return "", 0, ""
}

func (s *Sockets) forgetLocked(k *Socket) {
	if _, ok := s.open[k]; !ok {
		return
	}
	delete(s.open, k)
	if s.perAddr[k.addr]--; s.perAddr[k.addr] <= 0 {
		delete(s.perAddr, k.addr)
	}
	if k.key != "" {
		if s.perKey[k.key]--; s.perKey[k.key] <= 0 {
			delete(s.perKey, k.key)
		}
	}
}

func (s *Sockets) release(k *Socket) {
	s.mu.Lock()
	s.forgetLocked(k)
	s.mu.Unlock()
	k.close(1000, "")
}

// CloseKey closes every socket of the named key: it was revoked.
func (s *Sockets) CloseKey(name string) {
	s.mu.Lock()
	var of []*Socket
	for k := range s.open {
		if k.key == name {
			of = append(of, k)
		}
	}
	s.mu.Unlock()
	for _, k := range of {
		k.close(4403, "the API key was revoked")
	}
}

// closeNow closes a socket without the close handshake.
const closeNow = -1

// close closes the socket with code and reason, once; without a close
// handshake for closeNow or no reason.
func (k *Socket) close(code int, reason string) {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return
	}
	k.closed = true
	conn := k.conn
	close(k.done)
	k.mu.Unlock()
	if conn == nil {
		return
	}
	if reason == "" || code == closeNow {
		// No close handshake, which waits up to 5 s for the peer: a
		// socket that never initialised is cut off at once, and its
		// connection freed for another client.
		conn.Close()
		return
	}
	conn.WriteClose(code, reason)
}

// watch closes the socket when it has not initialised in time, or has run
// no operation for the idle limit.
func (k *Socket) watch() {
	lim := k.set.lim
	if lim.InitTimeout > 0 {
		t := time.NewTimer(lim.InitTimeout)
		select {
		case <-k.initDone:
			t.Stop()
		case <-k.done:
			t.Stop()
			return
		case <-t.C:
			k.close(closeNow, "")
			return
		}
	}
	if lim.Idle <= 0 {
		return
	}
	t := time.NewTimer(lim.Idle)
	defer t.Stop()
	for {
		select {
		case <-k.done:
			return
		case <-k.activity:
		case <-t.C:
		}
		k.mu.Lock()
		active, since := k.active, time.Since(k.lastEnd)
		k.mu.Unlock()
		switch {
		case active > 0:
			t.Reset(lim.Idle)
		case since >= lim.Idle:
			k.close(1000, "idle")
			return
		default:
			t.Reset(lim.Idle - since)
		}
	}
}

func (k *Socket) attach(c transport.WebsocketConn) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.conn = c
	return !k.closed
}

func (k *Socket) initialise() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.initialised {
		k.initialised = true
		k.lastEnd = time.Now()
		close(k.initDone)
	}
}

func (k *Socket) begin() {
	k.mu.Lock()
	k.active++
	k.mu.Unlock()
}

func (k *Socket) end() {
	k.mu.Lock()
	k.active--
	k.lastEnd = time.Now()
	k.mu.Unlock()
	select {
	case k.activity <- struct{}{}:
	default:
	}
}

// Transport returns the WebSocket transport of these limits.
func (s *Sockets) Transport() transport.Websocket {
	return transport.Websocket{
		Implementation:        socketImplementation{},
		InitTimeout:           s.lim.InitTimeout,
		InitFunc:              s.initFunc,
		KeepAlivePingInterval: s.lim.KeepAlive,
		PingPongInterval:      s.lim.KeepAlive,
	}
}

func (s *Sockets) initFunc(ctx context.Context, _ transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	if k := socketFrom(ctx); k != nil {
		k.initialise()
	}
	return ctx, nil, nil
}

// socketImplementation accepts a socket with coder/websocket and hands its
// connection to the Socket, so that the limits can close it.
type socketImplementation struct{}

func (socketImplementation) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	c, err := transport.CoderWebsocketImplementation{}.Accept(w, r, o)
	if err != nil {
		return nil, err
	}
	if k := socketFrom(r.Context()); k != nil && !k.attach(c) {
		c.Close() // evicted before it was accepted: the transport's first read fails
	}
	return c, nil
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = (*Sockets)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (s *Sockets) ExtensionName() string { return "Sockets" }

// Validate implements graphql.HandlerExtension.
func (s *Sockets) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor. For an
// operation sent over a socket it checks the socket's key again (a revoked
// key closes the socket), bounds a query or mutation by the operation
// timeout, and counts the operation as the socket's activity. Operations
// sent over HTTP pass untouched.
func (s *Sockets) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	k := socketFrom(ctx)
	if k == nil {
		return next(ctx)
	}
	if k.secret != "" {
		st := s.auth(ctx, k.secret)
		if st.Key() == nil {
			err := st.Err()
			if err == nil {
				err = graph.Errorf(graph.EUNAUTHENTICATED, "the socket's API key is no longer valid")
			}
			k.close(4403, "the API key is no longer valid")
			return refuse(&gqlerror.Error{Message: err.Error(), Extensions: map[string]any{"code": apierr.CodeUnauthenticated}})
		}
		ctx = WithAuth(ctx, st)
	}
	cancel := context.CancelFunc(func() {})
	if oc := graphql.GetOperationContext(ctx); s.lim.OperationTimeout > 0 && (oc.Operation == nil || oc.Operation.Operation != ast.Subscription) {
		ctx, cancel = context.WithTimeout(ctx, s.lim.OperationTimeout)
	}
	k.begin()
	var once sync.Once
	finish := func() { once.Do(func() { cancel(); k.end() }) }
	h := next(ctx)
	first := true
	return func(ctx context.Context) *graphql.Response {
		r := h(ctx)
		if r == nil && first && ctx.Err() != nil {
			// The executor answers nothing once the operation's context is
			// done; the client is told why.
			r = &graphql.Response{Errors: gqlerror.List{{Message: "the operation timed out", Extensions: map[string]any{"code": apierr.CodeTimeout}}}}
		}
		first = false
		if r == nil {
			finish()
		}
		return r
	}
}
