package resolvers

import (
	"context"
	"log/slog"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server/engine"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// Resolver is the root of the gqlgen resolvers. Root fields that ask the
// compliance engine one question use engine, which reads the store
// directly; field resolvers read through the request's loaders.
type Resolver struct {
	store  graph.Store
	engine engine.Compliance
	// search is the full-text index; nil when the server runs without one.
	// searchStale is told when a write could not be applied to it.
	search      *search.Index
	searchStale func()
	logger      *slog.Logger
	// feed streams the changes this server writes to subscriptions.
	feed *webhook.Feed
	// hooks delivers the same changes to the registered webhooks; nil when
	// the store keeps no registrations.
	hooks             *webhook.Dispatcher
	allowPrivateHooks bool
	// dataTime is the moment of the graph as the store holds it now.
	dataTime func(context.Context) (time.Time, error)
}

// Options are what the resolvers are given besides the store and engine.
type Options struct {
	// Search is the full-text index, nil for none; SearchStale is told when
	// a write could not be applied to it.
	Search      *search.Index
	SearchStale func()
	Logger      *slog.Logger
	// Hooks delivers the changes of writes to the registered webhooks; nil
	// when the store keeps no registrations. AllowPrivateHooks lets a
	// registration name a loopback or private address.
	Hooks             *webhook.Dispatcher
	AllowPrivateHooks bool
	// DataTime is the moment of the graph as the store holds it now (the
	// newest change's time); nil answers dataTime with null.
	DataTime func(context.Context) (time.Time, error)
}

// New returns the root resolver over store, whose root fields ask eng.
func New(store graph.Store, eng engine.Compliance, opts Options) *Resolver {
	return &Resolver{store: store, engine: eng, search: opts.Search, searchStale: opts.SearchStale, logger: opts.Logger,
		feed: webhook.NewFeed(), hooks: opts.Hooks, allowPrivateHooks: opts.AllowPrivateHooks, dataTime: opts.DataTime}
}
