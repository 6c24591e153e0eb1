package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/dashboard"
	"github.com/pactwatch/pactwatch/server/direct"
	"github.com/pactwatch/pactwatch/server/engine"
	"github.com/pactwatch/pactwatch/server/export"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/graphiql"
	"github.com/pactwatch/pactwatch/server/guard"
	"github.com/pactwatch/pactwatch/server/httpcache"
	"github.com/pactwatch/pactwatch/server/metrics"
	"github.com/pactwatch/pactwatch/server/resolvers"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// Config sets the server's limits. A zero limit turns that limit off;
// DefaultConfig turns every one on.
type Config struct {
	// MaxDepth is the deepest nesting of fields an operation may select.
	MaxDepth int
	// MaxComplexity is the highest cost an operation may have, with list
	// fields costed as their expected length times their child (server/resolvers/complexity.go).
	MaxComplexity int
	// MaxTokens is the most lexical tokens a GraphQL document may have. It
	// bounds the work of parsing and validating a document (gqlparser's
	// validation is quadratic in repeated fields, and takes no deadline).
	MaxTokens int
	// MaxBodyBytes is the largest request body accepted, and the largest
	// query string of a GET.
	MaxBodyBytes int64
	// MaxExpensive is how many expensive operations may execute at once;
	// more wait for a slot until their deadline, then are refused with
	// OVERLOADED (server/guard/admission.go).
	MaxExpensive int
	// ExpensiveCost is the cost from which an operation is expensive; 0
	// means a quarter of MaxComplexity (or of the default limit when
	// MaxComplexity is off).
	ExpensiveCost int
	// Timeout bounds each GraphQL request.
	Timeout time.Duration
	// CORSOrigins are the web origins whose pages may call /graphql from a
	// browser; none by default (no CORS header is sent).
	CORSOrigins []string
	// FrameAncestors are the origins whose pages may embed the dashboard in
	// a frame; none by default.
	FrameAncestors []string
	// PublicMetrics serves /metrics to every client, not only loopback ones.
	PublicMetrics bool
	// Logger receives internal errors and panics in full; nil discards them.
	Logger *slog.Logger
	// WriteRate is how many mutations a second each API key may send
	// (every aliased mutation of a request counts), WriteBurst how many at
	// once; over it a request is refused with RATE_LIMITED and a retry
	// hint. A zero WriteRate turns it off.
	WriteRate  float64
	WriteBurst int
	// RecordRate is how many records a second each API key may put or
	// retract, RecordBurst how many at once (at least the largest batch);
	// a zero RecordRate turns it off.
	RecordRate  float64
	RecordBurst int
	// WebhookAttempts is how many times a webhook delivery is tried before
	// it is given up (0: 5); WebhookRetryBase the wait after the first
	// failure, doubled after each next one up to five minutes (0: 1s).
	WebhookAttempts  int
	WebhookRetryBase time.Duration
	// WebhookAllowPrivate lets webhooks deliver to loopback, private and
	// link-local addresses; by default they are refused, when registered
	// and when dialled, so that a registration cannot reach the server's
	// own network.
	WebhookAllowPrivate bool
	// HoldWebhooks keeps the server from delivering webhooks: the store's
	// queue waits for a server that does. A process that answers a few
	// queries and exits (the CLI's query commands) holds them.
	HoldWebhooks bool
	// Search is the full-text index the search field asks; nil turns search
	// off (the field then fails with SEARCH_UNAVAILABLE). Every write of
	// the write API is applied to it (server/resolvers/search_sync.go).
	Search *search.Index
	// SearchStale, when set, is called after a write the index could not
	// take as it was (it was building, or behind the store): the caller
	// rebuilds it, as serve does in the background.
	SearchStale func()
	// NoDirectLists turns off the direct execution of lean gap lists
	// (server/direct), so that gqlgen executes every operation field by field.
	NoDirectLists bool
	// Sockets bound the GraphQL WebSockets (server/guard/sockets.go): their
	// cap, per key and per client address, the time to connection_init,
	// keep-alive, idle limit and the timeout of a query or mutation sent
	// over one (Timeout when zero). Other zero fields are off.
	Sockets guard.SocketLimits
	// AnswerBytes bounds the cache of lean gap lists answered directly
	// (server/direct/answers.go); 0 turns it off.
	AnswerBytes int
	// PublicURL is the address the server is reached at
	// ("https://pactwatch.example.org"): the URL each export quotes in its
	// "cite this" line starts with it. Empty, it is the request's scheme
	// and host.
	PublicURL string
	// Cache says how long anonymous GET answers (GraphQL queries, the
	// exports) stay fresh in browsers and shared caches (server/httpcache);
	// zero lifetimes have every cache revalidate each time.
	Cache httpcache.Policy
	// Build names the program in the answers' ETags; empty, it is
	// httpcache.BuildID (the commit, or a hash of the executable).
	Build string
	// Now is the clock that says what today is for the answers' validators
	// and lifetimes; nil is time.Now.
	Now func() time.Time
	// HistoryVisibility is what readers without an editor's key see of
	// the change history on every surface (graph.HistoryVisibility): the
	// authors' roles only ("", the default), or their keys' names.
	HistoryVisibility graph.HistoryVisibility
}

