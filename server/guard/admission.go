package guard

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/metrics"
)

// Admission bounds how many expensive operations (those whose cost, computed
// by OperationLimits, is at least threshold) execute at once. An expensive
// operation waits for a slot until its request's deadline, then is refused
// with OVERLOADED (HTTP 503 and Retry-After). Cheap operations never wait,
// so that they stay fast however many expensive ones are queued.
type Admission struct {
	threshold int
	slots     chan struct{}
	metrics   *metrics.Metrics
}

// retryAfter is what a refused client is told to wait before it retries.
const retryAfter = time.Second

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = (*Admission)(nil)

// NewAdmission returns admission control that runs at most slots operations
// of a cost of threshold or more at once.
func NewAdmission(threshold, slots int, m *metrics.Metrics) *Admission {
	return &Admission{threshold: threshold, slots: make(chan struct{}, slots), metrics: m}
}

// ExtensionName implements graphql.HandlerExtension.
func (a *Admission) ExtensionName() string { return "Admission" }

// Validate implements graphql.HandlerExtension.
func (a *Admission) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor: it runs around
// the execution of the operation.
func (a *Admission) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	cost, ok := OperationCost(ctx)
	if !ok || cost < a.threshold {
		return next(ctx)
	}
	a.metrics.ExpensiveQueued.Inc()
	select {
	case a.slots <- struct{}{}:
		a.metrics.ExpensiveQueued.Dec()
	case <-ctx.Done():
		a.metrics.ExpensiveQueued.Dec()
		a.metrics.Refused(apierr.CodeOverloaded)
		if st, ok := ctx.Value(admissionKey{}).(*AdmissionState); ok {
			st.refused.Store(true)
		}
		err := gqlerror.Errorf("the server is busy with other expensive operations (this one costs %d); retry later", cost)
		err.Extensions = map[string]any{"code": apierr.CodeOverloaded}
		return &graphql.Response{Errors: gqlerror.List{err}}
	}
	a.metrics.ExpensiveInFlight.Inc()
	defer func() {
		a.metrics.ExpensiveInFlight.Dec()
		<-a.slots
	}()
	return next(ctx)
}

// admissionKey keys the admissionState of a request in its context.
type admissionKey struct{}

// AdmissionState says whether admission refused the request's operation, so
// that the HTTP layer answers 503 with Retry-After.
type AdmissionState struct{ refused atomic.Bool }

// WithAdmission returns ctx carrying st, which Admission sets when it
// refuses the request's operation.
func WithAdmission(ctx context.Context, st *AdmissionState) context.Context {
	return context.WithValue(ctx, admissionKey{}, st)
}

// OverloadStatus turns the response of a request that admission refused into
// a 503 with Retry-After.
type OverloadStatus struct {
	http.ResponseWriter
	state *AdmissionState
	wrote bool
}

// NewOverloadStatus wraps w for the request whose admission st tells.
func NewOverloadStatus(w http.ResponseWriter, st *AdmissionState) *OverloadStatus {
	return &OverloadStatus{ResponseWriter: w, state: st}
}

// WriteHeader writes status, or 503 with Retry-After for a refused operation.
func (w *OverloadStatus) WriteHeader(status int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if w.state.refused.Load() {
		secs := max(1, int(retryAfter/time.Second))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		status = http.StatusServiceUnavailable
	}
	w.ResponseWriter.WriteHeader(status)
}

// Write writes p, after the status when none was written.
func (w *OverloadStatus) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *OverloadStatus) Unwrap() http.ResponseWriter { return w.ResponseWriter }
