package resolvers

import (
	"context"
	"log/slog"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/server/engine"
	"github.com/pactwatch/pactwatch/server/guard"
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
	// history is the setting of what readers see of the change history.
	history graph.HistoryVisibility
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
	// History is what readers without an editor's key see of the change
	// history (graph.HistoryVisibility; "" is graph.HistoryRoles).
	History graph.HistoryVisibility
}

// New returns the root resolver over store, whose root fields ask eng.
func New(store graph.Store, eng engine.Compliance, opts Options) *Resolver {
	return &Resolver{store: store, engine: eng, search: opts.Search, searchStale: opts.SearchStale, logger: opts.Logger,
		feed: webhook.NewFeed(), hooks: opts.Hooks, allowPrivateHooks: opts.AllowPrivateHooks, dataTime: opts.DataTime, history: opts.History}
}

// historyView is the view of the change history that ctx's request gets:
// the one setting, and the request's key (engine.HistoryView).
func (r *Resolver) historyView(ctx context.Context) graph.HistoryView {
	return engine.HistoryView(ctx, r.store, r.history, guard.AuthFrom(ctx).Key())
}

// viewChanges is the changes of in as view shows them, until in closes.
func viewChanges(ctx context.Context, view graph.HistoryView, in <-chan *graph.RecordChange) <-chan *graph.RecordChange {
	if view.Full() {
		return in
	}
	out := make(chan *graph.RecordChange)
	go func() {
		defer close(out)
		for c := range in {
			select {
			case out <- view.Change(c):
			case <-ctx.Done():
				for range in { // let the feed close it
				}
				return
			}
		}
	}()
	return out
}
