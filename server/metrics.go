package server

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// maxOperationNames bounds the operation-name label: clients choose names,
// and each new one is a new time series. Past the bound, names are "other".
const maxOperationNames = 200

// metrics counts GraphQL requests and their latency by operation name, in a
// registry of the server's own (not the global one, so that several servers
// can live in one process, as in tests).
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	refusals *prometheus.CounterVec
	// answerHits and answerKept count the answer cache's outcomes.
	answerHits, answersKept prometheus.Counter

	expensiveInFlight prometheus.Gauge
	expensiveQueued   prometheus.Gauge

	mu    sync.Mutex
	names map[string]bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = (*metrics)(nil)

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pactwatch_graphql_requests_total",
			Help: "GraphQL operations served, by operation name and outcome (ok or error).",
		}, []string{"operation", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pactwatch_graphql_request_duration_seconds",
			Help:    "Time to execute a GraphQL operation, by operation name.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"operation"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pactwatch_graphql_refused_total",
			Help: "GraphQL requests refused before execution, by error code.",
		}, []string{"code"}),
		expensiveInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pactwatch_graphql_expensive_in_flight",
			Help: "Expensive GraphQL operations executing now (admission control).",
		}),
		expensiveQueued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pactwatch_graphql_expensive_queued",
			Help: "Expensive GraphQL operations waiting for a slot (admission control).",
		}),
		names: make(map[string]bool),
	}
	answers := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pactwatch_answer_cache_total",
		Help: "Lean gap lists answered from the answer cache (hit) and answers kept in it (kept).",
	}, []string{"outcome"})
	m.answerHits, m.answersKept = answers.WithLabelValues("hit"), answers.WithLabelValues("kept")
	m.registry.MustRegister(m.requests, m.latency, m.refusals, answers, m.expensiveInFlight, m.expensiveQueued,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// ExtensionName implements graphql.HandlerExtension.
func (m *metrics) ExtensionName() string { return "Metrics" }

// Validate implements graphql.HandlerExtension.
func (m *metrics) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor.
func (m *metrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	resp := next(ctx)
	name := "anonymous"
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx); op.OperationName != "" {
			name = m.label(op.OperationName)
		} else if op.Operation != nil && op.Operation.Name != "" {
			name = m.label(op.Operation.Name)
		}
	}
	outcome := "ok"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = "error"
	}
	m.requests.WithLabelValues(name, outcome).Inc()
	m.latency.WithLabelValues(name).Observe(time.Since(start).Seconds())
	return resp
}

func (m *metrics) label(name string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationNames || len(name) > 64 {
		return "other"
	}
	m.names[name] = true
	return name
}

func (m *metrics) refused(code string) { m.refusals.WithLabelValues(code).Inc() }

// answerHit counts a request answered from the answer cache.
func (m *metrics) answerHit() { m.answerHits.Inc() }

// answerKept counts an answer put in the answer cache.
func (m *metrics) answerKept() { m.answersKept.Inc() }
