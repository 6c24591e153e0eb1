package resolvers

import (
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