// DefaultConfig returns limits that every real query of the dashboard and
// CLI fits in, with room to spare: the dashboard's heaviest query (every
// state's records for every instrument, with the obligations) costs about
// 30,000 under the costs of server/resolvers/complexity.go, a gap query
// about 9,000.
func DefaultConfig() Config {
	return Config{
		MaxDepth:      12,
		MaxComplexity: 50000,
		MaxTokens:     5000,
		MaxBodyBytes:  1 << 20,
		MaxExpensive:  max(2, runtime.NumCPU()),
		Timeout:       10 * time.Second,
		WriteRate:     10,
		WriteBurst:    50,
		RecordRate:    500,
		RecordBurst:   resolvers.MaxBatchRecords,
		AnswerBytes:   direct.DefaultAnswerBytes,
		Cache:         httpcache.DefaultPolicy(),
		Sockets:       guard.DefaultSocketLimits(guard.DefaultMaxConns()),

		WebhookAttempts:  webhook.DefaultAttempts,
		WebhookRetryBase: webhook.DefaultRetryBase,
	}
}

// expensiveCost is the cost from which admission control queues an operation.
func (c Config) expensiveCost() int {
	switch {
	case c.ExpensiveCost > 0:
		return c.ExpensiveCost
	case c.MaxComplexity > 0:
		return max(1, c.MaxComplexity/4)
	}
	return DefaultConfig().MaxComplexity / 4
}

// Server is pactwatch's HTTP server: GraphQL at /graphql, a GraphQL IDE at
// /graphiql, /healthz, /metrics, the exports at /export/ and the dashboard
// at /.
type Server struct {
	store      graph.Store
	cfg        Config
	logger     *slog.Logger
	gql        *handler.Server
	transports []graphql.Transport
	metrics    *metrics.Metrics
	admission  *guard.Admission
	mux        *http.ServeMux
	// engine is the one compliance engine of the process, over the store.
	engine engine.Compliance
	quiet  quiet
	// throttle delays the answers to failed API keys.
	throttle *guard.KeyThrottle
	// hooks delivers the webhooks, nil for a store that keeps none.
	hooks *webhook.Dispatcher
	// answers keeps the answers of repeated lean gap lists; nil when off.
	answers *direct.AnswerCache
	csp     policies
	// sockets counts and bounds the GraphQL WebSockets.
	sockets *guard.Sockets
	// exports writes the tables of /export/ and the CLI's exports.
	exports *export.Exporter
	// cache sets the validators and lifetimes of anonymous answers.
	cache *httpcache.Cache
}

