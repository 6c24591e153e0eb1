package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"

	"github.com/pactwatch/pactwatch/server/dashboard"
)

// persistedQueries is the cache of automatic persisted queries: the pages'
// queries, built into the binary (dashboard.PersistedQueries), then those
// other clients sent with their text, the last 100 of them.
type persistedQueries struct {
	pages  map[string]string
	others graphql.Cache[string]
}

func newPersistedQueries() persistedQueries {
	return persistedQueries{pages: dashboard.PersistedQueries(), others: lru.New[string](100)}
}

func (p persistedQueries) Get(ctx context.Context, hash string) (string, bool) {
	if doc, ok := p.pages[hash]; ok {
		return doc, true
	}
	return p.others.Get(ctx, hash)
}

func (p persistedQueries) Add(ctx context.Context, hash, doc string) {
	if _, ok := p.pages[hash]; !ok {
		p.others.Add(ctx, hash, doc)
	}
}
