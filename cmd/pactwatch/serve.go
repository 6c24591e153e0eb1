package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/guard"
)

// shutdownGrace is how long serve waits for in-flight requests after a
// signal before it closes the store anyway.
const shutdownGrace = 15 * time.Second

func runServe(ctx context.Context, e *env, args []string) (err error) {
	f := newFlags("serve", "serve [--db DIR] [--addr 127.0.0.1:8080] [--log-json] [--memory-limit BYTES] [--max-depth N] [--max-complexity N] [--max-tokens N] [--max-body BYTES] [--max-expensive N] [--expensive-cost N] [--timeout D] [--answer-cache BYTES] [--max-conns N] [--cors-origins LIST] [--frame-ancestors LIST] [--metrics-public] [--webhook-attempts N] [--webhook-retry D] [--webhook-allow-private] [--public-url URL] [--max-age D] [--s-maxage D] [--lasting-max-age D] [--history-visibility roles|full]",
		"Open (or create) the store, load the embedded fixtures if it is empty, and serve\n"+
			"GraphQL at /graphql, the GraphQL IDE at /graphiql and the dashboard at /.\n"+
			"SIGINT or SIGTERM stops it gracefully: in-flight requests finish and the store\n"+
			"is closed cleanly.",
		"  pactwatch serve --addr 127.0.0.1:8080\n  open http://127.0.0.1:8080/ and http://127.0.0.1:8080/graphiql")
	db := dbFlag(f)
	addr := f.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one; :8080 listens on every interface)")
	logJSON := f.Bool("log-json", false, "log JSON lines instead of text")
	memLimit := f.Int64("memory-limit", defaultMemoryLimit(), "soft limit on the Go heap in bytes, past which garbage is collected harder (default: 1.5 GiB, or 3/4 of the memory the process may use when less; 0: none; GOMEMLIMIT, when set, wins)")
	cfg := server.DefaultConfig()
	f.IntVar(&cfg.MaxDepth, "max-depth", cfg.MaxDepth, "deepest field nesting a GraphQL operation may select (0: no limit)")
	f.IntVar(&cfg.MaxComplexity, "max-complexity", cfg.MaxComplexity, "highest cost a GraphQL operation may have (0: no limit)")
	f.IntVar(&cfg.MaxTokens, "max-tokens", cfg.MaxTokens, "most lexical tokens a GraphQL document may have (0: no limit)")
	f.Int64Var(&cfg.MaxBodyBytes, "max-body", cfg.MaxBodyBytes, "largest request body in bytes (0: no limit)")
	f.IntVar(&cfg.MaxExpensive, "max-expensive", cfg.MaxExpensive, "expensive GraphQL operations executed at once; more queue until their timeout, then get OVERLOADED (0: no admission control)")
	f.IntVar(&cfg.ExpensiveCost, "expensive-cost", cfg.ExpensiveCost, "cost from which an operation is expensive (0: a quarter of --max-complexity)")
	f.IntVar(&cfg.AnswerBytes, "answer-cache", cfg.AnswerBytes, "bytes of lean gap lists asked twice, kept to answer again until the graph changes (0: none)")
	f.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "time limit of each GraphQL request (0: none)")
	corsOrigins := f.String("cors-origins", "", "comma-separated web origins whose pages may call /graphql from a browser (default: none, CORS off)")
	frameAncestors := f.String("frame-ancestors", "", "comma-separated web origins whose pages may embed the dashboard in a frame (default: none)")
	f.Float64Var(&cfg.WriteRate, "write-rate", cfg.WriteRate, "write batches (mutations) a second each API key may send; over it RATE_LIMITED (0: no limit)")
	f.IntVar(&cfg.WriteBurst, "write-burst", cfg.WriteBurst, "write batches an API key may send at once before --write-rate applies")
	f.BoolVar(&cfg.PublicMetrics, "metrics-public", false, "serve /metrics to every client, not only loopback ones")
	f.IntVar(&cfg.WebhookAttempts, "webhook-attempts", cfg.WebhookAttempts, "times a webhook delivery is tried before it is given up")
	f.DurationVar(&cfg.WebhookRetryBase, "webhook-retry", cfg.WebhookRetryBase, "wait after a webhook delivery's first failure, doubled after each next one (at most 5m)")
	f.BoolVar(&cfg.WebhookAllowPrivate, "webhook-allow-private", false, "let webhooks deliver to loopback, private and link-local addresses (refused by default)")
	f.StringVar(&cfg.PublicURL, "public-url", "", "the address the server is reached at (https://pactwatch.example.org): the URL each export cites starts with it (default: the request's scheme and host)")
	f.DurationVar(&cfg.Cache.MaxAge, "max-age", cfg.Cache.MaxAge, "how long a browser may reuse an anonymous GET answer without asking again (Cache-Control max-age; cut at the next 00:00 UTC for an answer about today)")
	f.DurationVar(&cfg.Cache.SharedMaxAge, "s-maxage", cfg.Cache.SharedMaxAge, "how long a shared cache (nginx, a CDN) may reuse it (s-maxage; cut at midnight likewise)")
	f.DurationVar(&cfg.Cache.Lasting, "lasting-max-age", cfg.Cache.Lasting, "the life of an answer that cannot change: an explicit asOf and a knownAt before the newest change")
	history := f.String("history-visibility", string(graph.HistoryRoles), "what readers without an editor's key see of who wrote each change, on every surface (changes, its subscription, History, changelog.csv, corpus.json): roles (the author's role, never a key's name) or full")
	maxConns := f.Int("max-conns", guard.DefaultMaxConns(), "most connections open at once; at the cap the oldest idle one is closed for a new one (0: no cap)")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) > 0 {
		return usageErrorf("serve: unexpected argument %q (run 'pactwatch serve --help')", rest[0])
	}
	if u, err := url.Parse(cfg.PublicURL); cfg.PublicURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return usageErrorf("serve: --public-url %q: want an http or https address such as https://pactwatch.example.org", cfg.PublicURL)
	}
	if cfg.HistoryVisibility, err = graph.ParseEnum("history visibility", graph.HistoryVisibilities, *history); err != nil {
		return usageErrorf("serve: --history-visibility %q: want roles or full", *history)
	}
	if cfg.CORSOrigins, err = server.ParseOrigins(*corsOrigins); err != nil {
		return usageErrorf("serve: --cors-origins: %v", err)
	}
	if cfg.FrameAncestors, err = server.ParseOrigins(*frameAncestors); err != nil {
		return usageErrorf("serve: --frame-ancestors: %v", err)
	}
	log := newLogger(e.stderr, *logJSON)
	if *memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(*memLimit)
	}
	dir, err := resolveDB(e, *db)
	if err != nil {
		return err
	}
	removeRestoreLeftovers(dir) // a killed restore's, or a killed backup's spool

	s, err := openStoreForReading(ctx, dir)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := s.Close(); cerr != nil {
			log.Error("closing the store", "err", cerr)
			if err == nil {
				err = fmt.Errorf("closing the store: %v", cerr)
			}
			return
		}
		log.Info("store closed", "db", dir)
	}()
	if s.ReadOnlyMode() {
		log.Warn("store opened read-only: its directory is not writable, or another process holds it; serving reads only", "db", dir)
	} else {
		log.Info("store opened", "db", dir)
	}

	empty, err := isEmpty(ctx, s)
	if err != nil {
		return fmt.Errorf("reading the store: %v", err)
	}
	if empty {
		res, err := loadEmbedded(ctx, s, dir)
		if err != nil {
			return err
		}
		log.Info("the store was empty: loaded the embedded fixtures", "added", len(res.Added))
	} else if err := syncEmbedded(ctx, s, dir, log); err != nil {
		return err
	}

	ix, searchStale, stopSearch, err := startSearch(ctx, dir, s, log)
	if err != nil {
		return err
	}
	defer stopSearch()
	cfg.Search, cfg.SearchStale = ix, searchStale

	cfg.Logger = log
	if *maxConns > 0 {
		// WebSockets get a quarter of the connections the flag allows.
		cfg.Sockets = guard.DefaultSocketLimits(*maxConns)
	}
	handler := server.New(s, cfg)
	// Deliveries stop before the store closes; the store's queue keeps
	// what they had not done, for the next start.
	defer handler.Close()
	ix.SetPace(handler.Quiet) // the index builds between queries, never slowing them
	// The store is closed only once warming has stopped (the signal's
	// context stops it early): the deferred wait runs before the close.
	warmed := make(chan struct{})
	defer func() { <-warmed }()
	go func() {
		defer close(warmed)
		start := time.Now()
		if err := handler.Warm(ctx); err != nil {
			if ctx.Err() != nil {
				return // shutting down
			}
			log.Warn("warming the compliance engine failed; requests will compute on demand", "err", err)
			return
		}
		// Warming reads every state's facts once: what it decoded and
		// dropped is returned to the system now, not when the collector
		// next gets round to it (a third of the resident memory of a
		// world-scale server).
		debug.FreeOSMemory()
		log.Info("compliance engine warmed", "took", time.Since(start).Round(time.Millisecond))
	}()
	// The pages of the store's tables and of the search index's segments
	// that reads mapped in are let go every few seconds: they stay in the
	// system's page cache (mapped_linux.go).
	go func() {
		for t := time.NewTicker(releaseEvery); ; {
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
				releaseMapped(dir)
			}
		}
	}()

	hcfg := guard.DefaultHTTPConfig(cfg.Timeout)
	hcfg.MaxConns = *maxConns
	// Access lines are written in batches (logbatch.go), the rest at once.
	lines := newBatchedWriter(e.stderr)
	defer lines.Flush()
	srv, limiter := guard.NewHTTPServer(ctx, accessLog(newLogger(lines, *logJSON), handler), hcfg, log)
	ln, err := limiter.Listen(*addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v; pass another --addr", *addr, err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	url := "http://" + displayAddr(ln.Addr())
	log.Info("listening", "addr", ln.Addr().String(), "dashboard", url+"/", "graphiql", url+"/graphiql")
	if !s.ReadOnlyMode() {
		// The keys commands reach this serve over a socket beside the
		// store (keys_socket.go).
		socket, stopKeys, err := serveKeysSocket(ctx, dir, s, log)
		if err != nil {
			log.Warn("could not open the keys socket beside the store; 'pactwatch keys' will wait for serve to stop", "err", err)
		} else {
			defer stopKeys()
		}
		// The CLI's read commands find this serve beside the store and ask
		// its API (running.go) rather than open a second store.
		if remove, err := writeServeRecord(dir, url, socket); err != nil {
			log.Warn("could not record this serve beside the store; the CLI will not find it", "err", err)
		} else {
			defer remove()
		}
	}

	select {
	case err := <-served:
		return fmt.Errorf("server stopped: %v", err)
	case <-ctx.Done():
	}
	// A second signal now stops the process at once.
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	log.Info("shutting down: finishing in-flight requests (a second signal stops at once)")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err = srv.Shutdown(sctx)
	lines.Flush()
	if err != nil {
		return fmt.Errorf("shutting down: %v", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server stopped: %v", err)
	}
	return nil
}

// releaseEvery is how often serve lets go of the file pages it mapped.
const releaseEvery = 5 * time.Second

// displayAddr is addr with an unspecified host shown as localhost, so the
// logged URL can be opened as is.
func displayAddr(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func newLogger(w io.Writer, json bool) *slog.Logger {
	if json {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// accessLog logs one line per request: method, path, status, bytes and
// duration. Health checks are logged at debug level only.
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" {
			level = slog.LevelDebug
		}
		log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("took", time.Since(start)))
	})
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (for
// flushing streamed responses).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