// New returns a server over store. It does not own the store: closing it is
// the caller's job.
func New(store graph.Store, cfg Config) *Server {
	s := &Server{store: store, cfg: cfg, logger: cfg.Logger, csp: newPolicies(cfg.FrameAncestors), throttle: guard.DefaultKeyThrottle()}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	s.metrics = metrics.New()
	s.engine = engine.New(store)
	if _, ok := store.(graph.Versioner); ok && !cfg.NoDirectLists {
		s.answers = direct.NewAnswerCache(cfg.AnswerBytes)
	}

	s.cache = &httpcache.Cache{Policy: cfg.Cache, Build: cfg.Build, Base: strings.TrimRight(cfg.PublicURL, "/"), Now: cfg.Now,
		Data: func() graph.DataVersion { return engine.DataVersionOf(store) }}
	if s.cache.Build == "" {
		s.cache.Build = httpcache.BuildID()
	}
	s.exports = export.New(store, s.engine, cfg.Search, cfg.Timeout, cfg.PublicURL, s.cache)
	s.exports.SetHistoryView(func(ctx context.Context) graph.HistoryView {
		return engine.HistoryView(ctx, store, cfg.HistoryVisibility, guard.AuthFrom(ctx).Key())
	})
	s.hooks = webhook.NewDispatcher(store, webhook.Options{Attempts: cfg.WebhookAttempts, RetryBase: cfg.WebhookRetryBase,
		AllowPrivate: cfg.WebhookAllowPrivate, Hold: cfg.HoldWebhooks}, s.logger)
	res := resolvers.New(store, s.engine, resolvers.Options{Search: cfg.Search, SearchStale: cfg.SearchStale, Logger: s.logger, DataTime: s.exports.DataTime,
		Hooks: s.hooks, AllowPrivateHooks: cfg.WebhookAllowPrivate, History: cfg.HistoryVisibility})
	var es graphql.ExecutableSchema = generated.NewExecutableSchema(generated.Config{
		Resolvers:  res,
		Complexity: resolvers.Complexity(),
	})
	if !cfg.NoDirectLists {
		es = direct.NewSchema(es, store, s.engine)
	}
	gql := handler.New(es)
	s.transports = []graphql.Transport{transport.Options{}, transport.GET{}, direct.PostJSON{}, transport.GRAPHQL{}}
	for _, t := range s.transports {
		gql.AddTransport(t)
	}
	// Subscriptions (graphql-transport-ws) are served apart from the other
	// transports: serveGraphQL hands an upgrade request to it once the
	// socket is admitted, and the socket's operations pass the same
	// extensions as HTTP's, with the Sockets extension first (the key
	// checked again, the operation timeout).
	sockets := cfg.Sockets
	if sockets.OperationTimeout == 0 {
		sockets.OperationTimeout = cfg.Timeout
	}
	s.sockets = guard.NewSockets(sockets, func(ctx context.Context, secret string) *guard.AuthState {
		return guard.AuthenticateSecret(ctx, s.store, s.logger, secret)
	}, s.logger)
	gql.AddTransport(s.sockets.Transport())
	if cfg.MaxTokens > 0 {
		gql.SetParserTokenLimit(cfg.MaxTokens)
	}
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	gql.Use(extension.Introspection{})
	gql.Use(extension.AutomaticPersistedQuery{Cache: newPersistedQueries()})
	gql.Use(s.sockets)
	gql.Use(guard.NewWriteGate(guard.WriteLimits{MutationRate: cfg.WriteRate, MutationBurst: cfg.WriteBurst,
		RecordRate: cfg.RecordRate, RecordBurst: cfg.RecordBurst}, s.presentError))
	gql.Use(guard.NewOperationLimits(cfg.MaxDepth, cfg.MaxComplexity))
	gql.Use(s.metrics)
	if cfg.MaxExpensive > 0 {
		s.admission = guard.NewAdmission(cfg.expensiveCost(), cfg.MaxExpensive, s.metrics)
		gql.Use(s.admission)
	}
	gql.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		// Stop resolving as soon as the request has timed out.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return next(ctx)
	})
	gql.SetErrorPresenter(s.presentError)
	gql.SetRecoverFunc(s.recoverPanic)
	s.gql = gql

	s.mux = s.routes()
	return s
}

// routes is the server's one route table: every path it answers, and the
// package that answers it.
func (s *Server) routes() *http.ServeMux {
	ide := graphiql.Handler()
	table := []struct {
		pattern string
		handler http.Handler
	}{
		{"/graphql", http.HandlerFunc(s.serveGraphQL)},   // server/resolvers
		{"/healthz", http.HandlerFunc(s.serveHealth)},    // the store answers
		{"/metrics", s.metricsGate(s.metrics.Handler())}, // server/metrics
		{"/export/", s.withKey(s.exports)},               // server/export
		{"/graphiql", ide},                               // server/graphiql
		{"/graphiql/", ide},                              // server/graphiql
		{"/", dashboard.Handler()},                       // server/dashboard
	}
	mux := http.NewServeMux()
	for _, r := range table {
		mux.Handle(r.pattern, r.handler)
	}
	return mux
}

// withKey hands next the request with its key, if it sends one (a key
// that is not valid is ignored: these routes need none), for what differs
// by reader (the change history an editor sees in full).
func (s *Server) withKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if guard.BearerSecret(r) == "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := guard.WithAuth(r.Context(), s.throttle.Authenticate(r.Context(), s.store, s.logger, r))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Exports returns the server's exporter, which the CLI's exports share.
func (s *Server) Exports() *export.Exporter { return s.exports }

