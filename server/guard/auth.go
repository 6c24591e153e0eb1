package guard

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/time/rate"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/apierr"
)

// CurationStore is what the write API needs of the store besides
// graph.Store: API keys, drafts and the change log.
type CurationStore interface {
	graph.History
	Authenticate(ctx context.Context, secret string) (*graph.APIKey, error)
	CreateAPIKey(ctx context.Context, name string, role graph.Role) (string, *graph.APIKey, error)
	APIKeys(ctx context.Context) ([]*graph.APIKey, error)
	RevokeAPIKey(ctx context.Context, name string) (*graph.APIKey, error)
	PutDraft(ctx context.Context, d *graph.Draft) (string, error)
	Drafts(ctx context.Context) ([]*graph.Draft, error)
	Draft(ctx context.Context, id string) (*graph.Draft, error)
	DeleteDraft(ctx context.Context, id string) error
}

// AuthState is what a request's Authorization header said: no key, a
// valid key, or a key that failed (err).
type AuthState struct {
	key *graph.APIKey
	err error
}

type authKey struct{}

// WithAuth returns ctx carrying st, which RequireRole reads.
func WithAuth(ctx context.Context, st *AuthState) context.Context {
	return context.WithValue(ctx, authKey{}, st)
}

// AuthFrom returns the AuthState of ctx, nil for a context without one.
func AuthFrom(ctx context.Context) *AuthState {
	st, _ := ctx.Value(authKey{}).(*AuthState)
	return st
}

// Key returns the request's valid key, or nil.
func (st *AuthState) Key() *graph.APIKey {
	if st == nil {
		return nil
	}
	return st.key
}

// Err returns why the request's key failed, or nil.
func (st *AuthState) Err() error {
	if st == nil {
		return nil
	}
	return st.err
}

// Authenticate reads the request's bearer key. A request without one is
// anonymous; the error of a bad one is kept for when a key is needed, so
// that reads still answer.
func Authenticate(ctx context.Context, store graph.Store, logger *slog.Logger, r *http.Request) *AuthState {
	h := r.Header.Get("Authorization")
	if h == "" {
		return &AuthState{}
	}
	secret := BearerSecret(r)
	if secret == "" {
		return &AuthState{err: graph.Errorf(graph.EUNAUTHENTICATED, "the Authorization header must be \"Bearer KEY\"")}
	}
	return AuthenticateSecret(ctx, store, logger, secret)
}

// BearerSecret returns the key of r's "Authorization: Bearer KEY", or "".
func BearerSecret(r *http.Request) string {
	secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(secret)
}

// AuthenticateSecret checks the bearer secret of a request, or of a socket
// before each of its operations.
func AuthenticateSecret(ctx context.Context, store graph.Store, logger *slog.Logger, secret string) *AuthState {
	cs, ok := store.(CurationStore)
	if !ok {
		return &AuthState{err: graph.Errorf(graph.EUNAUTHENTICATED, "this store takes no API keys")}
	}
	k, err := cs.Authenticate(ctx, secret)
	if err != nil {
		if graph.ErrorCode(err) != graph.EUNAUTHENTICATED {
			logger.ErrorContext(ctx, "authenticate", "err", err)
			err = graph.Errorf(graph.EUNAUTHENTICATED, "the API key could not be checked")
		}
		return &AuthState{err: err}
	}
	return &AuthState{key: k}
}

// RequireRole returns the request's key when its role is at least min:
// EUNAUTHENTICATED without a valid key, EFORBIDDEN with one of a lesser role.
func RequireRole(ctx context.Context, min graph.Role) (*graph.APIKey, error) {
	st := AuthFrom(ctx)
	switch {
	case st == nil || (st.key == nil && st.err == nil):
		return nil, graph.Errorf(graph.EUNAUTHENTICATED, "this needs an API key: send Authorization: Bearer KEY")
	case st.err != nil:
		return nil, st.err
	case !st.key.Role.AtLeast(min):
		return nil, graph.Errorf(graph.EFORBIDDEN, "key %q has role %s; this needs %s or above", st.key.Name, st.key.Role, min)
	}
	return st.key, nil
}

// mutationRoles is the least role each mutation needs; the gate checks it
// before any argument is decoded. applyChanges with publish, and
// discardDraft of another's draft, need more, checked by the resolver before
// it decodes a record.
var mutationRoles = map[string]graph.Role{
	"applyChanges": graph.RoleCurator,
	"publishDraft": graph.RoleEditor,
	"discardDraft": graph.RoleCurator,
	// Suggestions: a curator accepts one as a draft, or rejects it.
	"acceptSuggestion": graph.RoleCurator,
	"rejectSuggestion": graph.RoleCurator,
	"createAPIKey":     graph.RoleAdmin,
	"revokeAPIKey":     graph.RoleAdmin,
	// Webhooks: editors and admins.
	"registerWebhook": graph.RoleEditor,
	"deleteWebhook":   graph.RoleEditor,
}

