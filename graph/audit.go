package graph

import (
	"context"
	"time"
)

// Act is a kind of act the audit log records besides the change log's
// record changes: what was done to keys, webhooks and, later, suggestions.
// Persisted by name; append new kinds at the end, never rename one.
type Act string

// The acts recorded.
const (
	ActKeyCreated         Act = "KEY_CREATED"
	ActKeyRoleChanged     Act = "KEY_ROLE_CHANGED"
	ActKeyRevoked         Act = "KEY_REVOKED"
	ActWebhookRegistered  Act = "WEBHOOK_REGISTERED"
	ActWebhookDeleted     Act = "WEBHOOK_DELETED"
	ActSuggestionAccepted Act = "SUGGESTION_ACCEPTED"
	ActSuggestionRejected Act = "SUGGESTION_REJECTED"
)

// AuditEntry is one act of the audit log: who did what to which subject,
// and when. It never holds a secret (an API key, a webhook's signing
// secret): Details name the parts of the act a reader needs, such as the
// role a key was given or the host a webhook delivers to.
type AuditEntry struct {
	// Seq orders the entries; the store sets it.
	Seq uint64
	At  time.Time
	// Actor is the name of the key that acted ("" for the CLI, which acts
	// as the operator).
	Actor string
	Act   Act
	// Subject is what the act was done to: a key's name, a webhook's id, a
	// suggestion's id.
	Subject string
	Details map[string]string `json:",omitempty"`
}

type actorKey struct{}

// WithActor returns ctx naming the key on whose behalf a store method
// acts, for the audit entries it writes.
func WithActor(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, actorKey{}, name)
}

// ActorOf returns the actor ctx names, "" for none (the CLI, acting as the
// operator).
func ActorOf(ctx context.Context) string {
	name, _ := ctx.Value(actorKey{}).(string)
	return name
}