// Close stops the server's background work, the webhook deliveries, and
// waits for it. The store's webhook queue keeps what was not delivered, for
// the next server on the store. Close does not close the store; call it
// before the store is closed, once the HTTP server has stopped.
func (s *Server) Close() error {
	s.hooks.Close()
	return nil
}

// Warm summarises every state once so that the engine's per-version caches
// hold each state's facts before the first request asks. On a world-scale
// store a cold summary of all states takes longer than the request timeout;
// warmed, it takes milliseconds. serve runs it in the background at start.
func (s *Server) Warm(ctx context.Context) error {
	_, err := s.engine.Compare(ctx, nil, "", graph.Today(), graph.BasisLaw)
	return err
}

// ServeHTTP serves every route of the server, each response with the
// security headers (headers.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.securityHeaders(w, r)
	if s.cors(w, r) {
		return
	}
	if !utf8.ValidString(r.URL.Path) {
		// No route names such a path; the file servers would answer 500.
		writeErrors(w, http.StatusBadRequest, &gqlerror.Error{
			Message:    "the path is not valid UTF-8",
			Extensions: map[string]any{"code": apierr.CodeBadRequest},
		})
		return
	}
	s.mux.ServeHTTP(w, r)
}

// serveGraphQL applies the body limit and timeout, gives the request its own
// loaders, and hands it to gqlgen. Whatever happens, the client gets a
// GraphQL response with a code, never a bare 500.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Upgrade") != "" {
		// A socket: long-lived, with no response wrappers (it needs the
		// bare ResponseWriter); the socket limits bound it instead of the
		// request timeout.
		ctx := resolvers.WithLoaders(r.Context(), s.store, s.engine)
		ctx = guard.WithSockets(ctx, s.sockets)
		st := s.throttle.Authenticate(ctx, s.store, s.logger, r)
		ctx = guard.WithAuth(ctx, st)
		s.sockets.Serve(w, r.WithContext(ctx), st, guard.BearerSecret(r), s.gql)
		return
	}
	s.quiet.begin()
	defer s.quiet.end()
	// gqlgen answers a panic outside the resolvers with a 500; the body is
	// still a GraphQL error with a code, so the status is made 200 like any
	// other error response.
	st := &guard.AdmissionState{}
	raw := w
	w.Header().Set("Cache-Control", httpcache.NoStoreValue)
	httpcache.Vary(w.Header())
	question, cacheable := graphQLQuestion(r)
	var held *heldAnswer
	if cacheable {
		held = &heldAnswer{ResponseWriter: w}
		defer held.release()
		w = held
	}
	w = noServerErrorStatus{&graphQLOverHTTP{ResponseWriter: guard.NewOverloadStatus(w, st)}}
	w = &cappedErrors{ResponseWriter: w}
	if r.Method == http.MethodGet {
		w = &getMutation{ResponseWriter: w}
	}
	defer func() {
		if p := recover(); p != nil {
			gerr := s.presentError(r.Context(), s.recoverPanic(r.Context(), p))
			writeErrors(w, http.StatusOK, gerr)
		}
	}()
	var key string // the request's key in the answer cache, if it may have one
	var version uint64
	var today graph.Date // the day the key names, read once
	if r.Body != nil && s.cfg.MaxBodyBytes > 0 {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				s.metrics.Refused(apierr.CodeRequestTooLarge)
				writeErrors(w, http.StatusRequestEntityTooLarge, &gqlerror.Error{
					Message:    fmt.Sprintf("request body is larger than the limit of %d bytes", s.cfg.MaxBodyBytes),
					Extensions: map[string]any{"code": apierr.CodeRequestTooLarge},
				})
				return
			}
			writeErrors(w, http.StatusBadRequest, &gqlerror.Error{
				Message:    "could not read request body",
				Extensions: map[string]any{"code": apierr.CodeBadRequest},
			})
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		// A lean gap list asked before of this version is answered from
		// the answer cache (server/direct): the same request passed every
		// check below when it was first answered.
		if s.answers != nil && r.Method == http.MethodPost && r.Header.Get("Authorization") == "" {
			today = graph.Today()
			version, key = s.store.(graph.Versioner).Version(), direct.AnswerKey(r, body, today)
			if a, ok := s.answers.Get(version, key); ok {
				s.metrics.AnswerHit()
				a.Replay(raw)
				return
			}
		}
	}
	if r.Method == http.MethodGet && s.cfg.MaxBodyBytes > 0 && int64(len(r.URL.RawQuery)) > s.cfg.MaxBodyBytes {
		// A GET carries its query in the URL: the same limit applies.
		s.metrics.Refused(apierr.CodeRequestTooLarge)
		writeErrors(w, http.StatusRequestEntityTooLarge, &gqlerror.Error{
			Message:    fmt.Sprintf("query string is larger than the limit of %d bytes", s.cfg.MaxBodyBytes),
			Extensions: map[string]any{"code": apierr.CodeRequestTooLarge},
		})
		return
	}
	if !slices.ContainsFunc(s.transports, func(t graphql.Transport) bool { return t.Supports(r) }) {
		writeErrors(w, http.StatusBadRequest, &gqlerror.Error{
			Message:    "unsupported request: send GET ?query=... or POST a JSON body with Content-Type: application/json",
			Extensions: map[string]any{"code": apierr.CodeBadRequest},
		})
		return
	}
	if msg := badGET(r); msg != "" {
		writeErrors(w, http.StatusBadRequest, &gqlerror.Error{
			Message:    msg,
			Extensions: map[string]any{"code": apierr.CodeBadRequest},
		})
		return
	}
	if cacheable && s.cache.Check(raw, r, question) {
		held.answered = true // 304, before any work
		return
	}
	ctx := r.Context()
	if s.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.Timeout)
		defer cancel()
	}
	ctx = guard.WithAdmission(ctx, st)
	ctx = guard.WithSockets(ctx, s.sockets)
	ctx = guard.WithAuth(ctx, s.throttle.Authenticate(ctx, s.store, s.logger, r))
	ctx = resolvers.WithLoaders(ctx, s.store, s.engine)
	if key == "" {
		s.gql.ServeHTTP(w, r.WithContext(ctx))
		return
	}
	if s.answers.ServeAndKeep(w, r.WithContext(ctx), s.gql, version, key, today) {
		s.metrics.AnswerKept()
	}
}