// WriteLimits bound each API key's writes. Every mutation counts, aliased
// ones too, and so does every record a mutation puts or retracts: a
// request of 400 aliased applyChanges is 400 writes, not one.
type WriteLimits struct {
	// MutationRate is how many mutations a second a key may send,
	// MutationBurst how many at once; a zero MutationRate is no limit.
	MutationRate  float64
	MutationBurst int
	// RecordRate is how many records a second a key may write,
	// RecordBurst how many at once (at least one batch of the most records
	// a batch may hold); a zero RecordRate is no limit.
	RecordRate  float64
	RecordBurst int
}

// WriteGate authenticates every mutation and checks its key's role and
// rates before the operation runs.
type WriteGate struct {
	lim     WriteLimits
	present graphql.ErrorPresenterFunc

	mu       sync.Mutex
	limiters map[string]*keyLimiters
}

type keyLimiters struct{ mutations, records *rate.Limiter }

// NewWriteGate returns the gate of mutations with the limits of lim; a
// refusal is presented by present.
func NewWriteGate(lim WriteLimits, present graphql.ErrorPresenterFunc) *WriteGate {
	return &WriteGate{lim: lim, present: present, limiters: map[string]*keyLimiters{}}
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = (*WriteGate)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (g *WriteGate) ExtensionName() string { return "WriteGate" }

// Validate implements graphql.HandlerExtension.
func (g *WriteGate) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor: it refuses a
// mutation whose key lacks the role, or is over its rates.
func (g *WriteGate) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return next(ctx)
	}
	var key *graph.APIKey
	mutations, records := 0, 0
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"}) {
		min, ok := mutationRoles[f.Name]
		if !ok {
			continue // __typename
		}
		k, err := RequireRole(ctx, min)
		if err != nil {
			return refuse(g.present(ctx, err))
		}
		key = k
		mutations++
		records += recordsWritten(f.Name, f.ArgumentMap(oc.Variables))
	}
	if key == nil {
		return next(ctx)
	}
	if e := g.take(key.Name, mutations, records); e != nil {
		return refuse(e)
	}
	return next(ctx)
}

// recordsWritten is how many records a mutation field puts or retracts, as
// its arguments say; 0 for one that writes no record of the graph.
func recordsWritten(field string, args map[string]any) int {
	if field == "acceptSuggestion" {
		return 1 // one record, as a draft
	}
	if field != "applyChanges" {
		return 0
	}
	in, _ := args["input"].(map[string]any)
	put, _ := in["put"].([]any)
	retract, _ := in["retract"].([]any)
	return len(put) + len(retract)
}

// take takes the request's mutations and records from the key's buckets,
// both or neither, or returns the refusal: RATE_LIMITED with the wait until
// they are free, or one that no wait helps, for more than a burst.
func (g *WriteGate) take(name string, mutations, records int) *gqlerror.Error {
	g.mu.Lock()
	l, ok := g.limiters[name]
	if !ok {
		l = &keyLimiters{}
		if g.lim.MutationRate > 0 {
			l.mutations = rate.NewLimiter(rate.Limit(g.lim.MutationRate), max(1, g.lim.MutationBurst))
		}
		if g.lim.RecordRate > 0 {
			l.records = rate.NewLimiter(rate.Limit(g.lim.RecordRate), max(1, g.lim.RecordBurst))
		}
		g.limiters[name] = l
	}
	g.mu.Unlock()
	type bucket struct {
		l     *rate.Limiter
		n     int
		what  string
		rate  float64
		burst int
	}
	buckets := []bucket{
		{l.mutations, mutations, "mutations", g.lim.MutationRate, g.lim.MutationBurst},
		{l.records, records, "records", g.lim.RecordRate, g.lim.RecordBurst},
	}
	now := time.Now()
	var taken []*rate.Reservation
	cancel := func() {
		for _, r := range taken {
			r.CancelAt(now)
		}
	}
	for _, b := range buckets {
		if b.l == nil || b.n == 0 {
			continue
		}
		if b.n > b.l.Burst() {
			cancel()
			return &gqlerror.Error{
				Message:    fmt.Sprintf("this request writes %d %s, more than key %q may write at once (%d); split it", b.n, b.what, name, b.l.Burst()),
				Extensions: map[string]any{"code": apierr.CodeRateLimited},
			}
		}
		r := b.l.ReserveN(now, b.n)
		taken = append(taken, r)
		if d := r.DelayFrom(now); d > 0 {
			cancel()
			return &gqlerror.Error{
				Message: fmt.Sprintf("key %q is over its rate of %g %s a second (burst %d); retry in %s", name, b.rate, b.what, b.burst, d.Round(time.Millisecond)),
				Extensions: map[string]any{
					"code":              apierr.CodeRateLimited,
					"retryAfterSeconds": math.Ceil(d.Seconds()*1000) / 1000,
				},
			}
		}
	}
	return nil
}

func refuse(e *gqlerror.Error) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{e}})
}
