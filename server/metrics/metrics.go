// Package metrics counts the GraphQL API's operations for Prometheus: requests and
// latency by operation name, refusals by code, the expensive operations that
// admission control runs and queues, and the answer cache's outcomes.
package metrics

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

// Metrics counts GraphQL requests and their latency by operation name, in a
// registry of the server's own (not the global one, so that several servers
// can live in one process, as in tests).
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	refusals *prometheus.CounterVec
	// answerHits and answersKept count the answer cache's outcomes.
	answerHits, answersKept prometheus.Counter

	// ExpensiveInFlight and ExpensiveQueued are admission control's gauges:
	// the expensive operations running and those waiting for a slot.
	ExpensiveInFlight prometheus.Gauge
	ExpensiveQueued   prometheus.Gauge

	mu    sync.Mutex
	names map[string]bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = (*Metrics)(nil)

// New returns the metrics in a registry of their own.
func New() *Metrics {
	m := &Metrics{
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
		ExpensiveInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pactwatch_graphql_expensive_in_flight",
			Help: "Expensive GraphQL operations executing now (admission control).",
		}),
		ExpensiveQueued: prometheus.NewGauge(prometheus.GaugeOpts{
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
	m.registry.MustRegister(m.requests, m.latency, m.refusals, answers, m.ExpensiveInFlight, m.ExpensiveQueued,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// ExtensionName implements graphql.HandlerExtension.
func (m *Metrics) ExtensionName() string { return "Metrics" }

// Validate implements graphql.HandlerExtension.
func (m *Metrics) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor.
func (m *Metrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
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

func (m *Metrics) label(name string) string {
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

// Refused counts a request refused before execution, by its code.
func (m *Metrics) Refused(code string) { m.refusals.WithLabelValues(code).Inc() }

// AnswerHit counts a request answered from the answer cache.
func (m *Metrics) AnswerHit() { m.answerHits.Inc() }

// AnswerKept counts an answer put in the answer cache.
func (m *Metrics) AnswerKept() { m.answersKept.Inc() }