// badGET returns why gqlgen's GET transport would refuse r, or "". gqlgen
// writes those refusals itself, without a code and past the error presenter.
func badGET(r *http.Request) string {
	if r.Method != http.MethodGet {
		return ""
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return fmt.Sprintf("could not parse the query string: %v", err)
	}
	for _, name := range []string{"variables", "extensions"} {
		var obj map[string]any
		if v := q.Get(name); v != "" && json.Unmarshal([]byte(v), &obj) != nil {
			return fmt.Sprintf("%s is not a JSON object", name)
		}
	}
	return ""
}

// noServerErrorStatus turns a 5xx status into 200: every response of
// /graphql carries its errors, with codes, in its body.
type noServerErrorStatus struct{ http.ResponseWriter }

func (w noServerErrorStatus) WriteHeader(status int) {
	if status >= 500 {
		status = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(status)
}

func writeErrors(w http.ResponseWriter, status int, errs ...*gqlerror.Error) {
	// A request refused before execution has no "data" entry.
	b, _ := json.Marshal(struct {
		Errors gqlerror.List `json:"errors"`
	}{errs})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// serveHealth reports whether the store answers, and the data version it
// holds (graph.DataVersion) with its time.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if _, err := s.store.IDs(ctx, graph.KindState); err != nil {
		s.logger.ErrorContext(ctx, "health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"status":"unavailable"}`+"\n")
		return
	}
	v := engine.DataVersionOf(s.store)
	h := struct {
		Status      string     `json:"status"`
		DataVersion string     `json:"dataVersion"`
		DataTime    *time.Time `json:"dataTime,omitempty"`
	}{Status: "ok", DataVersion: engine.DataVersion(s.store)}
	if t := v.Time(); !t.IsZero() {
		h.DataTime = &t
	}
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(h)
}

// Exec runs one GraphQL operation in process, through the same limits,
// loaders and error presenter as HTTP, and returns the JSON response. GraphQL
// errors (a bad query, an unknown state) are in the response's "errors", not
// in the returned error, which is set only when the operation could not be
// run at all.
func (s *Server) Exec(ctx context.Context, query string, vars map[string]any) ([]byte, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "server.Exec: variables are not JSON: %v", err)
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("server.Exec: %w", err)
	}
	r.Header.Set("Content-Type", "application/json")
	w := &bufferedResponse{header: http.Header{}}
	s.serveGraphQL(w, r)
	if err := ctx.Err(); err != nil {
		return w.body.Bytes(), err
	}
	return w.body.Bytes(), nil
}

// bufferedResponse is the http.ResponseWriter of Exec.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }
func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
