package resolvers

import (
	"context"
	"net/url"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// webhookStore returns the store of the webhook registrations, or EINVALID
// for a store that keeps none.
func (r *Resolver) webhookStore() (webhook.Store, error) {
	if r.hooks == nil {
		return nil, graph.Errorf(graph.EINVALID, "this store keeps no webhooks")
	}
	return r.hooks.Store(), nil
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// auditor is what the resolvers need of a store that keeps an audit log of
// acts (graph/store/audit.go).
type auditor interface {
	RecordAct(ctx context.Context, e *graph.AuditEntry) error
}

// recordAct appends an act by the request's key to the audit log, when the
// store keeps one. The act has happened: a failure to record it is logged,
// not returned.
func (r *Resolver) recordAct(ctx context.Context, actor string, act graph.Act, subject string, details map[string]string) {
	a, ok := r.store.(auditor)
	if !ok {
		return
	}
	e := &graph.AuditEntry{Actor: actor, Act: act, Subject: subject, Details: details}
	if err := a.RecordAct(context.WithoutCancel(ctx), e); err != nil && r.logger != nil {
		r.logger.ErrorContext(ctx, "record act", "act", act, "subject", subject, "err", err)
	}
}

// hookTarget is where a webhook delivers, as the audit log names it: the
// URL without its query, fragment or user information, which may carry a
// receiver's token.
func hookTarget(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
